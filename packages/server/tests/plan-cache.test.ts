import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pgTypes, type Db } from '../src/db/database.js';
import { preparedStatementPool } from '../src/db/prepared-pool.js';
import { onGenericPlan, runCached } from '../src/db/statement-cache.js';

const postgresOnly = { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL (plan caching is a PostgreSQL server setting)' };

/**
 * The hot, fixed-shape statements (runCached) run on generic plans, planned
 * once per connection; every other statement keeps the server's choice. One
 * connection, so what it reports is what the statements ran with.
 */
test('compiled-once statements run on generic plans, the rest on the server’s choice, also after a rollback', postgresOnly, async () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, types: pgTypes });
  // Catalog tables: no schema needed.
  const db = new Kysely<{ pg_class: { oid: number; relname: string } }>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
  try {
    const hot = (id: number) => runCached(db as unknown as Db, 'plan-cache-test', [id] as const, ([userId]) => db.selectFrom('pg_class').select('oid').where('oid', '=', userId));
    const plain = (id: number) => db.selectFrom('pg_class').select('relname').where('oid', '=', id).execute();
    for (let i = 1; i <= 7; i++) {
      await hot(i);
      await plain(i);
    }
    const plans = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
      select statement, generic_plans, custom_plans from pg_prepared_statements where statement like '%pg_class%'`.execute(db);
    const hotPlans = plans.rows.find((p) => p.statement.startsWith('/* generic plan */'));
    const plainPlans = plans.rows.find((p) => p.statement.includes('"relname"'));
    assert.ok(hotPlans && plainPlans, 'both ran as prepared statements');
    assert.equal(Number(hotPlans.generic_plans), 7, 'every run of the compiled-once statement on its generic plan');
    assert.equal(Number(hotPlans.custom_plans), 0);
    assert.equal(Number(plainPlans.custom_plans) >= 5, true, 'the server plans the first runs of an ordinary one for their values');

    // A rollback undoes the SETs made in its transaction (the connection is back in the server's mode): the next
    // compiled-once statement sets its mode again.
    await db.transaction().execute(async (tx) => {
      await runCached(tx as unknown as Db, 'plan-cache-test', [1] as const, ([userId]) => tx.selectFrom('pg_class').select('oid').where('oid', '=', userId));
      await tx.selectFrom('pg_class').select('relname').where('oid', '=', 1).execute();
      await runCached(tx as unknown as Db, 'plan-cache-test', [1] as const, ([userId]) => tx.selectFrom('pg_class').select('oid').where('oid', '=', userId));
      await runCached(tx as unknown as Db, 'plan-cache-test', [1] as const, ([userId]) => tx.selectFrom('pg_class').select('oid').where('oid', '=', userId));
      throw new Error('roll back');
    }).catch((error: Error) => assert.equal(error.message, 'roll back'));
    await hot(1);
    const after = await sql<{ generic_plans: number }>`select generic_plans from pg_prepared_statements where statement like '/* generic plan */%'`.execute(db);
    assert.equal(Number(after.rows[0]!.generic_plans), 11, 'generic in the transaction, and again after its rollback');
  } finally {
    await db.destroy();
  }
});

test('a raw statement marked for a generic plan runs on one and keeps its connection in that mode beside compiled-once ones', postgresOnly, async () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1, types: pgTypes });
  const db = new Kysely<{ pg_class: { oid: number; relname: string } }>({ dialect: new PostgresDialect({ pool: preparedStatementPool(pool) }) });
  // The mode switches the connection is sent.
  const switches: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (typeof args[0] === 'string' && args[0].startsWith('set plan_cache_mode')) switches.push(args[0]);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    const hot = (id: number) => runCached(db as unknown as Db, 'plan-cache-raw-test', [id] as const, ([oid]) => db.selectFrom('pg_class').select('oid').where('oid', '=', oid));
    const raw = (id: number) => onGenericPlan(sql`select relkind from pg_class where oid = ${id}`).execute(db);
    for (let i = 1; i <= 6; i++) {
      await hot(i);
      await raw(i);
    }
    assert.deepEqual(switches, ['set plan_cache_mode = force_generic_plan'], 'set once, never switched between the two');
    const plans = await sql<{ generic_plans: number; custom_plans: number }>`
      select generic_plans, custom_plans from pg_prepared_statements where statement like '/* generic plan */%relkind%'`.execute(db);
    assert.deepEqual(plans.rows.map((p) => [Number(p.generic_plans), Number(p.custom_plans)]), [[6, 0]], 'every run on the generic plan');
  } finally {
    pg.Client.prototype.query = query;
    await db.destroy();
  }
});
