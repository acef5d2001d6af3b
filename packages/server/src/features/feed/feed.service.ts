import type { AppContext } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import * as repo from './feed.repository.js';

/**
 * How far back the fanned-out feed reaches: feed_items hold posts of the
 * last 3 days (the trim job deletes older rows), which is the first pages of
 * nearly every member's feed; the feed past that is pulled from the member's
 * groups, as it always was. Rows per member are their groups' posts of 3
 * days: at the reference data's pace, a few hundred (docs/scaling.md).
 * following_items keep the same horizon, past which followees are pulled.
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
 * Decides, as a post is written (in its transaction), how it reaches the
 * feeds: its group's members' home feeds and its author's followers'
 * Following feeds, each alike. A group (author) already pulled needs
 * nothing; one above `max` members (followers), or any with fan-out off,
 * becomes pulled from now on; otherwise the post is marked pending (the feeds
 * read it from posts meanwhile) and a job fans it out.
 */
export async function planFanOut(tx: Tx, max: number, postId: number, groupId: number, authorId: number) {
  const group = await repo.groupFanOutState(tx, groupId);
  const author = await repo.authorFanOutState(tx, authorId);
  const members = !group.feed_pulled && max > 0 && group.member_count <= max;
  const authorFanned = !author.followers_pulled && max > 0 && author.follower_count <= max;
  if (!group.feed_pulled && !members) await repo.markGroupPulled(tx, groupId);
  if (!author.followers_pulled && !authorFanned) await repo.markAuthorPulled(tx, authorId);
  // An author no one follows has no feed to write to (a first follower copies their recent posts).
  const followers = authorFanned && author.follower_count > 0;
  if (!members && !followers) return;
  await repo.markFanOutPending(tx, groupId, postId, true);
  await scheduleJob(tx, 'feed.fanout', String(postId), new Date(), { postId, groupId, members, followers });
}

/** Runs a fan-out step over members, `FANOUT_BATCH` at a time, until a batch comes back short. */
async function inBatches(step: (after: number) => Promise<{ members: number; last_user_id: number | null }>) {
  let after = 0;
  for (;;) {
    const { members, last_user_id } = await step(after);
    if (members < FANOUT_BATCH || last_user_id === null) return;
    after = last_user_id;
  }
}

/**
 * Job: puts a post into the feeds planFanOut chose (its group's members',
 * its author's followers'), FANOUT_BATCH members per statement, then clears
 * its pending mark. The post is named by its group and id (null: by its id alone).
 */
export async function fanOutPost(ctx: AppContext, groupId: number | null, postId: number, to: { members: boolean; followers: boolean }) {
  if (to.members) await inBatches((after) => repo.fanOutBatch(ctx.db, groupId, postId, after, FANOUT_BATCH));
  if (to.followers) await inBatches((after) => repo.fanOutToFollowersBatch(ctx.db, groupId, postId, after, FANOUT_BATCH));
  await repo.markFanOutPending(ctx.db, groupId, postId, false);
}

/** A member joined a group: its posts within the horizon join their feed, as the pulled feed shows a new member's group at once. */
export async function addGroupToFeed(tx: Tx, groupId: number, userId: number) {
  await repo.addGroupPostsToFeed(tx, groupId, userId, feedHorizon());
}

/** Members who started following an author (at once, or by approval): the author's posts within the horizon join their Following feed. */
export async function addAuthorToFollowing(tx: Tx, followerIds: number[], authorId: number) {
  await repo.addAuthorPostsToFollowing(tx, followerIds, authorId, feedHorizon());
}

/** Job: deletes both feeds' rows past the horizon (the feeds pull that part), then comes back a day later. */
export async function trimFeeds(ctx: AppContext) {
  const before = feedHorizon();
  for (const table of ['feed_items', 'following_items'] as const) while ((await repo.trimFeedItems(ctx.db, table, before, TRIM_BATCH)) === TRIM_BATCH);
  await scheduleJob(ctx.db, 'feed.trim', 'all', new Date(Date.now() + TRIM_EVERY_MS));
}

/**
 * Bulk fan-out for generated data and for turning fan-out on over existing
 * posts (feed.repository's fillFeeds); over every group, followers' feeds
 * are filled too. Returns the rows written.
 */
export async function fillFeeds(db: Db, max: number, since: Date, groupIds: number[] | null = null) {
  const rows = await repo.fillFeeds(db, max, since, groupIds);
  return groupIds ? rows : rows + (await repo.fillFollowing(db, max, since));
}
