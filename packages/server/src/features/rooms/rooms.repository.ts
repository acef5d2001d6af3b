import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import { publishWithin, roomMessageNotice } from '../../events/bus.js';
import { outboxOf } from '../../events/outbox.js';
import { keysetAfter, type CursorValue } from '../../db/pagination.js';
import { mediaJson } from '../media/media.repository.js';

export const messageColumns = [
  'room_messages.id',
  'room_messages.room_id',
  'room_messages.sender_id',
  'room_messages.body',
  'room_messages.reply_to_id',
  'room_messages.client_id',
  'room_messages.pinned_at',
  'room_messages.removed_at',
  'room_messages.held_at',
  'room_messages.created_at',
] as const;
const photo = mediaJson('room_messages.photo_media_id').as('photo');

export const roomColumns = ['rooms.id', 'rooms.activity_id', 'rooms.group_id', 'rooms.open', 'rooms.last_message_id', 'rooms.last_message_at', 'rooms.created_at'] as const;

type Place = { activityId: number } | { groupId: number };

/**
 * The room of a new activity or group, with the lookup row that keeps it the
 * place's only room (rooms live by their id, the lookups by the place).
 */
export async function createRoom(tx: Tx, place: Place): Promise<number> {
  const id = await insertRoom(tx, place);
  if (!(await claimRoom(tx, place, id))) throw new Error(`${JSON.stringify(place)} has a room already`);
  return id;
}

/** The id of the room of an activity or a group, made on first use. */
export async function ensureRoom(db: Db, place: Place): Promise<number> {
  const found = await findRoomOf(db, place);
  if (found !== undefined) return found;
  const made = await db.transaction().execute(async (tx) => {
    const id = await insertRoom(tx, place);
    if (await claimRoom(tx, place, id)) return id;
    // Made meanwhile by another request: the place keeps that one.
    await tx.deleteFrom('rooms').where('id', '=', id).execute();
    return undefined;
  });
  return made ?? (await findRoomOf(db, place))!;
}

/** The id of the room of an activity or a group, from its lookup. */
export async function findRoomOf(db: Db, place: Place): Promise<number | undefined> {
  const row =
    'activityId' in place
      ? await db.selectFrom('activity_rooms').select('room_id').where('activity_id', '=', place.activityId).executeTakeFirst()
      : await db.selectFrom('group_rooms').select('room_id').where('group_id', '=', place.groupId).executeTakeFirst();
  return row?.room_id;
}

