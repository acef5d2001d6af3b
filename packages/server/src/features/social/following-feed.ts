import type { FollowingFeedItem } from '@kindred/contract';
import { sql } from 'kysely';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, encodeCursor, type CursorValue } from '../../db/pagination.js';
import { onGenericPlan } from '../../db/statement-cache.js';
import { presentUserSummary } from '../accounts/accounts.views.js';
import { activitiesForViewer } from '../activities/activities.repository.js';
import { presentActivitySummaries } from '../activities/activities.views.js';
import { feedHorizon } from '../feed/feed.service.js';
import { followedPosts, followedPostsFannedOut } from '../posts/posts.repository.js';
import { presentPostSummaries } from '../posts/posts.views.js';
import { friendsOf } from './follows.repository.js';

const DEFAULT_LIMIT = 20;
// At one instant, posts come before registrations: the cursor's middle value.
const POST_RANK = 1;
const GOING_RANK = 0;

/**
 * Friends' confirmed seats at activities still to end, newest first, from
 * friends who show their activities (to friends or everyone); keyset on
 * (created_at, 0, registration id). One probe of the registrations index per friend.
 */
async function friendsRegistrations(db: Db, viewerId: number, after: CursorValue[] | null, limit: number) {
  const { rows } = await onGenericPlan(sql<{ id: number; activity_id: number; created_at: Date; created_cursor: string; user_id: number; username: string; display_name: string; avatar_media_id: number | null }>`
    select r.id, r.activity_id, r.created_at, r.created_at::text as created_cursor, u.id as user_id, u.username, u.display_name, u.avatar_media_id
    from (${friendsOf(viewerId, 'show_activities')}) fr
    join users u on u.id = fr.id
    cross join lateral (
      select r.id, r.activity_id, r.created_at from registrations r
      join activities a on a.id = r.activity_id and a.status = 'published' and a.ends_at > now()
      where r.user_id = fr.id and r.status = 'confirmed'
        ${after ? sql`and (r.created_at, ${GOING_RANK}, r.id) < (${after[0]}::timestamptz, ${after[1]}, ${after[2]})` : sql``}
      order by r.created_at desc, r.id desc
      limit ${limit}
    ) r
    order by r.created_at desc, r.id desc
    limit ${limit}`).execute(db);
  return rows;
}

async function followingCount(db: Db, userId: number) {
  const row = await db.selectFrom('users').select('following_count').where('id', '=', userId).executeTakeFirst();
  return row?.following_count ?? 0;
}

/**
 * `take` newest posts by the members the viewer follows. With fan-out on and
 * more than `followingPullMax` followees, the part from the feed's horizon on
 * is read from following_items merged with pulled authors
 * (followedPostsFannedOut); past it, or otherwise, every author is pulled.
 * Both order, page and filter alike.
 */
async function newestFollowedPosts(ctx: AppContext, viewerId: number, after: CursorValue[] | null, take: number) {
  if (ctx.config.fanoutMaxMembers === 0 || (await followingCount(ctx.db, viewerId)) <= ctx.config.followingPullMax) return followedPosts(ctx.db, viewerId, after, take);
  const horizon = feedHorizon().toISOString();
  const rows = await followedPostsFannedOut(ctx.db, viewerId, after, take, horizon);
  return rows.length < take ? rows.concat(await followedPosts(ctx.db, viewerId, after, take - rows.length, horizon)) : rows;
}

/**
 * The Following tab of the home feed: public posts (and posts in my groups) by
 * members I follow, and the activities my friends registered for, newest
 * first, merged from both sources page by page.
 */
export async function followingFeed(ctx: AppContext, viewer: SignedInViewer, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = decodeCursor(query.cursor, 'tnn');
  const [posts, going] = await Promise.all([newestFollowedPosts(ctx, viewer.id, after, limit + 1), friendsRegistrations(ctx.db, viewer.id, after, limit + 1)]);
  type Entry = { at: Date; key: CursorValue[]; post?: (typeof posts)[number]; going?: (typeof going)[number] };
  const merged: Entry[] = [
    ...posts.map((row) => ({ at: row.created_at, key: [row.created_cursor, POST_RANK, row.id], post: row })),
    ...going.map((row) => ({ at: row.created_at, key: [row.created_cursor, GOING_RANK, row.id], going: row })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime() || Number(b.key[1]) - Number(a.key[1]) || Number(b.key[2]) - Number(a.key[2]));
  const page = merged.slice(0, limit);
  const nextCursor = merged.length > limit ? encodeCursor(page[page.length - 1]!.key) : null;

  const postItems = new Map(presentPostSummaries(viewer, page.flatMap((i) => (i.post ? [i.post] : []))).map((p) => [p.id, p]));
  const activityRows = await activitiesForViewer(ctx.db, viewer.id, [...new Set(page.flatMap((i) => (i.going ? [i.going.activity_id] : [])))]);
  const activities = new Map(presentActivitySummaries(viewer, activityRows).map((a) => [a.id, a]));
  const items: FollowingFeedItem[] = page.flatMap((i): FollowingFeedItem[] => {
    if (i.post) {
      const post = postItems.get(i.post.id);
      return post ? [{ kind: 'post', at: i.at.toISOString(), post }] : [];
    }
    const g = i.going!;
    const activity = activities.get(g.activity_id);
    return activity ? [{ kind: 'going', at: i.at.toISOString(), user: presentUserSummary({ id: g.user_id, username: g.username, display_name: g.display_name, avatar_media_id: g.avatar_media_id }), activity }] : [];
  });
  return { items, nextCursor };
}
