import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MAX_LAG_MS, PIN_SECONDS } from '../db/replica.js';
import { readEnv } from './env.js';

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded PGlite database; used when databaseUrl is unset. */
  dataDir: string;
  databaseUrl: string | null;
  /** A streaming replica of that PostgreSQL server for reads that tolerate a second of lag (see src/db/replica.ts); null: every read on the primary. */
  databaseReplicaUrl: string | null;
  /** The replica is read from only while it has replayed everything the primary had written this long ago. */
  replicaMaxLagMs: number;
  /** Redis for rate-limit counters shared by every server instance; null keeps them in this process. */
  redisUrl: string | null;
  /** Prefix of the rate-limit keys in Redis (separates deployments sharing one Redis). */
  rateLimitNamespace: string;
  /**
   * What carries live events between instances: PostgreSQL's LISTEN/NOTIFY (the default, nothing more to run)
   * or Redis pub/sub (needs redisUrl). Either way an event written in a transaction goes out when it commits.
   */
  eventBus: 'postgres' | 'redis';
  production: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  seedDemo: boolean;
  /** Sign-in and sign-up attempts allowed per client address per minute. */
  authRateLimit: number;
  /** Per-account limits on writes, each a list of windows that must all have room (see docs/decisions.md). */
  writeLimits: WriteLimits;
  /** Lower limits, on top of those, for a member's first day (see docs/decisions.md). */
  newMemberWriteLimits: Partial<WriteLimits>;
  /** Back-off on an account's failed sign-ins (see docs/decisions.md). */
  signInBackoff: SignInBackoff;
  sessionDays: number;
  /** How long a live session read from the database is trusted without reading it again (0: every request reads it). */
  sessionCacheSeconds: number;
  /** Built web app served at /; null when it is not built (API only). */
  webDist: string;
  /** Embedded database: API requests that may wait for a turn before new ones get 503 (a few run at once). */
  dbQueueLimit: number;
  /** Photo uploads received and processed at once per process (twice as many wait, unread; past that, 503). */
  uploadsAtOnce: number;
  /** Shared secret of the payment webhook's HMAC signature. */
  webhookSecret: string;
  /** How long a seat is held for payment. */
  paymentWindowMinutes: number;
  /** How often the background job runner looks for due jobs. */
  jobIntervalMs: number;
  /**
   * Groups of up to this many members have their posts fanned out on write to
   * their members' home feeds (feed_items); larger ones are pulled when a feed
   * is read. 0 turns fan-out off: every feed is pulled (docs/decisions.md).
   */
  fanoutMaxMembers: number;
  /**
   * A member following at most this many members has their Following feed
   * pulled (one index probe per followee, cheaper than their sparse fanned-out
   * rows); one following more reads their rows first (docs/decisions.md).
   */
  followingPullMax: number;
  /** Server processes sharing the port (PostgreSQL only); 1 runs the server in this process (see src/cluster.ts). */
  workers: number;
  /** Which of the workers this process is (0 first), or null when it is the only server process. */
  workerId: number | null;
  /** Database connections this process keeps at most (PostgreSQL). */
  dbPoolSize: number;
  /** How long a request waits for a database connection (a free one, or a new one to a server that does not answer) before it gets 503 (PostgreSQL). */
  dbWaitMs: number;
  /** The simulated wallet delivers webhooks by itself ('auto') or only when told ('manual', tests). */
  walletDelivery: 'auto' | 'manual';
  /** Map tile URL template for the web app ({z}/{x}/{y}); null shows maps without tiles. */
  mapTileUrl: string | null;
  mapAttribution: string;
  /** Fastify's trustProxy: whom to believe about the client's address and protocol (X-Forwarded-*); false behind no proxy. */
  trustProxy: boolean | number | string[];
  /** Origins whose pages may send state-changing requests and open the live channel; null: the server's own. */
  origins: string[] | null;
  /** Bucket for uploaded photos' files, shared by every server instance; null keeps them in DATA_DIR/media. */
  s3: S3Config | null;
}

