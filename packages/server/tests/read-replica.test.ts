import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import pg from 'pg';
import { BACKOFF_MS, LAG_CHECK_APPLICATION, PIN_SECONDS } from '../src/db/replica.js';
import { freePort } from '../src/lib/free-port.js';
import { putCard, usernames } from './_companions.js';
import { actors, createGroup, startTestServer, waitUntil, type Client, type TestServer } from './_util.js';

/**
 * DATABASE_REPLICA_URL against a real streaming replica of the PostgreSQL
 * server the tests run on: made here with pg_basebackup, started on a port of
 * its own, removed afterwards. The primary must accept replication
 * connections from 127.0.0.1 (.ci/run adds that line to pg_hba.conf); when it
 * does not, this test fails, saying so.
 *
 * Where a read ran is observed on the replica itself: its pg_stat_activity
 * (live: each of its sessions' latest statement and when it started) and its
 * pg_stat_database counters, and by what a read returns while the replica's
 * replay is paused (it answers with an older state than the primary's).
 */

const baseUrl = process.env.DATABASE_URL;
const needsPostgres = { skip: baseUrl ? false : 'needs DATABASE_URL: a read replica is a copy of a PostgreSQL server' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const run = promisify(execFile);

interface Replica {
  url: string;
  dir: string;
  /** Runs a PostgreSQL program as the PostgreSQL user (it refuses to run as root). */
  pg(program: string, ...args: string[]): Promise<{ stdout: string; stderr: string }>;
  query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]>;
  start(): Promise<void>;
  stop(): Promise<void>;
  remove(): Promise<void>;
}

const SLOT_PREFIX = 'kindred_test_replica_';

