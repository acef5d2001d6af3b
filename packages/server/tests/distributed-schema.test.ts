import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { PARTITIONS, buildPartitionedSchema } from '../scripts/partitioned-schema.js';
import { distribution, type Distribution } from '../src/db/distribution.js';
import { partitionedSchema, startTestServer } from './_util.js';

/**
 * src/db/distribution.ts against the catalog of a schema built by
 * scripts/partitioned-schema.ts: what it calls distributed is hash-partitioned
 * on its key (so PostgreSQL has checked that every key and unique constraint
 * includes it), what it calls not yet really is not ready, and its lists of
 * foreign keys that leave a shard are complete.
 */
const base = process.env.DATABASE_URL;
const postgresOnly = { skip: base ? false : 'needs DATABASE_URL: the embedded database has no hash partitions' };

async function withDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `kindred_dist_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base!);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

describe('the distributed schema', postgresOnly, () => {
  let name: string;
  let db: pg.Client;
  let admin: pg.Client;

  before(async () => {
    name = `kindred_dist_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(base!);
    url.pathname = `/${name}`;
    await buildPartitionedSchema(url.toString());
    db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await admin?.query(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  async function tables() {
    const { rows } = await db.query<{ name: string; kind: string; partkey: string | null; partitions: number }>(
      `select c.relname as name, c.relkind as kind, pg_get_partkeydef(c.oid) as partkey,
              (select count(*)::int from pg_inherits i where i.inhparent = c.oid) as partitions
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`,
    );
    return new Map(rows.map((r) => [r.name, r]));
  }

  test('every table is placed, and every placed table exists', async () => {
    const found = await tables();
    assert.deepEqual([...found.keys()].filter((t) => !(t in distribution)).sort(), [], 'tables missing from src/db/distribution.ts');
    assert.deepEqual(Object.keys(distribution).filter((t) => !found.has(t)).sort(), [], 'tables in src/db/distribution.ts that do not exist');
  });

  test('each distributed table is hash-partitioned on its key; the others are plain tables', async () => {
    const found = await tables();
    for (const [table, d] of Object.entries(distribution)) {
      const t = found.get(table);
      assert.ok(t, `${table} exists`);
      if (d.kind === 'distributed') {
        assert.equal(t.kind, 'p', `${table} is partitioned`);
        assert.equal(t.partkey, `HASH (${d.column})`, `${table} is partitioned by hash of ${d.column}`);
        assert.equal(t.partitions, PARTITIONS, `${table} has ${PARTITIONS} partitions`);
      } else {
        assert.equal(t.kind, 'r', `${table} (${d.kind}) is a plain table`);
      }
    }
  });

  test('a table marked not yet really cannot be distributed on its key', async () => {
    for (const [table, d] of Object.entries(distribution)) {
      if (d.kind !== 'not-yet') continue;
      const { rows } = await db.query<{ blocker: string }>(
        `with t as (select $1::regclass as oid),
              k as (select a.attnum, a.attnotnull from pg_attribute a, t where a.attrelid = t.oid and a.attname = $2 and not a.attisdropped)
         select 'no column' as blocker where not exists (select 1 from k)
         union all select 'nullable' from k where not k.attnotnull
         union all select c.conname from pg_constraint c, t, k
                    where c.conrelid = t.oid and c.contype in ('p', 'u', 'x') and (c.contype = 'x' or not k.attnum = any (c.conkey))
         union all select i.indexrelid::regclass::text from pg_index i, t, k
                    where i.indrelid = t.oid and i.indisunique and not k.attnum = any (i.indkey::int2[])`,
        [table, d.column],
      );
      assert.ok(rows.length > 0, `${table} is marked not yet distributable on ${d.column} (${d.reason}), but nothing stops it: mark it distributed`);
    }
  });

  test('the foreign keys that leave a shard are exactly the ones each distributed table lists', async () => {
    const { rows } = await db.query<{ table: string; name: string; target: string; pairs: [string, string][] }>(
      `select c.conrelid::regclass::text as table, c.conname as name, c.confrelid::regclass::text as target,
              array(select array[fa.attname::text, ta.attname::text]
                      from unnest(c.conkey, c.confkey) as u(f, r)
                      join pg_attribute fa on fa.attrelid = c.conrelid and fa.attnum = u.f
                      join pg_attribute ta on ta.attrelid = c.confrelid and ta.attnum = u.r) as pairs
         from pg_constraint c where c.contype = 'f' and c.conparentid = 0`,
    );
    const colocated = (from: Distribution & { kind: 'distributed' }, target: Distribution | undefined, pairs: [string, string][]) => {
      if (!target) return false;
      if (target.kind === 'reference') return true;
      return target.colocation === from.colocation && pairs.some(([f, t]) => f === from.column && t === target.column);
    };
    const leaving: Record<string, string[]> = {};
    const listed: Record<string, string[]> = {};
    for (const [table, d] of Object.entries(distribution)) {
      if (d.kind !== 'distributed') continue;
      leaving[table] = rows.filter((fk) => fk.table === table && !colocated(d, distribution[fk.target], fk.pairs)).map((fk) => fk.name).sort();
      listed[table] = [...d.crossKeyForeignKeys].sort();
    }
    assert.deepEqual(leaving, listed, 'foreign keys from distributed tables to tables on other keys');
  });

  test('rows and ids survive the rebuild: the taxonomy the migrations wrote is there and new rows get fresh ids', async () => {
    const plain = await withDatabase(async (url) => {
      const { openDatabase } = await import('../src/db/database.js');
      const { migrate } = await import('../src/db/migrate.js');
      const database = await openDatabase({ databaseUrl: url, dataDir: '', dbPoolSize: 1 });
      await migrate(database);
      await database.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ count: number }>('select count(*)::int as count from keyword_terms');
      await client.end();
      return rows[0]!.count;
    });
    const { rows } = await db.query<{ count: number }>('select count(*)::int as count from keyword_terms');
    assert.equal(rows[0]!.count, plain, 'the same seeded rows');
    await db.query('begin');
    try {
      const user = await db.query<{ id: string }>(`insert into users (username, display_name, password_hash) values ('dist', 'Dist', 'x') returning id`);
      const group = await db.query<{ id: string }>(
        `insert into groups (name, visibility, join_policy, owner_id) values ('G', 'public', 'open', $1) returning id`,
        [user.rows[0]!.id],
      );
      assert.ok(Number(group.rows[0]!.id) > 0, 'a partitioned table still numbers its rows');
      await assert.rejects(
        db.query(`insert into group_members (group_id, user_id, role) values ($1, $2, 'owner'), ($1, $2, 'member')`, [group.rows[0]!.id, user.rows[0]!.id]),
        { code: '23505' },
        'the primary key holds across the partitioned table',
      );
    } finally {
      await db.query('rollback');
    }
  });

  test('a table whose keys leave out its distribution key stops the build, by name', async () => {
    await withDatabase(async (url) => {
      const wrong: Record<string, Distribution> = { ...distribution, jobs: { kind: 'distributed', column: 'id', colocation: 'job', crossKeyForeignKeys: [] } };
      await assert.rejects(buildPartitionedSchema(url, wrong), /jobs: jobs_kind_dedupe_key_key UNIQUE \(kind, dedupe_key\) does not include id/);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ partitioned: number }>(`select count(*)::int as partitioned from pg_partitioned_table`);
      await client.end();
      assert.equal(rows[0]!.partitioned, 0, 'nothing was partitioned');
    });
  });

  test(`the test servers run on the ${partitionedSchema ? 'partitioned' : 'plain'} schema, as TEST_SCHEMA says`, async () => {
    const server = await startTestServer();
    try {
      const { rows } = await sql<{ name: string }>`select partrelid::regclass::text as name from pg_partitioned_table`.execute(server.db);
      const expected = partitionedSchema ? Object.keys(distribution).filter((t) => distribution[t]!.kind === 'distributed').sort() : [];
      assert.deepEqual(rows.map((r) => r.name).sort(), expected, 'the partitioned tables of a test server');
    } finally {
      await server.stop();
    }
  });
});
