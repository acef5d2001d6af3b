import { mediaJson } from '../media/media.repository.js';
import { sql } from 'kysely';
import { notBlockedSql } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';

export const messageColumns = ['id', 'conversation_id', 'sender_id', 'body', 'client_id', 'held_at', 'created_at'] as const;
/** A message's photo, as JSON, from the messages table under this name. */
const photoOf = (table: string) => mediaJson(`${table}.photo_media_id`).as('photo');

/** The conversation of a pair of members, through the pair's lookup. */
export async function findConversationBetween(db: Db, low: number, high: number) {
  const pair = await db.selectFrom('conversation_pairs').select('conversation_id').where('user_low', '=', low).where('user_high', '=', high).executeTakeFirst();
  if (!pair) return undefined;
  return db.selectFrom('conversations').select(['id', 'activity_id']).where('id', '=', pair.conversation_id).executeTakeFirstOrThrow();
}

/** A new conversation of a pair of members, with the pair's lookup row; null when the pair has one already. */
export async function insertConversation(tx: Tx, low: number, high: number, activityId: number | null) {
  const { id } = await tx.insertInto('conversations').values({ user_low: low, user_high: high, activity_id: activityId }).returning('id').executeTakeFirstOrThrow();
  const claimed = await tx
    .insertInto('conversation_pairs')
    .values({ user_low: low, user_high: high, conversation_id: id })
    .onConflict((oc) => oc.columns(['user_low', 'user_high']).doNothing())
    .returning('conversation_id')
    .executeTakeFirst();
  if (!claimed) {
    await tx.deleteFrom('conversations').where('id', '=', id).execute();
    return null;
  }
  await tx.insertInto('conversation_members').values([{ conversation_id: id, user_id: low }, { conversation_id: id, user_id: high }]).execute();
  return id;
}

export async function setConversationActivity(db: Db, id: number, activityId: number) {
  await db.updateTable('conversations').set({ activity_id: activityId }).where('id', '=', id).execute();
}

/** The viewer's conversations, most recently active first, with their own read mark. */
export function conversationsOf(db: Db, userId: number, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('conversation_members as cm')
    .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
    .select(['c.id', 'c.user_low', 'c.user_high', 'c.activity_id', 'c.last_message_id', 'cm.last_read_id', 'cm.updated_at', timestampCursor('cm.updated_at').as('updated_key')])
    .where('cm.user_id', '=', userId)
    .orderBy('cm.updated_at', 'desc')
    .orderBy('cm.conversation_id', 'desc')
    .limit(limit + 1);
  if (after) query = query.where(keysetAfter(['cm.updated_at', 'cm.conversation_id'], '<', after, 'timestamp'));
  return query.execute();
}

