import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import pg from 'pg';
import type { Worker } from 'node:worker_threads';
import { isDatabaseUnavailable } from '../src/db/connection-errors.js';
import { PGliteThread } from '../src/db/pglite-thread.js';
import { scheduleJob } from '../src/jobs/jobs.repository.js';
import { Live, makeCompanions } from './_live.js';
import { actors, createGroup, startTestServer, type Client, type TestServer } from './_util.js';
import { freePort } from '../src/lib/free-port.js';

/**
 * The database going away under load: connections terminated by the server,
 * and PostgreSQL restarting. The server must keep running, answer 503
 * `database_unavailable` with Retry-After meanwhile (never a 500 or a hang),
 * reconnect by itself, and keep every write it acknowledged.
 */

const baseUrl = process.env.DATABASE_URL;
const needsPostgres = baseUrl ? false : 'needs DATABASE_URL: the embedded database runs in-process, with no connection to drop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  kind: 'read' | 'write';
  status: number;
  code?: string;
  retryAfter: string | null;
  startedAt: number;
  /** The created post, for a write answered 2xx. */
  post?: { id: number; title: string };
  /** Set when the request got no answer in time, or the connection failed. */
  failure?: string;
}

/** One request with a deadline, as the members' browsers send it (session cookie, CSRF token). */
async function timedRequest(client: Client, method: string, url: string, body?: unknown) {
  const headers: Record<string, string> = { cookie: `kindred_session=${client.cookie('kindred_session')}` };
  if (method !== 'GET') headers['x-csrf-token'] = client.csrfToken!;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${client.baseUrl}${url}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : null, retryAfter: response.headers.get('retry-after') };
}

/**
 * Concurrent members reading and writing a group's posts until stopped (or a
 * bound on count and time is reached); every outcome is recorded.
 */
function startLoad(members: Client[], groupId: number, loops = 16) {
  const outcomes: Outcome[] = [];
  let stopped = false;
  const deadline = Date.now() + 45_000;
  const runs = Array.from({ length: loops }, async (_, loop) => {
    const member = members[loop % members.length]!;
    for (let i = 0; i < 400 && !stopped && Date.now() < deadline; i++) {
      const write = i % 3 === 0;
      const title = `load ${loop}-${i}`;
      const startedAt = Date.now();
      try {
        const reply = write
          ? await timedRequest(member, 'POST', `/api/v1/groups/${groupId}/posts`, { kind: 'discussion', title, body: 'Still here.' })
          : await timedRequest(member, 'GET', `/api/v1/groups/${groupId}/posts?limit=5`);
        outcomes.push({
          kind: write ? 'write' : 'read',
          status: reply.status,
          code: reply.body?.error?.code,
          retryAfter: reply.retryAfter,
          startedAt,
          post: write && reply.status < 300 ? { id: reply.body.id, title } : undefined,
        });
      } catch (error) {
        outcomes.push({ kind: write ? 'write' : 'read', status: 0, retryAfter: null, startedAt, failure: String((error as Error).cause ?? error) });
      }
      // A member whose request was refused waits a moment, as a client honouring Retry-After would (briefly).
      if (outcomes.at(-1)!.status === 503) await sleep(50);
    }
  });
  return {
    outcomes,
    async stop() {
      stopped = true;
      await Promise.all(runs);
      return outcomes;
    },
  };
}

/** Asks /api/health until it answers 200; resolves with the milliseconds it took. */
async function timeToHealthy(server: TestServer, limitMs: number) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    const reply = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(limitMs) }).catch(() => null);
    if (reply?.status === 200) return Date.now() - started;
    await sleep(100);
  }
  return Infinity;
}

/** The properties every outage must keep: only 2xx or 503 database_unavailable with Retry-After, no hangs, recovery. */
function assertOutcomes(t: TestContext, outcomes: Outcome[], recoveredAt: number) {
  const tally = new Map<string, number>();
  for (const o of outcomes) tally.set(`${o.kind} ${o.failure ? 'no answer' : o.status}`, (tally.get(`${o.kind} ${o.failure ? 'no answer' : o.status}`) ?? 0) + 1);
  t.diagnostic(`outcomes: ${[...tally].map(([k, n]) => `${k}: ${n}`).join(', ')}`);
  const failures = outcomes.filter((o) => o.failure);
  assert.deepEqual(failures, [], 'every request got an answer in time');
  const wrong = outcomes.filter((o) => !(o.status >= 200 && o.status < 300) && !(o.status === 503 && o.code === 'database_unavailable'));
  assert.deepEqual(wrong, [], 'every answer is 2xx or 503 database_unavailable');
  const refused = outcomes.filter((o) => o.status === 503);
  assert.ok(refused.every((o) => o.retryAfter !== null && Number(o.retryAfter) > 0), 'every 503 says when to retry');
  const servedAfter = outcomes.filter((o) => o.startedAt >= recoveredAt && o.status >= 200 && o.status < 300);
  assert.ok(servedAfter.some((o) => o.kind === 'write') && servedAfter.some((o) => o.kind === 'read'), 'the load itself is served again after recovery');
}

