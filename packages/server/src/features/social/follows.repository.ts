import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';

type FollowStatus = 'active' | 'pending';

export function findFollow(db: Db, followerId: number, followeeId: number) {
  return db.selectFrom('follows').select(['status', 'created_at']).where('follower_id', '=', followerId).where('followee_id', '=', followeeId).executeTakeFirst();
}

/** Moves both members' counters for a follow that became (+1) or stopped being (-1) active. */
async function countFollow(tx: Tx, followerId: number, followeeId: number, by: 1 | -1) {
  const op = by > 0 ? '+' : '-';
  await tx.updateTable('users').set((eb) => ({ following_count: eb('following_count', op, 1) })).where('id', '=', followerId).execute();
  await tx.updateTable('users').set((eb) => ({ follower_count: eb('follower_count', op, 1) })).where('id', '=', followeeId).execute();
}

/** Adds a follow (active, or pending approval); false when there already was one. */
export async function insertFollow(tx: Tx, followerId: number, followeeId: number, status: FollowStatus): Promise<boolean> {
  const row = await tx
    .insertInto('follows')
    .values({ follower_id: followerId, followee_id: followeeId, status })
    .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
    .returning('status')
    .executeTakeFirst();
  if (row && status === 'active') await countFollow(tx, followerId, followeeId, 1);
  return row !== undefined;
}

/** Removes a follow or a request; resolves with what it was, or undefined when there was none. */
export async function deleteFollow(tx: Tx, followerId: number, followeeId: number): Promise<FollowStatus | undefined> {
  const row = await tx.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).returning('status').executeTakeFirst();
  if (row?.status === 'active') await countFollow(tx, followerId, followeeId, -1);
  return row?.status;
}

/** Accepts a pending request; false when there was none. */
export async function acceptRequest(tx: Tx, followerId: number, followeeId: number): Promise<boolean> {
  const row = await tx
    .updateTable('follows')
    .set({ status: 'active', created_at: new Date() })
    .where('follower_id', '=', followerId)
    .where('followee_id', '=', followeeId)
    .where('status', '=', 'pending')
    .returning('follower_id')
    .executeTakeFirst();
  if (row) await countFollow(tx, followerId, followeeId, 1);
  return row !== undefined;
}

/** Accepts every pending request to a member at once (they stopped asking for approval); returns who asked. */
export async function acceptAllRequests(tx: Tx, followeeId: number): Promise<number[]> {
  const rows = await tx
    .updateTable('follows')
    .set({ status: 'active', created_at: new Date() })
    .where('followee_id', '=', followeeId)
    .where('status', '=', 'pending')
    .returning('follower_id')
    .execute();
  if (rows.length === 0) return [];
  await tx.updateTable('users').set((eb) => ({ follower_count: eb('follower_count', '+', rows.length) })).where('id', '=', followeeId).execute();
  await tx
    .updateTable('users')
    .set((eb) => ({ following_count: eb('following_count', '+', 1) }))
    .where('id', 'in', rows.map((r) => r.follower_id))
    .execute();
  return rows.map((r) => r.follower_id);
}

/**
 * Removes every follow and request between a member and others (both ways;
 * with `otherId`, only between the two), keeping everyone's counters true.
 */
export async function deleteFollowsOf(tx: Tx, userId: number, otherId?: number) {
  const between = otherId === undefined ? sql`true` : sql`(f.follower_id = ${otherId} or f.followee_id = ${otherId})`;
  await sql`
    with gone as (
      delete from follows f where (f.follower_id = ${userId} or f.followee_id = ${userId}) and ${between} returning f.follower_id, f.followee_id, f.status
    ),
    active as (select * from gone where status = 'active'),
    changes as (
      select follower_id as id, -count(*)::int as following, 0 as followers from active group by follower_id
      union all
      select followee_id as id, 0 as following, -count(*)::int as followers from active group by followee_id
    ),
    summed as (select id, sum(following)::int as following, sum(followers)::int as followers from changes group by id)
    update users u set following_count = u.following_count + s.following, follower_count = u.follower_count + s.followers
    from summed s where u.id = s.id`.execute(tx);
}

