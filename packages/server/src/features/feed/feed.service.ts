import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import * as repo from './feed.repository.js';

/**
 * How far back the fanned-out feed reaches: feed_items hold posts of the
 * last 3 days (the trim job deletes older rows), which is the first pages of
 * nearly every member's feed; the feed past that is pulled from the member's
 * groups, as it always was. Rows per member are their groups' posts of 3
 * days: at the reference data's pace, a few hundred (docs/scaling.md).
 */
export const FEED_HORIZON_DAYS = 3;
/** Members whose feed rows one statement of the fan-out job writes. */
export const FANOUT_BATCH = 1000;
const DAY = 24 * 60 * 60 * 1000;
const TRIM_EVERY_MS = DAY;
const TRIM_BATCH = 10_000;

/** The oldest instant the fanned-out feed holds. */
export function feedHorizon(now = Date.now()) {
  return new Date(now - FEED_HORIZON_DAYS * DAY);
}

/**
 * Decides, as a post is written (in its transaction), how it reaches its
 * group's feeds: a group already pulled needs nothing; a group above
 * `maxMembers` members (or any group, with fan-out off) becomes pulled from
 * now on; otherwise the post is marked pending (the feed reads it from posts
 * meanwhile) and a job fans it out.
 */
export async function planFanOut(tx: Tx, maxMembers: number, postId: number, groupId: number) {
  const group = await repo.groupFanOutState(tx, groupId);
  if (group.feed_pulled) return;
  if (maxMembers === 0 || group.member_count > maxMembers) {
    await repo.markGroupPulled(tx, groupId);
    return;
  }
  await repo.markFanOutPending(tx, groupId, postId, true);
  await scheduleJob(tx, 'feed.fanout', String(postId), new Date(), { postId, groupId });
}

/**
 * Job: puts a post into the feed of every member of its group, FANOUT_BATCH
 * members per statement, then clears its pending mark. The post is named by
 * its group and id (null: by its id alone).
 */
export async function fanOutPost(ctx: AppContext, groupId: number | null, postId: number) {
  let after = 0;
  for (;;) {
    const { members, last_user_id } = await repo.fanOutBatch(ctx.db, groupId, postId, after, FANOUT_BATCH);
    if (members < FANOUT_BATCH || last_user_id === null) break;
    after = last_user_id;
  }
  await repo.markFanOutPending(ctx.db, groupId, postId, false);
}

/** A member joined a group: its posts within the horizon join their feed, as the pulled feed shows a new member's group at once. */
export async function addGroupToFeed(tx: Tx, groupId: number, userId: number) {
  await repo.addGroupPostsToFeed(tx, groupId, userId, feedHorizon());
}

/** Job: deletes feed rows past the horizon (the feed pulls that part), then comes back a day later. */
export async function trimFeeds(ctx: AppContext) {
  const before = feedHorizon();
  while ((await repo.trimFeedItems(ctx.db, before, TRIM_BATCH)) === TRIM_BATCH);
  await scheduleJob(ctx.db, 'feed.trim', 'all', new Date(Date.now() + TRIM_EVERY_MS));
}

export { fillFeeds } from './feed.repository.js';
