import type { ChatMessage, Conversation, PageOf, SendMessageBody } from '@kindred/contract';
import { requireAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { appendMedia } from '../media/media.repository.js';
import * as repo from './chat.repository.js';
import { presentConversations, presentMessage } from './chat.views.js';
import { scheduleJobWithin } from '../../jobs/jobs.repository.js';
import { fileHeld, screenText } from '../moderation/held.js';
import { screen } from '../moderation/keywords.js';
import { CHAT_AWAY_MS, markConversationRead } from '../notifications/notifications.service.js';

/** How many missed messages a reconnecting client is sent; beyond that it reloads history pages. */
export const REPLAY_LIMIT = 500;

/**
 * The conversation between two members, made when they first become
 * companions; an activity they met over is remembered on it.
 */
export async function openConversation(tx: Tx, a: number, b: number, activityId: number | null): Promise<number> {
  const [low, high] = a < b ? [a, b] : [b, a];
  const existing = await repo.findConversationBetween(tx, low, high);
  if (existing) {
    if (activityId !== null && existing.activity_id !== activityId) await repo.setConversationActivity(tx, existing.id, activityId);
    return existing.id;
  }
  const created = await repo.insertConversation(tx, low, high, activityId);
  // A concurrent accept may have made it first.
  return created ?? (await repo.findConversationBetween(tx, low, high))!.id;
}

/**
 * The words that brought two members together (an invite's or an
 * application's message) become the first message of the conversation it
 * opened, from the member who wrote them, so both read it where they talk.
 * Stored once per invite; text the keyword filter stops waits for review,
 * as a sent message would. Returns what to announce once committed.
 */
export async function postOpeningMessage(tx: Tx, conversationId: number, senderId: number, text: string, inviteId: number) {
  const body = text.trim();
  if (!body) return null;
  const verdict = await screen(tx, { body });
  await repo.lockConversation(tx, conversationId);
  const message = await repo.insertMessage(tx, { conversation_id: conversationId, sender_id: senderId, body, client_id: `invite-${inviteId}`, photo_media_id: null, held_at: verdict ? new Date() : null });
  if (!message) return null;
  if (verdict) await fileHeld(tx, { kind: 'conversation', id: conversationId }, senderId, verdict, { messageIds: [message.id] });
  else {
    await deliverWithin(tx, conversationId, message.id, senderId, message.created_at);
    // The one who accepted read it in the invite: it is not news to them.
    const conversation = (await repo.findConversation(tx, conversationId))!;
    await repo.markRead(tx, conversationId, conversation.user_low === senderId ? conversation.user_high : conversation.user_low, message.id);
  }
  return { conversationId, messageId: message.id, senderId, held: verdict !== null };
}

/** Delivers a committed opening message live: to both members, or to its sender alone while it is held. */
export async function announceOpeningMessage(ctx: AppContext, opening: NonNullable<Awaited<ReturnType<typeof postOpeningMessage>>>) {
  const conversation = (await repo.findConversation(ctx.db, opening.conversationId))!;
  await ctx.events.publish(opening.held ? [opening.senderId] : [conversation.user_low, conversation.user_high], { type: 'message', messageId: opening.messageId });
}

/** A conversation the viewer may use (its two members, neither blocking the other), with the other member. */
async function requireConversation(db: Db, viewer: SignedInViewer, id: number) {
  await requireAccess(db, viewer, 'conversation.read', id);
  const row = (await repo.findConversation(db, id))!;
  return { row, otherId: row.user_low === viewer.id ? row.user_high : row.user_low };
}

export async function listConversations(ctx: AppContext, viewer: SignedInViewer, query: { cursor?: string; limit?: number }): Promise<PageOf<Conversation> & { unread: number }> {
  const limit = query.limit ?? 20;
  const rows = await repo.conversationsOf(ctx.db, viewer.id, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.updated_key, r.id]);
  const [items, unread] = await Promise.all([presentConversations(ctx.db, viewer, page.rows), repo.totalUnread(ctx.db, viewer.id)]);
  return { items, nextCursor: page.nextCursor, unread };
}

export async function getConversation(ctx: AppContext, viewer: SignedInViewer, id: number): Promise<Conversation> {
  const { row } = await requireConversation(ctx.db, viewer, id);
  const [conversation] = await presentConversations(ctx.db, viewer, [row]);
  if (!conversation) throw new NotFoundError('conversation');
  return conversation;
}

export async function listMessages(ctx: AppContext, viewer: SignedInViewer, id: number, query: { cursor?: string; limit?: number }): Promise<PageOf<ChatMessage>> {
  await requireAccess(ctx.db, viewer, 'conversation.read', id);
  const limit = query.limit ?? 30;
  const before = decodeCursor(query.cursor, 'n');
  const rows = await repo.messagesPage(ctx.db, id, viewer.id, before ? Number(before[0]) : null, limit);
  const page = toPage(rows, limit, (r) => [r.id]);
  return { items: page.rows.map(presentMessage), nextCursor: page.nextCursor };
}

/**
 * Stores a message and delivers it live to both members (the sender's other
 * tabs too). Sending is idempotent per client id: a retry gets the stored
 * message back and nothing is delivered twice.
 */
