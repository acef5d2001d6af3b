import type { MuteMemberBody, PageOf, Room, RoomMessage, SendRoomMessageBody } from '@kindred/contract';
import { allows, checkAccess, loadRoomFacts, requireAccess, requireGroupAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { publishWithin } from '../../events/bus.js';
import { getUserByUsername } from '../accounts/accounts.service.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import * as groupsRepo from '../groups/groups.repository.js';
import { appendMedia } from '../media/media.repository.js';
import { presentOptionalMedia } from '../media/media.views.js';
import { authorOf, excerpt, mentionedWhoMay, type Author } from '../social/mentions.js';
import { notify } from '../notifications/notifications.service.js';
import { fileHeld, screenText } from '../moderation/held.js';
import type { Verdict } from '../moderation/keywords.js';
import * as repo from './rooms.repository.js';

type RoomRow = NonNullable<Awaited<ReturnType<typeof repo.findRoom>>>;
type MessageRow = Awaited<ReturnType<typeof repo.messagesByIds>>[number];

type People = Map<number, { id: number; username: string; displayName: string; avatarUrl: string | null }>;

function toMessage(row: MessageRow, people: People, reply: MessageRow | undefined): RoomMessage {
  const removed = row.removed_at !== null;
  return {
    id: row.id,
    roomId: row.room_id,
    sender: people.get(row.sender_id)!,
    body: removed ? '' : row.body,
    photo: removed ? null : presentOptionalMedia(row.photo),
    replyTo: reply ? { id: reply.id, sender: people.get(reply.sender_id)!, excerpt: reply.removed_at || reply.held_at ? '' : excerpt(reply.body) } : null,
    pinned: row.pinned_at !== null,
    removed,
    held: row.held_at !== null,
    clientId: row.client_id,
    createdAt: row.created_at.toISOString(),
  };
}

/** A held message is read by its sender alone. */
const readsHeld = (row: MessageRow, reader: number) => row.held_at === null || row.sender_id === reader;

/**
 * Messages as this member sees them: senders they may see (a member either
 * has blocked drops out, as everywhere), what each replies to, removed ones
 * as placeholders.
 */
export async function presentMessages(db: Db, viewer: SignedInViewer, rows: MessageRow[]): Promise<RoomMessage[]> {
  const replies = await repo.messagesByIds(db, rows.flatMap((r) => (r.reply_to_id === null ? [] : [r.reply_to_id])));
  const senderIds = [...rows, ...replies].map((r) => r.sender_id);
  const [visible, people] = await Promise.all([checkAccess(db, viewer, 'member.read', senderIds), loadUserSummaries(db, senderIds)]);
  const replyById = new Map(replies.map((r) => [r.id, r]));
  return rows.flatMap((row) => {
    if (!visible.has(row.sender_id) || !readsHeld(row, viewer.id)) return [];
    const reply = row.reply_to_id === null ? undefined : replyById.get(row.reply_to_id);
    return [toMessage(row, people, reply && visible.has(reply.sender_id) ? reply : undefined)];
  });
}

/**
 * Messages for the readers of their rooms, each built once: a reader who has
 * blocked a message's sender (or was blocked by them) gets nothing, and one
 * tied so to the replied-to sender gets it without the reply. A batch of
 * messages costs the same few statements as one.
 */
export async function messagesForReaders(db: Db, messageIds: number[], readersByRoom: Map<number, number[]>): Promise<Map<number, Map<number, RoomMessage>>> {
  const result = new Map<number, Map<number, RoomMessage>>();
  const rows = (await repo.messagesByIds(db, messageIds)).filter((row) => (readersByRoom.get(row.room_id)?.length ?? 0) > 0);
  if (rows.length === 0) return result;
  const replies = await repo.messagesByIds(db, rows.flatMap((r) => (r.reply_to_id === null ? [] : [r.reply_to_id])));
  const replyById = new Map(replies.map((r) => [r.id, r]));
  const senders = [...new Set([...rows, ...replies].map((r) => r.sender_id))];
  const readers = [...new Set(rows.flatMap((row) => readersByRoom.get(row.room_id)!))];
  const [people, blocked] = await Promise.all([loadUserSummaries(db, senders), repo.blockedAmong(db, senders, readers)]);
  for (const row of rows) {
    const reply = row.reply_to_id === null ? undefined : replyById.get(row.reply_to_id);
    const full = toMessage(row, people, reply);
    const withoutReply = { ...full, replyTo: null };
    const forReaders = new Map<number, RoomMessage>();
    for (const reader of readersByRoom.get(row.room_id)!) {
      if (!readsHeld(row, reader)) continue;
      const ties = blocked.get(reader);
      if (ties?.has(row.sender_id)) continue;
      forReaders.set(reader, reply && ties?.has(reply.sender_id) ? withoutReply : full);
    }
    result.set(row.id, forReaders);
  }
  return result;
}

/** Rooms as this member sees them: what they may do there, their unread count and the last message. */
async function presentRooms(db: Db, viewer: SignedInViewer, rows: RoomRow[]): Promise<Room[]> {
  const ids = rows.map((r) => r.id);
  const activityIds = rows.flatMap((r) => (r.activity_id === null ? [] : [r.activity_id]));
  const groupIds = rows.flatMap((r) => (r.group_id === null ? [] : [r.group_id]));
  // The rooms' facts once; what the viewer may do in each is decided on them.
  const [facts, unread, muted, activities, groups, lastRows] = await Promise.all([
    loadRoomFacts(db, viewer, ids),
    repo.unreadCounts(db, viewer.id, ids),
    repo.mutedUntil(db, ids, viewer.id),
    activitiesRepo.findActivities(db, activityIds),
    groupsRepo.groupNames(db, groupIds),
    repo.messagesByIds(db, rows.flatMap((r) => (r.last_message_id === null ? [] : [r.last_message_id]))),
  ]);
  const last = new Map((await presentMessages(db, viewer, lastRows)).map((m) => [m.id, m]));
  const activityById = new Map(activities.map((a) => [a.id, a]));
  return rows.flatMap((row) => {
    const room = facts.get(row.id);
    const may = (permission: 'room.read' | 'room.pinned' | 'room.send' | 'room.moderate') => room !== undefined && allows(viewer, permission, room);
    const canRead = may('room.read');
    if (!canRead && !may('room.pinned')) return [];
    const activity = row.activity_id === null ? undefined : activityById.get(row.activity_id);
    const counts = unread.get(row.id);
    return [
      {
        id: row.id,
        kind: row.activity_id === null ? ('group' as const) : ('activity' as const),
        activity: activity ? { id: activity.id, title: activity.title, startsAt: activity.starts_at.toISOString(), status: activity.status } : null,
        group: row.group_id === null ? null : { id: row.group_id, name: groups.get(row.group_id) ?? '' },
        open: row.open,
        lastMessage: canRead && row.last_message_id !== null ? (last.get(row.last_message_id) ?? null) : null,
        lastMessageAt: canRead ? (row.last_message_at?.toISOString() ?? null) : null,
        unread: canRead ? (counts?.unread ?? 0) : 0,
        myLastReadId: counts?.lastRead ?? 0,
        viewer: { canRead, canSend: may('room.send'), canModerate: may('room.moderate'), mutedUntil: muted.get(row.id)?.toISOString() ?? null },
      },
    ];
  });
}

async function roomOr404(db: Db, viewer: SignedInViewer, id: number) {
  const room = await repo.findRoom(db, id);
  const [shown] = room ? await presentRooms(db, viewer, [room]) : [];
  if (!shown) throw new NotFoundError('room');
  return shown;
}

export const getRoom = roomOr404;

/** An activity's room: who may read the activity finds it, and what they may do there. */
export async function activityRoom(db: Db, viewer: SignedInViewer, activityId: number) {
  await requireAccess(db, viewer, 'activity.read', activityId);
  return roomOr404(db, viewer, await repo.ensureRoom(db, { activityId }));
}

/** A group's room, once its admins have opened it. */
export async function groupRoom(db: Db, viewer: SignedInViewer, groupId: number) {
  await requireGroupAccess(db, viewer, groupId, 'read');
  const roomId = await repo.findRoomOf(db, { groupId });
  if (roomId === undefined) throw new NotFoundError('room');
  return roomOr404(db, viewer, roomId);
}

/** A group's admins open its room (again) or close it; its history stays. */
export async function setGroupRoom(db: Db, viewer: SignedInViewer, groupId: number, open: boolean) {
  await requireGroupAccess(db, viewer, groupId, 'moderate');
  const roomId = await repo.ensureRoom(db, { groupId });
  await repo.setRoomOpen(db, roomId, open);
  return roomOr404(db, viewer, roomId);
}

export async function myRooms(db: Db, viewer: SignedInViewer, query: { cursor?: string; limit?: number }): Promise<PageOf<Room>> {
  const limit = query.limit ?? 20;
  const rows = await repo.myRooms(db, viewer.id, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.active_cursor, r.id]);
  return { items: await presentRooms(db, viewer, page.rows), nextCursor: page.nextCursor };
}

