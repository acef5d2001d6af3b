import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createGroup, actors, errorCode, startTestServer, type TestServer } from './_util.js';

// The admission gate guards the embedded database, which serves one query at a time.
const embeddedOnly = { skip: process.env.DATABASE_URL ? 'covers the embedded database' : false };

let server: TestServer;
before(async () => {
  if (process.env.DATABASE_URL) return;
  server = await startTestServer({ dbQueueLimit: 5 });
});
after(() => server?.stop());

test('past the queue limit a request is refused at once with 503 and Retry-After; the rest are served', embeddedOnly, async () => {
  const { alice } = await actors(server, 'alice');
  const group = await createGroup(alice);
  const replies = await Promise.all(Array.from({ length: 60 }, () => server.client().get(`/groups/${group.id}/posts`)));
  const statuses = replies.map((r) => r.status);
  const refused = replies.filter((r) => r.status === 503);
  assert.ok(refused.length > 0, 'some were refused');
  assert.ok(statuses.filter((s) => s === 200).length >= 4 + 5, 'those running and queued were served');
  assert.deepEqual([...new Set(statuses)].sort(), [200, 503]);
  for (const reply of refused) {
    assert.equal(errorCode(reply), 'service_unavailable');
    assert.equal(reply.headers.get('retry-after'), '1');
  }
});

test('clients that give up while waiting do not keep their place', embeddedOnly, async () => {
  const { bob } = await actors(server, 'bob');
  const group = await createGroup(bob);
  const gate = server.app.admissionGate!;
  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(check(), `${what} (running ${gate.running}, queued ${gate.queued})`);
  };
  for (let round = 0; round < 3; round++) {
    // The database is busy for a while, so the requests below pile up at the gate.
    const busy = sql`select pg_sleep(0.6)`.execute(server.db);
    const controllers = Array.from({ length: 9 }, () => new AbortController());
    const requests = controllers.map((c) => fetch(`${server.url}/api/v1/groups/${group.id}/posts`, { signal: c.signal }).then((r) => r.status, () => 'aborted'));
    // All nine reached the server: four hold a place, five wait in line.
    await until('nine requests at the gate', () => gate.running === 4 && gate.queued === 5);
    for (const c of controllers) c.abort();
    assert.deepEqual(await Promise.all(requests), Array(9).fill('aborted'));
    await busy;
    // Every place held or waited for went back to the gate.
    await until('the gate empties', () => gate.running === 0 && gate.queued === 0);
  }
  const replies = await Promise.all(Array.from({ length: 9 }, () => server.client().get(`/groups/${group.id}/posts`)));
  assert.deepEqual(replies.map((r) => r.status), Array(9).fill(200));
  assert.equal(gate.running + gate.queued, 0);
});
