import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';

/**
 * Live events for members (a new message, a read mark, a session ended), addressed by user id.
 * On PostgreSQL they travel through LISTEN/NOTIFY, so a member connected to
 * any server instance receives what another instance published; the embedded
 * database serves a single process, so there they stay in memory.
 *
 * NOTIFY payloads are limited to 8000 bytes, so a message travels as its id
 * and each instance loads it once for its own connected members.
 */
export type LiveEvent =
  | { type: 'message'; messageId: number }
  | { type: 'read'; conversationId: number; userId: number; upTo: number }
  /** A member signed out: every instance forgets the session and closes its live connections. */
  | { type: 'session-ended'; tokenHash: string };

export interface Addressed {
  users: number[];
  event: LiveEvent;
}

export interface EventBus {
  /** Delivers to every instance; call after the change has committed. */
  publish(users: number[], event: LiveEvent): Promise<void>;
  /** Every event published anywhere, in publishing order per instance. */
  subscribe(listener: (addressed: Addressed) => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'kindred_events';

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

/** One process: events go straight to the listeners. */
export function inProcessBus(): EventBus {
  const listeners = new Listeners();
  return {
    async publish(users, event) {
      if (users.length > 0) queueMicrotask(() => listeners.emit({ users, event }));
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
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        listeners.emit(JSON.parse(msg.payload) as Addressed);
      } catch (error) {
        warn(error, 'dropped a malformed live event');
      }
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
    async publish(users, event) {
      if (users.length === 0) return;
      await sql`select pg_notify(${CHANNEL}, ${JSON.stringify({ users, event } satisfies Addressed)})`.execute(db);
    },
    subscribe: (listener) => listeners.add(listener),
    async close() {
      closing = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