/** History, newest first; a waitlisted member reads the pinned notes only. */
export async function listMessages(db: Db, viewer: SignedInViewer, roomId: number, query: { cursor?: string; limit?: number; pinned?: boolean }) {
  await requireAccess(db, viewer, query.pinned ? 'room.pinned' : 'room.read', roomId);
  const limit = query.limit ?? 30;
  const before = decodeCursor(query.cursor, 'n');
  const rows = await repo.messagesPage(db, roomId, before ? Number(before[0]) : null, limit, query.pinned === true);
  const page = toPage(rows, limit, (r) => [r.id]);
  return { items: await presentMessages(db, viewer, page.rows), nextCursor: page.nextCursor };
}

async function loadOne(db: Db, viewer: SignedInViewer, id: number) {
  const [message] = await presentMessages(db, viewer, await repo.messagesByIds(db, [id]));
  if (!message) throw new NotFoundError('message');
  return message;
}

/**
 * Sends a message: stored in the room's order, announced to every instance
 * once (each delivers it to its own connected members of the room), and
 * mentions tell the mentioned members of the room. Idempotent per client id.
 */
export async function sendMessage(ctx: AppContext, viewer: SignedInViewer, roomId: number, input: SendRoomMessageBody): Promise<RoomMessage> {
  const { body, photo, clientId, replyToId } = input;
  if (!body.trim() && !photo) throw new ValidationError('A message needs text or a photo.', { body: 'must not be blank without a photo' });
  const held = await screenText(ctx.db, { body });
  // Decided before the room's lock, so sends queue on it only for their writes; a message never leaves its room.
  await requireAccess(ctx.db, viewer, 'room.send', roomId);
  const repliedTo = replyToId === undefined ? undefined : await repo.findMessage(ctx.db, roomId, replyToId);
  if (replyToId !== undefined && (!repliedTo || (repliedTo.held_at && repliedTo.sender_id !== viewer.id))) {
    throw new ValidationError('The message replied to is not in this room.', { replyToId: 'is not a message of this room' });
  }
  const values = { room_id: roomId, sender_id: viewer.id, body, client_id: clientId, reply_to_id: replyToId ?? null };
  const stored = photo || held ? await storeSlow(ctx.db, viewer, values, photo, held) : await repo.storeMessage(ctx.db, values);
  if (stored === null) {
    const existing = await repo.findMessageByClientId(ctx.db, roomId, viewer.id, clientId);
    if (!existing) throw new NotFoundError('message');
    return loadOne(ctx.db, viewer, existing.id);
  }
  // A held message stays with its sender: nobody is told of it until a moderator lets it through.
  if (!held) await notifyRoomMentions(ctx.db, viewer, roomId, stored, body);
  return loadOne(ctx.db, viewer, stored);
}

