import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from './connection-errors.js';
import type { Db } from './database.js';
import type { DB } from './schema.js';

/**
 * Reads that tolerate a second of lag (search, stored recommendations, nearby
 * activities, companion search, public pages for signed-out visitors) may go
 * to a streaming replica of the PostgreSQL server (DATABASE_REPLICA_URL);
 * everything else stays on the primary. Routes ask `ctx.readDb(request)` for
 * the database to read from, and this module alone decides:
 *
 * - A client that sent a write (any method but GET, HEAD or OPTIONS) in the
 *   last PIN_SECONDS reads from the primary, so it sees its own writes. The
 *   time of its last write travels in a cookie, so every server instance
 *   knows it without sharing any state (see docs/decisions.md).
 * - A read on the replica that fails with a connection error (the replica is
 *   down, restarting, unreachable) runs again on the primary, so the request
 *   does not fail; the replica is then left alone for BACKOFF_MS and tried
 *   again after.
 * - The replica's lag is bounded: every LAG_CHECK_MS this instance notes the
 *   primary's WAL position and asks how far the replica has replayed. The
 *   replica is used only while it has replayed everything the primary had
 *   written `maxLagMs` ago (KINDRED_REPLICA_MAX_LAG_MS, a second by default);
 *   a replica further behind, or one that has not answered the check lately,
 *   is skipped until it catches up.
 * - Nothing writes through the replica: its sessions are read-only, and a read
 *   path that must write (a member's first ranking) writes on the primary.
 */

/** How long after a client's write its reads stay on the primary: well above the replica's usual lag. */
export const PIN_SECONDS = 5;
export const PIN_COOKIE = 'kindred_wrote';
/** How long the replica is left alone after a connection error before reads try it again. */
export const BACKOFF_MS = 3000;
/** A replica that does not answer is given up on sooner than the primary: the primary is there to answer instead. */
const CONNECT_TIMEOUT_MS = 1500;
/** How far behind the primary the replica may be and still be read from, unless configured (KINDRED_REPLICA_MAX_LAG_MS). */
export const DEFAULT_MAX_LAG_MS = 1000;
/** How often the replica's lag is measured. */
export const LAG_CHECK_MS = 200;
/** The application name of the replica session that measures its lag (one per instance, apart from the reads' pool). */
export const LAG_CHECK_APPLICATION = 'kindred replica lag check';

/** The minimal pool Kysely's PostgresDialect needs: the primary's prepared-statement pool has this shape too. */
export interface ConnectionPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

export interface ReadReplica {
  /** Reads on the replica, each falling back to the primary on a connection error. */
  db: Db;
  /** False while the replica is left alone after a connection error, or is further behind the primary than the bound. */
  available(): boolean;
  close(): Promise<void>;
}

/** Whether the replica is usable now: after a connection error it is skipped for BACKOFF_MS. */
class ReplicaHealth {
  private downUntil = 0;
  constructor(private readonly warn: (error: unknown, message: string) => void) {}
  available() {
    return Date.now() >= this.downUntil;
  }
  lost(error: unknown) {
    if (this.available()) this.warn(error, 'the read replica is unreachable; reading from the primary meanwhile');
    this.downUntil = Date.now() + BACKOFF_MS;
  }
}

/** A WAL position (`16/B374D848`) as a number that orders like it. */
function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/**
 * How far behind the primary the replica is, as an upper bound: the primary's
 * WAL position is noted with the time at each check, and the replica is as
 * fresh as the latest noted position it has replayed. A replica that is not
 * in recovery (no replay position) is as fresh as the primary.
 */
/** A minute of lag checks. */
const MAX_MARKS = 60_000 / LAG_CHECK_MS;

export class ReplicaLag {
  private marks: { at: number; lsn: bigint }[] = [];
  private freshAt = Number.NEGATIVE_INFINITY;
  constructor(private readonly maxLagMs: number) {}
  /** The primary was at `lsn` at `at`; the replica has replayed up to `replayed` (null: it is not a standby). */
  observe(at: number, lsn: bigint, replayed: bigint | null) {
    this.marks.push({ at, lsn });
    const caughtUp = this.marks.filter((mark) => replayed === null || mark.lsn <= replayed);
    if (caughtUp.length > 0) this.freshAt = Math.max(this.freshAt, caughtUp[caughtUp.length - 1]!.at);
    // Marks the replica has passed are no longer needed: the newest of them is freshAt. Behind for long, it
    // keeps the latest minute's (forgetting older ones only makes it count as staler until it passes them).
    this.marks = this.marks.filter((mark) => mark.at > this.freshAt).slice(-MAX_MARKS);
  }
  /** Whether everything the primary had written maxLagMs ago is on the replica. */
  withinBound(now: number = Date.now()) {
    return now - this.freshAt <= this.maxLagMs;
  }
}

/** A replica cancels a read whose rows its replay must remove (a conflict with recovery); the primary has no such conflict. */
function isRecoveryConflict(error: unknown) {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === '40001' && typeof message === 'string' && message.includes('conflict with recovery');
}

/**
 * A pool for Kysely whose connections are the replica's, each query of which
 * runs again on the primary when the replica's connection fails or the
 * replica cancels it for a conflict with its replay (outside a transaction:
 * a transaction's statements must share a session, so its failure is the
 * request's). When the replica gives no session at all, the connection
 * handed out is the primary's.
 */
