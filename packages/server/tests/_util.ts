import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { defaultNewMemberWriteLimits, loadConfig, scaledWriteLimits, type Config } from '../src/config/config.js';
import type { AppContext } from '../src/context.js';
import type { Db } from '../src/db/database.js';
import { startServer } from '../src/server.js';
import { buildPartitionedSchema } from '../scripts/partitioned-schema.js';

/**
 * Test servers: the real app, listening on a real port, on a real database.
 * With DATABASE_URL set, each server gets its own fresh database on that
 * PostgreSQL server; otherwise an embedded PGlite in a fresh temp folder.
 * TEST_SCHEMA=partitioned (with DATABASE_URL) builds each of those databases
 * with the tables src/db/distribution.ts distributes as hash-partitioned ones
 * (scripts/partitioned-schema.ts), so the suite shows the schema distributes.
 */
export interface TestServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  config: Config;
  ctx: AppContext;
  client(): Client;
  /** Stops the server; with keepData the database stays for a restart (see restartTestServer). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export const PASSWORD = 'correct horse battery staple';

const testSchema = process.env.TEST_SCHEMA ?? 'plain';
if (testSchema !== 'plain' && testSchema !== 'partitioned') throw new Error(`TEST_SCHEMA must be plain or partitioned, not ${testSchema}`);
if (testSchema === 'partitioned' && !process.env.DATABASE_URL) throw new Error('TEST_SCHEMA=partitioned needs DATABASE_URL: the embedded database is not partitioned');
/** Whether each test database is built with the distributed tables hash-partitioned. */
export const partitionedSchema = testSchema === 'partitioned';

