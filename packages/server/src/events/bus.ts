import type { Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { LiveOutbox } from './outbox.js';

/**
 * Live events for members (a new message, a read mark, a notification, a session ended), addressed by user id.
 * They travel through PostgreSQL's LISTEN/NOTIFY (the default, on the server and in the embedded database
 * alike) or through Redis pub/sub (KINDRED_EVENT_BUS=redis), so a member connected to any server instance
 * receives what another instance published, and an event published inside a transaction (`publishWithin`)
 * is delivered when it commits and never if it rolls back. On Redis the database's driver keeps a
 * transaction's events and publishes them after its COMMIT (see outbox.ts).
 *
 * NOTIFY payloads are limited to 8000 bytes, so a message travels as its id
 * and each instance loads it once for its own connected members; a long list
 * of members is sent in several notifications.
 */
export type LiveEvent =
  | { type: 'message'; messageId: number }
  | { type: 'read'; conversationId: number; userId: number; upTo: number }
  /** A member signed out: every instance forgets the session and closes its live connections. */
  | { type: 'session-ended'; tokenHash: string }
  /** A member's role changed: every instance forgets the session it cached, which is read again on its next request. */
  | { type: 'session-changed'; tokenHash: string }
  /** New or grown notifications: `ids[i]` is the notification of `users[i]`. */
  | { type: 'notification'; ids: number[] }
  /** The members' unread counts changed (read on one of their devices). */
  | { type: 'unread' }
  /**
   * A room's message, new or changed (pinned, removed). Sent to every instance once, addressed to no one:
   * each instance finds which of its connected members may read the room.
   */
  | { type: 'room-message'; roomId: number; messageId: number; changed: boolean };

export interface Addressed {
  users: number[];
  event: LiveEvent;
}

export interface EventBus {
  /** Delivers to every instance, now (see publishWithin for events that belong to a transaction). */
  publish(users: number[], event: LiveEvent): Promise<void>;
  /** Every event published anywhere, in publishing order per instance. */
  subscribe(listener: (addressed: Addressed) => void): () => void;
  close(): Promise<void>;
}

export const CHANNEL = 'kindred_events';
/** Members per NOTIFY: their ids (and a notification id each) stay well inside the 8000-byte payload. */
const USERS_PER_NOTIFY = 300;

/**
 * Publishes through `db`: inside a transaction the event goes out when it
 * commits, and not at all if it rolls back.
 */
export async function publishWithin(db: Kysely<any>, users: number[], event: LiveEvent) {
  if (event.type === 'room-message') {
    await sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ users: [], event } satisfies Addressed)})`.execute(db);
    return;
  }
  for (let at = 0; at < users.length; at += USERS_PER_NOTIFY) {
    const chunk = users.slice(at, at + USERS_PER_NOTIFY);
    const part: LiveEvent = event.type === 'notification' ? { type: 'notification', ids: event.ids.slice(at, at + USERS_PER_NOTIFY) } : event;
    await sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ users: chunk, event: part } satisfies Addressed)})`.execute(db);
  }
}

/**
 * SQL announcing a room's new message (`messageId`, an SQL expression) to every instance when its transaction commits.
 * Only for NOTIFY: with an outbox (outboxOf(db) is not null) the writer announces the stored id with publishWithin.
 */
export function roomMessageNotice(roomId: number, messageId: RawBuilder<number>) {
  return sql<string>`pg_notify(${CHANNEL}, json_build_object('users', json_build_array(), 'event',
    json_build_object('type', 'room-message', 'roomId', ${roomId}::bigint, 'messageId', ${messageId}, 'changed', false))::text)`;
}

function parsed(payload: string, listeners: Listeners, warn: (error: unknown, message: string) => void) {
  try {
    listeners.emit(JSON.parse(payload) as Addressed);
  } catch (error) {
    warn(error, 'dropped a malformed live event');
  }
}

class Listeners {
  private readonly set = new Set<(addressed: Addressed) => void>();
  add(listener: (addressed: Addressed) => void) {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }
  emit(addressed: Addressed) {
    for (const listener of this.set) listener(addressed);
  }
}

/** The embedded database: its notifications come from its thread (one process). */
export function embeddedBus(db: Kysely<any>, onNotification: (listener: (payload: string) => void) => () => void, warn: (error: unknown, message: string) => void): EventBus {
  const listeners = new Listeners();
  const stop = onNotification((payload) => parsed(payload, listeners, warn));
  return {
    publish: (users, event) => publishWithin(db, users, event),
    subscribe: (listener) => listeners.add(listener),
    async close() {
      stop();
    },
  };
}

