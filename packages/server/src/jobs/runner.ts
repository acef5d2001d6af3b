import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { claimDueJobs, extendLease, finishJob, markJobDead, releaseJob, retryJob, type ClaimedJob } from './jobs.repository.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

export interface JobRunnerOptions {
  /** How often to look for due jobs. */
  intervalMs: number;
  /** How long a claim holds before another runner may take the job; renewed while the job runs. */
  leaseSeconds?: number;
  /** Attempts before a job is declared dead. */
  maxAttempts?: number;
  /** Wait before the next attempt after attempt `attempt` failed. */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Kinds of long bulk work (training, rollups, sitemaps): they run in a lane
   * of their own, so a payment's confirmation or a reminder never waits
   * behind them. Every other kind runs in the quick lane.
   */
  bulkKinds?: readonly string[];
}

type Log = Pick<FastifyBaseLogger, 'warn' | 'error'>;

export const JOB_MAX_ATTEMPTS = 8;

/**
 * Runs due jobs from the `jobs` table. Jobs live in PostgreSQL, so a restart
 * loses none, and with several servers each job runs on one of them: a claim
 * is a lease, renewed every third of its length while the handler runs, so a
 * long job is not taken by another runner meanwhile, and a runner that dies
 * lets its jobs go when the lease runs out. A failing job is retried with
 * backoff; after its last attempt it is dead, kept for an operator to retry.
 * A tick that fails (the database is unreachable) is logged and the next one
 * tries again. Two lanes run side by side, each one job at a time: bulk kinds
 * in one, the rest in the other.
 */
export function startJobRunner(db: Db, handlers: Record<string, JobHandler>, log: Log, options: JobRunnerOptions) {
  const leaseSeconds = options.leaseSeconds ?? 60;
  const maxAttempts = options.maxAttempts ?? JOB_MAX_ATTEMPTS;
  const retryDelayMs = options.retryDelayMs ?? ((attempt: number) => 2 ** attempt * 1000);
  const bulkKinds = [...(options.bulkKinds ?? [])];
  let stopped = false;

  async function run(job: ClaimedJob) {
    const handler = handlers[job.kind];
    const heartbeat = setInterval(() => {
      extendLease(db, job, leaseSeconds).then(
        (held) => held || log.warn({ job: job.kind, key: job.dedupe_key }, 'job lease was lost while it ran'),
        (error) => log.warn({ job: job.kind, key: job.dedupe_key, err: error }, 'could not renew a job lease'),
      );
    }, (leaseSeconds * 1000) / 3);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job.payload);
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      log.warn({ job: job.kind, key: job.dedupe_key, attempt: job.attempts, error: message }, 'job failed');
      if (job.attempts >= maxAttempts) {
        log.error({ job: job.kind, key: job.dedupe_key, attempts: job.attempts, error: message }, 'job is dead after its last attempt');
        await markJobDead(db, job, message);
      } else {
        await retryJob(db, job, new Date(Date.now() + retryDelayMs(job.attempts)), message);
      }
      return;
    } finally {
      clearInterval(heartbeat);
    }
    await finishJob(db, job);
  }

  /** One lane: claims due jobs of its kinds and runs them one by one, one tick at a time. */
  function lane(kinds: { only: string[] } | { except: string[] }) {
    let running: Promise<void> | null = null;
    async function tick() {
      const jobs = await claimDueJobs(db, 20, leaseSeconds, kinds);
      // A runner that is stopping hands back what it has not begun, for the next runner to take at once.
      for (const job of jobs) await (stopped ? releaseJob(db, job) : run(job));
    }
    const timer = setInterval(() => {
      // A long job delays this lane's next look rather than stacking ticks up.
      if (stopped || running) return;
      running = tick()
        .catch((error) => log.error({ err: error }, 'job runner tick failed; trying again on the next one'))
        .finally(() => (running = null));
    }, options.intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }

  const lanes = bulkKinds.length > 0 ? [lane({ except: bulkKinds }), lane({ only: bulkKinds })] : [lane({ except: [] })];
  return async () => {
    stopped = true;
    await Promise.all(lanes.map((stop) => stop()));
  };
}
