import assert from 'node:assert/strict';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { ConfigError, defaultWriteLimits, loadConfig, scaledWriteLimits, type Config, type SignInBackoff, type WriteLimits } from '../src/config/config.js';
import { snapToGrid } from '../src/lib/coarse-location.js';
import { memoryRateLimiter } from '../src/lib/rate-limits.js';
import { activityBody, createActivity } from './_activities.js';
import { BASE, cardBody, offsetKm, requestBody } from './_companions.js';
import { makeCompanions } from './_live.js';
import { actors, Client, createGroup, createPost, errorCode, PASSWORD, startTestServer, type Reply, type TestServer } from './_util.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const HOUR = 3600;
const perHour = (max: number) => [{ max, windowSeconds: HOUR }];

/** Every limited write lowered to a few per hour; the rest of the limits stay as the test default (high). */
const tight: WriteLimits = {
  ...scaledWriteLimits(1000),
  post: perHour(2),
  comment: perHour(2),
  like: perHour(2),
  activity: perHour(1),
  registration: perHour(1),
  report: perHour(1),
  companionRequest: perHour(1),
  companionInvite: perHour(1),
  companionLocation: perHour(2),
  message: perHour(2),
};

const backoff: SignInBackoff = { freeFailures: 2, accountFreeFailures: 3, firstWaitSeconds: 1, maxWaitSeconds: 2, forgetSeconds: 60, familiarDays: 1 };

/** A refused write: 429 `rate_limited` in the one error shape, with a whole-second Retry-After within the window. */
function assertLimited(reply: Reply, maxWaitSeconds = HOUR) {
  assert.equal(reply.status, 429, JSON.stringify(reply.body));
  assert.equal(errorCode(reply), 'rate_limited');
  const retryAfter = reply.headers.get('retry-after');
  assert.match(retryAfter ?? '', /^\d+$/);
  assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= maxWaitSeconds, `Retry-After ${retryAfter}`);
}

const namespaces: string[] = [];
function redisNamespace() {
  const namespace = `kindred-test-wl-${process.pid}-${Date.now()}-${namespaces.length}:`;
  namespaces.push(namespace);
  return namespace;
}

