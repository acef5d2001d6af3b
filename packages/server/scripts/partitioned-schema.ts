/**
 * Builds Kindred's schema with every table that src/db/distribution.ts marks
 * `distributed` as a hash-partitioned table on its distribution column: plain
 * PostgreSQL then enforces what Citus requires (every primary key and unique
 * constraint includes the key), so the API tests run on it prove the schema
 * distributes.
 *
 *   node --import tsx scripts/partitioned-schema.ts postgres://…/empty_database
 *
 * Runs the real migrations, then rebuilds each such table with the same
 * columns, defaults, checks, keys, indexes, triggers and foreign keys, and the
 * rows the migrations wrote. A table whose keys leave the column out fails the
 * whole run, naming the table and constraint: it is not skipped.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { distribution as kindredDistribution, type Distribution } from '../src/db/distribution.js';
import { migrate } from '../src/db/migrate.js';

export const PARTITIONS = 4;

interface TablePlan {
  table: string;
  column: string;
  columns: { name: string; identity: boolean; generated: boolean }[];
  keys: { name: string; definition: string }[];
  indexes: string[];
  triggers: string[];
  ownedSequences: { sequence: string; column: string }[];
}

/** Migrates the empty database at `databaseUrl` and partitions the tables `distribution` distributes. */
export async function buildPartitionedSchema(databaseUrl: string, distribution: Record<string, Distribution> = kindredDistribution): Promise<void> {
  const database = await openDatabase({ databaseUrl, dataDir: '', dbPoolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await partitionTables(client, distribution);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function partitionTables(client: pg.Client, distribution: Record<string, Distribution>) {
  const targets = Object.entries(distribution).flatMap(([table, d]) => (d.kind === 'distributed' ? [{ table, column: d.column }] : []));
  const plans: TablePlan[] = [];
  const problems: string[] = [];
  for (const { table, column } of targets) {
    const plan = await planTable(client, table, column, problems);
    if (plan) plans.push(plan);
  }
  if (problems.length > 0) throw new Error(`the schema does not partition as src/db/distribution.ts says:\n  ${problems.join('\n  ')}`);

  // Every foreign key from or to a table being rebuilt goes first and comes back last, under its own name.
  const names = plans.map((p) => p.table);
  const { rows: foreignKeys } = await client.query<{ owner: string; name: string; definition: string }>(
    `select c.conrelid::regclass::text as owner, c.conname as name, pg_get_constraintdef(c.oid) as definition
       from pg_constraint c
      where c.contype = 'f' and (c.conrelid::regclass::text = any($1) or c.confrelid::regclass::text = any($1))
      order by c.oid`,
    [names],
  );
  for (const fk of foreignKeys) await client.query(`alter table ${ident(fk.owner)} drop constraint ${ident(fk.name)}`);

  for (const plan of plans) await rebuild(client, plan);

  for (const fk of foreignKeys) await client.query(`alter table ${ident(fk.owner)} add constraint ${ident(fk.name)} ${fk.definition}`);
}

async function planTable(client: pg.Client, table: string, column: string, problems: string[]): Promise<TablePlan | null> {
  const { rows: found } = await client.query<{ oid: number; relkind: string }>(
    `select c.oid, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = $1`,
    [table],
  );
  const rel = found[0];
  if (!rel) {
    problems.push(`${table}: no such table`);
    return null;
  }
  if (rel.relkind !== 'r') {
    problems.push(`${table}: not a plain table (relkind ${rel.relkind})`);
    return null;
  }
  const { rows: columns } = await client.query<{ name: string; num: number; identity: string; generated: string; notnull: boolean }>(
    `select attname as name, attnum as num, attidentity as identity, attgenerated as generated, attnotnull as notnull
       from pg_attribute where attrelid = $1 and attnum > 0 and not attisdropped order by attnum`,
    [rel.oid],
  );
  const key = columns.find((c) => c.name === column);
  if (!key) {
    problems.push(`${table}: has no column ${column}`);
    return null;
  }
  if (!key.notnull) problems.push(`${table}: ${column} may be null, and a distribution key may not`);

  const { rows: keys } = await client.query<{ name: string; type: string; definition: string; columns: number[] }>(
    `select conname as name, contype as type, pg_get_constraintdef(oid) as definition, conkey as columns
       from pg_constraint where conrelid = $1 and contype in ('p', 'u', 'x') order by contype, conname`,
    [rel.oid],
  );
  for (const k of keys) {
    if (k.type === 'x') problems.push(`${table}: exclusion constraint ${k.name} (${k.definition}) cannot be partitioned`);
    else if (!k.columns.includes(key.num)) problems.push(`${table}: ${k.name} ${k.definition} does not include ${column}`);
  }

  const { rows: indexes } = await client.query<{ name: string; unique: boolean; columns: string; definition: string }>(
    `select c.relname as name, i.indisunique as unique, i.indkey::text as columns, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = $1 and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = $1)
      order by c.relname`,
    [rel.oid],
  );
  for (const index of indexes) {
    // A unique index must name the key as a plain column: an expression over it does not count.
    if (index.unique && !index.columns.split(' ').map(Number).includes(key.num)) {
      problems.push(`${table}: unique index ${index.name} (${index.definition}) does not include ${column}`);
    }
  }

  const { rows: triggers } = await client.query<{ definition: string }>(
    `select pg_get_triggerdef(oid) as definition from pg_trigger where tgrelid = $1 and not tgisinternal order by tgname`,
    [rel.oid],
  );
  // serial columns: their sequences belong to the table and would go with it.
  const { rows: ownedSequences } = await client.query<{ sequence: string; column: string }>(
    `select d.objid::regclass::text as sequence, a.attname as column
       from pg_depend d join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
      where d.refobjid = $1 and d.classid = 'pg_class'::regclass and d.deptype = 'a'
        and (select relkind from pg_class where oid = d.objid) = 'S'`,
    [rel.oid],
  );
  return {
    table,
    column,
    columns: columns.map((c) => ({ name: c.name, identity: c.identity !== '', generated: c.generated !== '' })),
    keys: keys.map((k) => ({ name: k.name, definition: k.definition })),
    indexes: indexes.map((i) => i.definition),
    triggers: triggers.map((t) => t.definition),
    ownedSequences,
  };
}

async function rebuild(client: pg.Client, plan: TablePlan) {
  const t = plan.table;
  const staging = `${t}__partitioned`;
  await client.query(
    `create table ${ident(staging)} (like ${ident(t)} including defaults including constraints including generated including storage including comments)
       partition by hash (${ident(plan.column)})`,
  );
  for (let i = 0; i < PARTITIONS; i++) {
    await client.query(`create table ${ident(`${t}_p${i}`)} partition of ${ident(staging)} for values with (modulus ${PARTITIONS}, remainder ${i})`);
  }
  const copied = plan.columns.filter((c) => !c.generated).map((c) => ident(c.name)).join(', ');
  await client.query(`insert into ${ident(staging)} (${copied}) select ${copied} from ${ident(t)}`);

  // PostgreSQL 15 allows no identity column on a partitioned table: its sequence becomes a plain one, at the same point.
  const identities: { column: string; last: string | null }[] = [];
  for (const c of plan.columns.filter((c) => c.identity)) {
    const { rows } = await client.query<{ last: string | null }>(`select last_value::text as last from pg_sequences where schemaname || '.' || sequencename = pg_get_serial_sequence($1, $2)`, [t, c.name]);
    identities.push({ column: c.name, last: rows[0]?.last ?? null });
  }
  for (const s of plan.ownedSequences) await client.query(`alter sequence ${s.sequence} owned by none`);

  await client.query(`drop table ${ident(t)}`);
  await client.query(`alter table ${ident(staging)} rename to ${ident(t)}`);

  for (const { column, last } of identities) {
    const sequence = `${t}_${column}_seq`;
    await client.query(`create sequence ${ident(sequence)} as bigint owned by ${ident(t)}.${ident(column)}`);
    if (last !== null) await client.query(`select setval($1, $2::bigint)`, [sequence, last]);
    await client.query(`alter table ${ident(t)} alter column ${ident(column)} set default nextval('${sequence}'::regclass)`);
  }
  for (const s of plan.ownedSequences) await client.query(`alter sequence ${s.sequence} owned by ${ident(t)}.${ident(s.column)}`);
  for (const k of plan.keys) await client.query(`alter table ${ident(t)} add constraint ${ident(k.name)} ${k.definition}`);
  for (const index of plan.indexes) await client.query(index);
  for (const trigger of plan.triggers) await client.query(trigger);
}

function ident(name: string) {
  return `"${name.replace(/"/g, '""')}"`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.argv[2];
  if (!url) {
    console.error('usage: partitioned-schema.ts postgres://…/empty_database');
    process.exit(2);
  }
  buildPartitionedSchema(url).then(
    () => console.log(`partitioned ${Object.values(kindredDistribution).filter((d) => d.kind === 'distributed').length} tables into ${PARTITIONS} hash partitions each`),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