/**
 * A message with a photo (placed in the room in the message's transaction),
 * or one the keyword filter holds (stored for its sender, filed for review,
 * announced to no one).
 */
function storeSlow(db: Db, viewer: SignedInViewer, values: Parameters<typeof repo.storeMessage>[1], photo: SendRoomMessageBody['photo'], held: Verdict | null) {
  const roomId = values.room_id;
  return db.transaction().execute(async (tx) => {
    await repo.lockRoom(tx, roomId);
    const inserted = await repo.insertMessage(tx, { ...values, photo_media_id: photo?.id ?? null, ...(held ? { held_at: new Date() } : {}) });
    if (!inserted) return null;
    if (photo) await appendMedia(tx, viewer.id, 'room', roomId, [photo]);
    if (held) {
      const room = (await repo.findRoom(tx, roomId))!;
      await fileHeld(tx, { kind: 'room_message', id: inserted.id }, viewer.id, held, { groupId: room.group_id ?? (room.activity_id === null ? null : ((await activitiesRepo.findActivities(tx, [room.activity_id]))[0]?.group_id ?? null)) });
      return inserted.id;
    }
    await repo.recordMessage(tx, roomId, inserted.id, viewer.id);
    await publishWithin(tx, [], { type: 'room-message', roomId, messageId: inserted.id, changed: false });
    return inserted.id;
  });
}

