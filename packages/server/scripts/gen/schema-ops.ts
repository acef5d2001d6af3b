import type pg from 'pg';

/**
 * Secondary indexes and foreign keys of the tables being loaded are set aside
 * for the load and put back afterwards, from the definitions PostgreSQL itself
 * prints (pg_get_indexdef, pg_get_constraintdef), so they come back exactly as
 * the migrations made them. Building an index once over loaded rows is far
 * cheaper than updating it row by row (a GIN index most of all), and adding a
 * foreign key back checks every row in one join instead of a lookup per row.
 *
 * What was set aside is written to a table first, in the same transaction as
 * the drops, and each item is crossed off when it is back: a generation that
 * dies half-way leaves the list, and the next run (with --reset) or --check
 * finds it instead of a database that silently lacks its indexes.
 */
export const SET_ASIDE_TABLE = 'kindred_gen_set_aside';

export interface SetAsideItem {
  kind: 'index' | 'foreign_key';
  name: string;
  table: string;
  definition: string;
}

/** Items an interrupted generation left set aside; empty when there was none. */
export async function pendingSetAside(client: pg.Client): Promise<SetAsideItem[]> {
  const exists = await client.query(`select to_regclass($1) is not null as present`, [SET_ASIDE_TABLE]);
  if (!exists.rows[0].present) return [];
  const rows = await client.query<SetAsideItem>(`select kind, name, table_name as "table", definition from ${SET_ASIDE_TABLE}`);
  return rows.rows;
}