async function insertRoom(tx: Tx, place: Place) {
  const values = 'activityId' in place ? { activity_id: place.activityId } : { group_id: place.groupId };
  return (await tx.insertInto('rooms').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Writes the place's lookup row for the room; false when the place has a room already. */
async function claimRoom(tx: Tx, place: Place, roomId: number) {
  const row =
    'activityId' in place
      ? await tx.insertInto('activity_rooms').values({ activity_id: place.activityId, room_id: roomId }).onConflict((oc) => oc.column('activity_id').doNothing()).returning('room_id').executeTakeFirst()
      : await tx.insertInto('group_rooms').values({ group_id: place.groupId, room_id: roomId }).onConflict((oc) => oc.column('group_id').doNothing()).returning('room_id').executeTakeFirst();
  return row !== undefined;
}

/** A removed message's photo leaves the room, for the sweep. */
export async function releasePhoto(db: Db, mediaId: number) {
  await db.updateTable('media').set({ use_kind: null, use_id: null, position: 0 }).where('id', '=', mediaId).where('use_kind', '=', 'room').execute();
}

export function findRoom(db: Db, id: number) {
  return db.selectFrom('rooms').select(roomColumns).where('id', '=', id).executeTakeFirst();
}

export async function setRoomOpen(db: Db, id: number, open: boolean) {
  await db.updateTable('rooms').set({ open }).where('id', '=', id).execute();
}

/** Locks the room so its messages commit in id order. */
export function lockRoom(tx: Tx, id: number) {
  return tx.selectFrom('rooms').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export function insertMessage(tx: Db | Tx, values: { room_id: number; sender_id: number; body: string; client_id: string; photo_media_id: number | null; reply_to_id: number | null; held_at?: Date }) {
  return tx
    .insertInto('room_messages')
    .values(values)
    .onConflict((oc) => oc.columns(['room_id', 'sender_id', 'client_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/**
 * Stores a text message in one statement, so the room's row lock is held for
 * no round trip: under the lock (message ids follow the order messages are
 * stored in) the message goes in, the room moves up, its sender has read up to
 * it, and every instance is told when it commits. Null when the sender's
 * client id was used already.
 */
export async function storeMessage(db: Db, values: { room_id: number; sender_id: number; body: string; client_id: string; reply_to_id: number | null }) {
  const announcedInSql = outboxOf(db) === null;
  const { rows } = await sql<{ id: number }>`
    with room as (select id from rooms where id = ${values.room_id}::bigint for update),
    ins as (
      insert into room_messages (room_id, sender_id, body, client_id, reply_to_id)
      select room.id, ${values.sender_id}::bigint, ${values.body}::text, ${values.client_id}::text, ${values.reply_to_id}::bigint from room
      on conflict (room_id, sender_id, client_id) do nothing
      returning id),
    moved as (update rooms set last_message_id = ins.id, last_message_at = now() from ins where rooms.id = ${values.room_id}::bigint),
    seen as (
      insert into room_reads (room_id, user_id, last_read_id) select ${values.room_id}::bigint, ${values.sender_id}::bigint, ins.id from ins
      on conflict (room_id, user_id) do update set last_read_id = greatest(room_reads.last_read_id, excluded.last_read_id))
    select ins.id${announcedInSql ? sql`, ${roomMessageNotice(values.room_id, sql<number>`ins.id`)} as announced` : sql``} from ins`.execute(db);
  const id = rows[0]?.id ?? null;
  // Without NOTIFY, the stored message is announced once its statement (its own transaction) has committed.
  if (id !== null && !announcedInSql) await publishWithin(db, [], { type: 'room-message', roomId: values.room_id, messageId: id, changed: false });
  return id;
}

/** A message is in: the room moves up, and its sender has read up to it. */
export async function recordMessage(tx: Tx, roomId: number, messageId: number, senderId: number) {
  await tx.updateTable('rooms').set({ last_message_id: sql`greatest(last_message_id, ${messageId}::bigint)`, last_message_at: new Date() }).where('id', '=', roomId).execute();
  await tx
    .insertInto('room_reads')
    .values({ room_id: roomId, user_id: senderId, last_read_id: messageId })
    .onConflict((oc) => oc.columns(['room_id', 'user_id']).doUpdateSet({ last_read_id: sql`greatest(room_reads.last_read_id, excluded.last_read_id)` }))
    .execute();
}

export function findMessageByClientId(db: Db, roomId: number, senderId: number, clientId: string) {
  return db.selectFrom('room_messages').select('id').where('room_id', '=', roomId).where('sender_id', '=', senderId).where('client_id', '=', clientId).executeTakeFirst();
}

export function messagesByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('room_messages').select([...messageColumns, photo]).where('room_messages.id', 'in', [...ids]).execute();
}

/** History, newest first (keyset on id); `pinnedOnly` for the pinned notes. */
export function messagesPage(db: Db, roomId: number, before: number | null, limit: number, pinnedOnly = false) {
  let query = db
    .selectFrom('room_messages')
    .select([...messageColumns, photo])
    .where('room_id', '=', roomId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before !== null) query = query.where('id', '<', before);
  if (pinnedOnly) query = query.where('pinned_at', 'is not', null).where('removed_at', 'is', null);
  return query.execute();
}

export async function setPinned(db: Db, roomId: number, messageId: number, by: number | null) {
  const row = await db
    .updateTable('room_messages')
    .set(by === null ? { pinned_at: null, pinned_by: null } : { pinned_at: new Date(), pinned_by: by })
    .where('room_id', '=', roomId)
    .where('id', '=', messageId)
    .where('removed_at', 'is', null)
    .where('held_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeMessage(db: Db, roomId: number, messageId: number, by: number) {
  const row = await db
    .updateTable('room_messages')
    .set({ removed_at: new Date(), removed_by: by, body: '', pinned_at: null, pinned_by: null })
    .where('room_id', '=', roomId)
    .where('id', '=', messageId)
    .where('removed_at', 'is', null)
    .returning(['id', 'photo_media_id'])
    .executeTakeFirst();
  return row;
}

export function findMessage(db: Db, roomId: number, messageId: number) {
  return db.selectFrom('room_messages').select(['id', 'sender_id', 'removed_at', 'held_at']).where('room_id', '=', roomId).where('id', '=', messageId).executeTakeFirst();
}

/** A held message is let through (null when it was decided already). */
export function releaseHeldMessage(tx: Tx, messageId: number) {
  return tx.updateTable('room_messages').set({ held_at: null }).where('id', '=', messageId).where('held_at', 'is not', null).where('removed_at', 'is', null).returning(['room_id', 'sender_id', 'body']).executeTakeFirst();
}

/** Moves the read mark forward (never back), up to the room's last message. */
export async function markRead(db: Db, roomId: number, userId: number, upTo: number) {
  const mark = sql<number>`least(${upTo}::bigint, (select coalesce(r.last_message_id, 0) from rooms r where r.id = ${roomId}))`;
  await db
    .insertInto('room_reads')
    .values({ room_id: roomId, user_id: userId, last_read_id: mark })
    .onConflict((oc) => oc.columns(['room_id', 'user_id']).doUpdateSet({ last_read_id: sql`greatest(room_reads.last_read_id, excluded.last_read_id)` }))
    .execute();
}

/** My read mark and unread messages (from others, not removed; counted up to 99) in each room. */
export async function unreadCounts(db: Db, userId: number, roomIds: readonly number[]) {
  if (roomIds.length === 0) return new Map<number, { unread: number; lastRead: number }>();
  const { rows } = await sql<{ id: number; last_read: number; unread: number }>`
    select r.id, coalesce(rr.last_read_id, 0) as last_read,
      (select count(*)::int from (
        select 1 from room_messages m
        where m.room_id = r.id and m.id > coalesce(rr.last_read_id, 0) and m.sender_id <> ${userId} and m.removed_at is null and m.held_at is null
        limit 99) x) as unread
    from rooms r left join room_reads rr on rr.room_id = r.id and rr.user_id = ${userId}
    where r.id = any(${[...roomIds]}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [r.id, { unread: r.unread, lastRead: r.last_read }]));
}

/**
 * The rooms a member is in, most recently active first: the rooms of
 * activities they organize or hold a confirmed seat at (until a week after
 * they end), and the open rooms of their groups.
 */
export function myRooms(db: Db, userId: number, after: CursorValue[] | null, limit: number) {
  const activeAt = sql<Date>`coalesce(rooms.last_message_at, rooms.created_at)`;
  let query = db
    .selectFrom('rooms')
    .select([...roomColumns, sql<string>`${activeAt}::text`.as('active_cursor')])
    .where((eb) =>
      eb.or([
        eb(
          'rooms.activity_id',
          'in',
          eb
            .selectFrom('activities as a')
            .select('a.id')
            .where('a.ends_at', '>', sql<Date>`now() - interval '7 days'`)
            .where((w) =>
              w.or([
                w('a.organizer_id', '=', userId),
                w.exists(w.selectFrom('registrations as r').select('r.id').whereRef('r.activity_id', '=', 'a.id').where('r.user_id', '=', userId).where('r.status', '=', 'confirmed')),
              ]),
            ),
        ),
        eb.and([eb('rooms.open', '=', true), eb('rooms.group_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId))]),
      ]),
    )
    .orderBy(activeAt, 'desc')
    .orderBy('rooms.id', 'desc')
    .limit(limit + 1);
  if (after) query = query.where(keysetAfter([activeAt, 'rooms.id'], '<', after, 'timestamp'));
  return query.execute();
}

export async function muteMember(db: Db, roomId: number, userId: number, until: Date, by: number) {
  await db
    .insertInto('room_mutes')
    .values({ room_id: roomId, user_id: userId, until, muted_by: by })
    .onConflict((oc) => oc.columns(['room_id', 'user_id']).doUpdateSet({ until, muted_by: by }))
    .execute();
}

export async function unmuteMember(db: Db, roomId: number, userId: number) {
  await db.deleteFrom('room_mutes').where('room_id', '=', roomId).where('user_id', '=', userId).execute();
}

export async function mutedUntil(db: Db, roomIds: readonly number[], userId: number) {
  if (roomIds.length === 0) return new Map<number, Date>();
  const rows = await db
    .selectFrom('room_mutes')
    .select(['room_id', 'until'])
    .where('room_id', 'in', [...roomIds])
    .where('user_id', '=', userId)
    .where('until', '>', new Date())
    .execute();
  return new Map(rows.map((r) => [r.room_id, r.until]));
}

/** For each of these readers, which of these members they have blocked or were blocked by. */
export async function blockedAmong(db: Db, members: number[], readers: number[]) {
  const { rows } = await sql<{ reader: number; member: number }>`
    select b.blocker_id as reader, b.blocked_id as member from blocks b where b.blocked_id = any(${members}::bigint[]) and b.blocker_id = any(${readers}::bigint[])
    union all
    select b.blocked_id, b.blocker_id from blocks b where b.blocker_id = any(${members}::bigint[]) and b.blocked_id = any(${readers}::bigint[])`.execute(db);
  const result = new Map<number, Set<number>>();
  for (const r of rows) (result.get(r.reader) ?? result.set(r.reader, new Set()).get(r.reader)!).add(r.member);
  return result;
}
