import { sql, type Updateable } from 'kysely';
import type { GroupRole } from '@kindred/contract';
import { blockedEitherWaySql } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import { onGenericPlan, runCached } from '../../db/statement-cache.js';
import type { GroupsTable } from '../../db/schema.js';
import { mediaJson } from '../media/media.repository.js';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';
import { friendsOf } from '../social/follows.repository.js';

/** What lists show of a group (all but its description). */
export const groupSummaryColumns = [
  'groups.id',
  'groups.name',
  'groups.city',
  'groups.lat',
  'groups.lng',
  'groups.tags',
  'groups.visibility',
  'groups.join_policy',
  'groups.owner_id',
  'groups.member_count',
  'groups.attended_90d',
  'groups.quiet',
  'groups.activity_rank',
  'groups.post_count',
  'groups.created_at',
  'groups.removed_at',
  'groups.held_at',
] as const;

export const groupColumns = [...groupSummaryColumns, 'groups.description', 'groups.description_html'] as const;

export type GroupRow = Awaited<ReturnType<typeof findGroups>>[number];

export function findGroups(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('groups').select(groupColumns).where('id', 'in', ids).execute();
}

/**
 * What a viewer's page or list shows with each group, read with its row
 * (`groups` must be in the FROM clause): their role and pending join request,
 * the owner's name with whether either has blocked the other, and the cover.
 */
export function viewerColumns(viewerId: number | null) {
  const viewer = viewerId ?? 0;
  return [
    sql<GroupRole | null>`(select vm.role from group_members vm where vm.group_id = groups.id and vm.user_id = ${viewer})`.as('viewer_role'),
    // A probe of the request's primary key per group (as EXISTS, the planner may scan all of the viewer's requests instead).
    sql<boolean>`coalesce((select true from join_requests vr where vr.group_id = groups.id and vr.user_id = ${viewer}), false)`.as('viewer_pending'),
    sql<string>`(select o.username from users o where o.id = groups.owner_id)`.as('owner_username'),
    sql<string>`(select o.display_name from users o where o.id = groups.owner_id)`.as('owner_display_name'),
    sql<number | null>`(select o.avatar_media_id from users o where o.id = groups.owner_id)`.as('owner_avatar_media_id'),
    blockedEitherWaySql(viewer, 'groups.owner_id').as('owner_hidden'),
    mediaJson('groups.cover_media_id').as('cover'),
  ] as const;
}

export type ViewerGroupSummaryRow = Awaited<ReturnType<typeof findGroupSummaries>>[number];
export type ViewerGroupRow = NonNullable<Awaited<ReturnType<typeof groupPage>>>;

/** Groups by id as lists show them, in a viewer's context (see viewerColumns), in no particular order: one statement, compiled once. */
export function findGroupSummaries(db: Db, viewerId: number | null, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return runCached(db, 'group-summaries', [viewerId ?? 0, [...new Set(ids)]] as const, ([viewer, wanted]) =>
    db
      .selectFrom('groups')
      .select([...groupSummaryColumns, ...viewerColumns(viewer)])
      .where('groups.id', '=', sql<number>`any(${wanted}::bigint[])`),
  );
}

/** A group's page in a viewer's context: one statement, compiled once. */
export async function groupPage(db: Db, viewerId: number | null, id: number) {
  const [row] = await runCached(db, 'group-page', [viewerId ?? 0, id] as const, ([viewer, group]) =>
    db.selectFrom('groups').select([...groupColumns, ...viewerColumns(viewer)]).where('groups.id', '=', group),
  );
  return row;
}

export interface GroupFilter {
  tags: string[] | null;
  city: string | null;
  sort: 'popular' | 'new';
  after: CursorValue[] | null;
  limit: number;
}