export async function startTestServer(overrides: Partial<Config> = {}, reuse?: TestServer): Promise<TestServer> {
  const base = process.env.DATABASE_URL;
  let databaseUrl: string | null = reuse?.config.databaseUrl ?? null;
  let dropDatabase = async () => {};
  const dataDir = reuse?.config.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-test-'));
  if (base && databaseUrl) {
    const name = new URL(databaseUrl).pathname.slice(1);
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  } else if (base) {
    const name = `kindred_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    if (partitionedSchema) await buildPartitionedSchema(databaseUrl);
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    };
  }
  // A read replica streams the whole server: the test database has the same name there.
  let databaseReplicaUrl = overrides.databaseReplicaUrl ?? reuse?.config.databaseReplicaUrl ?? null;
  if (databaseReplicaUrl && databaseUrl) {
    const url = new URL(databaseReplicaUrl);
    url.pathname = new URL(databaseUrl).pathname;
    databaseReplicaUrl = url.toString();
  }
  const config = loadConfig({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl,
    logLevel: (process.env.TEST_LOG_LEVEL as 'error' | undefined) ?? 'silent',
    seedDemo: false,
    authRateLimit: 10_000,
    // Tests write fast; the write limits are tested on their own (write-limits.test.ts).
    writeLimits: scaledWriteLimits(1000),
    newMemberWriteLimits: scaledWriteLimits(1000, defaultNewMemberWriteLimits),
    walletDelivery: 'manual',
    jobIntervalMs: 200,
    // TEST_EVENT_BUS=redis runs the tests with live events on Redis (REDIS_URL, else the local one); rate-limit
    // counters then live there too, under a namespace of this server's own.
    ...(process.env.TEST_EVENT_BUS === 'redis'
      ? { eventBus: 'redis' as const, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', rateLimitNamespace: `kindred-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:` }
      : {}),
    ...overrides,
    databaseReplicaUrl,
  });
  const server = await startServer(config);
  return {
    url: server.url,
    app: server.app,
    db: server.ctx.db,
    config,
    ctx: server.ctx,
    client: () => new Client(server.url),
    async stop(options = {}) {
      await server.stop();
      if (options.keepData) return;
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like API client: keeps cookies and sends the CSRF token on writes. */
export class Client {
  private cookies = new Map<string, string>();
  csrfToken: string | null = null;
  user: { id: number; username: string } | null = null;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const init: RequestInit = { method, headers: { ...headers } };
    const h = init.headers as Record<string, string>;
    if (this.cookies.size > 0) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrfToken;
    // A multipart upload: fetch sets its content type with the boundary.
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${url.startsWith('/api') ? url : `/api/v1${url}`}`, init);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) this.csrfToken = (parsed as { csrfToken: string | null }).csrfToken;
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body: unknown = {}) {
    return this.request<T>('POST', url, body);
  }
  put<T = any>(url: string, body: unknown = {}) {
    return this.request<T>('PUT', url, body);
  }
  patch<T = any>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }

  cookie(name: string) {
    return this.cookies.get(name);
  }

  /** Adopts a session made directly in the database (bulk fixtures). */
  useSession(token: string, csrfToken: string) {
    this.cookies.set('kindred_session', token);
    this.csrfToken = csrfToken;
  }

  async signUp(username: string, displayName = username[0]!.toUpperCase() + username.slice(1)) {
    const reply = await this.post('/auth/signup', { username, displayName, password: PASSWORD });
    if (reply.status !== 201) throw new Error(`sign-up of ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    this.user = reply.body.user;
    return reply.body.user as { id: number; username: string };
  }
}

/** Starts a new server process-equivalent on the database a stopped one (stopped with keepData) used. */
export function restartTestServer(previous: TestServer, overrides: Partial<Config> = {}) {
  return startTestServer({ ...overrides }, previous);
}

/** Named members, signed up and signed in, so a test reads like a story. */
export async function actors<const N extends string>(server: TestServer, ...names: N[]): Promise<Record<N, Client & { id: number }>> {
  const result = {} as Record<N, Client & { id: number }>;
  for (const name of names) {
    const client = server.client() as Client & { id: number };
    client.id = (await client.signUp(name)).id;
    result[name] = client;
  }
  return result;
}

/** Asserts the one error shape and returns its code. */
export function errorCode(reply: Reply): string {
  const body = reply.body as { error?: { code?: unknown; message?: unknown } };
  if (!body?.error || typeof body.error.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`not an error body (${reply.status}): ${JSON.stringify(reply.body)}`);
  }
  return body.error.code;
}

export async function createGroup(client: Client, overrides: Record<string, unknown> = {}) {
  const reply = await client.post('/groups', {
    name: 'Hiking Lovers',
    description: 'We walk up hills.',
    tags: ['hiking'],
    city: 'Beijing',
    visibility: 'public',
    joinPolicy: 'open',
    ...overrides,
  });
  if (reply.status !== 201) throw new Error(`group creation failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { id: number; name: string };
}

export async function createPost(client: Client, groupId: number, overrides: Record<string, unknown> = {}) {
  const reply = await client.post(`/groups/${groupId}/posts`, { kind: 'discussion', title: 'Hello', body: 'First post', ...overrides });
  if (reply.status !== 201) throw new Error(`post creation failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body as { id: number; title: string };
}

/**
 * Many signed-in members at once, made directly in the database (hashing 500
 * passwords would dominate the test); everything they do goes over HTTP.
 */
export async function bulkMembers(server: TestServer, prefix: string, count: number): Promise<(Client & { id: number })[]> {
  const rows = await server.db
    .insertInto('users')
    .values(Array.from({ length: count }, (_, i) => ({ username: `${prefix}${i}`, display_name: `${prefix} ${i}`, password_hash: 'x' })))
    .returning('id')
    .execute();
  const sessions = rows.map((r) => ({ userId: r.id, token: crypto.randomBytes(24).toString('base64url'), csrf: crypto.randomBytes(16).toString('base64url') }));
  await server.db
    .insertInto('sessions')
    .values(sessions.map((s) => ({ token_hash: crypto.createHash('sha256').update(s.token).digest('hex'), user_id: s.userId, csrf_token: s.csrf, expires_at: new Date(Date.now() + 86_400_000) })))
    .execute();
  return sessions.map((s) => {
    const client = server.client() as Client & { id: number };
    client.useSession(s.token, s.csrf);
    client.id = s.userId;
    return client;
  });
}

/** Polls `check` until it holds, failing after `timeoutMs`: for what reaches the server as an event (a role, a job). */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
