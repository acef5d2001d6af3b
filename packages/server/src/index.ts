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
  let server;
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
  const shutdown = (signal: string) => {
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
}

void main();