const summaryColumns = ['u.id', 'u.username', 'u.display_name', 'u.avatar_media_id'] as const;

/** A member's followers (or, with `pending`, those asking to follow), newest first. */
export function followers(db: Db, userId: number, status: FollowStatus, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.follower_id')
    .select([...summaryColumns, 'f.created_at as since', timestampCursor('f.created_at').as('since_cursor')])
    .where('f.followee_id', '=', userId)
    .where('f.status', '=', status)
    .orderBy('f.created_at', 'desc')
    .orderBy('f.follower_id', 'desc')
    .limit(limit + 1);
  if (after) query = query.where(keysetAfter(['f.created_at', 'f.follower_id'], '<', after, 'timestamp'));
  return query.execute();
}

/** Whom a member follows (or, with `friendsOnly`, those of them who follow back), newest first. */
export function following(db: Db, userId: number, friendsOnly: boolean, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.followee_id')
    .select([...summaryColumns, 'f.created_at as since', timestampCursor('f.created_at').as('since_cursor')])
    .where('f.follower_id', '=', userId)
    .where('f.status', '=', 'active')
    .orderBy('f.created_at', 'desc')
    .orderBy('f.followee_id', 'desc')
    .limit(limit + 1);
  if (friendsOnly) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('follows as b').select('b.follower_id').whereRef('b.follower_id', '=', 'f.followee_id').where('b.followee_id', '=', userId).where('b.status', '=', 'active')),
    );
  }
  if (after) query = query.where(keysetAfter(['f.created_at', 'f.followee_id'], '<', after, 'timestamp'));
  return query.execute();
}

/**
 * A member's friends (each follows the other), as a subquery of `id`; with a
 * section, leaving out friends who show it to themselves alone. Every "friends
 * going / are members / joined" reads its friends through this.
 */
export function friendsOf(memberId: number | RawBuilder<unknown>, section?: 'show_groups' | 'show_activities') {
  return sql<{ id: number }>`select f.followee_id as id from follows f
    join follows b on b.follower_id = f.followee_id and b.followee_id = f.follower_id and b.status = 'active'
    ${section ? sql`join users fu on fu.id = f.followee_id and ${sql.ref(`fu.${section}`)} <> 'me'` : sql``}
    where f.follower_id = ${memberId} and f.status = 'active'`;
}

/**
 * What a profile counts, as SQL columns of a query reading the member as `u`:
 * their groups, posts and friends, and, for another signed-in viewer, where
 * the two stand (each's follow of the other) and what they share (groups,
 * ended activities both held a confirmed seat at, friends in common).
 */
export function profileFactsColumns(viewerId: number) {
  const member = sql.ref('u.id');
  return [
    sql<number>`(select count(*) from group_members where user_id = ${member})::int`.as('groups'),
    sql<number>`(select count(*) from posts where author_id = ${member} and deleted_at is null)::int`.as('posts'),
    sql<number>`(select count(*) from (${friendsOf(member)}) fr)::int`.as('friends'),
    sql<FollowStatus | null>`(select status from follows where follower_id = ${viewerId} and followee_id = ${member})`.as('mine'),
    sql<FollowStatus | null>`(select status from follows where follower_id = ${member} and followee_id = ${viewerId})`.as('theirs'),
    sql<number>`(select count(*) from group_members a join group_members b on b.group_id = a.group_id and b.user_id = ${member}
      where a.user_id = ${viewerId})::int`.as('shared_groups'),
    sql<number>`(select count(*) from registrations a
      join registrations b on b.activity_id = a.activity_id and b.user_id = ${member} and b.status = 'confirmed'
      join activities act on act.id = a.activity_id and act.ends_at < now()
      where a.user_id = ${viewerId} and a.status = 'confirmed')::int`.as('shared_activities'),
    sql<number>`(select count(*) from (${friendsOf(viewerId)}) a join (${friendsOf(member)}) b on b.id = a.id)::int`.as('shared_friends'),
  ] as const;
}