/** Browse: keyset on (activity_rank, id) for popular (liveliness, quiet groups last), (created_at, id) for new. */
export function browseGroups(db: Db, viewerId: number | null, filter: GroupFilter) {
  let query = db
    .selectFrom('groups')
    .select([...groupSummaryColumns, ...viewerColumns(viewerId), timestampCursor('groups.created_at').as('created_cursor')])
    .where('groups.removed_at', 'is', null)
    .limit(filter.limit + 1);
  if (filter.tags) query = query.where('tags', '&&', sql<string[]>`${filter.tags}::text[]`);
  if (filter.city) query = query.where(sql`lower(city)`, '=', filter.city.toLowerCase());
  if (filter.sort === 'popular') {
    if (filter.after) {
      query = query.where(keysetAfter(['activity_rank', 'id'], '<', filter.after, 'real'));
    }
    return query.orderBy('activity_rank', 'desc').orderBy('id', 'desc').execute();
  }
  if (filter.after) {
    query = query.where(keysetAfter(['created_at', 'id'], '<', filter.after, 'timestamp'));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function insertGroup(
  tx: Tx,
  row: Omit<GroupsTable, 'id' | 'created_at' | 'member_count' | 'post_count' | 'search_vector' | 'cover_media_id' | 'last_active_at' | 'attended_90d' | 'quiet' | 'activity_rank' | 'removed_at' | 'held_at' | 'feed_pulled'> & {
    held_at?: Date;
    search_vector: ReturnType<typeof sql<string>>;
  },
) {
  const { id } = await tx
    .insertInto('groups')
    // A held new group is withdrawn as a removed one is until a moderator lets it through.
    .values({ ...row, removed_at: row.held_at ?? null, member_count: 1, last_active_at: new Date(), activity_rank: sql<number>`group_rank(1, 0, false)` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.insertInto('group_members').values({ group_id: id, user_id: row.owner_id, role: 'owner' }).execute();
  return id;
}

/** Locks the group row: changes of roles, ownership and membership decisions run one at a time per group. */
export async function lockGroup(tx: Tx, id: number): Promise<boolean> {
  return (await tx.selectFrom('groups').select('id').where('id', '=', id).forUpdate().executeTakeFirst()) !== undefined;
}

/** Marks the group removed, unless it is already: its name and owner, or undefined. */
export function markGroupRemoved(tx: Tx, id: number) {
  return tx
    .updateTable('groups')
    .set({ removed_at: new Date(), held_at: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('removed_at', 'is', null), eb('held_at', 'is not', null)]))
    .returning(['name', 'owner_id'])
    .executeTakeFirst();
}

export async function updateGroup(db: Db, id: number, patch: Updateable<GroupsTable>) {
  await db.updateTable('groups').set(patch).where('id', '=', id).execute();
}

export function findMembership(db: Db, groupId: number, userId: number) {
  return db
    .selectFrom('group_members')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Adds a member; false when they already were one. Keeps member_count in step. */
export async function addMember(tx: Tx, groupId: number, userId: number): Promise<boolean> {
  const inserted = await tx
    .insertInto('group_members')
    .values({ group_id: groupId, user_id: userId, role: 'member' })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!inserted) return false;
  await tx.updateTable('groups').set((eb) => ({ member_count: eb('member_count', '+', 1) })).where('id', '=', groupId).execute();
  return true;
}

/** Removes a non-owner member; false when they were not one. */
export async function removeMember(tx: Tx, groupId: number, userId: number): Promise<boolean> {
  const deleted = await tx
    .deleteFrom('group_members')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('role', '!=', 'owner')
    .returning('user_id')
    .executeTakeFirst();
  if (!deleted) return false;
  await tx.updateTable('groups').set((eb) => ({ member_count: eb('member_count', '-', 1) })).where('id', '=', groupId).execute();
  return true;
}

export async function setRole(db: Db, groupId: number, userId: number, role: 'owner' | 'admin' | 'member') {
  await db.updateTable('group_members').set({ role }).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}

/** One member with their name, for answering after a change. */
export function findMemberWithUser(db: Db, groupId: number, userId: number) {
  return db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select(['group_members.user_id', 'group_members.role', 'group_members.joined_at', 'users.username', 'users.display_name', 'users.avatar_media_id'])
    .where('group_members.group_id', '=', groupId)
    .where('group_members.user_id', '=', userId)
    .executeTakeFirst();
}

export function listMembers(db: Db, groupId: number, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select([
      'group_members.user_id',
      'group_members.role',
      'group_members.joined_at',
      timestampCursor('group_members.joined_at').as('joined_cursor'),
      'users.username',
      'users.display_name',
      'users.avatar_media_id',
    ])
    .where('group_members.group_id', '=', groupId)
    .orderBy('group_members.joined_at')
    .orderBy('group_members.user_id')
    .limit(limit + 1);
  if (after) {
    query = query.where(keysetAfter(['group_members.joined_at', 'group_members.user_id'], '>', after, 'timestamp'));
  }
  return query.execute();
}

/** The groups a member belongs to, newest membership first; `visibleTo` limits private ones to those the viewer shares. */
export function memberGroups(db: Db, viewerId: number | null, userId: number, visibleTo: number | null | 'all', after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('group_members as m')
    .innerJoin('groups', 'groups.id', 'm.group_id')
    .select([...groupSummaryColumns, ...viewerColumns(viewerId), 'm.role', 'm.joined_at', timestampCursor('m.joined_at').as('joined_cursor')])
    .where('m.user_id', '=', userId)
    // A new group held for review is withdrawn from everyone but its owner, who finds it among their own.
    .where((eb) =>
      viewerId === userId
        ? eb.or([eb('groups.removed_at', 'is', null), eb.and([eb('groups.held_at', 'is not', null), eb('m.role', '=', 'owner')])])
        : eb('groups.removed_at', 'is', null),
    )
    .orderBy('m.joined_at', 'desc')
    .orderBy('m.group_id', 'desc')
    .limit(limit + 1);
  if (visibleTo !== 'all') {
    query = query.where((eb) =>
      eb.or([
        eb('groups.visibility', '=', 'public'),
        eb.exists(
          eb
            .selectFrom('group_members as v')
            .select('v.user_id')
            .whereRef('v.group_id', '=', 'groups.id')
            .where('v.user_id', '=', visibleTo ?? 0),
        ),
      ]),
    );
  }
  if (after) {
    query = query.where(keysetAfter(['m.joined_at', 'm.group_id'], '<', after, 'timestamp'));
  }
  return query.execute();
}

export async function upsertJoinRequest(db: Db, groupId: number, userId: number, message: string) {
  await db
    .insertInto('join_requests')
    .values({ group_id: groupId, user_id: userId, message })
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ message }))
    .execute();
}