/** A streaming replica of the server at DATABASE_URL, in a fresh folder, listening on a free port. */
async function makeReplica(): Promise<Replica> {
  const primary = new URL(baseUrl!);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const settings = new Map<string, string>();
  try {
    const { rows } = await admin.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings
        where name in ('server_version_num', 'max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`,
    );
    for (const { name, setting } of rows) settings.set(name, setting);
    // Slots an earlier run left behind (it was killed before removing its replica) would keep WAL forever.
    await admin.query(`select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name like '${SLOT_PREFIX}%' and not active`);
  } finally {
    await admin.end();
  }
  // The replica's own replication slot: while it is stopped ("losing the replica"), the primary keeps the WAL it
  // has not received, however much the other tests write meanwhile, so it catches up when it comes back.
  const slot = `${SLOT_PREFIX}${process.pid}_${Date.now().toString(36)}`;
  const dropSlot = async () => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      // The primary's sender for a stopped replica takes a moment to let the slot go.
      await waitUntil('the replica\'s slot is released', async () => {
        const [row] = (await client.query<{ active: boolean | null }>('select active from pg_replication_slots where slot_name = $1', [slot])).rows;
        if (!row) return true;
        if (row.active) return false;
        await client.query('select pg_drop_replication_slot($1)', [slot]);
        return true;
      });
    } finally {
      await client.end();
    }
  };
  const major = Math.floor(Number(settings.get('server_version_num')) / 10000);
  const versionBin = `/usr/lib/postgresql/${major}/bin`;
  const bin = (program: string) => (fs.existsSync(path.join(versionBin, program)) ? path.join(versionBin, program) : program);
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-replica-'));
  // Run from the replica's folder, which the PostgreSQL user may enter whatever the test's own folder allows.
  const pgRun = (program: string, ...args: string[]) =>
    root
      ? run('runuser', ['-u', 'postgres', '--', bin(program), ...args], { maxBuffer: 16 << 20, cwd: dir })
      : run(bin(program), args, { maxBuffer: 16 << 20, cwd: dir });

  const data = path.join(dir, 'data');
  if (root) await run('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let client: pg.Client | null = null;
  const replica: Replica = {
    url,
    dir,
    pg: pgRun,
    async query(sql, values) {
      if (!client) {
        client = new pg.Client({ connectionString: url });
        client.on('error', () => {});
        await client.connect();
      }
      return (await client.query(sql, values as unknown[])).rows;
    },
    async start() {
      await pgRun('pg_ctl', '-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '120', 'start');
    },
    async stop() {
      await client?.end().catch(() => {});
      client = null;
      await pgRun('pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop');
    },
    async remove() {
      await client?.end().catch(() => {});
      client = null;
      if (fs.existsSync(path.join(data, 'postmaster.pid'))) await pgRun('pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop').catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
      await dropSlot();
    },
  };
  try {
    await pgRun('pg_basebackup', '-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username || 'postgres'), '-D', data, '-R', '-X', 'stream', '-C', '-S', slot, '-c', 'fast');
  } catch (error) {
    await replica.remove();
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    throw new Error(
      `could not copy the primary for a replica (pg_basebackup): ${stderr.trim()}\n` +
        'The primary must accept replication connections from 127.0.0.1: .ci/run adds "host replication postgres 127.0.0.1/32 trust" to pg_hba.conf and reloads.',
    );
  }
  // A Debian cluster keeps its configuration outside the data folder: the copy gets its own. The standby's limits
  // must be at least the primary's; the last setting wins, so these go after whatever ALTER SYSTEM left behind.
  const own = [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    'hot_standby = on',
    'hot_standby_feedback = on',
    'shared_buffers = 32MB',
    'fsync = off',
    'logging_collector = off',
    ...['max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction'].map((name) => `${name} = ${settings.get(name)}`),
  ];
  const owner = root ? await run('stat', ['-c', '%u:%g', data]).then(({ stdout }) => stdout.trim().split(':').map(Number) as [number, number]) : null;
  const write = (file: string, text: string, append = false) => {
    const target = path.join(data, file);
    if (append) fs.appendFileSync(target, text);
    else fs.writeFileSync(target, text);
    if (owner) fs.chownSync(target, owner[0], owner[1]);
    fs.chmodSync(target, 0o600);
  };
  if (!fs.existsSync(path.join(data, 'postgresql.conf'))) write('postgresql.conf', '');
  write('postgresql.auto.conf', `\n${own.join('\n')}\n`, true);
  write('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  if (!fs.existsSync(path.join(data, 'pg_ident.conf'))) write('pg_ident.conf', '');
  try {
    await replica.start();
  } catch (error) {
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : '';
    await replica.remove();
    throw new Error(`the replica did not start: ${String((error as { stderr?: unknown }).stderr ?? error)}\n${log}`);
  }
  return replica;
}

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp(replica: Replica, timeoutMs = 60_000) {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const [{ lsn }] = (await admin.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows as [{ lsn: string }];
  await admin.end();
  await waitUntil(
    'the replica replays the primary',
    async () => {
      try {
        const [row] = await replica.query<{ done: boolean }>('select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), $1) >= 0 as done', [lsn]);
        return row?.done === true;
      } catch {
        return false;
      }
    },
    timeoutMs,
  );
}

/** When the last statement of the server's read sessions on the replica's copy of the test database started (null: none yet); the lag checks' sessions are not reads. */
async function lastReplicaRead(replica: Replica, database: string): Promise<Date | null> {
  const [row] = await replica.query<{ at: Date | null }>(
    'select max(query_start) as at from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and application_name <> $2',
    [database, LAG_CHECK_APPLICATION],
  );
  return row?.at ?? null;
}

/** Waits until the client's read of `url` runs on the replica: a statement of the server's read sessions starts there after the wait begins. */
async function readsReachReplica(what: string, replica: Replica, database: string, client: Client, url: string, timeoutMs: number) {
  const before = new Date();
  await waitUntil(
    what,
    async () => {
      assert.equal((await client.get(url)).status, 200);
      const last = await lastReplicaRead(replica, database);
      return last !== null && last >= before;
    },
    timeoutMs,
  );
}

test('a read replica serves search, recommendations, nearby activities and public pages; writers read their writes; a replica too far behind or lost is skipped for the primary', needsPostgres, async (t) => {
  const replica = await makeReplica();
  let server: TestServer | undefined;
  try {
    // This instance reads from the replica however far behind it is, so each read shows which side it ran on;
    // the lag bound is tested below with a second instance on the default bound.
    server = await startTestServer({ databaseReplicaUrl: replica.url, replicaMaxLagMs: 3_600_000 });
    assert.ok(server.ctx.database.replica, 'the server opened the replica');
    const database = new URL(server.config.databaseUrl!).pathname.slice(1);
    const { alice, bob, carol, dave, erin } = await actors(server, 'alice', 'bob', 'carol', 'dave', 'erin');
    await putCard(bob);
    await putCard(alice);
    const walkers = await createGroup(alice, { name: 'Replica Walkers', description: 'We walk beside the stream.', tags: ['hiking'] });
    assert.equal((await alice.post(`/groups/${walkers.id}/posts`, { kind: 'discussion', title: 'Streaming walks', body: 'Every Saturday by the stream.' })).status, 201);
    await caughtUp(replica);
    // Nobody has written in the last few seconds: everyone's lag-tolerant reads may go to the replica.
    await sleep(PIN_SECONDS * 1000 + 200);
    const anonymous = server.client();
    const groupIds = async (client: Client, q: string) => {
      const reply = await client.get(`/search/groups?q=${encodeURIComponent(q)}`);
      assert.equal(reply.status, 200, `search for ${q}: ${JSON.stringify(reply.body)}`);
      return reply.body.items.map((g: { id: number }) => g.id) as number[];
    };

    await t.test('routed reads run on the replica; writes and reads after them do not', async () => {
      const before = new Date();
      const routed = [
        '/search/groups?q=walkers',
        '/search/posts?q=streaming',
        '/search/people?q=ali',
        '/search/activities?q=walk',
        '/activities/nearby?lat=39.9&lng=116.4&radiusKm=25',
        `/groups/${walkers.id}`,
        `/groups/${walkers.id}/posts`,
      ];
      for (let i = 0; i < 3; i++) {
        for (const url of routed) {
          const reply = await anonymous.get(url);
          assert.equal(reply.status, 200, `${url}: ${JSON.stringify(reply.body)}`);
        }
        const recommended = await bob.get('/recommendations/groups');
        assert.equal(recommended.status, 200, `recommendations: ${JSON.stringify(recommended.body)}`);
        const companions = await bob.get('/companions/people');
        assert.equal(companions.status, 200, `companion search: ${JSON.stringify(companions.body)}`);
        assert.deepEqual(usernames(companions), ['alice'], 'companion search finds the other card');
      }
      assert.ok((await groupIds(anonymous, 'walkers')).includes(walkers.id), 'the replica has the group');
      const last = await lastReplicaRead(replica, database);
      assert.ok(last && last >= before, `the server's sessions on the replica ran statements during the reads (last at ${last?.toISOString()}, reads from ${before.toISOString()})`);

      // Writes (posting, joining), and the writers' reads right after them, stay on the primary: no statement starts on the replica.
      const quiet = (await lastReplicaRead(replica, database))!;
      await sleep(50);
      for (let i = 0; i < 3; i++) {
        assert.equal((await alice.post(`/groups/${walkers.id}/posts`, { kind: 'discussion', title: `Walk ${i}`, body: 'By the stream again.' })).status, 201);
      }
      const join = await carol.post(`/groups/${walkers.id}/join`);
      assert.ok(join.status < 300, `a join answers: ${join.status}`);
      assert.equal((await alice.get('/search/posts?q=stream')).status, 200);
      assert.equal((await alice.get('/search/groups?q=walkers')).status, 200);
      assert.equal((await carol.get('/search/groups?q=walkers')).status, 200);
      const after = await lastReplicaRead(replica, database);
      assert.ok(!after || after <= quiet, `no statement ran on the replica during the writes and the writer's reads (last at ${after?.toISOString()}, before them ${quiet.toISOString()})`);
    });

    await t.test('with the replica behind, a member sees what they just wrote; others see the replica\'s older state until it catches up, unless it is past the lag bound', async () => {
      // A second instance on the same databases with the default bound: a replica more than a second behind is skipped.
      const bounded = await startTestServer({ databaseReplicaUrl: replica.url }, server);
      assert.equal(bounded.config.replicaMaxLagMs, 1000, 'the default bound is a second');
      const boundedVisitor = bounded.client();
      await replica.query('select pg_wal_replay_pause()');
      await waitUntil('replay pauses', async () => (await replica.query<{ state: string }>('select pg_get_wal_replay_pause_state() as state'))[0]?.state === 'paused');
      try {
        const lanterns = await createGroup(alice, { name: 'Lagging Lanterns', description: 'Lanterns at dusk.', tags: ['photography'] });
        // The writer, right after the write: on the primary.
        assert.ok((await groupIds(alice, 'lanterns')).includes(lanterns.id), 'the writer finds the group they just made');
        assert.equal((await alice.get(`/groups/${lanterns.id}`)).status, 200, 'the writer sees its page');
        // Anyone else: the replica, which has not replayed it yet.
        assert.deepEqual(await groupIds(anonymous, 'lanterns'), [], 'a signed-out visitor searches the replica, which is behind');
        assert.equal((await anonymous.get(`/groups/${lanterns.id}`)).status, 404, "a signed-out visitor's group page comes from the replica");
        assert.deepEqual(await groupIds(bob, 'lanterns'), [], 'a member who has not just written searches the replica');
        // A member who just made their companion card searches with it at once (the replica does not have it yet).
        await putCard(erin);
        const companions = await erin.get('/companions/people');
        assert.equal(companions.status, 200, `companion search right after making a card: ${JSON.stringify(companions.body)}`);
        assert.deepEqual(usernames(companions), ['alice', 'bob'], 'the new card finds the others');
        // A member's first recommendations rank them and store it on the primary (the replica is read-only and behind), then read it there.
        const first = await dave.get('/recommendations/groups');
        assert.equal(first.status, 200, `a first recommendation request while the replica is behind: ${JSON.stringify(first.body)}`);
        // The writer's window is short: past it, their reads go to the (still paused) replica too.
        await sleep(PIN_SECONDS * 1000 + 200);
        assert.deepEqual(await groupIds(alice, 'lanterns'), [], 'past the window the writer reads from the replica again');
        // On the bounded instance the same visitor's reads go to the primary once the replica is more than a second behind.
        const pausedFor = Date.now();
        await waitUntil('the bounded instance reads from the primary', async () => (await groupIds(boundedVisitor, 'lanterns')).includes(lanterns.id), 10_000);
        assert.equal((await boundedVisitor.get(`/groups/${lanterns.id}`)).status, 200, 'its group page too');
        assert.deepEqual(await groupIds(anonymous, 'lanterns'), [], `the unbounded instance still reads the paused replica (${Date.now() - pausedFor} ms later)`);

        await replica.query('select pg_wal_replay_resume()');
        await caughtUp(replica);
        assert.ok((await groupIds(anonymous, 'lanterns')).includes(lanterns.id), 'once the replica catches up, everyone finds the group');
        // Caught up, the bounded instance reads from the replica again (nothing else is reading now).
        await readsReachReplica('the bounded instance reads from the replica again', replica, database, boundedVisitor, '/search/groups?q=lanterns', 10_000);
      } finally {
        await replica.query('select pg_wal_replay_resume()').catch(() => {});
        await bounded.stop({ keepData: true });
      }
    });

    await t.test('losing the replica: routed reads fall back to the primary with no failed request, and go back to it once it returns', async () => {
      const urls = ['/search/groups?q=walkers', '/search/posts?q=streaming', '/activities/nearby?lat=39.9&lng=116.4&radiusKm=25', `/groups/${walkers.id}`];
      const outcomes: { url: string; status: number; at: number }[] = [];
      let stopped = false;
      const loops = Array.from({ length: 4 }, async (_, loop) => {
        const client = loop % 2 === 0 ? anonymous : bob;
        for (let i = 0; !stopped && i < 2000; i++) {
          const url = urls[(loop + i) % urls.length]!;
          const reply = await client.get(url);
          outcomes.push({ url, status: reply.status, at: Date.now() });
        }
      });
      await sleep(500);
      const stoppedAt = Date.now();
      await replica.stop();
      // Through the back-off and the retries after it.
      await sleep(BACKOFF_MS * 2 + 500);
      stopped = true;
      await Promise.all(loops);
      const failed = outcomes.filter((o) => o.status >= 300);
      assert.deepEqual(failed, [], 'every read answered while the replica went away');
      assert.ok(outcomes.filter((o) => o.at > stoppedAt).length > 20, `reads ran after the replica stopped (${outcomes.length} in all)`);
      // The primary answers with the latest state.
      const late = await createGroup(alice, { name: 'Fallback Foxes', description: 'Foxes at night.', tags: ['nature'] });
      await sleep(PIN_SECONDS * 1000 + 200);
      assert.ok((await groupIds(anonymous, 'foxes')).includes(late.id), 'with the replica gone, reads come from the primary');

      // Back: after the back-off, routed reads use the replica again.
      await replica.start();
      await caughtUp(replica);
      await sleep(BACKOFF_MS + 200);
      await readsReachReplica('routed reads reach the replica again', replica, database, anonymous, '/search/groups?q=foxes', 15_000);
    });
  } finally {
    await server?.stop();
    await replica.remove();
  }
});