/** Every post whose creation was answered 2xx is stored, with its title. */
async function assertAcknowledgedWritesKept(db: pg.Client, outcomes: Outcome[]) {
  const acknowledged = outcomes.flatMap((o) => (o.post ? [o.post] : []));
  assert.ok(acknowledged.length > 0);
  const stored = await db.query<{ id: number; title: string }>('select id::int as id, title from posts where id = any($1::bigint[])', [acknowledged.map((p) => p.id)]);
  const byId = new Map(stored.rows.map((r) => [r.id, r.title]));
  const lost = acknowledged.filter((p) => byId.get(p.id) !== p.title);
  assert.deepEqual(lost, [], 'no acknowledged write is lost');
}

/** The server's live-event connection (LISTEN) is back on the database, within a few seconds. */
async function assertListeningAgain(db: pg.Client, database: string) {
  const listening = async () =>
    Number((await db.query(`select count(*) as n from pg_stat_activity where datname = $1 and query ilike 'listen%'`, [database])).rows[0].n);
  const deadline = Date.now() + 8000;
  while ((await listening()) === 0 && Date.now() < deadline) await sleep(100);
  assert.equal(await listening(), 1, 'the live event connection is listening again');
}

async function connect(connectionString: string) {
  const client = new pg.Client({ connectionString });
  client.on('error', () => {});
  await client.connect();
  return client;
}

test('connections terminated twice under load: 503s meanwhile, the server reconnects, serves again and keeps every acknowledged write', { skip: needsPostgres }, async (t) => {
  // Every request reads its session from the database, so the session check meets the outage too.
  const server = await startTestServer({ sessionCacheSeconds: 0 });
  const admin = await connect(baseUrl!);
  const database = new URL(server.config.databaseUrl!).pathname.slice(1);
  try {
    const { alice, bob, carol } = await actors(server, 'alice', 'bob', 'carol');
    const group = await createGroup(alice);
    for (const member of [bob, carol]) assert.equal((await member.post(`/groups/${group.id}/join`)).status < 300, true);
    const conversationId = await makeCompanions(alice, bob, 'bob');
    const bobLive = await Live.open(server.url, bob);
    await bobLive.waitFor((e) => e.type === 'ready');

    const load = startLoad([alice, bob, carol], group.id);
    await sleep(500);
    for (let round = 0; round < 2; round++) {
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
      assert.ok(killed.rowCount! > 0, 'the server had connections to terminate');
      await sleep(300);
    }
    const droppedAt = Date.now();
    const recoveryMs = await timeToHealthy(server, 10_000);
    assert.ok(recoveryMs < 5000, `serving again ${recoveryMs} ms after the drop`);
    await sleep(1000);
    const outcomes = await load.stop();
    assertOutcomes(t, outcomes, droppedAt + recoveryMs);

    const checker = await connect(server.config.databaseUrl!);
    try {
      await assertAcknowledgedWritesKept(checker, outcomes);
      // The live channel's LISTEN connection was terminated too.
      await assertListeningAgain(checker, database);
    } finally {
      await checker.end();
    }
    const sent = await alice.post(`/conversations/${conversationId}/messages`, { body: 'after the drop', clientId: 'outage-1' });
    assert.equal(sent.status, 201);
    await bobLive.waitFor((e) => e.type === 'message' && e.message?.body === 'after the drop');
    await bobLive.close();

    // The background job runner outlived the drop: a job due now runs (the popularity refresh schedules its next run an hour on).
    await scheduleJob(server.db, 'activity.popularity', 'all', new Date());
    const ranAgain = async () => {
      const job = await server.db.selectFrom('jobs').select('run_at').where('kind', '=', 'activity.popularity').executeTakeFirstOrThrow();
      return job.run_at.getTime() > Date.now() + 30 * 60_000;
    };
    const jobDeadline = Date.now() + 8000;
    while (!(await ranAgain()) && Date.now() < jobDeadline) await sleep(100);
    assert.ok(await ranAgain(), 'a due job ran after the drop');
  } finally {
    await admin.end();
    await server.stop();
  }
});

