import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ErrorCode, SendMessageBody, type ChatMessage, type RealtimeServerEvent } from '@kindred/contract';
import type { SignedInViewer } from '../../auth/viewer.js';
import { takeWriteLimit } from '../../auth/write-limits.js';
import type { AppContext } from '../../context.js';
import type { Addressed } from '../../events/bus.js';
import { AppError, ForbiddenError, UnauthenticatedError } from '../../errors.js';
import * as chat from './chat.service.js';
import * as notifications from '../notifications/notifications.service.js';
import * as rooms from '../rooms/rooms.service.js';
import { roomReaders } from '../../auth/access.js';
import { originAllowed } from '../../auth/origin.js';

const SendEvent = Type.Composite([Type.Object({ type: Type.Literal('send'), conversationId: Type.Integer({ minimum: 1 }) }), SendMessageBody]);
const SENDS_PER_WINDOW = 30;
const SEND_WINDOW_MS = 10_000;
const HEARTBEAT_MS = 30_000;
/** The most room messages delivered in one batch. */
const ROOM_BATCH = 500;

type RoomMessageEvent = Extract<Addressed['event'], { type: 'room-message' }>;

/**
 * One live connection of a member. Until catch-up is done, live events wait
 * in a buffer; each conversation's messages go out once, in id order.
 */
class Connection {
  private replaying = true;
  private buffer: RealtimeServerEvent[] = [];
  /** Per conversation, the newest message id sent down this socket. */
  private readonly delivered = new Map<number, number>();
  private readonly acked = new Set<number>();
  /** Client ids of this socket's sends still waiting for their ack. */
  readonly sending = new Set<string>();
  alive = true;
  sends: number[] = [];
  inbox: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    readonly viewer: SignedInViewer,
  ) {}

  deliver(event: RealtimeServerEvent) {
    if (this.replaying) this.buffer.push(event);
    else this.write(event);
  }

  /** Sends the missed messages, then what arrived meanwhile, then `ready`. */
  finishReplay(missed: ChatMessage[], lastMessageId: number) {
    for (const message of missed) this.write({ type: 'message', message });
    this.replaying = false;
    for (const event of this.buffer) this.write(event);
    this.buffer = [];
    this.write({ type: 'ready', lastMessageId: Math.max(lastMessageId, ...this.delivered.values()) });
  }

  write(event: RealtimeServerEvent) {
    if (event.type === 'ack') {
      // The sender's own socket has its message in the ack; the live copy is not sent again.
      const { id, conversationId } = event.message;
      if (id > (this.delivered.get(conversationId) ?? 0)) this.acked.add(id);
    } else if (event.type === 'message') {
      const { id, conversationId, senderId, clientId } = event.message;
      if (id <= (this.delivered.get(conversationId) ?? 0)) return;
      this.delivered.set(conversationId, id);
      if (this.acked.delete(id)) return;
      // This socket's own send, live before its ack went out: the ack carries it.
      if (senderId === this.viewer.id && clientId !== null && this.sending.has(clientId)) return;
    }
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frameOf(event));
  }
}

/** An event sent to many sockets (a room's message) is serialised once, not once per socket. */
const frames = new WeakMap<RealtimeServerEvent, string>();
function frameOf(event: RealtimeServerEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = JSON.stringify(event);
    frames.set(event, frame);
  }
  return frame;
}

/**
 * GET /realtime: a member's live channel (WebSocket) for chat messages, read marks and notifications, on
 * any instance. A notification costs each instance work only for the members connected to it.
 */
