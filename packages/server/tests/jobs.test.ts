import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { extendLease, markJobDead, scheduleJob, scheduleJobWithin } from '../src/jobs/jobs.repository.js';
import { startJobRunner, type JobHandler } from '../src/jobs/runner.js';
import { actors, errorCode, PASSWORD, startTestServer, waitUntil, type Reply, type TestServer } from './_util.js';

/**
 * Background jobs: a job failing on every attempt ends dead (not silently
 * done), operators list and retry dead jobs, and a long job's lease is renewed
 * while it runs so no other runner takes it meanwhile. The runners here are
 * the real runner on the test server's database, with short leases and no
 * backoff; the server's own runner stays out of the way.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer({ jobIntervalMs: 3_600_000 });
});
after(() => server.stop());

const quiet = { warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function jobRow(kind: string, key: string) {
  return server.db.selectFrom('jobs').selectAll().where('kind', '=', kind).where('dedupe_key', '=', key).executeTakeFirstOrThrow();
}

async function operator(name: string) {
  const { [name]: member } = await actors(server, name);
  await server.db.updateTable('users').set({ role: 'operator' }).where('id', '=', member!.id).execute();
  // The role is read with the session: it applies from the next sign-in.
  assert.equal((await member!.post('/auth/signin', { username: name, password: PASSWORD })).status, 200);
  return member!;
}

test('a job failing on every attempt ends dead; operators list it and a retry runs it again', async () => {
  const ops = await operator('olga');
  const { bob } = await actors(server, 'bob');
  let failing = true;
  const calls: unknown[] = [];
  const handler: JobHandler = async (payload) => {
    calls.push(payload);
    if (failing) throw new Error('the mail relay refused the message');
  };
  const stop = startJobRunner(server.db, { 'mail.digest': handler }, quiet, { intervalMs: 50, maxAttempts: 3, retryDelayMs: () => 0 });
  try {
    await scheduleJob(server.db, 'mail.digest', 'week-1', new Date(), { week: 1 });
    await waitUntil('the job is dead', async () => (await jobRow('mail.digest', 'week-1')).dead_at !== null);
    await sleep(300);
    const dead = await jobRow('mail.digest', 'week-1');
    assert.equal(calls.length, 3, 'it ran exactly its attempts, then no more');
    assert.equal(dead.attempts, 3);
    assert.equal(dead.done_at, null, 'a dead job is not done');
    assert.equal(dead.last_error, 'the mail relay refused the message');

    const listed = await ops.get('/operator/jobs?state=dead');
    assert.equal(listed.status, 200);
    const item = listed.body.items.find((j: { id: number }) => j.id === dead.id);
    assert.deepEqual(
      { ...item, deadAt: undefined, runAt: undefined },
      { id: dead.id, kind: 'mail.digest', key: 'week-1', state: 'dead', attempts: 3, lastError: 'the mail relay refused the message', payload: { week: 1 }, deadAt: undefined, runAt: undefined },
    );
    assert.equal(new Date(item.deadAt).getTime(), dead.dead_at!.getTime());

    // A member who is not an operator neither sees nor retries it; nothing changes.
    assert.equal(errorCode(await bob.get('/operator/jobs?state=dead')), 'forbidden');
    assert.equal((await bob.post(`/operator/jobs/${dead.id}/retry`)).status, 403);
    assert.equal((await server.client().get('/operator/jobs?state=dead')).status, 401);
    assert.equal((await server.client().post(`/operator/jobs/${dead.id}/retry`)).status, 401);
    await sleep(200);
    assert.equal(calls.length, 3);
    assert.notEqual((await jobRow('mail.digest', 'week-1')).dead_at, null);

    // The relay is fixed; the operator runs the job again and it completes.
    failing = false;
    const retried = await ops.post(`/operator/jobs/${dead.id}/retry`);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.state, 'pending');
    assert.equal(retried.body.attempts, 0);
    await waitUntil('the retried job is done', async () => (await jobRow('mail.digest', 'week-1')).done_at !== null);
    const done = await jobRow('mail.digest', 'week-1');
    assert.equal(calls.length, 4);
    assert.equal(done.attempts, 1);
    assert.equal(done.dead_at, null);
    assert.ok(!(await ops.get('/operator/jobs?state=dead')).body.items.some((j: { id: number }) => j.id === dead.id), 'no longer listed');
    // Only a dead job can be retried.
    const again = await ops.post(`/operator/jobs/${dead.id}/retry`);
    assert.equal(again.status, 409);
    assert.equal(errorCode(again), 'conflict');
    assert.equal((await jobRow('mail.digest', 'week-1')).attempts, 1, 'nothing changed');
  } finally {
    await stop();
  }
});

test('dead jobs page by keyset, most recently dead first; bad requests are refused', async () => {
  const ops = await operator('oscar');
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    await scheduleJob(server.db, 'archive.export', `batch-${i}`, new Date(Date.now() + 3_600_000));
    const row = await jobRow('archive.export', `batch-${i}`);
    await markJobDead(server.db, row, `disk full ${i}`);
    ids.push(row.id);
  }
  const seen: { id: number; deadAt: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const reply: Reply = await ops.get(`/operator/jobs?state=dead&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(reply.status, 200);
    assert.ok(reply.body.items.length <= 2);
    seen.push(...reply.body.items);
    cursor = reply.body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  const mine = seen.filter((j) => ids.includes(j.id)).map((j) => j.id);
  assert.deepEqual(mine, [...ids].reverse(), 'newest dead first, each once');
  assert.equal(new Set(seen.map((j) => j.id)).size, seen.length, 'no job on two pages');
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.deadAt >= seen[i]!.deadAt);

  assert.equal(errorCode(await ops.get('/operator/jobs?state=dead&cursor=not-a-cursor')), 'validation_failed');
  assert.equal(errorCode(await ops.get('/operator/jobs?state=running')), 'validation_failed');
  assert.equal(errorCode(await ops.get('/operator/jobs')), 'validation_failed');
  assert.equal(errorCode(await ops.post('/operator/jobs/0/retry')), 'validation_failed');
  assert.equal(errorCode(await ops.post('/operator/jobs/2147483000/retry')), 'not_found');
  // A job that is merely pending is not retried.
  await scheduleJob(server.db, 'archive.export', 'pending', new Date(Date.now() + 3_600_000));
  const pending = await jobRow('archive.export', 'pending');
  assert.equal(errorCode(await ops.post(`/operator/jobs/${pending.id}/retry`)), 'conflict');
  assert.equal((await jobRow('archive.export', 'pending')).run_at.getTime(), pending.run_at.getTime(), 'nothing changed');
});

test('a job running longer than its lease keeps it: another runner does not take it meanwhile', async () => {
  let runs = 0;
  let started = false;
  const slow: JobHandler = async () => {
    runs++;
    started = true;
    await sleep(4000);
  };
  const options = { intervalMs: 50, leaseSeconds: 1.5, maxAttempts: 3, retryDelayMs: () => 0 };
  const first = startJobRunner(server.db, { 'search.reindex': slow }, quiet, options);
  let second: (() => Promise<void>) | undefined;
  try {
    await scheduleJob(server.db, 'search.reindex', 'all', new Date());
    await waitUntil('the first runner started the job', async () => started);
    // A second server's runner looks for due jobs all the while; the lease would have run out after 1.5 s.
    second = startJobRunner(server.db, { 'search.reindex': slow }, quiet, options);
    await waitUntil('the job is done', async () => (await jobRow('search.reindex', 'all')).done_at !== null, 15_000);
    await sleep(300);
    assert.equal(runs, 1, 'the job ran once');
    assert.equal((await jobRow('search.reindex', 'all')).attempts, 1, 'claimed once');
  } finally {
    await first();
    await second?.();
  }
});

test('a runner that stops finishes the job it began and hands back the ones it claimed but had not begun', async () => {
  const ran: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handler: JobHandler = async (payload) => {
    ran.push(String(payload.n));
    if (payload.n === 1) await gate;
  };
  await scheduleJob(server.db, 'mail.batch', 'one', new Date(Date.now() - 2000), { n: 1 });
  await scheduleJob(server.db, 'mail.batch', 'two', new Date(Date.now() - 1000), { n: 2 });
  const stop = startJobRunner(server.db, { 'mail.batch': handler }, quiet, { intervalMs: 50, leaseSeconds: 60 });
  await waitUntil('the first job began', async () => ran.length === 1);
  const claimed = await jobRow('mail.batch', 'two');
  assert.ok(claimed.locked_until && claimed.attempts === 1, 'the second was claimed with the first');
  const stopped = stop();
  release();
  await stopped;
  assert.deepEqual(ran, ['1'], 'the second was not begun');
  assert.ok((await jobRow('mail.batch', 'one')).done_at);
  const handedBack = await jobRow('mail.batch', 'two');
  assert.deepEqual([handedBack.done_at, handedBack.locked_until, handedBack.attempts], [null, null, 0], 'due again at once, the attempt not counted');
});

test('a job that schedules its own next run is pending again afterwards, not done', async () => {
  let runs = 0;
  const nextRun = new Date(Date.now() + 3_600_000);
  const stop = startJobRunner(
    server.db,
    {
      'digest.hourly': async () => {
        runs++;
        await scheduleJob(server.db, 'digest.hourly', 'all', nextRun);
      },
    },
    quiet,
    { intervalMs: 50 },
  );
  try {
    await scheduleJob(server.db, 'digest.hourly', 'all', new Date());
    await waitUntil('the job ran', async () => runs === 1);
    await sleep(300);
    const row = await jobRow('digest.hourly', 'all');
    assert.equal(row.done_at, null, 'the next run is still to come');
    assert.equal(row.run_at.getTime(), nextRun.getTime());
    assert.equal(row.locked_until, null);
  } finally {
    await stop();
  }
});

test('a lease is renewed only under the claim that holds it', async () => {
  await scheduleJob(server.db, 'search.reindex', 'stale', new Date(Date.now() + 3_600_000));
  const row = await jobRow('search.reindex', 'stale');
  await server.db.updateTable('jobs').set({ attempts: 2, locked_until: new Date(Date.now() + 60_000) }).where('id', '=', row.id).execute();
  assert.equal(await extendLease(server.db, { id: row.id, attempts: 1 }, 60), false, 'an earlier claim no longer holds it');
  assert.equal(await extendLease(server.db, { id: row.id, attempts: 2 }, 600), true);
  const renewed = await jobRow('search.reindex', 'stale');
  assert.ok(renewed.locked_until!.getTime() > Date.now() + 500_000);
});

test('changes within a delay share one run; one made while that run is under way brings another after it', async () => {
  const schedule = () => scheduleJobWithin(server.db, 'recs.rank', 'member:burst', 60_000, { userId: 0 }).execute();
  await schedule();
  const first = await jobRow('recs.rank', 'member:burst');
  await sleep(20);
  await schedule();
  const second = await jobRow('recs.rank', 'member:burst');
  assert.equal(second.run_at.getTime(), first.run_at.getTime(), 'the pending run is not pushed back');

  // The run comes due and starts; a change lands while it runs.
  await server.db.updateTable('jobs').set({ run_at: new Date() }).where('id', '=', first.id).execute();
  let runs = 0;
  let release!: () => void;
  const running = new Promise<void>((resolve) => (release = resolve));
  const stop = startJobRunner(
    server.db,
    {
      'recs.rank': async () => {
        runs++;
        if (runs === 1) await running;
      },
    },
    quiet,
    { intervalMs: 50 },
  );
  try {
    await waitUntil('the run started', async () => runs === 1);
    await schedule();
    release();
    // That run may have read its inputs before the change: another follows at once, not a minute later.
    await waitUntil('a second run', async () => runs === 2);
    await waitUntil('it is done', async () => (await jobRow('recs.rank', 'member:burst')).done_at !== null);
    // Once done, the next change starts a new delay.
    const before = Date.now();
    await schedule();
    const next = await jobRow('recs.rank', 'member:burst');
    assert.equal(next.done_at, null);
    assert.ok(next.run_at.getTime() >= before + 59_000, 'due a delay after the change');
  } finally {
    await stop();
  }
});

test('bulk work runs in a lane of its own: a quick job does not wait behind a long one', async () => {
  const ran: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handlers: Record<string, JobHandler> = {
    'bulk.rebuild': async () => {
      ran.push('bulk began');
      await gate;
      ran.push('bulk ended');
    },
    'member.confirm': async () => {
      ran.push('quick');
    },
  };
  await scheduleJob(server.db, 'bulk.rebuild', 'all', new Date(Date.now() - 2000));
  const stop = startJobRunner(server.db, handlers, quiet, { intervalMs: 50, bulkKinds: ['bulk.rebuild'] });
  try {
    await waitUntil('the bulk job began', async () => ran.includes('bulk began'));
    await scheduleJob(server.db, 'member.confirm', 'payment-1', new Date(Date.now() - 1000));
    await waitUntil('the quick job ran while the bulk one runs', async () => ran.includes('quick'));
    assert.deepEqual(ran, ['bulk began', 'quick']);
  } finally {
    release();
    await stop();
  }
  assert.deepEqual(ran, ['bulk began', 'quick', 'bulk ended']);
  assert.ok((await jobRow('member.confirm', 'payment-1')).done_at);
});