export interface S3Config {
  bucket: string;
  /** An S3-compatible service (MinIO and the like, addressed path-style); null: AWS S3. */
  endpoint: string | null;
  region: string;
  /** Both or neither; null: the AWS SDK's default credentials (environment, profile, instance role). */
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** Put before every key: '' or a folder ending in '/', to share a bucket with other data. */
  prefix: string;
}

export class ConfigError extends Error {}

/** At most `max` in any `windowSeconds`, spread evenly once the burst of `max` is spent. */
export interface RateWindow {
  max: number;
  windowSeconds: number;
}

/** Writes limited per account. */
export type WriteAction =
  | 'post'
  | 'comment'
  | 'like'
  | 'activity'
  | 'registration'
  | 'report'
  | 'companionRequest'
  | 'companionInvite'
  | 'companionLocation'
  | 'message'
  | 'media'
  | 'follow';

export type WriteLimits = Record<WriteAction, readonly RateWindow[]>;

const minute = 60;
const hour = 60 * minute;
const day = 24 * hour;

/** Per-account write limits: far above what an enthusiastic member does, well below what a script does. */
export const defaultWriteLimits: WriteLimits = {
  post: [{ max: 10, windowSeconds: 10 * minute }, { max: 50, windowSeconds: day }],
  comment: [{ max: 20, windowSeconds: minute }, { max: 500, windowSeconds: day }],
  like: [{ max: 60, windowSeconds: minute }, { max: 1000, windowSeconds: day }],
  activity: [{ max: 10, windowSeconds: hour }, { max: 30, windowSeconds: day }],
  registration: [{ max: 20, windowSeconds: 10 * minute }, { max: 100, windowSeconds: day }],
  report: [{ max: 10, windowSeconds: hour }, { max: 50, windowSeconds: day }],
  companionRequest: [{ max: 5, windowSeconds: hour }, { max: 20, windowSeconds: day }],
  companionInvite: [{ max: 20, windowSeconds: hour }],
  companionLocation: [{ max: 6, windowSeconds: hour }, { max: 20, windowSeconds: day }],
  message: [{ max: 60, windowSeconds: minute }],
  // Photo uploads: a day's outing with a full album is well inside; past it, 429 until the window moves.
  media: [{ max: 60, windowSeconds: hour }, { max: 200, windowSeconds: day }],
  // New follows (and follow requests): plenty for someone meeting a group, not a follow-everyone script.
  follow: [{ max: 30, windowSeconds: 10 * minute }, { max: 200, windowSeconds: day }],
};

/**
 * A member's first day: on top of the limits above, fewer posts, new
 * activities, invites and applications to strangers, messages and follows,
 * lifted by themselves 24 hours after signing up. A spammer's fresh accounts
 * do little; a real newcomer rarely notices.
 */
export const NEW_MEMBER_HOURS = 24;
export const defaultNewMemberWriteLimits: Partial<WriteLimits> = {
  post: [{ max: 3, windowSeconds: hour }, { max: 5, windowSeconds: day }],
  activity: [{ max: 3, windowSeconds: day }],
  companionInvite: [{ max: 5, windowSeconds: day }],
  message: [{ max: 20, windowSeconds: minute }, { max: 200, windowSeconds: day }],
  follow: [{ max: 50, windowSeconds: day }],
};

/** These write limits with every count multiplied by `scale` (at least 1 each). */
export function scaledWriteLimits(scale: number): WriteLimits;
export function scaledWriteLimits(scale: number, limits: Partial<WriteLimits>): Partial<WriteLimits>;
export function scaledWriteLimits(scale: number, limits: Partial<WriteLimits> = defaultWriteLimits): Partial<WriteLimits> {
  const scaled = { ...limits };
  for (const action of Object.keys(scaled) as WriteAction[]) {
    scaled[action] = scaled[action]!.map((w) => ({ max: Math.max(1, Math.round(w.max * scale)), windowSeconds: w.windowSeconds }));
  }
  return scaled;
}