export async function sendMessage(ctx: AppContext, viewer: SignedInViewer, conversationId: number, input: SendMessageBody): Promise<ChatMessage> {
  const { body, photo, clientId } = input;
  if (!body.trim() && !photo) throw new ValidationError('A message needs text or a photo.', { body: 'must not be blank without a photo' });
  const held = await screenText(ctx.db, { body });
  const stored = await ctx.db.transaction().execute(async (tx) => {
    // Messages of one conversation commit in id order, so live delivery and catch-up agree.
    await repo.lockConversation(tx, conversationId);
    await requireAccess(tx, viewer, 'conversation.send', conversationId);
    // The photo belongs to the conversation (its two members may see it), the message points at it.
    if (photo) await appendMedia(tx, viewer.id, 'conversation', conversationId, [photo]);
    const message = await repo.insertMessage(tx, { conversation_id: conversationId, sender_id: viewer.id, body, client_id: clientId, photo_media_id: photo?.id ?? null, held_at: held ? new Date() : null });
    if (!message) return message;
    // A held message reaches only its sender's tabs until a moderator lets it through.
    if (held) await fileHeld(tx, { kind: 'conversation', id: conversationId }, viewer.id, held, { messageIds: [message.id] });
    else await deliverWithin(tx, conversationId, message.id, viewer.id, message.created_at);
    return message;
  });
  if (!stored) {
    const existing = await repo.findMessageByClientId(ctx.db, conversationId, viewer.id, clientId);
    if (!existing) throw new NotFoundError('message');
    return presentMessage(existing);
  }
  const conversation = (await repo.findConversation(ctx.db, conversationId))!;
  await ctx.events.publish(held ? [viewer.id] : [conversation.user_low, conversation.user_high], { type: 'message', messageId: stored.id });
  return presentMessage(stored);
}

/** The message is in the conversation: it moves up for both, and still unread a while later it becomes a notification (one per conversation and wait). */
async function deliverWithin(tx: Tx, conversationId: number, messageId: number, senderId: number, at: Date) {
  const recipient = await repo.recordMessage(tx, conversationId, messageId, senderId, at);
  await scheduleJobWithin(tx, 'chat.away', `${conversationId}:${recipient}`, CHAT_AWAY_MS, { conversationId, userId: recipient }).execute();
}

/**
 * A moderator decided on a conversation's held messages: let through or
 * dropped (gone from its sender's view too). One let through is sent anew, as
 * if just sent: a conversation's messages are delivered and replayed in id
 * order, so it takes the next id rather than its old place.
 */
export async function settleHeldMessages(ctx: AppContext, conversationId: number, messageIds: number[], publish: boolean) {
  if (messageIds.length === 0) return;
  const released = await ctx.db.transaction().execute(async (tx) => {
    await repo.lockConversation(tx, conversationId);
    if (!publish) {
      await tx.deleteFrom('messages').where('conversation_id', '=', conversationId).where('id', 'in', messageIds).where('held_at', 'is not', null).execute();
      return [];
    }
    const held = await tx
      .deleteFrom('messages')
      .where('conversation_id', '=', conversationId)
      .where('id', 'in', messageIds)
      .where('held_at', 'is not', null)
      .returning(['id', 'sender_id', 'body', 'photo_media_id'])
      .execute();
    const sent: { id: number }[] = [];
    for (const row of held.sort((a, b) => a.id - b.id)) {
      const message = await tx
        .insertInto('messages')
        .values({ conversation_id: conversationId, sender_id: row.sender_id, body: row.body, photo_media_id: row.photo_media_id, client_id: null })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      await deliverWithin(tx, conversationId, message.id, row.sender_id, message.created_at);
      sent.push(message);
    }
    return sent;
  });
  if (released.length === 0) return;
  const conversation = (await repo.findConversation(ctx.db, conversationId))!;
  for (const row of released) await ctx.events.publish([conversation.user_low, conversation.user_high], { type: 'message', messageId: row.id });
}

export async function markRead(ctx: AppContext, viewer: SignedInViewer, conversationId: number, upTo: number) {
  const access = await requireConversation(ctx.db, viewer, conversationId);
  const mark = await repo.markRead(ctx.db, conversationId, viewer.id, upTo);
  if (!mark) return;
  await ctx.events.publish([viewer.id, access.otherId], { type: 'read', conversationId, userId: viewer.id, upTo: mark.last_read_id });
  await markConversationRead(ctx, viewer.id, conversationId);
}

/** What a reconnecting member missed, oldest first, without conversations hidden by a block. */
export async function missedMessages(db: Db, viewer: SignedInViewer, since: number): Promise<ChatMessage[]> {
  const rows = await repo.messagesSince(db, viewer.id, since, REPLAY_LIMIT);
  return rows.map(presentMessage);
}

export function latestMessageId(db: Db, viewer: SignedInViewer) {
  return repo.latestMessageId(db, viewer.id);
}

export async function loadMessage(db: Db, id: number): Promise<ChatMessage | null> {
  const [row] = await repo.findMessages(db, [id]);
  return row ? presentMessage(row) : null;
}
