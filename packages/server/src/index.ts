import cluster from 'node:cluster';
import { runWorkers, startsWorkers } from './cluster.js';
import { ConfigError, loadConfig } from './config/config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { startServer } from './server.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Kindred cannot start: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  // Started with a channel to its launcher (`npm start`, scripts/start.ts): should the launcher die without
  // passing a signal on (killed outright), stop as if told to rather than run on unowned.
  if (process.channel && !cluster.isWorker) {
    process.channel.unref();
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  if (startsWorkers(config)) return runWorkers(config);
  // Signals are handled from the start: one that arrives while starting stops the server as soon as it is up.
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let stopSignal: string | null = null;
  const shutdown = (signal: string) => {
    stopSignal = signal;
    if (!server) return;
    server.app.log.info(`${signal}: finishing requests in flight, then closing the database`);
    server.stop().then(
      () => process.exit(0),
      (error) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  try {
    server = await startServer(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`Kindred cannot start: ${error.message}`);
      process.exit(3);
    }
    console.error('Kindred cannot start:', error);
    process.exit(1);
  }
  server.app.log.info(`Kindred is ready at http://localhost:${config.port} (database: ${server.ctx.database.kind})`);
  if (stopSignal) shutdown(stopSignal);
}

void main();