export interface SignInBackoff {
  /** Failed sign-ins on an account from one address before each further attempt must wait. */
  freeFailures: number;
  /** Failed sign-ins on an account from addresses it has never signed in from, all together, before those must wait. */
  accountFreeFailures: number;
  /** The first wait; each further failure doubles it. */
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  /** Failures are forgotten after this long without one (counted from the end of the wait). */
  forgetSeconds: number;
  /** How long an address a member signed in from stays familiar (exempt from the account-wide back-off). */
  familiarDays: number;
}

export const defaultSignInBackoff: SignInBackoff = {
  freeFailures: 5,
  accountFreeFailures: 20,
  firstWaitSeconds: 1,
  maxWaitSeconds: 15 * minute,
  forgetSeconds: 15 * minute,
  familiarDays: 30,
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** KINDRED_FANOUT_MAX_MEMBERS (also read by the data generator, which fans out as the server would). */
export function fanoutMaxMembers(raw: string | undefined): number {
  return integer('KINDRED_FANOUT_MAX_MEMBERS', raw, 10_000, 0, 1_000_000);
}

function writeLimitScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < 0.01 || value > 1_000_000) {
    throw new ConfigError(`KINDRED_WRITE_LIMITS must be a number between 0.01 and 1000000 (a multiplier of every write limit), got "${raw}"`);
  }
  return value;
}

function flag(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function mapTileUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (!/^https?:\/\/.+\{z\}.*\{x\}.*\{y\}/.test(raw)) {
    throw new ConfigError(`KINDRED_MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y}, got "${raw}"`);
  }
  return raw.trim();
}

/** The development default; a production server refuses to start with it. */
export const BUILT_IN_WEBHOOK_SECRET = 'kindred-simulated-wallet-secret';

/**
 * The webhook secret. In production the built-in one is refused; unset, a
 * server on the embedded database (one process, its own wallet) makes a random
 * one and keeps it in its data folder, while a server on PostgreSQL (perhaps
 * one of several) must be given one.
 */
