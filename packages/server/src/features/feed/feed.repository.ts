import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';

/** A group's size and whether its posts are already pulled at read time. */
export function groupFanOutState(tx: Tx, groupId: number) {
  return tx.selectFrom('groups').select(['member_count', 'feed_pulled']).where('id', '=', groupId).executeTakeFirstOrThrow();
}

/** From now on the group's posts are pulled when a feed is read (a post of it was not fanned out). */
export async function markGroupPulled(tx: Tx, groupId: number) {
  await tx.updateTable('groups').set({ feed_pulled: true }).where('id', '=', groupId).where('feed_pulled', '=', false).execute();
}

/** An author's follower count and whether their posts are already pulled at read time. */
export function authorFanOutState(tx: Tx, authorId: number) {
  return tx.selectFrom('users').select(['follower_count', 'followers_pulled']).where('id', '=', authorId).executeTakeFirstOrThrow();
}

/** From now on the author's posts are pulled when a Following feed is read. */
export async function markAuthorPulled(tx: Tx, authorId: number) {
  await tx.updateTable('users').set({ followers_pulled: true }).where('id', '=', authorId).where('followers_pulled', '=', false).execute();
}

/** A post by its id, and by its group when known (then on one shard). */
function postKey(groupId: number | null, postId: number) {
  return groupId === null ? sql<boolean>`id = ${postId}` : sql<boolean>`group_id = ${groupId} and id = ${postId}`;
}

/** Marks a post as being fanned out (the feed reads it from posts meanwhile), or done. */
export async function markFanOutPending(db: Db, groupId: number | null, postId: number, pending: boolean) {
  await db.updateTable('posts').set({ fanout_pending: pending }).where(postKey(groupId, postId)).execute();
}

/**
 * Puts a post into the feeds of the next `batch` members of its group after
 * member id `afterUserId`, in one statement. Returns how many members the
 * batch held and the last one's id (to go on from); a retried batch skips
 * rows already there.
 */
export async function fanOutBatch(db: Db, groupId: number | null, postId: number, afterUserId: number, batch: number) {
  const { rows } = await sql<{ members: number; last_user_id: number | null }>`
    with post as (select id, group_id, created_at from posts where ${postKey(groupId, postId)}),
    batch as (
      select m.user_id from group_members m, post
      where m.group_id = post.group_id and m.user_id > ${afterUserId}
      order by m.user_id
      limit ${batch}
    ),
    inserted as (
      insert into feed_items (user_id, created_at, post_id, group_id)
      select batch.user_id, post.created_at, post.id, post.group_id from batch, post
      on conflict do nothing
    )
    select count(*)::int as members, max(user_id)::int as last_user_id from batch`.execute(db);
  return rows[0]!;
}

/**
 * Puts a post into the Following feeds of the next `batch` active followers
 * of its author after member id `afterUserId`, in one statement; as
 * fanOutBatch.
 */
export async function fanOutToFollowersBatch(db: Db, groupId: number | null, postId: number, afterUserId: number, batch: number) {
  const { rows } = await sql<{ members: number; last_user_id: number | null }>`
    with post as (select id, group_id, author_id, created_at from posts where ${postKey(groupId, postId)}),
    batch as (
      select f.follower_id as user_id from follows f, post
      where f.followee_id = post.author_id and f.status = 'active' and f.follower_id > ${afterUserId}
      order by f.follower_id
      limit ${batch}
    ),
    inserted as (
      insert into following_items (user_id, created_at, post_id, group_id, author_id)
      select batch.user_id, post.created_at, post.id, post.group_id, post.author_id from batch, post
      on conflict do nothing
    )
    select count(*)::int as members, max(user_id)::int as last_user_id from batch`.execute(db);
  return rows[0]!;
}

/**
 * Members who start following a fanned-out author get the author's posts
 * from `since` on in their Following feed, as the pulled feed would show
 * them at once. A pulled author needs none.
 */