/** No database at all (tools that build a context to read plans): events go straight to the listeners. */
export function inProcessBus(): EventBus {
  const listeners = new Listeners();
  return {
    async publish(users, event) {
      if (users.length > 0 || event.type === 'room-message') queueMicrotask(() => listeners.emit({ users, event }));
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {},
  };
}

/**
 * Several processes on one PostgreSQL: a dedicated connection LISTENs, publishing is a NOTIFY through the pool.
 * When the listening connection is lost (the database restarted, the backend was terminated) it is opened
 * again, waiting a little longer after each failed attempt, up to a few seconds; events published while it
 * was away are not replayed here (a live client catches up with `since` when it reconnects).
 */
export async function postgresBus(db: Kysely<any>, connectionString: string, warn: (error: unknown, message: string) => void): Promise<EventBus> {
  const listeners = new Listeners();
  let client: pg.Client | null = null;
  let closing = false;
  let retry: NodeJS.Timeout | null = null;
  let failures = 0;

  function listenAgainSoon() {
    if (closing || retry) return;
    const delay = Math.min(250 * 2 ** failures, 5000);
    failures++;
    retry = setTimeout(() => {
      retry = null;
      listen(false).catch(() => {});
    }, delay);
    retry.unref();
  }

  async function listen(first: boolean) {
    const next = new pg.Client({ connectionString, connectionTimeoutMillis: 5000, keepAlive: true });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      next.end().catch(() => {});
      if (closing || first) return;
      warn(error, 'live event connection lost; reconnecting');
      listenAgainSoon();
    };
    next.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) parsed(msg.payload, listeners, warn);
    });
    next.on('error', onLost);
    next.on('end', () => onLost(new Error('Connection terminated')));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      onLost(error);
      throw error;
    }
    first = false;
    if (lost) return listenAgainSoon();
    if (closing) return void (await next.end().catch(() => {}));
    failures = 0;
    client = next;
  }
  await listen(true);

  return {
    publish: (users, event) => publishWithin(db, users, event),
    subscribe: (listener) => listeners.add(listener),
    async close() {
      closing = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

/**
 * Several processes sharing a Redis: one connection SUBSCRIBEs to `channel`, another PUBLISHes. Events written in a
 * transaction reach Redis through `outbox` after their COMMIT; each committed transaction is one message.
 * A lost connection is opened again by the client (waiting longer after each failed attempt, up to a few
 * seconds) and the subscription renewed; events published meanwhile are dropped, not queued or replayed (a live
 * client catches up with `since` when it reconnects), so an outage costs neither memory nor a stuck request.
 */
export async function redisBus(redisUrl: string, channel: string, outbox: LiveOutbox, warn: (error: unknown, message: string) => void): Promise<EventBus> {
  const listeners = new Listeners();
  const retryStrategy = (attempt: number) => Math.min(250 * 2 ** Math.min(attempt - 1, 5), 5000);
  // Named after the process, so an operator (or a test) can tell this instance's connections in CLIENT LIST.
  const subscriber = new Redis(redisUrl, { lazyConnect: true, retryStrategy, maxRetriesPerRequest: null, connectionName: `kindred-events-in-${process.pid}` });
  const publisher = new Redis(redisUrl, { lazyConnect: true, retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: `kindred-events-out-${process.pid}` });
  let closing = false;
  // One warning per outage and connection, not one per reconnection attempt.
  for (const [connection, name] of [[subscriber, 'subscribing'], [publisher, 'publishing']] as const) {
    let down = false;
    connection.on('error', (error) => {
      if (closing || down) return;
      down = true;
      warn(error, `live event ${name} connection to Redis lost; reconnecting`);
    });
    connection.on('ready', () => void (down = false));
  }
  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return;
    try {
      for (const addressed of JSON.parse(message) as Addressed[]) listeners.emit(addressed);
    } catch (error) {
      warn(error, 'dropped a malformed live event');
    }
  });
  try {
    await subscriber.connect();
    await subscriber.subscribe(channel);
    await publisher.connect();
  } catch (error) {
    closing = true;
    subscriber.disconnect();
    publisher.disconnect();
    throw error;
  }

  async function send(batch: Addressed[]) {
    try {
      await publisher.publish(channel, JSON.stringify(batch));
    } catch (error) {
      if (!closing) warn(error, 'dropped a live event: Redis is unavailable');
    }
  }
  outbox.attach((batch) => void send(batch));

  return {
    publish: (users, event) => send([{ users, event }]),
    subscribe: (listener) => listeners.add(listener),
    async close() {
      closing = true;
      outbox.attach(() => {});
      await Promise.all([subscriber.quit().catch(() => subscriber.disconnect()), publisher.quit().catch(() => publisher.disconnect())]);
    },
  };
}

/**
 * The Redis channel of one deployment: instances on the same database share it (as they share NOTIFY's channel),
 * and deployments on other databases sharing the Redis never see each other's events.
 */
export function liveEventChannel(config: { databaseUrl: string | null; dataDir: string }) {
  let where = config.dataDir;
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `${CHANNEL}:${where}`;
}