function webhookSecret(raw: string | undefined, production: boolean, dataDir: string, databaseUrl: string | null): string {
  if (raw === undefined || raw === '') {
    if (!production) return BUILT_IN_WEBHOOK_SECRET;
    if (databaseUrl) throw new ConfigError('KINDRED_WEBHOOK_SECRET must be set in production on PostgreSQL (NODE_ENV=production): the built-in secret is public');
    const file = path.join(dataDir, 'webhook-secret');
    fs.mkdirSync(dataDir, { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    return fs.readFileSync(file, 'utf8').trim();
  }
  if (raw.length < 16) throw new ConfigError('KINDRED_WEBHOOK_SECRET must be at least 16 characters');
  if (production && raw === BUILT_IN_WEBHOOK_SECRET) throw new ConfigError('KINDRED_WEBHOOK_SECRET must not be the built-in value in production');
  return raw;
}

function trustProxy(raw: string | undefined): Config['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.some((e) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$|^(loopback|linklocal|uniquelocal)$/.test(e))) {
    throw new ConfigError(`KINDRED_TRUST_PROXY must be true, false, a hop count, or addresses/CIDRs separated by commas, got "${value}"`);
  }
  return entries;
}

function origins(raw: string | undefined): string[] | null {
  const entries = (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  return entries.map((entry) => {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError(`KINDRED_ORIGIN must be origins like https://kindred.example (scheme, host, optional port) separated by commas, got "${entry}"`);
    }
    return url.origin;
  });
}

/** Photo storage in S3 when KINDRED_S3_BUCKET is set; the other KINDRED_S3_* settings without it are a mistake, not ignored. */
function s3(env: Record<string, string | undefined>): S3Config | null {
  const setting = (name: string) => env[name]?.trim() || null;
  const bucket = setting('KINDRED_S3_BUCKET');
  if (!bucket) {
    const stray = ['KINDRED_S3_ENDPOINT', 'KINDRED_S3_REGION', 'KINDRED_S3_ACCESS_KEY_ID', 'KINDRED_S3_SECRET_ACCESS_KEY', 'KINDRED_S3_PREFIX'].find((name) => setting(name));
    if (stray) throw new ConfigError(`${stray} is set but KINDRED_S3_BUCKET is not: photos would stay on local disk`);
    return null;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`KINDRED_S3_BUCKET must be a bucket name (3 to 63 lowercase letters, digits, dots and hyphens), got "${bucket}"`);
  }
  const endpoint = setting('KINDRED_S3_ENDPOINT');
  if (endpoint && !/^https?:\/\/[^\s/?#@]+\/?$/.test(endpoint)) {
    throw new ConfigError(`KINDRED_S3_ENDPOINT must be an http(s) URL like http://minio:9000 (scheme, host, optional port), got "${endpoint}"`);
  }
  const region = setting('KINDRED_S3_REGION') ?? 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) throw new ConfigError(`KINDRED_S3_REGION must be a region name like us-east-1, got "${region}"`);
  const accessKeyId = setting('KINDRED_S3_ACCESS_KEY_ID');
  const secretAccessKey = setting('KINDRED_S3_SECRET_ACCESS_KEY');
  if (!accessKeyId !== !secretAccessKey) {
    throw new ConfigError('KINDRED_S3_ACCESS_KEY_ID and KINDRED_S3_SECRET_ACCESS_KEY must be set together, or neither for the AWS SDK\'s default credentials');
  }
  const prefix = (setting('KINDRED_S3_PREFIX') ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix && !/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(prefix)) {
    throw new ConfigError(`KINDRED_S3_PREFIX must be a folder like kindred/photos (letters, digits, . _ - and /), got "${prefix}"`);
  }
  return { bucket, endpoint: endpoint?.replace(/\/$/, '') ?? null, region, accessKeyId, secretAccessKey, prefix: prefix && `${prefix}/` };
}

