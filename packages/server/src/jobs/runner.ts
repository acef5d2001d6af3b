import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { claimDueJobs, finishJob, retryJob } from './jobs.repository.js';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

/**
 * Runs due jobs from the `jobs` table. Jobs live in PostgreSQL, so a restart
 * loses none, and with several servers each job runs on one of them.
 * A failing job is retried with backoff, up to 8 attempts.
 */
export function startJobRunner(db: Db, handlers: Record<string, JobHandler>, log: FastifyBaseLogger, intervalMs: number) {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const jobs = await claimDueJobs(db, 20, 60);
    for (const job of jobs) {
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await handler(job.payload);
        await finishJob(db, job.id);
      } catch (error) {
        const message = (error as Error).message ?? String(error);
        log.warn({ job: job.kind, key: job.dedupe_key, attempt: job.attempts, error: message }, 'job failed');
        if (job.attempts >= 8) await finishJob(db, job.id);
        else await retryJob(db, job.id, new Date(Date.now() + 2 ** job.attempts * 1000), message);
      }
    }
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(tick).catch((error) => log.error({ err: error }, 'job runner tick failed'));
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
