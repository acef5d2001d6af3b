/** The one place that reads process.env. Everything else receives a Config. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return {
    PORT: env.PORT,
    HOST: env.HOST,
    DATA_DIR: env.DATA_DIR,
    DATABASE_URL: env.DATABASE_URL,
    NODE_ENV: env.NODE_ENV,
    LOG_LEVEL: env.LOG_LEVEL,
    KINDRED_SEED_DEMO: env.KINDRED_SEED_DEMO,
    KINDRED_RATE_LIMIT_AUTH: env.KINDRED_RATE_LIMIT_AUTH,
    KINDRED_SESSION_DAYS: env.KINDRED_SESSION_DAYS,
    KINDRED_WEB_DIST: env.KINDRED_WEB_DIST,
    KINDRED_DB_QUEUE_LIMIT: env.KINDRED_DB_QUEUE_LIMIT,
    KINDRED_WEBHOOK_SECRET: env.KINDRED_WEBHOOK_SECRET,
    KINDRED_PAYMENT_WINDOW_MINUTES: env.KINDRED_PAYMENT_WINDOW_MINUTES,
    KINDRED_JOB_INTERVAL_MS: env.KINDRED_JOB_INTERVAL_MS,
  };
}