/** A private, throwaway PostgreSQL cluster that this test may restart without touching the shared one. */
class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly bin: string,
    readonly port: number,
  ) {}

  static findBin(): string | null {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root)) return null;
    const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const bin = path.join(root, version, 'bin');
      if (['initdb', 'pg_ctl', 'postgres'].every((tool) => fs.existsSync(path.join(bin, tool)))) return bin;
    }
    return null;
  }

  static async create(bin: string): Promise<PrivatePostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-pg-'));
    if (process.getuid?.() === 0) {
      // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
      await run('chown', ['postgres:postgres', dir], false);
    }
    const port = await freePort();
    const cluster = new PrivatePostgres(dir, bin, port);
    await cluster.tool('initdb', ['-D', cluster.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await cluster.start();
    return cluster;
  }

  get data() {
    return path.join(this.dir, 'data');
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  start() {
    return this.tool('pg_ctl', ['start', '-w', '-D', this.data, '-l', path.join(this.dir, 'log'), '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`]);
  }

  stop(mode: 'fast' | 'immediate' = 'fast') {
    return this.tool('pg_ctl', ['stop', '-w', '-D', this.data, '-m', mode]);
  }

  restart() {
    return this.tool('pg_ctl', ['restart', '-w', '-D', this.data, '-m', 'fast', '-l', path.join(this.dir, 'log'), '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`]);
  }

  async destroy() {
    await this.stop('immediate').catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private tool(name: string, args: string[]) {
    return run(path.join(this.bin, name), args, true);
  }
}

/** Runs a command without blocking the event loop (the server under test lives in this process); as postgres when we are root. */
function run(command: string, args: string[], asPostgres: boolean): Promise<void> {
  const [file, argv] = asPostgres && process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    // Output ignored: a started postmaster keeps inherited pipes open, which would hold us here.
    const child = spawn(file, argv, { stdio: 'ignore', cwd: os.tmpdir() });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args[0]} exited with ${code}`))));
  });
}


const postgresBin = PrivatePostgres.findBin();
const needsPrivateCluster = needsPostgres || (postgresBin ? false : 'needs PostgreSQL binaries under /usr/lib/postgresql/*/bin to run a private cluster');

test('PostgreSQL restarting under load: no crash, 503 database_unavailable in the gap, full recovery, no acknowledged write lost', { skip: needsPrivateCluster, timeout: 120_000 }, async (t) => {
  const cluster = await PrivatePostgres.create(postgresBin!);
  let server: TestServer | undefined;
  try {
    const admin = await connect(cluster.url);
    await admin.query('create database kindred_restart');
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = '/kindred_restart';
    server = await startTestServer({ databaseUrl: url.toString(), sessionCacheSeconds: 0 });
    const { dana, eli } = await actors(server, 'dana', 'eli');
    const group = await createGroup(dana);
    assert.ok((await eli.post(`/groups/${group.id}/join`)).status < 300);

    const load = startLoad([dana, eli], group.id);
    await sleep(500);

    // A restart as an operator would run it, fast shutdown then start.
    await cluster.restart();
    const restartRecoveryMs = await timeToHealthy(server, 10_000);
    assert.ok(restartRecoveryMs < 5000, `serving again ${restartRecoveryMs} ms after the restart`);
    await sleep(500);

    // Stopped for a while: the health check and the load are told the database is unavailable.
    await cluster.stop();
    const health = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(health.status, 503);
    assert.equal(((await health.json()) as { error: { code: string } }).error.code, 'database_unavailable');
    assert.ok(Number(health.headers.get('retry-after')) > 0);
    await sleep(1000);
    const stoppedAt = Date.now();
    await cluster.start();
    const startedAt = Date.now();
    const recoveryMs = await timeToHealthy(server, 10_000);
    assert.ok(recoveryMs < 5000, `serving again ${recoveryMs} ms after the database came back`);
    await sleep(1000);
    const outcomes = await load.stop();

    assert.ok(
      outcomes.some((o) => o.status === 503 && o.startedAt >= stoppedAt - 1000 && o.startedAt < stoppedAt),
      'requests while the database was stopped were refused with 503',
    );
    assertOutcomes(t, outcomes, startedAt + recoveryMs);
    const checker = await connect(url.toString());
    try {
      await assertAcknowledgedWritesKept(checker, outcomes);
      await assertListeningAgain(checker, 'kindred_restart');
    } finally {
      await checker.end();
    }
  } finally {
    await server?.stop();
    await cluster.destroy();
  }
});

const onEmbedded = baseUrl ? 'runs with the embedded database' : false;

test('the embedded database thread dying fails its queries at once as unavailable, never leaving them waiting', { skip: onEmbedded }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-pglite-'));
  const thread = await PGliteThread.start(dir, 'kindred_events');
  try {
    assert.deepEqual((await thread.query('select 1 as one', [])).rows, [{ one: 1 }]);
    // Nothing in SQL stops the embedded database's thread; end it as a crash would.
    const inFlight = thread.query('select pg_sleep(2)', []);
    await (thread as unknown as { worker: Worker }).worker.terminate();
    const within = <T>(promise: Promise<T>) =>
      Promise.race([promise, sleep(3000).then(() => Promise.reject(new Error('still waiting after 3 s')))]);
    await assert.rejects(within(inFlight), (error) => isDatabaseUnavailable(error));
    await assert.rejects(within(thread.query('select 1', [])), (error) => isDatabaseUnavailable(error));
    await within(thread.close());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
