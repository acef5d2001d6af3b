import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Schedules a job; the same (kind, dedupeKey) moves the pending job instead of adding another. */
export async function scheduleJob(db: Db, kind: string, dedupeKey: string, runAt: Date, payload: Record<string, unknown> = {}) {
  await db
    .insertInto('jobs')
    .values({ kind, dedupe_key: dedupeKey, run_at: runAt, payload: JSON.stringify(payload) })
    .onConflict((oc) =>
      oc.columns(['kind', 'dedupe_key']).doUpdateSet({ run_at: runAt, payload: JSON.stringify(payload), done_at: null, attempts: 0, last_error: null }),
    )
    .execute();
}

/** Claims up to `limit` due jobs for `leaseSeconds`; another server skips them (SKIP LOCKED). */
export async function claimDueJobs(db: Db, limit: number, leaseSeconds: number) {
  const rows = await sql<{ id: number; kind: string; dedupe_key: string; payload: Record<string, unknown>; attempts: number }>`
    update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    where id in (
      select id from jobs
      where done_at is null and run_at <= now() and (locked_until is null or locked_until < now())
      order by run_at
      limit ${limit}
      for update skip locked
    )
    returning id, kind, dedupe_key, payload, attempts`.execute(db);
  return rows.rows;
}

export async function finishJob(db: Db, id: number) {
  await db.updateTable('jobs').set({ done_at: new Date(), locked_until: null }).where('id', '=', id).execute();
}

export async function retryJob(db: Db, id: number, runAt: Date, error: string) {
  await db.updateTable('jobs').set({ run_at: runAt, locked_until: null, last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

export async function cancelJob(db: Db, kind: string, dedupeKey: string) {
  await db.updateTable('jobs').set({ done_at: new Date() }).where('kind', '=', kind).where('dedupe_key', '=', dedupeKey).where('done_at', 'is', null).execute();
}
