import type { FastifyRequest } from 'fastify';
import type { Config } from './config/config.js';
import type { Database, Db } from './db/database.js';
import type { EventBus } from './events/bus.js';
import type { RateLimiter } from './lib/rate-limits.js';
import type { ViewCounter } from './features/activities/view-counter.js';
import type { SimulatedWallet } from './features/payments/wallet.js';
import type { MediaStorage } from './features/media/storage.js';

/** What every route and service may use: the configuration and the database. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /**
   * The database for this request's reads that tolerate a second of lag
   * (search, stored recommendations, nearby activities, companion search,
   * public pages for signed-out visitors): the read replica when one is set,
   * it answers, and the client has not just written; otherwise `db`. Never
   * for writes. See db/replica.ts.
   */
  readDb(request: FastifyRequest): Db;
  /** Set when shutdown begins: new requests are refused with 503 while those in flight finish. */
  lifecycle: { closing: boolean };
  /** The payment provider: the built-in simulated wallet. */
  payments: SimulatedWallet;
  /** Live events to members, across every server instance. */
  events: EventBus;
  /** Per-account limit counters (writes, failed sign-ins), shared by every instance through Redis when configured. */
  limits: RateLimiter;
  /** Where uploaded photos' files live. */
  media: MediaStorage;
  /** Activity page views, written in batches. */
  views: ViewCounter;
  /** This server's own base URL, known once it listens (the wallet posts webhooks to it). */
  urls: { self: string };
}