export function findConversation(db: Db, id: number) {
  return db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function readMarks(db: Db, conversationIds: readonly number[]) {
  if (conversationIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('conversation_members').select(['conversation_id', 'user_id', 'last_read_id', 'updated_at']).where('conversation_id', 'in', [...conversationIds]).execute();
}

/** Locks the conversation so messages in it commit in id order. */
export function lockConversation(tx: Tx, id: number) {
  return tx.selectFrom('conversations').select('id').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

/** Stores a message; null when the sender already sent this client id in this conversation. */
export function insertMessage(tx: Tx, values: { conversation_id: number; sender_id: number; body: string; client_id: string; photo_media_id: number | null; held_at: Date | null }) {
  return tx
    .insertInto('messages')
    .values(values)
    .onConflict((oc) => oc.columns(['conversation_id', 'sender_id', 'client_id']).doNothing())
    .returning([...messageColumns, photoOf('messages')])
    .executeTakeFirst();
}

export function findMessageByClientId(db: Db, conversationId: number, senderId: number, clientId: string) {
  return db
    .selectFrom('messages')
    .select([...messageColumns, photoOf('messages')])
    .where('conversation_id', '=', conversationId)
    .where('sender_id', '=', senderId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export function findMessages(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('messages').select([...messageColumns, photoOf('messages')]).where('id', 'in', [...ids]).execute();
}

/** A message is in: the conversation moves to the top for both, and the sender has read up to it. Returns the other member. */
export async function recordMessage(tx: Tx, conversationId: number, messageId: number, senderId: number, at: Date) {
  const { user_low, user_high } = await tx
    .updateTable('conversations')
    .set({ last_message_id: sql`greatest(last_message_id, ${messageId}::bigint)` })
    .where('id', '=', conversationId)
    .returning(['user_low', 'user_high'])
    .executeTakeFirstOrThrow();
  await tx.updateTable('conversation_members').set({ updated_at: at }).where('conversation_id', '=', conversationId).execute();
  await tx
    .updateTable('conversation_members')
    .set({ last_read_id: sql`greatest(last_read_id, ${messageId}::bigint)` })
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', senderId)
    .execute();
  return user_low === senderId ? user_high : user_low;
}

/** History as this member reads it, newest first: held messages only their sender reads. */
export function messagesPage(db: Db, conversationId: number, readerId: number, before: number | null, limit: number) {
  let query = db
    .selectFrom('messages')
    .select([...messageColumns, photoOf('messages')])
    .where('conversation_id', '=', conversationId)
    .where((eb) => eb.or([eb('held_at', 'is', null), eb('sender_id', '=', readerId)]))
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (before !== null) query = query.where('id', '<', before);
  return query.execute();
}

/** Messages in the member's conversations newer than `since`, oldest first (catching up after a reconnect). */
export function messagesSince(db: Db, userId: number, since: number, limit: number) {
  return db
    .selectFrom('messages as m')
    .innerJoin('conversation_members as cm', (join) => join.onRef('cm.conversation_id', '=', 'm.conversation_id').on('cm.user_id', '=', userId))
    .select([...messageColumns.map((c) => `m.${c}` as const), photoOf('m')])
    .where('m.id', '>', since)
    .where((eb) => eb.or([eb('m.held_at', 'is', null), eb('m.sender_id', '=', userId)]))
    .where(notBlockedSql(userId, 'm.sender_id'))
    .orderBy('m.id', 'asc')
    .limit(limit)
    .execute();
}

export async function latestMessageId(db: Db, userId: number) {
  const row = await db
    .selectFrom('conversation_members as cm')
    .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
    .select((eb) => eb.fn.max('c.last_message_id').as('id'))
    .where('cm.user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Unread messages (from the other member, after my read mark) per conversation. */
export async function unreadCounts(db: Db, userId: number, conversationIds: readonly number[]) {
  if (conversationIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('conversation_members as cm')
    .innerJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'cm.conversation_id').onRef('m.id', '>', 'cm.last_read_id').on('m.held_at', 'is', null))
    .select(['cm.conversation_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('cm.user_id', '=', userId)
    .where('cm.conversation_id', 'in', [...conversationIds])
    .where('m.sender_id', '<>', userId)
    .groupBy('cm.conversation_id')
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, Number(r.n)]));
}

/** Unread messages across all of the member's conversations, except with members hidden by a block. */
export async function totalUnread(db: Db, userId: number) {
  const row = await db
    .selectFrom('conversation_members as cm')
    .innerJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'cm.conversation_id').onRef('m.id', '>', 'cm.last_read_id').on('m.held_at', 'is', null))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('cm.user_id', '=', userId)
    .where('m.sender_id', '<>', userId)
    .where(notBlockedSql(userId, 'm.sender_id'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Messages from the other member after my read mark in one conversation: how many, the newest's sender and its first words. */
export async function totalUnreadIn(db: Db, userId: number, conversationId: number) {
  const rows = await db
    .selectFrom('conversation_members as cm')
    .innerJoin('messages as m', (join) => join.onRef('m.conversation_id', '=', 'cm.conversation_id').onRef('m.id', '>', 'cm.last_read_id').on('m.held_at', 'is', null))
    .select(['m.sender_id', 'm.body', (eb) => eb.fn.count<number>('m.id').over().as('n')])
    .where('cm.user_id', '=', userId)
    .where('cm.conversation_id', '=', conversationId)
    .where('m.sender_id', '<>', userId)
    .orderBy('m.id', 'desc')
    .limit(1)
    .execute();
  const newest = rows[0];
  return newest ? { count: Number(newest.n), senderId: newest.sender_id, excerpt: newest.body.slice(0, 80) } : null;
}

/** Moves the read mark forward (never back), up to the conversation's last message. */
export async function markRead(db: Db, conversationId: number, userId: number, upTo: number) {
  return db
    .updateTable('conversation_members as cm')
    .set({
      last_read_id: sql`greatest(cm.last_read_id, least(${upTo}::bigint, (select coalesce(c.last_message_id, 0) from conversations c where c.id = ${conversationId})))`,
    })
    .where('cm.conversation_id', '=', conversationId)
    .where('cm.user_id', '=', userId)
    .returning('cm.last_read_id')
    .executeTakeFirst();
}
