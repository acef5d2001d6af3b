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

/** The minimal pool Kysely's PostgresDialect needs: the primary's prepared-statement pool has this shape too. */
export interface ConnectionPool {
  connect(): Promise<pg.PoolClient>;
  end(): Promise<void>;
}

export interface ReadReplica {
  /** Reads on the replica, each falling back to the primary on a connection error. */
  db: Db;
  /** False while the replica is left alone after a connection error. */
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
  options: { poolSize: number; types: pg.PoolConfig['types']; primary: ConnectionPool; prepared: (pool: pg.Pool) => ConnectionPool },
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: fallbackPool(options.prepared(pool), options.primary, health) }) });
  return {
    db,
    available: () => health.available(),
    close: () => db.destroy(),
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
