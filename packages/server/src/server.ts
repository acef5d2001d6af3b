import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config/config.js';
import type { AppContext } from './context.js';
import { openDatabase } from './db/database.js';
import { readRouting } from './db/replica.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { migrate } from './db/migrate.js';
import { seedDemoCommunity } from './demo/seed.js';
import { CHANNEL, embeddedBus, liveEventChannel, postgresBus, redisBus } from './events/bus.js';
import { LiveOutbox } from './events/outbox.js';
import { activitiesNeedSearchWords } from './features/activities/activities.service.js';
import { ViewCounter } from './features/activities/view-counter.js';
import { SimulatedWallet } from './features/payments/wallet.js';
import { mediaStorageFor } from './features/media/storage.js';
import { memoryRateLimiter, redisRateLimiter, type RateLimiter } from './lib/rate-limits.js';
import { bulkJobKinds, jobHandlers } from './jobs/handlers.js';
import { startJobRunner } from './jobs/runner.js';
import { scheduleJob } from './jobs/jobs.repository.js';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  /** Finishes requests in flight (new ones get 503), then checkpoints and closes the database. */
  stop(): Promise<void>;
}

/** Opens the database, migrates, seeds the demo community into an empty database, and listens. */
export async function startServer(config: Config): Promise<RunningServer> {
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  let appForLogs: FastifyInstance | undefined;
  let limits: RateLimiter | undefined;
  try {
    if (config.eventBus === 'redis' && !config.redisUrl) throw new Error('The Redis event bus needs redisUrl');
    const outbox = config.eventBus === 'redis' ? new LiveOutbox(CHANNEL) : undefined;
    const database = await openDatabase(config, (err, message) => appForLogs?.log.warn({ err }, message), outbox);
    const urls = { self: `http://127.0.0.1:${config.port}` };
    const payments = new SimulatedWallet(database.db, {
      webhookUrl: () => `${urls.self}/api/v1/payments/webhook`,
      secret: config.webhookSecret,
      delivery: config.walletDelivery,
    });
    await migrate(database);
    const warn = (err: unknown, message: string) => appForLogs?.log.warn({ err }, message);
    const events = outbox
      ? await redisBus(config.redisUrl!, liveEventChannel(config), outbox, warn)
      : database.onNotification
        ? embeddedBus(database.db, database.onNotification, warn)
        : await postgresBus(database.db, config.databaseUrl!, warn);
    const views = new ViewCounter(database.db, 5000, (err) => appForLogs?.log.warn({ err }, 'could not write activity views'));
    limits = config.redisUrl
      ? redisRateLimiter(config.redisUrl, config.rateLimitNamespace, (err) => appForLogs?.log.warn({ err }, 'rate-limit counters unavailable; writes are allowed meanwhile'))
      : memoryRateLimiter();
    const media = await mediaStorageFor(config);
    const ctx: AppContext = { config, database, db: database.db, readDb: readRouting(database.db, database.replica), lifecycle: { closing: false }, payments, urls, events, views, limits, media };
    if (config.seedDemo) await seedDemoCommunity(ctx);
    const app = await buildApp(ctx);
    appForLogs = app;
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    urls.self = `http://127.0.0.1:${port}`;
    // Recommendations retrain in the background, starting now; the job reschedules itself. Of several
    // workers, the first asks (the others, starting while it runs, would have it run again).
    if (!config.workerId) {
      await scheduleJob(database.db, 'recs.train', 'group', new Date());
      await scheduleJob(database.db, 'activity.popularity', 'all', new Date());
      await scheduleJob(database.db, 'map.cells', 'all', new Date());
      if (await activitiesNeedSearchWords(ctx)) await scheduleJob(database.db, 'search.activities', 'all', new Date());
      await scheduleJob(database.db, 'media.sweep', 'all', new Date());
      await scheduleJob(database.db, 'notifications.prune', 'all', new Date());
      await scheduleJob(database.db, 'seo.sitemaps', 'all', new Date());
      await scheduleJob(database.db, 'health.rollup', 'all', new Date());
      await scheduleJob(database.db, 'feed.trim', 'all', new Date());
    }
    const stopJobs = startJobRunner(database.db, jobHandlers(ctx), app.log, { intervalMs: config.jobIntervalMs, bulkKinds: bulkJobKinds });
    let stopping: Promise<void> | null = null;
    return {
      app,
      ctx,
      url: `http://127.0.0.1:${port}`,
      stop() {
        stopping ??= (async () => {
          ctx.lifecycle.closing = true;
          try {
            await stopJobs();
            await app.close();
            await views.close();
          } finally {
            await events.close();
            await ctx.limits.close();
            await database.close();
            unlock();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await limits?.close();
    unlock();
    throw error;
  }
}
