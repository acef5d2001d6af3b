import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { grantFromCommandLine } from '../src/features/moderation/standing.js';
import { Live, makeCompanions } from './_live.js';
import { Client, startTestServer, waitUntil, type TestServer } from './_util.js';

// Several instances need a shared PostgreSQL; the embedded database belongs to one process.
const postgresOnly = { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL (the embedded database serves one process)' };

let first: TestServer;
let second: TestServer;
before(async () => {
  if (!process.env.DATABASE_URL) return;
  // Both share rate-limit counters through Redis, under a namespace of their own.
  const shared = { redisUrl: 'redis://127.0.0.1:6379', rateLimitNamespace: `kindred-test-${process.pid}-${Date.now()}:`, authRateLimit: 50 };
  first = await startTestServer(shared);
  second = await startTestServer(shared, first);
});
after(async () => {
  if (!process.env.DATABASE_URL) return;
  await second.stop({ keepData: true });
  await first.stop();
});

test('two instances on one PostgreSQL: a session made on one works on the other, and a message sent through one reaches a member connected to the other', postgresOnly, async () => {
  assert.notEqual(first.url, second.url);
  const ana = first.client();
  const ben = first.client();
  await ana.signUp('ana_multi');
  await ben.signUp('ben_multi');
  const conversationId = await makeCompanions(ana, ben, 'ben_multi');

  // Ben's session, made on the first instance, used on the second.
  const benOnSecond = new Client(second.url);
  benOnSecond.useSession(ben.cookie('kindred_session')!, ben.csrfToken!);
  assert.equal((await benOnSecond.get('/session')).body.user.username, 'ben_multi');

  // Ben listens on the second instance; Ana sends through the first, by HTTP and by her own socket there.
  const benLive = await Live.open(second.url, benOnSecond);
  await benLive.waitFor((e) => e.type === 'ready');
  await ana.post(`/conversations/${conversationId}/messages`, { body: 'from instance A', clientId: 'ana-multi-1' });
  const anaLive = await Live.open(first.url, ana);
  await anaLive.waitFor((e) => e.type === 'ready');
  anaLive.send({ type: 'send', conversationId, body: 'over A’s socket', clientId: 'ana-multi-2' });
  const received = await benLive.waitFor((e) => e.type === 'message', 2);
  assert.deepEqual(received.map((e) => e.message!.body), ['from instance A', 'over A’s socket']);

  // And back: Ben replies through the second instance; Ana hears it on the first.
  await benOnSecond.post(`/conversations/${conversationId}/messages`, { body: 'from instance B', clientId: 'ben-multi-1' });
  await anaLive.waitFor((e) => e.message?.body === 'from instance B');
  await benLive.close();
  await anaLive.close();
});

test('signing out on one instance ends the session on the other, and closes its live connection there', postgresOnly, async () => {
  const cleo = first.client();
  await cleo.signUp('cleo_multi');
  const cleoOnSecond = new Client(second.url);
  cleoOnSecond.useSession(cleo.cookie('kindred_session')!, cleo.csrfToken!);
  // The second instance has read (and may keep) the session, and holds a live connection on it.
  assert.equal((await cleoOnSecond.get('/me')).status, 200);
  const live = await Live.open(second.url, cleoOnSecond);
  await live.waitFor((e) => e.type === 'ready');

  assert.equal((await cleo.post('/auth/signout')).status, 204);
  assert.equal(await live.closed, 4401);
  assert.equal((await cleoOnSecond.get('/me')).status, 401);
});

test('suspending a member on one instance ends their session on the other and closes its live connection there; a new role reaches the other at once', postgresOnly, async () => {
  const [boss, fred] = [first.client(), first.client()];
  await boss.signUp('boss_multi');
  await fred.signUp('fred_multi');
  const bossOnSecond = new Client(second.url);
  bossOnSecond.useSession(boss.cookie('kindred_session')!, boss.csrfToken!);
  const fredOnSecond = new Client(second.url);
  fredOnSecond.useSession(fred.cookie('kindred_session')!, fred.csrfToken!);
  // The second instance has cached both sessions; the role granted on the command line reaches both instances.
  assert.equal((await fredOnSecond.get('/me')).status, 200);
  assert.equal((await bossOnSecond.get('/me')).body.role, 'member');
  await grantFromCommandLine(first.db, 'boss_multi', 'operator');
  await waitUntil('the second instance has the new role', async () => (await bossOnSecond.get('/me')).body.role === 'operator');
  await waitUntil('the first instance has the new role', async () => (await boss.get('/me')).body.role === 'operator');
  const live = await Live.open(second.url, fredOnSecond);
  await live.waitFor((e) => e.type === 'ready');

  assert.equal((await boss.put('/operator/members/fred_multi/role', { role: 'moderator', reason: 'helps' })).status, 200);
  await waitUntil('the cached session on the other instance took the new role', async () => (await fredOnSecond.get('/me')).body.role === 'moderator');
  assert.equal((await boss.put('/operator/members/fred_multi/role', { role: 'member', reason: 'stepped down' })).status, 200);
  assert.equal((await boss.post('/operator/members/fred_multi/suspension', { days: 2, reason: 'spam' })).status, 200);
  assert.equal(await live.closed, 4401);
  assert.equal((await fredOnSecond.get('/me')).status, 401);
});

test('rate limits hold across instances: attempts on one count on the other', postgresOnly, async () => {
  const attempt = async (server: TestServer) => {
    const reply = await server.client().post('/auth/signin', { username: 'nobody_here', password: 'wrong password' });
    assert.equal(reply.status, 401);
    return Number(reply.headers.get('x-ratelimit-remaining'));
  };
  const onFirst = await attempt(first);
  assert.equal(await attempt(second), onFirst - 1);
  assert.equal(await attempt(first), onFirst - 2);
});

test('a notification reaches every device of the member, on whichever instance each is connected', postgresOnly, async () => {
  const dee = first.client();
  const eve = first.client();
  await dee.signUp('dee_multi');
  await eve.signUp('eve_multi');
  const deeOnSecond = new Client(second.url);
  deeOnSecond.useSession(dee.cookie('kindred_session')!, dee.csrfToken!);
  const [phone, laptop] = await Promise.all([Live.open(second.url, deeOnSecond), Live.open(first.url, dee)]);
  await Promise.all([phone.waitFor((e) => e.type === 'ready'), laptop.waitFor((e) => e.type === 'ready')]);
  // Eve follows Dee through the first instance; both of Dee's devices hear it, each with the count.
  assert.equal((await eve.put('/users/dee_multi/follow')).status, 200);
  for (const device of [phone, laptop]) {
    const [event] = (await device.waitFor((e) => e.type === 'notification')) as unknown as { notification: { kind: string; actors: { username: string }[] }; unread: number }[];
    assert.deepEqual([event!.notification.kind, event!.notification.actors[0]!.username, event!.unread], ['follow.new', 'eve_multi', 1]);
  }
  // Read on the second instance: the first hears the new count.
  assert.equal((await deeOnSecond.post('/me/notifications/read')).status, 204);
  await laptop.waitFor((e) => e.type === 'unread' && (e as unknown as { unread: number }).unread === 0);
  await phone.close();
  await laptop.close();
});

test("a room's message reaches its members on every instance, one announcement for all of them", postgresOnly, async () => {
  const [gia, hal] = [first.client(), first.client()];
  await gia.signUp('gia_multi');
  await hal.signUp('hal_multi');
  const group = (await gia.post('/groups', { name: 'Multi Room', description: '', tags: ['hiking'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' })).body;
  await hal.post(`/groups/${group.id}/join`);
  const room = (await gia.put(`/groups/${group.id}/room`)).body;
  const halOnSecond = new Client(second.url);
  halOnSecond.useSession(hal.cookie('kindred_session')!, hal.csrfToken!);
  const live = await Live.open(second.url, halOnSecond);
  await live.waitFor((e) => e.type === 'ready');
  assert.equal((await gia.post(`/rooms/${room.id}/messages`, { body: 'from instance A', clientId: 'multi-room-1' })).status, 201);
  const [event] = await live.waitFor((e) => e.type === 'room-message');
  assert.equal((event as unknown as { message: { body: string } }).message.body, 'from instance A');
  await live.close();
});