after(async () => {
  // Only this file's own keys.
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    for (const namespace of namespaces) {
      const keys = await redis.keys(`${namespace}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
});

/** Signs in over a connection from a chosen loopback address (127.0.0.x), as a member elsewhere would. */
function signInFrom(server: TestServer, localAddress: string, username: string, password: string): Promise<{ status: number; code: string | null; retryAfter: string | null }> {
  const body = JSON.stringify({ username, password });
  const url = new URL('/api/v1/auth/signin', server.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          const parsed = JSON.parse(text) as { error?: { code: string } };
          resolve({ status: response.statusCode!, code: parsed.error?.code ?? null, retryAfter: (response.headers['retry-after'] as string | undefined) ?? null });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

for (const store of ['memory', 'redis'] as const) {
  describe(`per-account write limits (counters in ${store})`, () => {
    let server: TestServer;
    before(async () => {
      const overrides: Partial<Config> = { writeLimits: tight, signInBackoff: backoff };
      if (store === 'redis') Object.assign(overrides, { redisUrl: REDIS_URL, rateLimitNamespace: redisNamespace() });
      server = await startTestServer(overrides);
    });
    after(() => server.stop());

    /** Rows of a table whose `column` is this member. */
    const rows = async (table: string, column: string, id: number) =>
      Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(server.db)).rows[0]!.n);

    test('posts: the write past the limit is refused and creates nothing; parallel writes cannot slip past; another member is unaffected', async () => {
      const { ana, ben, cai } = await actors(server, 'ana', 'ben', 'cai');
      const group = await createGroup(ana);
      assert.equal((await ben.post(`/groups/${group.id}/join`)).status, 200);
      assert.equal((await cai.post(`/groups/${group.id}/join`)).status, 200);
      await createPost(ana, group.id);
      await createPost(ana, group.id);
      assertLimited(await ana.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Third', body: 'One too many' }));
      assert.equal(await rows('posts', 'author_id', ana.id), 2);

      // Ten at once against a limit of two: exactly two are written.
      const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => ben.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: `Burst ${i}`, body: 'Fast' })));
      assert.deepEqual(burst.map((r) => r.status).sort(), [201, 201, ...Array<number>(8).fill(429)]);
      assert.equal(await rows('posts', 'author_id', ben.id), 2);

      assert.equal((await cai.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Mine', body: 'Hello' })).status, 201);
    });

    test('comments and replies share one limit; the refused one is not stored', async () => {
      const { dan, eve } = await actors(server, 'dan', 'eve');
      const group = await createGroup(dan);
      await eve.post(`/groups/${group.id}/join`);
      const post = await createPost(dan, group.id);
      const comment = await dan.post(`/posts/${post.id}/comments`, { body: 'First!' });
      assert.equal(comment.status, 201);
      assert.equal((await dan.post(`/posts/${post.id}/comments`, { body: 'A reply', parentId: comment.body.id })).status, 201);
      assertLimited(await dan.post(`/posts/${post.id}/comments`, { body: 'Another reply', parentId: comment.body.id }));
      assertLimited(await dan.post(`/posts/${post.id}/comments`, { body: 'Another comment' }));
      assert.equal(await rows('comments', 'author_id', dan.id), 2);
      assert.equal((await eve.post(`/posts/${post.id}/comments`, { body: 'Me too', parentId: comment.body.id })).status, 201);
    });

    test('likes: post and comment likes share one limit, and a refused like or unlike toggles nothing', async () => {
      const { fay, gus } = await actors(server, 'fay', 'gus');
      const group = await createGroup(fay);
      await gus.post(`/groups/${group.id}/join`);
      const post = await createPost(fay, group.id);
      const first = (await fay.post(`/posts/${post.id}/comments`, { body: 'one' })).body;
      const second = (await fay.post(`/posts/${post.id}/comments`, { body: 'two' })).body;
      assert.equal((await fay.put(`/posts/${post.id}/like`)).status, 200);
      assert.equal((await fay.put(`/comments/${first.id}/like`)).status, 200);
      assertLimited(await fay.delete(`/posts/${post.id}/like`));
      assertLimited(await fay.put(`/comments/${second.id}/like`));
      const after = await fay.get(`/posts/${post.id}`);
      assert.equal(after.body.viewer.liked, true, 'the refused unlike left the like in place');
      assert.equal(after.body.likeCount, 1);
      assert.equal(await rows('post_likes', 'user_id', fay.id), 1);
      assert.equal(await rows('comment_likes', 'user_id', fay.id), 1);
      const other = await gus.put(`/posts/${post.id}/like`);
      assert.equal(other.status, 200);
      assert.equal(other.body.likeCount, 2);
    });

    test('activities created: the one past the limit is refused and not stored', async () => {
      const { hana, ivan } = await actors(server, 'hana', 'ivan');
      await createActivity(hana);
      assertLimited(await hana.post('/activities', activityBody({ title: 'Second walk' })));
      assert.equal(await rows('activities', 'organizer_id', hana.id), 1);
      await createActivity(ivan);
    });

    test('registrations: the one past the limit takes no seat', async () => {
      const { olga, omar, jin, kai } = await actors(server, 'olga', 'omar', 'jin', 'kai');
      const first = await createActivity(olga);
      const second = await createActivity(omar);
      assert.equal((await jin.post(`/activities/${first.id}/registrations`, {})).status, 201);
      assertLimited(await jin.post(`/activities/${second.id}/registrations`, {}));
      assert.equal(await rows('registrations', 'user_id', jin.id), 1);
      assert.equal((await jin.get(`/activities/${second.id}`)).body.seatsLeft, second.seatsLeft);
      assert.equal((await kai.post(`/activities/${second.id}/registrations`, {})).status, 201);
    });

    test('reports: the one past the limit is not filed', async () => {
      const { lin, moe, nia } = await actors(server, 'lin', 'moe', 'nia');
      assert.equal((await lin.post('/reports', { kind: 'user', username: 'moe', reason: 'spam', details: 'Same message to everyone.' })).status, 201);
      assertLimited(await lin.post('/reports', { kind: 'user', username: 'nia', reason: 'spam', details: 'Also spam.' }));
      assert.equal(await rows('reports', 'reporter_id', lin.id), 1);
      assert.equal((await moe.post('/reports', { kind: 'user', username: 'nia', reason: 'fake', details: '' })).status, 201);
    });

    test('companion requests: the one past the limit is not posted', async () => {
      const { pia, quan } = await actors(server, 'pia', 'quan');
      assert.equal((await pia.post('/companion-requests', requestBody())).status, 201);
      assertLimited(await pia.post('/companion-requests', requestBody({ description: 'Another hike, another day.' })));
      assert.equal(await rows('companion_requests', 'author_id', pia.id), 1);
      assert.equal((await quan.post('/companion-requests', requestBody())).status, 201);
    });

    test('companion invites: the one past the limit is not sent', async () => {
      const { rae, sol, tam } = await actors(server, 'rae', 'sol', 'tam');
      for (const member of [rae, sol, tam]) assert.equal((await member.put('/me/companion-card', cardBody())).status, 200);
      assert.equal((await rae.post('/companion-invites', { username: 'sol', message: 'Hike?' })).status, 201);
      assertLimited(await rae.post('/companion-invites', { username: 'tam', message: 'Hike?' }));
      assert.equal(await rows('companion_invites', 'from_id', rae.id), 1);
      assert.equal((await sol.post('/companion-invites', { username: 'tam', message: 'Hike?' })).status, 201);
    });

    test('companion card: only moves count, edits in place do not; a refused move leaves the card as it was', async () => {
      const { uma, vic } = await actors(server, 'uma', 'vic');
      const card = async () =>
        server.db.selectFrom('companion_cards').select(['lat', 'lng', 'intro']).where('user_id', '=', uma.id).executeTakeFirstOrThrow();
      // Creating the card places it: the first move.
      assert.equal((await uma.put('/me/companion-card', cardBody())).status, 200);
      // Edits that keep the place, more of them than the limit allows moves.
      for (const intro of ['Early riser.', 'Early riser, slow walker.', 'Slow walker.']) {
        assert.equal((await uma.put('/me/companion-card', cardBody({ intro }))).status, 200);
      }
      // Another point in the same grid cell (its centre) is not a move either.
      assert.equal((await uma.put('/me/companion-card', cardBody({ area: { name: 'Chaoyang', ...snapToGrid(BASE.lat, BASE.lng) }, intro: 'Slow walker.' }))).status, 200);
      // The second move is allowed, the third refused.
      assert.equal((await uma.put('/me/companion-card', cardBody({ area: { name: 'Haidian', ...offsetKm(6, -8) }, intro: 'Moved west.' }))).status, 200);
      const moved = await card();
      assertLimited(await uma.put('/me/companion-card', cardBody({ area: { name: 'Tongzhou', ...offsetKm(-5, 15) }, intro: 'Moved east.' })));
      assert.deepEqual(await card(), moved);
      assert.equal(moved.intro, 'Moved west.');
      // Edits in place still work after the refusal.
      assert.equal((await uma.put('/me/companion-card', cardBody({ area: { name: 'Haidian', ...offsetKm(6, -8) }, intro: 'Staying put.' }))).status, 200);
      assert.equal((await card()).intro, 'Staying put.');
      // Leaving and coming back elsewhere is a move too.
      assert.equal((await uma.delete('/me/companion-card')).status, 204);
      assertLimited(await uma.put('/me/companion-card', cardBody({ area: { name: 'Tongzhou', ...offsetKm(-5, 15) } })));
      assert.equal(await server.db.selectFrom('companion_cards').select('user_id').where('user_id', '=', uma.id).executeTakeFirst(), undefined);

      assert.equal((await vic.put('/me/companion-card', cardBody())).status, 200);
      assert.equal((await vic.put('/me/companion-card', cardBody({ area: { name: 'Tongzhou', ...offsetKm(-5, 15) } }))).status, 200);
    });

    test('chat messages: the one past the limit is not sent', async () => {
      const { wen, xia } = await actors(server, 'wen', 'xia');
      const conversationId = await makeCompanions(wen, xia, 'xia');
      for (const clientId of ['wen-msg-1', 'wen-msg-2']) {
        assert.equal((await wen.post(`/conversations/${conversationId}/messages`, { body: 'Hi', clientId })).status, 201);
      }
      assertLimited(await wen.post(`/conversations/${conversationId}/messages`, { body: 'Hi again', clientId: 'wen-msg-3' }));
      assert.equal(await rows('messages', 'sender_id', wen.id), 3, 'the invite’s message, which opened the chat, and the two sent');
      assert.equal((await xia.post(`/conversations/${conversationId}/messages`, { body: 'Hello', clientId: 'xia-msg-1' })).status, 201);
    });

    test('sign-in: after a few failures each attempt waits, without a lock; a right password after the wait signs in', async () => {
      await actors(server, 'yan', 'zed');
      const signIn = (username: string, password: string) => server.client().post('/auth/signin', { username, password });
      assert.equal((await signIn('yan', 'wrong password 1')).status, 401);
      assert.equal((await signIn('yan', 'wrong password 2')).status, 401);
      // The wait applies to the right password too: it is not even checked.
      let reply = await signIn('yan', PASSWORD);
      assertLimited(reply, 1);
      assert.equal(reply.headers.get('retry-after'), '1');
      // Another account from the same address is not held up.
      assert.equal((await signIn('zed', 'wrong password')).status, 401);
      assert.equal((await signIn('zed', PASSWORD)).status, 200);

      // The refused attempt did not count: after the first wait one more try is allowed, and the wait doubles.
      await sleep(1100);
      assert.equal((await signIn('yan', 'wrong password 3')).status, 401);
      reply = await signIn('yan', PASSWORD);
      assertLimited(reply, 2);
      assert.equal(reply.headers.get('retry-after'), '2');
      await sleep(2100);
      const signedIn = await signIn('yan', PASSWORD);
      assert.equal(signedIn.status, 200);
      assert.equal(signedIn.body.user.username, 'yan');

      // Success cleared the count: two fresh failures before a wait.
      assert.equal((await signIn('yan', 'wrong again 1')).status, 401);
      assert.equal((await signIn('YAN', 'wrong again 2')).status, 401);
      assertLimited(await signIn('Yan', PASSWORD), 1);

      // Unknown names are throttled alike, so a 429 does not tell who has an account.
      assert.equal((await signIn('nobody_here', 'x')).status, 401);
      assert.equal((await signIn('nobody_here', 'x')).status, 401);
      assertLimited(await signIn('nobody_here', 'x'), 1);
    });

    test('sign-in: failures from many addresses hold back new addresses, but not the member at an address they signed in from', async () => {
      await actors(server, 'abe');
      // Abe signed up from 127.0.0.1. Someone fails on purpose from four other addresses, once each.
      for (const address of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
        assert.deepEqual(await signInFrom(server, address, 'abe', 'guess'), { status: 401, code: 'invalid_credentials', retryAfter: null });
      }
      const heldBack = await signInFrom(server, '127.0.0.5', 'abe', 'guess');
      assert.equal(heldBack.status, 429);
      assert.equal(heldBack.code, 'rate_limited');
      assert.equal(heldBack.retryAfter, '1');
      // A new address is held back even with the right password: the password is not checked during the wait.
      assert.equal((await signInFrom(server, '127.0.0.6', 'abe', PASSWORD)).status, 429);
      // Abe, where he signed up, signs in at once.
      assert.equal((await signInFrom(server, '127.0.0.1', 'abe', PASSWORD)).status, 200);
      // And after the wait a new address may try again.
      await sleep(1100);
      assert.equal((await signInFrom(server, '127.0.0.7', 'abe', PASSWORD)).status, 200);
    });
  });
}

describe('a member’s first day', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ newMemberWriteLimits: { post: perHour(1), activity: perHour(1) } });
  });
  after(() => server.stop());

  test('a new member has lower limits on posts and new activities; a member past their first day has the usual ones', async () => {
    const { fresh, settled } = await actors(server, 'fresh', 'settled');
    // Settled signed up three days ago; signing in again reads them afresh.
    await server.db.updateTable('users').set({ created_at: new Date(Date.now() - 3 * 86_400_000) }).where('id', '=', settled.id).execute();
    assert.equal((await settled.post('/auth/signin', { username: 'settled', password: PASSWORD })).status, 200);
    const group = await createGroup(settled);
    await fresh.post(`/groups/${group.id}/join`);
    await createPost(fresh, group.id);
    const refused = await fresh.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Second', body: 'Again' });
    assertLimited(refused);
    assert.match(refused.body.error.message, /first day/);
    await createActivity(fresh);
    assertLimited(await fresh.post('/activities', activityBody()));
    for (let i = 0; i < 3; i++) await createPost(settled, group.id);
    for (let i = 0; i < 2; i++) await createActivity(settled);
  });
});

describe('the limiter', () => {
  test('KINDRED_WRITE_LIMITS scales every limit; a bad value stops the server naming the variable', () => {
    assert.deepEqual(loadConfig({}, {}).writeLimits, defaultWriteLimits);
    const halved = loadConfig({}, { KINDRED_WRITE_LIMITS: '0.5' }).writeLimits;
    assert.deepEqual(halved.post, [{ max: 5, windowSeconds: 600 }, { max: 25, windowSeconds: 86_400 }]);
    assert.deepEqual(halved.companionLocation, [{ max: 3, windowSeconds: 3600 }, { max: 10, windowSeconds: 86_400 }]);
    for (const bad of ['abc', '-1', '0', '1e3']) {
      assert.throws(() => loadConfig({}, { KINDRED_WRITE_LIMITS: bad }), (error) => error instanceof ConfigError && error.message.includes('KINDRED_WRITE_LIMITS'));
    }
  });

  test('a window admits its burst, then one per window/max; a refusal counts in no window; the wait is exact', async () => {
    let now = 1_000_000;
    const limiter = memoryRateLimiter(() => now);
    const windows = [{ max: 3, windowSeconds: 60 }, { max: 4, windowSeconds: 3600 }];
    assert.deepEqual([await limiter.take('k', windows), await limiter.take('k', windows), await limiter.take('k', windows)], [0, 0, 0]);
    assert.equal(await limiter.take('k', windows), 20_000, 'the minute window frees one slot every 20 s');
    now += 20_000;
    assert.equal(await limiter.take('k', windows), 0);
    // The hour window is now full (4): refused by it, and the minute window does not count the refusal.
    now += 20_000;
    assert.equal(await limiter.take('k', windows), 900_000 - 40_000);
    now += 900_000 - 40_000;
    assert.equal(await limiter.take('k', windows), 0);
    assert.equal(await limiter.take('other', windows), 0, 'keys are independent');
  });

  test('back-off doubles from the first wait up to the cap, and is forgotten after a quiet spell', async () => {
    let now = 0;
    const limiter = memoryRateLimiter(() => now);
    const counter = { key: 'a', freeFailures: 2, firstWaitMs: 1000, maxWaitMs: 5000, forgetMs: 60_000 };
    assert.equal(await limiter.attempt([counter]), 0);
    assert.equal(await limiter.attempt([counter]), 0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const wait = await limiter.attempt([counter]);
      waits.push(wait);
      now += wait;
      assert.equal(await limiter.attempt([counter]), 0);
    }
    assert.deepEqual(waits, [1000, 2000, 4000, 5000, 5000]);
    // After a quiet spell the count starts over: two free attempts, then the first wait again.
    now += 5000 + 60_000;
    assert.deepEqual([await limiter.attempt([counter]), await limiter.attempt([counter]), await limiter.attempt([counter])], [0, 0, 1000]);
    // A reset (a successful sign-in) clears it at once.
    await limiter.reset(['a']);
    assert.equal(await limiter.attempt([counter]), 0);
  });
});

describe('write limits across instances', () => {
  const postgresOnly = { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL (the embedded database serves one process)' };
  let first: TestServer;
  let second: TestServer;
  before(async () => {
    if (!process.env.DATABASE_URL) return;
    const shared: Partial<Config> = { redisUrl: REDIS_URL, rateLimitNamespace: redisNamespace(), writeLimits: tight, signInBackoff: backoff };
    first = await startTestServer(shared);
    second = await startTestServer(shared, first);
  });
  after(async () => {
    if (!process.env.DATABASE_URL) return;
    await second.stop({ keepData: true });
    await first.stop();
  });

  test('a member writing through two instances shares one limit, and so do failed sign-ins', postgresOnly, async () => {
    const { ada } = await actors(first, 'ada');
    const adaOnSecond = new Client(second.url);
    adaOnSecond.useSession(ada.cookie('kindred_session')!, ada.csrfToken!);
    const group = await createGroup(ada);
    await createPost(ada, group.id);
    await createPost(adaOnSecond, group.id);
    assertLimited(await adaOnSecond.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Third', body: 'Via B' }));
    assertLimited(await ada.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Third', body: 'Via A' }));
    const stored = await first.db.selectFrom('posts').select((eb) => eb.fn.countAll().as('n')).where('author_id', '=', ada.id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), 2);

    assert.equal((await first.client().post('/auth/signin', { username: 'ada', password: 'wrong 1' })).status, 401);
    assert.equal((await second.client().post('/auth/signin', { username: 'ada', password: 'wrong 2' })).status, 401);
    assertLimited(await first.client().post('/auth/signin', { username: 'ada', password: PASSWORD }), 1);
  });
});