/** Builds and validates the configuration; a bad value throws a ConfigError naming the variable. */
export function loadConfig(overrides: Partial<Config> = {}, env = readEnv()): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${databaseUrl}"`);
  }
  const databaseReplicaUrl = env.DATABASE_REPLICA_URL?.trim() || null;
  if (databaseReplicaUrl && !/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) {
    throw new ConfigError(`DATABASE_REPLICA_URL must start with postgres:// or postgresql://, got "${databaseReplicaUrl}"`);
  }
  if (databaseReplicaUrl && !databaseUrl) throw new ConfigError('DATABASE_REPLICA_URL needs DATABASE_URL: the replica is a copy of that PostgreSQL server');
  const redisUrl = env.REDIS_URL?.trim() || null;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  const eventBus = (env.KINDRED_EVENT_BUS?.trim() || 'postgres') as Config['eventBus'];
  if (eventBus !== 'postgres' && eventBus !== 'redis') throw new ConfigError(`KINDRED_EVENT_BUS must be postgres or redis, got "${eventBus}"`);
  if (eventBus === 'redis' && !redisUrl) throw new ConfigError('KINDRED_EVENT_BUS=redis needs REDIS_URL');
  const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!logLevels.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')}, got "${logLevel}"`);
  const dataDir = env.DATA_DIR?.trim() || path.join(repoRoot, 'data');
  if (dataDir.includes('\0')) throw new ConfigError('DATA_DIR is not a valid path');
  const workers = integer('KINDRED_WORKERS', env.KINDRED_WORKERS, 1, 1, 64);
  if (workers > 1 && !databaseUrl) throw new ConfigError('KINDRED_WORKERS above 1 needs DATABASE_URL: the embedded database lives in one process');
  const workerId = env.KINDRED_WORKER_ID ? integer('KINDRED_WORKER_ID', env.KINDRED_WORKER_ID, 0, 0, workers - 1) : null;
  // The deployment's connections (20 in production, 10 otherwise) shared among its workers.
  const connections = integer('KINDRED_DB_POOL', env.KINDRED_DB_POOL, env.NODE_ENV === 'production' ? 20 : 10, 1, 1000);
  return {
    port: integer('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    dataDir: path.resolve(dataDir),
    databaseUrl,
    databaseReplicaUrl,
    replicaMaxLagMs: integer('KINDRED_REPLICA_MAX_LAG_MS', env.KINDRED_REPLICA_MAX_LAG_MS, DEFAULT_MAX_LAG_MS, 250, PIN_SECONDS * 1000 - 1000),
    redisUrl,
    rateLimitNamespace: 'kindred-rl:',
    eventBus,
    production: env.NODE_ENV === 'production',
    logLevel,
    seedDemo: flag('KINDRED_SEED_DEMO', env.KINDRED_SEED_DEMO, true),
    authRateLimit: integer('KINDRED_RATE_LIMIT_AUTH', env.KINDRED_RATE_LIMIT_AUTH, 10, 1, 1_000_000),
    writeLimits: scaledWriteLimits(writeLimitScale(env.KINDRED_WRITE_LIMITS)),
    newMemberWriteLimits: scaledWriteLimits(writeLimitScale(env.KINDRED_WRITE_LIMITS), defaultNewMemberWriteLimits),
    signInBackoff: defaultSignInBackoff,
    sessionDays: integer('KINDRED_SESSION_DAYS', env.KINDRED_SESSION_DAYS, 30, 1, 365),
    sessionCacheSeconds: integer('KINDRED_SESSION_CACHE_SECONDS', env.KINDRED_SESSION_CACHE_SECONDS, 30, 0, 300),
    webDist: path.resolve(env.KINDRED_WEB_DIST?.trim() || path.join(repoRoot, 'packages/web/dist')),
    dbQueueLimit: integer('KINDRED_DB_QUEUE_LIMIT', env.KINDRED_DB_QUEUE_LIMIT, 64, 0, 100_000),
    uploadsAtOnce: integer('KINDRED_UPLOADS_AT_ONCE', env.KINDRED_UPLOADS_AT_ONCE, 12, 1, 1000),
    webhookSecret: overrides.webhookSecret ?? webhookSecret(env.KINDRED_WEBHOOK_SECRET, env.NODE_ENV === 'production', path.resolve(overrides.dataDir ?? dataDir), databaseUrl),
    paymentWindowMinutes: integer('KINDRED_PAYMENT_WINDOW_MINUTES', env.KINDRED_PAYMENT_WINDOW_MINUTES, 30, 1, 7 * 24 * 60),
    jobIntervalMs: integer('KINDRED_JOB_INTERVAL_MS', env.KINDRED_JOB_INTERVAL_MS, 1000, 50, 600_000),
    fanoutMaxMembers: fanoutMaxMembers(env.KINDRED_FANOUT_MAX_MEMBERS),
    followingPullMax: integer('KINDRED_FOLLOWING_PULL_MAX', env.KINDRED_FOLLOWING_PULL_MAX, 200, 0, 1_000_000),
    workers,
    workerId,
    dbPoolSize: Math.max(2, Math.ceil(connections / workers)),
    dbWaitMs: integer('KINDRED_DB_WAIT_MS', env.KINDRED_DB_WAIT_MS, 10_000, 100, 300_000),
    walletDelivery: 'auto',
    mapTileUrl: mapTileUrl(env.KINDRED_MAP_TILE_URL),
    mapAttribution: env.KINDRED_MAP_ATTRIBUTION?.trim() || '',
    trustProxy: trustProxy(env.KINDRED_TRUST_PROXY),
    origins: origins(env.KINDRED_ORIGIN),
    s3: s3(env),
    ...overrides,
  };
}