/**
 * A moderator decided on a held message: let through (announced to the room
 * as if just sent, its mentions told) or discarded (removed, still unseen by the room).
 */
export async function settleHeldMessage(ctx: AppContext, messageId: number, publish: boolean) {
  if (!publish) {
    const row = await ctx.db.updateTable('room_messages').set({ removed_at: new Date(), body: '' }).where('id', '=', messageId).where('held_at', 'is not', null).where('removed_at', 'is', null).returning('photo_media_id').executeTakeFirst();
    if (row?.photo_media_id) await repo.releasePhoto(ctx.db, row.photo_media_id);
    return;
  }
  const released = await ctx.db.transaction().execute(async (tx) => {
    const row = await repo.releaseHeldMessage(tx, messageId);
    if (!row) return null;
    await repo.lockRoom(tx, row.room_id);
    await repo.recordMessage(tx, row.room_id, messageId, row.sender_id);
    await publishWithin(tx, [], { type: 'room-message', roomId: row.room_id, messageId, changed: false });
    return row;
  });
  if (!released) return;
  const sender = await authorOf(ctx.db, released.sender_id);
  if (sender) await notifyRoomMentions(ctx.db, sender, released.room_id, messageId, released.body);
}

/** `@username` in a room tells the member, if they are in it. */
async function notifyRoomMentions(db: Db, author: Author, roomId: number, messageId: number, body: string) {
  const told = await mentionedWhoMay(db, author, body, 'room.read', roomId);
  if (told.length === 0) return;
  const room = (await repo.findRoom(db, roomId))!;
  const title = room.activity_id !== null ? ((await activitiesRepo.findActivities(db, [room.activity_id]))[0]?.title ?? '') : ((await groupsRepo.groupNames(db, [room.group_id!])).get(room.group_id!) ?? '');
  await notify(db, told, { kind: 'mention', actorId: author.id, subject: { kind: 'room', id: roomId }, groupId: room.group_id, data: { title, messageId, excerpt: excerpt(body) } });
}

async function announceChange(db: Db, roomId: number, messageId: number) {
  await publishWithin(db, [], { type: 'room-message', roomId, messageId, changed: true });
}

/** The room's moderators pin a message (the meeting point, what to bring) or unpin it. */
export async function pinMessage(db: Db, viewer: SignedInViewer, roomId: number, messageId: number, pinned: boolean) {
  await requireAccess(db, viewer, 'room.moderate', roomId);
  if (!(await repo.setPinned(db, roomId, messageId, pinned ? viewer.id : null))) throw new NotFoundError('message');
  await announceChange(db, roomId, messageId);
  return loadOne(db, viewer, messageId);
}

/** Its sender or a moderator removes a message; it stays as a placeholder and its photo goes. */
export async function removeMessage(db: Db, viewer: SignedInViewer, roomId: number, messageId: number) {
  const message = await repo.findMessage(db, roomId, messageId);
  if (!message || message.removed_at) {
    await requireAccess(db, viewer, 'room.read', roomId);
    throw new NotFoundError('message');
  }
  await requireAccess(db, viewer, message.sender_id === viewer.id ? 'room.read' : 'room.moderate', roomId);
  await db.transaction().execute(async (tx) => {
    const removed = await repo.removeMessage(tx, roomId, messageId, viewer.id);
    if (removed?.photo_media_id) await repo.releasePhoto(tx, removed.photo_media_id);
    await announceChange(tx, roomId, messageId);
  });
}

/** A moderator mutes a member of the room for a while (or lifts it). */
export async function muteMember(db: Db, viewer: SignedInViewer, roomId: number, input: MuteMemberBody | { username: string; minutes: 0 }) {
  await requireAccess(db, viewer, 'room.moderate', roomId);
  const member = await getUserByUsername(db, input.username);
  if (member.id === viewer.id) throw new ValidationError('You cannot mute yourself.', { username: 'is you' });
  if (input.minutes === 0) await repo.unmuteMember(db, roomId, member.id);
  else await repo.muteMember(db, roomId, member.id, new Date(Date.now() + input.minutes * 60_000), viewer.id);
}

export async function markRead(db: Db, viewer: SignedInViewer, roomId: number, upTo: number) {
  await requireAccess(db, viewer, 'room.read', roomId);
  await repo.markRead(db, roomId, viewer.id, upTo);
}
