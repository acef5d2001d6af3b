import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';

export const notificationColumns = [
  'id',
  'kind',
  'payload',
  'subject_kind',
  'subject_id',
  'group_id',
  'actor_ids',
  'actor_count',
  'read_at',
  'created_at',
  'updated_at',
] as const;

export interface NewNotification {
  kind: string;
  payload: Record<string, unknown>;
  subjectKind: string | null;
  subjectId: number | null;
  groupId: number | null;
  actorId: number | null;
  groupKey: string | null;
  /** Unless the category can't be muted: members who muted it are left out. */
  category: string | null;
}

/**
 * Writes one notification for each of these members who wants it: not one
 * who muted its category or its group, nor one the actor has blocked or who
 * blocked the actor, nor a deleted member. With a group key, a member's
 * earlier row of the same key grows instead: the actor goes first among the
 * (three) shown, the count and `count` in the payload go up (unless the
 * payload brings its own `count`), and it is unread
 * and on top again; a row they had read starts over. Returns the rows written.
 */
export async function insertNotifications(db: Db, userIds: number[], n: NewNotification) {
  const { rows } = await sql<{ id: number; user_id: number }>`
    insert into notifications as n (user_id, kind, payload, subject_kind, subject_id, group_id, actor_ids, actor_count, group_key, created_at, updated_at)
    select u.id, ${n.kind}, ${JSON.stringify(n.payload)}::jsonb, ${n.subjectKind}, ${n.subjectId}::bigint, ${n.groupId}::bigint,
           ${n.actorId === null ? [] : [n.actorId]}::bigint[], ${n.actorId === null ? 0 : 1}::int, ${n.groupKey}, now(), now()
    from users u
    where u.id = any(${userIds}::bigint[]) and u.deleted_at is null
      and (${n.category}::text is null or not (${n.category}::text = any (u.notification_mutes)))
      and (${n.groupId}::bigint is null or not exists (select 1 from notification_group_mutes m where m.user_id = u.id and m.group_id = ${n.groupId}::bigint))
      and (${n.actorId}::bigint is null or not exists (
        select 1 from blocks b
        where (b.blocker_id = u.id and b.blocked_id = ${n.actorId}::bigint) or (b.blocker_id = ${n.actorId}::bigint and b.blocked_id = u.id)))
    on conflict (user_id, group_key) where group_key is not null do update set
      payload = case when jsonb_exists(excluded.payload, 'count') then excluded.payload
        else excluded.payload || jsonb_build_object('count', case when n.read_at is null then coalesce((n.payload ->> 'count')::int, 1) + 1 else 1 end) end,
      actor_ids = case
        when n.read_at is not null or cardinality(excluded.actor_ids) = 0 then excluded.actor_ids
        else (array_prepend(excluded.actor_ids[1], array_remove(n.actor_ids, excluded.actor_ids[1])))[1:3] end,
      actor_count = case
        when n.read_at is not null then excluded.actor_count
        when cardinality(excluded.actor_ids) = 0 or excluded.actor_ids[1] = any (n.actor_ids) then n.actor_count
        else n.actor_count + 1 end,
      created_at = case when n.read_at is null then n.created_at else now() end,
      read_at = null,
      updated_at = now()
    returning id, user_id`.execute(db);
  return rows;
}

/** A member's notifications, most recently changed first, leaving out muted groups and categories. */
export function listNotifications(db: Db, userId: number, mutedKinds: readonly string[], after: CursorValue[] | null, limit: number, unreadOnly = false) {
  let query = db
    .selectFrom('notifications')
    .select([...notificationColumns, timestampCursor('updated_at').as('updated_cursor')])
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('group_id', 'is', null), eb('group_id', 'not in', eb.selectFrom('notification_group_mutes').select('group_id').where('user_id', '=', userId))]))
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (mutedKinds.length > 0) query = query.where('kind', 'not in', mutedKinds);
  if (unreadOnly) query = query.where('read_at', 'is', null);
  if (after) query = query.where(keysetAfter(['updated_at', 'id'], '<', after, 'timestamp'));
  return query.execute();
}

export function notificationsByIds(db: Db, userId: number, ids: number[]) {
  return db.selectFrom('notifications').select(notificationColumns).where('user_id', '=', userId).where('id', '=', sql<number>`any(${ids}::bigint[])`).execute();
}

export async function markRead(db: Db, userId: number, id: number | null) {
  let query = db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (id !== null) query = query.where('id', '=', id);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

export async function markGroupRead(db: Db, userId: number, groupKey: string) {
  const result = await db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('group_key', '=', groupKey).where('read_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes the members' notifications of these kinds about one subject; returns whose unread ones went. */
export async function deleteAbout(db: Db, userIds: number[], kinds: string[], subject: { kind: string; id: number }) {
  const rows = await db
    .deleteFrom('notifications')
    .where('user_id', 'in', userIds)
    .where('kind', 'in', kinds)
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .returning(['user_id', 'read_at'])
    .execute();
  return [...new Set(rows.filter((r) => r.read_at === null).map((r) => r.user_id))];
}

export async function notificationExists(db: Db, userId: number, id: number) {
  return (await db.selectFrom('notifications').select('id').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function mutedCategories(db: Db, userId: number) {
  const row = await db.selectFrom('users').select('notification_mutes').where('id', '=', userId).executeTakeFirst();
  return row?.notification_mutes ?? [];
}

export async function setMutedCategories(db: Db, userId: number, categories: string[]) {
  await db.updateTable('users').set({ notification_mutes: categories }).where('id', '=', userId).execute();
}

export function mutedGroups(db: Db, userId: number) {
  return db
    .selectFrom('notification_group_mutes as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.name'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at', 'desc')
    .execute();
}

export async function muteGroup(db: Db, userId: number, groupId: number, muted: boolean) {
  if (muted) await db.insertInto('notification_group_mutes').values({ user_id: userId, group_id: groupId }).onConflict((oc) => oc.doNothing()).execute();
  else await db.deleteFrom('notification_group_mutes').where('user_id', '=', userId).where('group_id', '=', groupId).execute();
}

/** Read notifications older than `readBefore` and any older than `before`, a batch at a time; returns how many went. */
export async function pruneNotifications(db: Db, readBefore: Date, before: Date, batch: number) {
  const { numAffectedRows } = await sql`
    delete from notifications where id in (
      select id from notifications
      where updated_at < ${before} or (updated_at < ${readBefore} and read_at is not null)
      order by updated_at limit ${batch})`.execute(db);
  return Number(numAffectedRows ?? 0);
}