function fallbackPool(replica: ConnectionPool, primary: ConnectionPool, health: ReplicaHealth): ConnectionPool {
  return {
    async connect() {
      if (!health.available()) return primary.connect();
      let client: pg.PoolClient;
      try {
        client = await replica.connect();
      } catch (error) {
        // Whatever keeps the replica from giving a session (down, refusing, not yet having the database), the primary can.
        health.lost(error);
        return primary.connect();
      }
      let inTransaction = false;
      let broken: Error | undefined;
      const connection = {
        async query(text: unknown, values?: unknown[]) {
          if (typeof text === 'string') {
            if (/^\s*(begin|start)\b/i.test(text)) inTransaction = true;
            else if (/^\s*(commit|rollback)\b/i.test(text)) inTransaction = false;
          }
          try {
            return await client.query(text as string, values);
          } catch (error) {
            const lost = isDatabaseUnavailable(error);
            if (lost) {
              broken ??= error as Error;
              health.lost(error);
            }
            if (inTransaction || !(lost || isRecoveryConflict(error))) throw error;
            const fallback = await primary.connect();
            try {
              return await fallback.query(text as string, values);
            } finally {
              fallback.release();
            }
          }
        },
        release: (destroy?: boolean | Error) => client.release(destroy || broken),
      };
      return connection as unknown as pg.PoolClient;
    },
    end: () => replica.end(),
  };
}

/**
 * Opens the replica's pool (lazily: a replica down at start is simply not
 * used until it answers) with the primary's types and options, its sessions
 * read-only.
 */
export function openReadReplica(
  url: string,
  options: { poolSize: number; maxLagMs: number; types: pg.PoolConfig['types']; primary: ConnectionPool; prepared: (pool: pg.Pool) => ConnectionPool },
  warn: (error: unknown, message: string) => void,
): ReadReplica {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    types: options.types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    options: '-c jit=off -c default_transaction_read_only=on',
  });
  pool.on('error', (error) => warn(error, 'an idle read replica connection was lost'));
  pool.on('connect', (client) => client.on('error', (error) => warn(error, 'a read replica connection was lost')));
  const health = new ReplicaHealth(warn);
  const lag = new ReplicaLag(options.maxLagMs);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: fallbackPool(options.prepared(pool), options.primary, health) }) });
  let measuring = false;
  const checks = setInterval(() => void measureLag(), LAG_CHECK_MS);
  checks.unref();
  /** The primary's WAL position now, or null when the primary cannot say (its trouble is the requests' to report). */
  async function primaryPosition(): Promise<bigint | null> {
    try {
      const primary = await options.primary.connect();
      try {
        return lsnValue((await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn);
      } finally {
        primary.release();
      }
    } catch {
      return null;
    }
  }
  /** How far the replica has replayed (null: it is not a standby), on a session of its own. */
  let lagSession: pg.Client | null = null;
  async function replayPosition(): Promise<bigint | null> {
    if (!lagSession) {
      const session = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: LAG_CHECK_APPLICATION });
      session.on('error', () => {
        if (lagSession === session) lagSession = null;
      });
      await session.connect();
      lagSession = session;
    }
    const session = lagSession;
    try {
      const { lsn } = (await session.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn')).rows[0]!;
      return lsn === null ? null : lsnValue(lsn);
    } catch (error) {
      lagSession = null;
      void session.end().catch(() => {});
      throw error;
    }
  }
  async function measureLag() {
    if (measuring || !health.available()) return;
    measuring = true;
    try {
      const at = Date.now();
      const position = await primaryPosition();
      if (position !== null) lag.observe(at, position, await replayPosition());
    } catch (error) {
      // Whatever keeps the replica from answering (down, refusing, not yet having the database), it is left alone a while.
      health.lost(error);
    } finally {
      measuring = false;
    }
  }
  return {
    db,
    available: () => health.available() && lag.withinBound(),
    close: async () => {
      clearInterval(checks);
      await lagSession?.end().catch(() => {});
      await db.destroy();
    },
  };
}

/** Whether this client wrote in the last PIN_SECONDS (its cookie says when; a time ahead of ours counts as now). */
function pinnedToPrimary(request: FastifyRequest): boolean {
  const wrote = Number(request.cookies?.[PIN_COOKIE]);
  return Number.isFinite(wrote) && wrote > 0 && Date.now() - wrote < PIN_SECONDS * 1000;
}

/**
 * `ctx.readDb`: the database a request's lag-tolerant reads go to. Without a
 * replica, the primary.
 */
export function readRouting(primary: Db, replica: ReadReplica | null): (request: FastifyRequest) => Db {
  if (!replica) return () => primary;
  return (request) => (replica.available() && !pinnedToPrimary(request) ? replica.db : primary);
}

/** With a replica, every write request marks its client as pinned to the primary for PIN_SECONDS. */
export function registerReadYourWrites(app: FastifyInstance, replica: ReadReplica | null) {
  if (!replica) return;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    reply.setCookie(PIN_COOKIE, String(Date.now()), { path: '/', maxAge: PIN_SECONDS, httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
  });
}
