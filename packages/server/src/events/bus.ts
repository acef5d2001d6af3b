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

/** Several processes on one PostgreSQL: a dedicated connection LISTENs, publishing is a NOTIFY through the pool. */
export async function postgresBus(db: Kysely<any>, connectionString: string, warn: (error: unknown, message: string) => void): Promise<EventBus> {
  const listeners = new Listeners();
  let client: pg.Client | null = null;
  let closing = false;
  let retry: NodeJS.Timeout | null = null;

  async function connect() {
    const next = new pg.Client({ connectionString });
    next.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        listeners.emit(JSON.parse(msg.payload) as Addressed);
      } catch (error) {
        warn(error, 'dropped a malformed live event');
      }
    });
    const reconnect = (error?: Error) => {
      if (closing || client !== next) return;
      client = null;
      warn(error, 'live event connection lost; reconnecting');
      retry = setTimeout(() => void connect().catch(() => reconnect()), 1000);
    };
    next.on('error', reconnect);
    next.on('end', () => reconnect());
    client = next;
    await next.connect();
    await next.query(`LISTEN ${CHANNEL}`);
  }
  await connect();

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
