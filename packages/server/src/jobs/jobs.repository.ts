import { sql, type QueryCreator, type RawBuilder, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { DB, JobsTable } from '../db/schema.js';
import { keysetAfter, timestampCursor, type CursorValue } from '../db/pagination.js';

/**
 * The upsert that schedules a job: the same (kind, dedupeKey) moves the
 * pending (or dead) job, with fresh attempts, instead of adding another;
 * `movedRunAt` is its run time then (default: `runAt`).
 */
function upsertJob(db: QueryCreator<DB>, kind: string, dedupeKey: string, runAt: Date, payload: Record<string, unknown>, movedRunAt: Date | RawBuilder<Date> = runAt) {
  const json = JSON.stringify(payload);
  return db
    .insertInto('jobs')
    .values({ kind, dedupe_key: dedupeKey, run_at: runAt, payload: json })
    .onConflict((oc) =>
      oc.columns(['kind', 'dedupe_key']).doUpdateSet({ run_at: movedRunAt, payload: json, done_at: null, dead_at: null, attempts: 0, last_error: null }),
    );
}

/** Schedules a job at `runAt`; the same (kind, dedupeKey) moves the pending (or dead) job instead of adding another. */
export async function scheduleJob(db: Db, kind: string, dedupeKey: string, runAt: Date, payload: Record<string, unknown> = {}) {
  await upsertJob(db, kind, dedupeKey, runAt, payload).execute();
}

/**
 * Schedules a job `delayMs` from now, or leaves a pending one of the same kind
 * and key where it is: changes within the delay share one run. A job running
 * as this is scheduled runs once more when it ends (its claim no longer
 * matches, see settleClaim), since it may have read its inputs before the change.
 * The statement is returned unrun, so a write can carry it (as a WITH clause).
 */
export function scheduleJobWithin(db: QueryCreator<DB>, kind: string, dedupeKey: string, delayMs: number, payload: Record<string, unknown> = {}) {
  const keepPending = sql<Date>`case when jobs.done_at is null and jobs.dead_at is null then least(jobs.run_at, excluded.run_at) else excluded.run_at end`;
  return upsertJob(db, kind, dedupeKey, new Date(Date.now() + delayMs), payload, keepPending);
}

/** A job claimed by this runner; `attempts` counts this run and tells this claim from a later one. */
export interface ClaimedJob {
  id: number;
  kind: string;
  dedupe_key: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Claims up to `limit` due jobs for `leaseSeconds`; another server skips them (SKIP LOCKED). */
export async function claimDueJobs(db: Db, limit: number, leaseSeconds: number, kinds: { only: string[] } | { except: string[] } = { except: [] }) {
  const ofKinds = 'only' in kinds ? sql`kind = any(${kinds.only}::text[])` : sql`kind <> all(${kinds.except}::text[])`;
  const rows = await sql<ClaimedJob>`
    update jobs set locked_until = now() + make_interval(secs => ${leaseSeconds}), attempts = attempts + 1
    where id in (
      select id from jobs
      where done_at is null and dead_at is null and run_at <= now() and (locked_until is null or locked_until < now()) and ${ofKinds}
      order by run_at
      limit ${limit}
      for update skip locked
    )
    returning id, kind, dedupe_key, payload, attempts`.execute(db);
  return rows.rows;
}

/**
 * Extends the lease of a job still running under this claim, so no other
 * runner takes it while it runs; false when the claim is no longer this runner's.
 */
export async function extendLease(db: Db, job: Pick<ClaimedJob, 'id' | 'attempts'>, leaseSeconds: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})` })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('done_at', 'is', null)
    .where('dead_at', 'is', null)
    .where('locked_until', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

type Claim = Pick<ClaimedJob, 'id' | 'attempts'>;

/**
 * Records how a claimed run ended and lets go of its lease. The claim is
 * (id, attempts): a job scheduled again while it ran (a handler scheduling its
 * own next run, with the same kind and key) has its attempts reset, and that
 * next run must stay pending, not take this run's outcome.
 */
async function settleClaim(db: Db, job: Claim, outcome: Updateable<JobsTable>) {
  const settled = await db.updateTable('jobs').set({ ...outcome, locked_until: null }).where('id', '=', job.id).where('attempts', '=', job.attempts).executeTakeFirst();
  if (settled.numUpdatedRows > 0n) return;
  await db.updateTable('jobs').set({ locked_until: null }).where('id', '=', job.id).where('attempts', '=', 0).execute();
}

export function finishJob(db: Db, job: Claim) {
  return settleClaim(db, job, { done_at: new Date() });
}

export function retryJob(db: Db, job: Claim, runAt: Date, error: string) {
  return settleClaim(db, job, { run_at: runAt, last_error: error.slice(0, 500) });
}

/** Hands back a claimed job not yet begun (its runner is stopping): due again at once, the attempt not counted. */
export function releaseJob(db: Db, job: Claim) {
  return settleClaim(db, job, { attempts: job.attempts - 1 });
}

/** Gives up on a job that failed on its last attempt: it stays, dead, until an operator retries it. */
export function markJobDead(db: Db, job: Claim, error: string) {
  return settleClaim(db, job, { dead_at: new Date(), last_error: error.slice(0, 500) });
}

export async function cancelJob(db: Db, kind: string, dedupeKey: string) {
  await db.updateTable('jobs').set({ done_at: new Date() }).where('kind', '=', kind).where('dedupe_key', '=', dedupeKey).where('done_at', 'is', null).execute();
}

const jobColumns = ['id', 'kind', 'dedupe_key', 'payload', 'run_at', 'attempts', 'locked_until', 'done_at', 'dead_at', 'last_error'] as const;

/** Dead jobs, most recently dead first (jobs_dead_idx), `limit + 1` rows after the cursor (dead_at text, id). */
export function deadJobs(db: Db, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('jobs')
    .select(jobColumns)
    .select(timestampCursor('dead_at').as('dead_cursor'))
    .where('dead_at', 'is not', null)
    .where('done_at', 'is', null)
    .orderBy('dead_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) query = query.where(keysetAfter(['dead_at', 'id'], '<', after, 'timestamp'));
  return query.execute();
}

/** Brings a dead job back: due now, with a fresh set of attempts; undefined when no such dead job. */
export function reviveDeadJob(db: Db, id: number) {
  return db
    .updateTable('jobs')
    .set({ dead_at: null, attempts: 0, run_at: sql<Date>`now()`, locked_until: null })
    .where('id', '=', id)
    .where('dead_at', 'is not', null)
    .where('done_at', 'is', null)
    .returning(jobColumns)
    .executeTakeFirst();
}

export function findJob(db: Db, id: number) {
  return db.selectFrom('jobs').select(jobColumns).where('id', '=', id).executeTakeFirst();
}