export function realtimeRoutes(app: FastifyInstance, ctx: AppContext) {
  const connections = new Map<number, Set<Connection>>();
  // Events are handled in arrival order, so a message loaded from the database can't overtake an earlier one;
  // room messages that arrived together go out as one batch, at the cost of one.
  const pending: Addressed[] = [];
  let draining = false;
  const unsubscribe = ctx.events.subscribe((addressed) => {
    pending.push(addressed);
    if (!draining) void drain();
  });

  async function drain() {
    draining = true;
    while (pending.length > 0) {
      let run = 0;
      while (run < pending.length && run < ROOM_BATCH && pending[run]!.event.type === 'room-message') run++;
      const batch = pending.splice(0, Math.max(run, 1));
      try {
        await (run > 1 ? dispatchRoomMessages(batch.map((b) => b.event as RoomMessageEvent)) : dispatch(batch[0]!));
      } catch (error) {
        app.log.error({ err: error }, 'live event dispatch failed');
      }
    }
    draining = false;
  }

  /**
   * Room messages are addressed to no one: this instance's connected members who may read the room get
   * them, each as they may see it. The readers of every room in the batch and every message are loaded once.
   */
  async function dispatchRoomMessages(events: RoomMessageEvent[]) {
    const readers = await roomReaders(ctx.db, [...new Set(events.map((e) => e.roomId))], [...connections.keys()]);
    const messages = await rooms.messagesForReaders(ctx.db, [...new Set(events.map((e) => e.messageId))], readers);
    for (const event of events) {
      // Readers who see a message alike share its object, so its frame is built once for all of them.
      const shared = new Map<object, RealtimeServerEvent>();
      for (const [id, message] of messages.get(event.messageId) ?? []) {
        const frame: RealtimeServerEvent = shared.get(message) ?? { type: event.changed ? 'room-message-changed' : 'room-message', message };
        shared.set(message, frame);
        for (const connection of connections.get(id) ?? []) connection.deliver(frame);
      }
    }
  }

  async function dispatch({ users, event }: Addressed) {
    if (event.type === 'room-message') return dispatchRoomMessages([event]);
    if (event.type === 'session-changed') return;
    let local = users.filter((id) => connections.has(id));
    if (local.length === 0) return;
    let out: RealtimeServerEvent;
    if (event.type === 'session-ended') {
      for (const id of local) {
        for (const connection of connections.get(id) ?? []) {
          if (connection.viewer.sessionHash === event.tokenHash) connection.socket.close(4401, 'signed out');
        }
      }
      return;
    }
    if (event.type === 'notification' || event.type === 'unread') {
      // Each connected member's own view: what they may see of it, and their count.
      for (const id of local) {
        const mine = connections.get(id);
        const viewer = mine?.values().next().value?.viewer;
        if (!viewer) continue;
        const unread = await notifications.unreadCount(ctx.db, viewer);
        const items = event.type === 'notification' ? await notifications.loadNotifications(ctx.db, viewer, [event.ids[users.indexOf(id)]!]) : [];
        const personal: RealtimeServerEvent = items[0] ? { type: 'notification', notification: items[0], unread } : { type: 'unread', unread };
        for (const connection of connections.get(id) ?? []) connection.deliver(personal);
      }
      return;
    }
    if (event.type === 'message') {
      const message = await chat.loadMessage(ctx.db, event.messageId);
      if (!message) return;
      out = { type: 'message', message };
      // A held message goes to its sender's tabs alone, whoever the event names.
      if (message.held) local = local.filter((id) => id === message.senderId);
    } else {
      out = event;
    }
    for (const id of local) for (const connection of connections.get(id) ?? []) connection.deliver(out);
  }

  const heartbeat = setInterval(() => {
    for (const set of connections.values()) {
      for (const connection of set) {
        if (!connection.alive) connection.socket.terminate();
        connection.alive = false;
        connection.socket.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    unsubscribe();
  });

  app.get(
    '/realtime',
    {
      websocket: true,
      schema: {
        tags: ['chat'],
        summary:
          'Live channel (WebSocket): replays my messages newer than `since`, then `ready`, then live messages, read marks, notifications (with my unread count) and unread counts; closed with code 4401 when the session signs out',
        querystring: Type.Object({ since: Type.Optional(Type.Integer({ minimum: 0 })) }),
      },
      // Refuse before upgrading: no session, or a page on another origin (cross-site WebSocket hijacking).
      preValidation: async (request) => {
        if (!originAllowed(request, ctx.config)) throw new AppError(403, ErrorCode.csrfFailed, 'Cross-site connections are not accepted.');
        if (!request.viewer) throw new UnauthenticatedError();
        if (!request.ws) throw new AppError(426, ErrorCode.upgradeRequired, 'Open this as a WebSocket.', undefined, { upgrade: 'websocket' });
      },
    },
    (socket, request) => {
      const viewer = request.viewer!;
      const connection = new Connection(socket, viewer);
      const mine = connections.get(viewer.id) ?? new Set();
      mine.add(connection);
      connections.set(viewer.id, mine);
      socket.on('pong', () => (connection.alive = true));
      socket.on('close', () => {
        mine.delete(connection);
        if (mine.size === 0) connections.delete(viewer.id);
      });
      // One event at a time per connection, so messages are stored in the order they were sent.
      socket.on('message', (raw) => {
        connection.inbox = connection.inbox
          .then(() => onClientEvent(connection, raw.toString()))
          .catch((error) => app.log.error({ err: error }, 'realtime event failed'));
      });

      const since = (request.query as { since?: number }).since;
      void (async () => {
        try {
          const [missed, latest] = await Promise.all([
            since === undefined ? Promise.resolve([]) : chat.missedMessages(ctx.db, viewer, since),
            chat.latestMessageId(ctx.db, viewer),
          ]);
          connection.finishReplay(missed, latest);
        } catch (error) {
          app.log.error({ err: error }, 'realtime catch-up failed');
          socket.close(1011, 'catch-up failed');
        }
      })();
    },
  );

  async function onClientEvent(connection: Connection, raw: string) {
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch {
      return connection.write({ type: 'error', code: ErrorCode.validationFailed, message: 'Events are JSON.' });
    }
    const type = (event as { type?: unknown })?.type;
    if (type === 'ping') return connection.write({ type: 'pong' });
    if (type !== 'send' || !Value.Check(SendEvent, event)) {
      const clientId = typeof (event as { clientId?: unknown })?.clientId === 'string' ? (event as { clientId: string }).clientId : undefined;
      return connection.write({ type: 'error', clientId, code: ErrorCode.validationFailed, message: 'Unknown or malformed event.' });
    }
    const now = Date.now();
    connection.sends = connection.sends.filter((t) => now - t < SEND_WINDOW_MS);
    if (connection.sends.length >= SENDS_PER_WINDOW) {
      return connection.write({ type: 'error', clientId: event.clientId, code: ErrorCode.rateLimited, message: 'Slow down a little.' });
    }
    connection.sends.push(now);
    connection.sending.add(event.clientId);
    try {
      // The member's message limit holds however the message is sent; the window above guards this one socket.
      await takeWriteLimit(ctx, 'message', connection.viewer);
      const message = await chat.sendMessage(ctx, connection.viewer, event.conversationId, { body: event.body, clientId: event.clientId });
      connection.write({ type: 'ack', clientId: event.clientId, message });
    } catch (error) {
      const known = error instanceof AppError ? error : new ForbiddenError('The message could not be sent.');
      if (!(error instanceof AppError)) app.log.error({ err: error }, 'realtime send failed');
      connection.write({ type: 'error', clientId: event.clientId, code: known.code, message: known.message });
    } finally {
      connection.sending.delete(event.clientId);
    }
  }
}
