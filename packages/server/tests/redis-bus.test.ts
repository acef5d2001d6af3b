import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { publishWithin, type Addressed } from '../src/events/bus.js';
import { Live, makeCompanions } from './_live.js';
import { Client, startTestServer, waitUntil, type TestServer } from './_util.js';

// Two instances need a shared PostgreSQL; the embedded database belongs to one process.
const postgresOnly = { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL (the embedded database serves one process)' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let first: TestServer;
let second: TestServer;
let redis: Redis;
before(async () => {
  if (!process.env.DATABASE_URL) return;
  const shared = { eventBus: 'redis' as const, redisUrl: REDIS_URL, rateLimitNamespace: `kindred-test-${process.pid}-${Date.now()}:` };
  first = await startTestServer(shared);
  second = await startTestServer(shared, first);
  redis = new Redis(REDIS_URL);
});
after(async () => {
  if (!process.env.DATABASE_URL) return;
  redis.disconnect();
  await second.stop({ keepData: true });
  await first.stop();
});

/** Everything the second instance's bus hears, from the moment of the call. */
function heardOnSecond() {
  const heard: Addressed[] = [];
  const stop = second.ctx.events.subscribe((addressed) => heard.push(addressed));
  return { heard, stop };
}

test('on the Redis bus an event written in a transaction reaches the other instance once it commits, and never when it rolls back', postgresOnly, async () => {
  const { heard, stop } = heardOnSecond();
  try {
    await assert.rejects(
      first.db.transaction().execute(async (tx) => {
        await publishWithin(tx, [900_001], { type: 'unread' });
        throw new Error('changed its mind');
      }),
      /changed its mind/,
    );
    await first.db.transaction().execute(async (tx) => {
      await publishWithin(tx, [900_002], { type: 'unread' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(heard.filter((a) => a.users.includes(900_002)).length, 0, 'an event went out before its transaction committed');
    });
    await waitUntil('the committed event reaches the second instance', async () => heard.some((a) => a.users.includes(900_002)));
    // Published after the rolled-back one, heard: had the rolled-back one gone out, it would have arrived first.
    await first.ctx.events.publish([900_003], { type: 'unread' });
    await waitUntil('a later event reaches the second instance', async () => heard.some((a) => a.users.includes(900_003)));
    assert.equal(heard.filter((a) => a.users.includes(900_001)).length, 0, 'the rolled-back event was delivered');
    assert.equal(heard.filter((a) => a.users.includes(900_002)).length, 1, 'the committed event was not delivered exactly once');
  } finally {
    stop();
  }
});

test('on the Redis bus a message sent through one instance reaches a member connected to the other, also after Redis dropped every connection of both', postgresOnly, async () => {
  const ana = first.client();
  const ben = first.client();
  await ana.signUp('ana_redis');
  await ben.signUp('ben_redis');
  const conversationId = await makeCompanions(ana, ben, 'ben_redis');
  const benOnSecond = new Client(second.url);
  benOnSecond.useSession(ben.cookie('kindred_session')!, ben.csrfToken!);
  const benLive = await Live.open(second.url, benOnSecond);
  await benLive.waitFor((e) => e.type === 'ready');

  await ana.post(`/conversations/${conversationId}/messages`, { body: 'before the drop', clientId: 'ana-redis-1' });
  await benLive.waitFor((e) => e.message?.body === 'before the drop');

  // Redis drops this process's live event connections (both instances, subscribing and publishing).
  const ours = String(await redis.call('CLIENT', 'LIST'))
    .split('\n')
    .filter((line: string) => line.includes(`name=kindred-events-in-${process.pid} `) || line.includes(`name=kindred-events-out-${process.pid} `))
    .map((line) => /\bid=(\d+)/.exec(line)![1]!);
  assert.equal(ours.length, 4, `expected two connections per instance, found ${ours.length}`);
  for (const id of ours) await redis.call('CLIENT', 'KILL', 'ID', id);

  // The instances keep serving, and once they have reconnected and subscribed again messages flow again.
  assert.equal((await benOnSecond.get('/session')).status, 200, 'the second instance stopped answering after losing Redis');
  let n = 0;
  await waitUntil(
    'a message sent after the drop reaches the other instance',
    async () => {
      n++;
      const sent = await ana.post(`/conversations/${conversationId}/messages`, { body: `after the drop ${n}`, clientId: `ana-redis-after-${n}` });
      assert.equal(sent.status, 201, `sending during the Redis outage answered ${sent.status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return benLive.events.some((e) => e.message?.body?.startsWith('after the drop') === true);
    },
    15_000,
  );
  const resubscribed = String(await redis.call('CLIENT', 'LIST')).split('\n').filter((line: string) => line.includes(`name=kindred-events-in-${process.pid} `));
  assert.equal(resubscribed.length, 2, `expected both instances subscribed again, found ${resubscribed.length}`);
  await benLive.close();
});