export async function setAsideIndexesAndKeys(client: pg.Client, tables: string[]): Promise<SetAsideItem[]> {
  await client.query('begin');
  try {
    const indexes = await client.query<SetAsideItem>(
      `select 'index' as kind, i.relname as name, t.relname as table, pg_get_indexdef(i.oid) as definition
       from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
       where n.nspname = current_schema() and t.relname = any($1)
         and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`,
      [tables],
    );
    const foreignKeys = await client.query<SetAsideItem>(
      `select 'foreign_key' as kind, c.conname as name, t.relname as table, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
       join pg_class t on t.oid = c.conrelid
       join pg_namespace n on n.oid = t.relnamespace
       where c.contype = 'f' and n.nspname = current_schema() and t.relname = any($1)
       order by t.relname, c.conname`,
      [tables],
    );
    const items = [...indexes.rows, ...foreignKeys.rows];
    await client.query(`create table ${SET_ASIDE_TABLE} (kind text not null, name text not null, table_name text not null, definition text not null, primary key (table_name, name))`);
    await client.query(`insert into ${SET_ASIDE_TABLE} select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])`, [
      items.map((i) => i.kind),
      items.map((i) => i.name),
      items.map((i) => i.table),
      items.map((i) => i.definition),
    ]);
    for (const fk of foreignKeys.rows) await client.query(`alter table ${ident(fk.table)} drop constraint ${ident(fk.name)}`);
    for (const index of indexes.rows) await client.query(`drop index ${ident(index.name)}`);
    await client.query('commit');
    return items;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

/**
 * Puts back everything on the list, side by side on all the connections.
 * Foreign keys go back first as NOT VALID (instant), then are validated like
 * any other task: validating takes only a light lock on the table referred to,
 * so it can run while that table's indexes build; it waits only for indexes on
 * its own table. Indexes go biggest first. Each item is crossed off when done,
 * and the list is dropped at the end.
 */
export async function restoreIndexesAndKeys(clients: pg.Client[], report: (line: string) => void) {
  const main = clients[0]!;
  const started = Date.now();
  const items = await pendingSetAside(main);
  const sizes = await main.query<{ table: string; bytes: string }>(`select relname as table, pg_total_relation_size(oid) as bytes from pg_class where relname = any($1)`, [
    [...new Set(items.map((i) => i.table))],
  ]);
  const size = new Map(sizes.rows.map((r) => [r.table, Number(r.bytes)]));
  // A GIN index over text takes several times longer than a b-tree over the same rows.
  const cost = (item: SetAsideItem) => (size.get(item.table) ?? 0) * (/ using gin /i.test(item.definition) ? 6 : 1);
  const foreignKeys = items.filter((i) => i.kind === 'foreign_key');
  for (const fk of foreignKeys) {
    const exists = await main.query(`select 1 from pg_constraint where conname = $1 and conrelid = to_regclass($2)`, [fk.name, fk.table]);
    if (exists.rowCount === 0) await main.query(`alter table ${ident(fk.table)} add constraint ${ident(fk.name)} ${fk.definition} not valid`);
  }
  const waiting = [...items.filter((i) => i.kind === 'index').sort((a, b) => cost(b) - cost(a)), ...foreignKeys];
  const indexesLeft = new Map<string, number>();
  for (const item of waiting) if (item.kind === 'index') indexesLeft.set(item.table, (indexesLeft.get(item.table) ?? 0) + 1);
  const validating = new Set<string>();
  let changed: () => void = () => {};
  let change = new Promise<void>((resolve) => (changed = resolve));
  const ready = (item: SetAsideItem) => item.kind === 'index' || (!indexesLeft.get(item.table) && !validating.has(item.table));

  await Promise.all(
    clients.map(async (client) => {
      await client.query(`set maintenance_work_mem = '1GB'`);
      while (waiting.length > 0) {
        const at = waiting.findIndex(ready);
        if (at < 0) {
          await change;
          continue;
        }
        const [item] = waiting.splice(at, 1) as [SetAsideItem];
        const itemStarted = Date.now();
        if (item.kind === 'index') {
          const exists = await client.query(`select to_regclass($1) is not null as present`, [item.name]);
          if (!exists.rows[0].present) await client.query(item.definition);
          indexesLeft.set(item.table, indexesLeft.get(item.table)! - 1);
        } else {
          validating.add(item.table);
          try {
            await client.query(`alter table ${ident(item.table)} validate constraint ${ident(item.name)}`);
          } finally {
            validating.delete(item.table);
          }
        }
        await client.query(`delete from ${SET_ASIDE_TABLE} where table_name = $1 and name = $2`, [item.table, item.name]);
        if (Date.now() - itemStarted >= 1000) report(`  ${item.kind === 'index' ? 'index' : 'foreign key'} ${item.name.padEnd(32)} ${seconds(itemStarted)}`);
        changed();
        change = new Promise<void>((resolve) => (changed = resolve));
      }
    }),
  );
  report(`  ${items.length - foreignKeys.length} indexes and ${foreignKeys.length} foreign keys back in ${seconds(started)}`);
  await main.query(`drop table ${SET_ASIDE_TABLE}`);
}

/** Empties every app table and restarts their identities; the migration history stays. */
export async function truncateAppTables(client: pg.Client) {
  const tables = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname = current_schema() and c.relname not in ('kindred_migrations', $1)`,
    [SET_ASIDE_TABLE],
  );
  if (tables.rows.length === 0) return;
  await client.query(`truncate table ${tables.rows.map((t) => ident(t.name)).join(', ')} restart identity cascade`);
}

/** Moves a table's identity past the ids written explicitly, so the app's own inserts continue after them. */
export async function syncIdentity(client: pg.Client, table: string) {
  await client.query(
    `select setval(pg_get_serial_sequence($1, 'id'), coalesce((select max(id) from ${ident(table)}), 1), (select max(id) from ${ident(table)}) is not null)`,
    [table],
  );
}

/** VACUUM (ANALYZE) the tables side by side on the connections, biggest first. */
export async function vacuumAnalyze(clients: pg.Client[], tables: string[]) {
  const sizes = await clients[0]!.query<{ table: string }>(`select relname as table from pg_class where relname = any($1) order by pg_total_relation_size(oid) desc`, [tables]);
  const queue = sizes.rows.map((r) => r.table);
  await Promise.all(
    clients.map(async (client) => {
      for (let table = queue.shift(); table; table = queue.shift()) await client.query(`vacuum (analyze) ${ident(table)}`);
    }),
  );
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function seconds(started: number) {
  return `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
}