export async function addAuthorPostsToFollowing(tx: Tx, followerIds: number[], authorId: number, since: Date) {
  if (followerIds.length === 0) return;
  await sql`
    insert into following_items (user_id, created_at, post_id, group_id, author_id)
    select f.id, p.created_at, p.id, p.group_id, p.author_id
    from unnest(${followerIds}::bigint[]) as f(id)
    cross join posts p join users u on u.id = p.author_id
    where p.author_id = ${authorId} and not u.followers_pulled and p.created_at >= ${since}
      and (p.deleted_at is null or p.held_at is not null)
    on conflict do nothing`.execute(tx);
}

/**
 * A member who joins a fanned-out group gets its posts from `since` on in
 * their feed (held ones too: the feed filters them until they are let
 * through), as the pulled feed would show them. A pulled group needs none.
 */
export async function addGroupPostsToFeed(tx: Tx, groupId: number, userId: number, since: Date) {
  await sql`
    insert into feed_items (user_id, created_at, post_id, group_id)
    select ${userId}, p.created_at, p.id, p.group_id
    from posts p join groups g on g.id = p.group_id
    where p.group_id = ${groupId} and not g.feed_pulled and p.created_at >= ${since}
      and (p.deleted_at is null or p.held_at is not null)
    on conflict do nothing`.execute(tx);
}

/** Deletes up to `limit` rows of a fanned-out feed older than `before`; returns how many. */
export async function trimFeedItems(db: Db, table: 'feed_items' | 'following_items', before: Date, limit: number) {
  const result = await sql`
    delete from ${sql.table(table)} where (user_id, created_at, post_id) in (
      select user_id, created_at, post_id from ${sql.table(table)} where created_at < ${before} limit ${limit}
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Bulk form of fan-out, for generated data and for turning fan-out on over
 * existing posts: groups of up to `maxMembers` members (0: none) get every
 * post from `since` on in their members' feeds and become fanned out; the
 * others become pulled. One statement per step, not one job per post.
 * `groupIds` narrows it to those groups. Followers are filled alike (fillFollowing).
 */
export async function fillFeeds(db: Db, maxMembers: number, since: Date, groupIds: number[] | null = null) {
  const only = groupIds ? sql`and g.id = any(${groupIds}::bigint[])` : sql``;
  await sql`update groups g set feed_pulled = (${maxMembers} = 0 or g.member_count > ${maxMembers}) where true ${only}`.execute(db);
  const result = await sql`
    insert into feed_items (user_id, created_at, post_id, group_id)
    select m.user_id, p.created_at, p.id, p.group_id
    from groups g
    join posts p on p.group_id = g.id
    join group_members m on m.group_id = g.id
    where not g.feed_pulled ${only} and p.created_at >= ${since}
      and (p.deleted_at is null or p.held_at is not null)
    on conflict do nothing`.execute(db);
  await sql`update posts p set fanout_pending = false from groups g where g.id = p.group_id and p.fanout_pending ${only}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * The Following feeds' bulk form of fan-out: authors with up to `maxFollowers`
 * active followers (0: none) get every post from `since` on in their
 * followers' following_items and become fanned out; the others become pulled.
 * Returns the rows written.
 */
export async function fillFollowing(db: Db, maxFollowers: number, since: Date) {
  await sql`update users set followers_pulled = (${maxFollowers} = 0 or follower_count > ${maxFollowers})
    where followers_pulled <> (${maxFollowers} = 0 or follower_count > ${maxFollowers})`.execute(db);
  const result = await sql`
    insert into following_items (user_id, created_at, post_id, group_id, author_id)
    select f.follower_id, p.created_at, p.id, p.group_id, p.author_id
    from posts p
    join users u on u.id = p.author_id and not u.followers_pulled
    join follows f on f.followee_id = p.author_id and f.status = 'active'
    where p.created_at >= ${since} and (p.deleted_at is null or p.held_at is not null)
    on conflict do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