/** Deletes a pending request; false when there was none. */
export async function deleteJoinRequest(db: Db, groupId: number, userId: number): Promise<boolean> {
  const row = await db
    .deleteFrom('join_requests')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export function listJoinRequests(db: Db, groupId: number, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('join_requests as r')
    .innerJoin('users', 'users.id', 'r.user_id')
    .select(['r.user_id', 'r.message', 'r.created_at', timestampCursor('r.created_at').as('created_cursor'), 'users.username', 'users.display_name', 'users.avatar_media_id'])
    .where('r.group_id', '=', groupId)
    .orderBy('r.created_at')
    .orderBy('r.user_id')
    .limit(limit + 1);
  if (after) {
    query = query.where(keysetAfter(['r.created_at', 'r.user_id'], '>', after, 'timestamp'));
  }
  return query.execute();
}

export function searchGroups(db: Db, viewerId: number | null, query: ReturnType<typeof sql<string>>, after: CursorValue[] | null, limit: number) {
  // Text relevance first; a quiet group counts a tenth.
  const rank = sql<number>`(ts_rank_cd(search_vector, ${query}) * case when groups.quiet then 0.1 else 1 end)::real`;
  let q = db
    .selectFrom('groups')
    .select([...groupSummaryColumns, ...viewerColumns(viewerId), rank.as('rank')])
    .where(sql<boolean>`search_vector @@ ${query}`)
    .where('groups.removed_at', 'is', null)
    .orderBy(rank, 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) {
    q = q.where(keysetAfter([rank, 'groups.id'], '<', after, 'real'));
  }
  return q.execute();
}

/** The viewer's friends who belong to these groups, unless they show their groups to themselves alone; longest members first. */
export async function friendsInGroups(db: Db, viewerId: number, groupIds: number[]) {
  const { rows } = await onGenericPlan(sql<{ group_id: number; id: number; username: string; display_name: string; avatar_media_id: number | null }>`
    select m.group_id, u.id, u.username, u.display_name, u.avatar_media_id
    from (${friendsOf(viewerId, 'show_groups')}) fr
    join users u on u.id = fr.id
    join group_members m on m.user_id = fr.id and m.group_id = any(${groupIds}::bigint[])
    order by m.group_id, m.joined_at, u.id`).execute(db);
  return rows;
}

/** A group's name and the members who moderate it (owner and admins). */
export async function groupAdmins(db: Db, groupId: number) {
  const [group, admins] = await Promise.all([
    db.selectFrom('groups').select('name').where('id', '=', groupId).executeTakeFirstOrThrow(),
    db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('role', 'in', ['owner', 'admin']).execute(),
  ]);
  return { name: group.name, admins: admins.map((a) => a.user_id) };
}

export async function groupNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, string>();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A new post or activity: the group is active now (a quiet one wakes at once). */
export async function touchGroup(db: Db, groupId: number) {
  await db
    .updateTable('groups')
    .set({ last_active_at: new Date(), quiet: false, activity_rank: sql`group_rank(member_count, attended_90d, false)` })
    .where('id', '=', groupId)
    .execute();
}

/**
 * Job: when each group was last active, its recent attendance, quiet and rank;
 * rewriting only rows that changed. Activities are read once for all groups
 * (a few weeks' worth), each group's newest post is one index probe.
 */
export async function refreshGroupLiveliness(db: Db) {
  await sql`
    with held as (
      select a.group_id, max(a.starts_at) as last_held from activities a
      where a.group_id is not null and a.status in ('published', 'completed') and a.starts_at <= now()
      group by a.group_id),
    upcoming as (
      select distinct a.group_id from activities a where a.group_id is not null and a.status = 'published' and a.starts_at > now()),
    attended as (
      select a.group_id, count(*)::int as n from activities a
      join registrations r on r.activity_id = a.id and r.attendance = 'attended'
      where a.group_id is not null and a.starts_at > now() - interval '90 days' and a.starts_at <= now()
      group by a.group_id),
    s as (
      select l.id, l.last_active, l.attended, l.last_active < now() - interval '90 days' and not l.upcoming as quiet
      from (
        select g.id,
          greatest(g.created_at,
            (select p.created_at from posts p where p.group_id = g.id and p.deleted_at is null order by p.created_at desc limit 1),
            h.last_held) as last_active,
          u.group_id is not null as upcoming,
          coalesce(at.n, 0) as attended
        from groups g
        left join held h on h.group_id = g.id
        left join upcoming u on u.group_id = g.id
        left join attended at on at.group_id = g.id) l)
    update groups g set last_active_at = s.last_active, attended_90d = s.attended, quiet = s.quiet, activity_rank = group_rank(g.member_count, s.attended, s.quiet)
    from s
    where s.id = g.id
      and (g.last_active_at is distinct from s.last_active or g.attended_90d <> s.attended or g.quiet <> s.quiet
        or g.activity_rank <> group_rank(g.member_count, s.attended, s.quiet))`.execute(db);
}
