import type pg from 'pg';

/**
 * Bulk loading through `insert … select … from unnest($1::t[], …)`: rows are
 * buffered per table column by column and sent as one array per column, a
 * batch at a time. Batches go to several connections (each statement its own
 * transaction), so the database works on a few of them at once while the
 * next is generated, and memory stays bounded by the few batches in flight.
 * Rows may land in any order: the foreign keys are set aside during the load.
 */
export type ParamType = 'bigint' | 'int' | 'float8' | 'bool' | 'text' | 'jsonb' | 'text[]' | 'time';

export interface ColumnSpec {
  name: string;
  /** A value sent per row; 'time' is epoch milliseconds, 'text[]' a string array. */
  type?: ParamType;
  /** Computed in SQL from the row's parameter columns instead (e.g. the search vector). */
  expr?: string;
}

export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
  /** Explicit values for an identity column. */
  overriding?: boolean;
  batch?: number;
}


export class TableBuffer {
  readonly params: ColumnSpec[];
  readonly cols: unknown[][];
  rows = 0;
  loaded = 0;
  /** Time the database spent storing this table's batches, summed over connections. */
  busyMs = 0;
  readonly text: string;
  readonly batch: number;

  constructor(readonly spec: TableSpec) {
    this.params = spec.columns.filter((c) => c.type);
    this.cols = this.params.map(() => []);
    this.batch = spec.batch ?? 20_000;
    const inner = this.params.map((c) => {
      if (c.type === 'time') return `to_timestamp(t.${c.name} / 1000.0) as ${c.name}`;
      if (c.type === 'jsonb' || c.type === 'text[]') return `t.${c.name}::${c.type} as ${c.name}`;
      return `t.${c.name}`;
    });
    const unnest = this.params.map((c, i) => `$${i + 1}::${paramType(c.type!)}[]`);
    const outer = spec.columns.map((c) => (c.type ? `s.${c.name}` : `${c.expr} as ${c.name}`));
    this.text =
      `insert into ${spec.table} (${spec.columns.map((c) => c.name).join(', ')})${spec.overriding ? ' overriding system value' : ''} ` +
      `select ${outer.join(', ')} from (select ${inner.join(', ')} from unnest(${unnest.join(', ')}) as t(${this.params.map((c) => c.name).join(', ')})) s`;
  }

  /** Adds one row: the parameter columns' values in spec order. */
  add(...values: unknown[]) {
    for (let i = 0; i < values.length; i++) this.cols[i]!.push(values[i]);
    this.rows++;
  }

  get full() {
    return this.rows >= this.batch;
  }

  /** The buffered rows as array literals, one per column; empties the buffer. */
  take(): string[] {
    const values = this.params.map((c, i) => arrayLiteral(c.type!, this.cols[i]!));
    for (let i = 0; i < this.cols.length; i++) this.cols[i] = [];
    this.rows = 0;
    return values;
  }
}

function paramType(type: ParamType): string {
  if (type === 'time') return 'float8';
  if (type === 'jsonb' || type === 'text[]') return 'text';
  return type;
}

const needsEscape = /["\\]/;

function quote(value: string): string {
  return needsEscape.test(value) ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${value}"`;
}

/** A PostgreSQL array literal of text values, e.g. {"hiking","board games"}. */
export function textArrayLiteral(values: readonly string[]): string {
  if (values.every((v) => plainElement.test(v))) return `{${values.join(',')}}`;
  return `{${values.map(quote).join(',')}}`;
}

/** Array elements that need no quotes (and are not the word NULL), like interest keys. */
const plainElement = /^(?!null$)[a-z0-9][a-z0-9-]*$/;

function arrayLiteral(type: ParamType, values: unknown[]): string {
  const n = values.length;
  if (n === 0) return '{}';
  // Fast path: one join when nothing needs quoting rules beyond the plain double quotes.
  if (!values.includes(null) && !values.includes(undefined)) {
    if (type === 'text' || type === 'jsonb') {
      let plain = true;
      for (let i = 0; i < n && plain; i++) plain = (values[i] as string).indexOf('"') < 0 && (values[i] as string).indexOf('\\') < 0;
      if (plain) return `{"${(values as string[]).join('","')}"}`;
    } else if (type === 'time') {
      // Whole milliseconds: integers turn into text much faster than fractions.
      for (let i = 0; i < n; i++) values[i] = Math.round(values[i] as number);
      return `{${values.join(',')}}`;
    } else if (type !== 'text[]' && type !== 'bool') {
      return `{${values.join(',')}}`;
    }
  }
  const parts: string[] = new Array(n);
  if (type === 'text' || type === 'jsonb') {
    for (let i = 0; i < n; i++) parts[i] = values[i] == null ? 'NULL' : quote(values[i] as string);
  } else if (type === 'text[]') {
    for (let i = 0; i < n; i++) parts[i] = values[i] == null ? 'NULL' : quote(textArrayLiteral(values[i] as string[]));
  } else if (type === 'bool') {
    for (let i = 0; i < n; i++) parts[i] = values[i] == null ? 'NULL' : values[i] ? 't' : 'f';
  } else {
    for (let i = 0; i < n; i++) parts[i] = values[i] == null ? 'NULL' : String(type === 'time' ? Math.round(values[i] as number) : values[i]);
  }
  return `{${parts.join(',')}}`;
}

interface Writer {
  client: pg.Client;
  tail: Promise<void>;
  queued: number;
}

export class BulkLoader {
  readonly tables = new Map<string, TableBuffer>();
  private writers: Writer[];
  private inFlight: Promise<void>[] = [];
  private failure: unknown = null;
  private lastYield = Date.now();

  constructor(clients: pg.Client[]) {
    this.writers = clients.map((client) => ({ client, tail: Promise.resolve(), queued: 0 }));
  }

  table(spec: TableSpec): TableBuffer {
    const buffer = new TableBuffer(spec);
    this.tables.set(spec.table, buffer);
    return buffer;
  }

  /** Sends a buffer's rows to the least busy connection; waits while every connection has two batches. */
  async flush(buffer: TableBuffer) {
    if (this.failure) throw this.failure;
    if (buffer.rows === 0) return;
    const rows = buffer.rows;
    const values = buffer.take();
    const writer = this.writers.reduce((a, b) => (b.queued < a.queued ? b : a));
    writer.queued++;
    const sent = writer.tail.then(async () => {
      try {
        if (this.failure) return;
        const started = performance.now();
        await writer.client.query({ name: `gen_${buffer.spec.table}`, text: buffer.text, values });
        buffer.loaded += rows;
        buffer.busyMs += performance.now() - started;
      } catch (error) {
        this.failure ??= error;
      } finally {
        writer.queued--;
      }
    });
    writer.tail = sent;
    this.inFlight.push(sent);
    while (this.inFlight.length > this.writers.length * 2) await this.inFlight.shift();
    if (this.failure) throw this.failure;
  }

  /** Sends every buffer holding a full batch. */
  async flushFull() {
    for (const buffer of this.tables.values()) if (buffer.full) await this.flush(buffer);
  }

  /** Lets queued batches go out on the sockets during long stretches of generation. */
  async breathe() {
    if (Date.now() - this.lastYield < 20) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.lastYield = Date.now();
    if (this.failure) throw this.failure;
  }

  /** Sends what is buffered and waits for every batch to be stored. */
  async drain() {
    for (const buffer of this.tables.values()) await this.flush(buffer);
    while (this.inFlight.length > 0) await this.inFlight.shift();
    if (this.failure) throw this.failure;
  }
}
