import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, type Dialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import { PGliteDialect } from './pglite-dialect.js';
import { preparedStatementPool } from './prepared-pool.js';
import { PGliteThread } from './pglite-thread.js';
import { DEFAULT_MAX_LAG_MS, openReadReplica, type ReadReplica } from './replica.js';
import type { DB } from './schema.js';
import { CHANNEL } from '../events/bus.js';
import type { LiveOutbox } from '../events/outbox.js';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;

export type ScriptRunner = (script: string) => Promise<Record<string, unknown>[]>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The streaming replica for reads that tolerate lag (DATABASE_REPLICA_URL), or null: see replica.ts. */
  replica: ReadReplica | null;
  /**
   * Runs `fn` on one dedicated session that executes multi-statement SQL
   * scripts (migrations, advisory locks); resolves with the last statement's rows.
   */
  withScriptSession<T>(fn: (exec: ScriptRunner) => Promise<T>): Promise<T>;
  /** The embedded database: NOTIFY payloads on the live events channel, as their transactions commit. */
  onNotification?(listener: (payload: string) => void): () => void;
  /** Flushes to disk and closes. */
  close(): Promise<void>;
}

// int8 (counts, bigint ids) and their arrays as JS numbers; values here stay far below 2^53.
const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    if (oid === INT8_ARRAY_OID) {
      const parseArray = pg.types.getTypeParser(INT8_ARRAY_OID as typeof INT8_OID, 'text');
      return (value: string) => (parseArray(value) as string[]).map(Number);
    }
    return pg.types.getTypeParser(oid, format as 'text');
  },
};


/**
 * Opens the configured database. On PostgreSQL a lost connection never stops
 * the process: its queries fail with a connection error (answered with 503
 * `database_unavailable`), the pool drops it, and the next request connects
 * afresh, so the server recovers by itself once the database is back.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'> & Partial<Pick<Config, 'databaseReplicaUrl' | 'replicaMaxLagMs' | 'dbWaitMs'>>,
  warn: (error: unknown, message: string) => void = () => {},
  /** Live events travel outside the database: its connections keep them until their transaction commits. */
  outbox?: LiveOutbox,
): Promise<Database> {
  const withOutbox = (dialect: Dialect) => (outbox ? outbox.dialect(dialect) : dialect);
  const plugins = outbox ? [outbox] : [];
  if (config.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: config.dbPoolSize,
      types: pgTypes,
      // How long a request waits for a connection before it gets 503 `database_unavailable`.
      connectionTimeoutMillis: config.dbWaitMs ?? 10_000,
      keepAlive: true,
      // Every query here is short and answered from indexes; compiling one (JIT, for large cost estimates such
      // as a feed over many followed members) takes longer than running it.
      options: '-c jit=off',
    });
    // An idle connection dropped by the server (restart, failover) is replaced on next use; it must not crash the process.
    pool.on('error', (error) => warn(error, 'an idle database connection was lost'));
    // Every connection handles its own loss from the moment it exists (the pool listens only while it is idle):
    // the query running on it fails and the pool replaces it, but the process goes on.
    pool.on('connect', (client) => client.on('error', (error) => warn(error, 'a database connection was lost')));
    // Fail fast with a clear message when the server is not reachable.
    const client = await pool.connect();
    client.release();
    const primary = preparedStatementPool(pool, (error) => warn(error, 'a database connection in use was lost'));
    const db = new Kysely<DB>({ dialect: withOutbox(new PostgresDialect({ pool: primary })), plugins });
    // Reads only, which publish nothing: the replica's connections need no outbox.
    const replica = config.databaseReplicaUrl
      ? openReadReplica(
          config.databaseReplicaUrl,
          {
            poolSize: config.dbPoolSize,
            maxLagMs: config.replicaMaxLagMs ?? DEFAULT_MAX_LAG_MS,
            types: pgTypes,
            primary,
            prepared: (replicaPool) => preparedStatementPool(replicaPool, (error) => warn(error, 'a read replica connection in use was lost')),
          },
          warn,
        )
      : null;
    return {
      db,
      kind: 'postgres',
      replica,
      async withScriptSession(fn) {
        const session = await pool.connect();
        let lost: Error | undefined;
        const onError = (error: Error) => (lost ??= error);
        session.on('error', onError);
        try {
          return await fn(async (script) => {
            const result = (await session.query(script)) as unknown as pg.QueryResult | pg.QueryResult[];
            return (Array.isArray(result) ? result.at(-1)?.rows : result.rows) ?? [];
          });
        } finally {
          session.off('error', onError);
          session.release(lost);
        }
      },
      async close() {
        await replica?.close();
        await db.destroy();
      },
    };
  }

  fs.mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGliteThread.start(path.join(config.dataDir, 'pgdata'), CHANNEL);
  const db = new Kysely<DB>({ dialect: withOutbox(new PGliteDialect(pglite)), plugins });
  return {
    db,
    kind: 'pglite',
    replica: null,
    onNotification: (listener) => pglite.onNotification(listener),
    async withScriptSession(fn) {
      return fn((script) => pglite.exec(script));
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
