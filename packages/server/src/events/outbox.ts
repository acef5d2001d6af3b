import type { CompiledQuery, DatabaseConnection, Dialect, Driver, Kysely, KyselyPlugin, QueryResult, TransactionSettings } from 'kysely';
import type { Addressed } from './bus.js';

/** The statement `publishWithin` sends for each event (see bus.ts); here it never reaches the database. */
export const NOTIFY_SQL = 'select pg_notify($1, $2)';

/**
 * Live events that travel outside the database (the Redis bus) but keep the meaning of NOTIFY: one
 * published inside a transaction goes out when that transaction commits, and never if it rolls back.
 *
 * The database's driver is wrapped. Every event `publishWithin` sends is a `select pg_notify(channel, payload)`
 * on the connection the writer is using; the wrapped connection keeps it instead of running it, with the
 * transaction that connection is in, and hands the transaction's events to the bus after its COMMIT has
 * succeeded (a rollback forgets them, and so does a rollback to a savepoint taken before them). Outside a
 * transaction the event goes out at once. The call sites stay as they are: a service cannot forget to flush.
 */
export class LiveOutbox implements KyselyPlugin {
  private send: ((batch: Addressed[]) => void) | null = null;

  constructor(private readonly channel: string) {}

  /** Where committed events go; until a bus is attached they are dropped (a tool that has no live members). */
  attach(send: (batch: Addressed[]) => void) {
    this.send = send;
  }

  /** The configured dialect, with its connections keeping live events until commit. */
  dialect(inner: Dialect): Dialect {
    const outbox = this;
    return {
      createAdapter: () => inner.createAdapter(),
      createQueryCompiler: () => inner.createQueryCompiler(),
      createIntrospector: (db) => inner.createIntrospector(db),
      createDriver: () => new OutboxDriver(inner.createDriver(), outbox),
    };
  }

  /** @internal */
  deliver(batch: Addressed[]) {
    if (batch.length > 0) this.send?.(batch);
  }

  /** @internal: the payload when `query` is a live event on this outbox's channel. */
  eventIn(query: CompiledQuery): string | null {
    if (query.sql !== NOTIFY_SQL || query.parameters[0] !== this.channel) return null;
    return String(query.parameters[1]);
  }

  // A plugin only so that `outboxOf` can find it from any Kysely instance or transaction; it changes nothing.
  transformQuery: KyselyPlugin['transformQuery'] = (args) => args.node;
  async transformResult(args: Parameters<KyselyPlugin['transformResult']>[0]) {
    return args.result;
  }
}

/** The outbox behind `db` (a database or one of its transactions), or null when events travel by NOTIFY. */
export function outboxOf(db: Kysely<any>): LiveOutbox | null {
  return (db.getExecutor().plugins.find((p) => p instanceof LiveOutbox) as LiveOutbox | undefined) ?? null;
}

const EMPTY: QueryResult<any> = { rows: [] };

class OutboxConnection implements DatabaseConnection {
  /** The events of the transaction in progress; null outside one. */
  pending: Addressed[] | null = null;
  savepoints = new Map<string, number>();

  constructor(
    readonly inner: DatabaseConnection,
    private readonly outbox: LiveOutbox,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const payload = this.outbox.eventIn(query);
    if (payload === null) return this.inner.executeQuery<R>(query);
    const addressed = JSON.parse(payload) as Addressed;
    if (this.pending) this.pending.push(addressed);
    else this.outbox.deliver([addressed]);
    return EMPTY as QueryResult<R>;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class OutboxDriver implements Driver {
  // One wrapper per pooled connection, so a connection's transaction state follows it.
  private readonly wrappers = new WeakMap<DatabaseConnection, OutboxConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly outbox: LiveOutbox,
  ) {}

  init() {
    return this.inner.init();
  }

  async acquireConnection() {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.wrappers.get(connection);
    if (!wrapper) this.wrappers.set(connection, (wrapper = new OutboxConnection(connection, this.outbox)));
    return wrapper;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = connection as OutboxConnection;
    await this.inner.beginTransaction(c.inner, settings);
    c.pending = [];
    c.savepoints.clear();
  }

  async commitTransaction(connection: DatabaseConnection) {
    const c = connection as OutboxConnection;
    const batch = c.pending ?? [];
    c.pending = null;
    await this.inner.commitTransaction(c.inner);
    this.outbox.deliver(batch);
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    const c = connection as OutboxConnection;
    c.pending = null;
    await this.inner.rollbackTransaction(c.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    const c = connection as OutboxConnection;
    await this.inner.savepoint!(c.inner, name, compile);
    c.savepoints.set(name, c.pending?.length ?? 0);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    const c = connection as OutboxConnection;
    await this.inner.rollbackToSavepoint!(c.inner, name, compile);
    const kept = c.savepoints.get(name);
    if (c.pending && kept !== undefined) c.pending.length = kept;
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    const c = connection as OutboxConnection;
    await this.inner.releaseSavepoint!(c.inner, name, compile);
    c.savepoints.delete(name);
  }

  async releaseConnection(connection: DatabaseConnection) {
    const c = connection as OutboxConnection;
    c.pending = null;
    await this.inner.releaseConnection(c.inner);
  }

  destroy() {
    return this.inner.destroy();
  }
}
