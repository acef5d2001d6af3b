import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config/config.js';

/** How long a worker that died is left down before another takes its place. */
const RESTART_DELAY_MS = 1000;

/** Whether this process starts the workers rather than serving (KINDRED_WORKERS above 1). */
export const startsWorkers = (config: Config) => config.workers > 1 && cluster.isPrimary;

/**
 * Runs the server in `config.workers` processes sharing one port (Node's
 * cluster module hands connections to them in turn), so all of a machine's
 * cores serve requests; each worker is a whole server with its own database
 * connections, caches and job runner, as separate instances are (see
 * docs/scaling.md).
 *
 * Workers start one after another: the first migrates the database and
 * schedules the start-up jobs before the others begin. A worker that exits
 * before it listens stops the start, and this process exits with its code;
 * one that dies later is replaced. SIGTERM or SIGINT goes to every worker,
 * each finishes its requests in flight, and this process exits when all have.
 */
export async function runWorkers(config: Config): Promise<void> {
  const live = new Set<Worker>();
  let stopping = false;
  let exitCode = 0;
  const exitWhenAllGone = () => {
    if (stopping && live.size === 0) process.exit(exitCode);
  };
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of live) worker.process.kill(signal);
    exitWhenAllGone();
  };
  if (!config.redisUrl) console.warn(`Kindred: ${config.workers} workers without REDIS_URL count rate limits each on its own`);
  process.once('SIGTERM', () => stopAll('SIGTERM'));
  process.once('SIGINT', () => stopAll('SIGINT'));

  /** Resolves true once the worker listens, false if it exits first. */
  const start = (slot: number) =>
    new Promise<boolean>((resolve) => {
      const worker = cluster.fork({ KINDRED_WORKER_ID: String(slot) });
      live.add(worker);
      let listening = false;
      worker.once('listening', () => {
        listening = true;
        resolve(true);
      });
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        // What the process exits with: a worker's failure to start or to stop cleanly, not a crash it recovered from.
        if (code && (stopping || !listening)) exitCode = code;
        if (stopping) return exitWhenAllGone();
        if (!listening) return resolve(false);
        console.error(`Kindred worker ${slot} exited (${signal ?? `code ${code}`}); starting another`);
        setTimeout(() => void (stopping || start(slot)), RESTART_DELAY_MS);
      });
    });

  for (let slot = 0; slot < config.workers && !stopping; slot++) {
    if (await start(slot)) continue;
    exitCode ||= 1;
    stopAll('SIGTERM');
  }
}
