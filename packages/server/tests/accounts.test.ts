import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PASSWORD, actors, errorCode, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function userCount() {
  const row = await server.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('sign up', () => {
  test('creates an account, signs in with an httpOnly SameSite cookie and hashes with argon2id', async () => {
    const client = server.client();
    const reply = await client.post('/auth/signup', { username: 'alice', displayName: 'Alice', password: PASSWORD });
    assert.equal(reply.status, 201);
    assert.equal(reply.body.user.username, 'alice');
    assert.equal(reply.body.user.onboarded, false);
    assert.ok(reply.body.csrfToken.length > 20);
    const setCookie = reply.headers.getSetCookie().find((c) => c.startsWith('kindred_session='))!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const stored = await server.db.selectFrom('users').select('password_hash').where('username', '=', 'alice').executeTakeFirstOrThrow();
    assert.match(stored.password_hash, /^\$argon2id\$/);
    assert.ok(!stored.password_hash.includes(PASSWORD));
    const me = await client.get('/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.username, 'alice');
  });

  test('refuses bad input with field errors and stores nothing', async () => {
    const before = await userCount();
    const cases: [unknown, string, string][] = [
      [{ username: 'x', displayName: 'X', password: PASSWORD }, 'validation_failed', 'username'],
      [{ username: 'bad name!', displayName: 'X', password: PASSWORD }, 'validation_failed', 'username'],
      [{ username: 'okname', password: PASSWORD }, 'validation_failed', 'displayName'],
      [{ username: 'okname', displayName: 'X'.repeat(51), password: PASSWORD }, 'validation_failed', 'displayName'],
      [{ username: 'okname', displayName: 'X', password: PASSWORD, admin: true }, 'validation_failed', 'admin'],
      [{ username: 'okname', displayName: 'X', password: 'short' }, 'weak_password', 'password'],
      [{ username: 'okname', displayName: 'X', password: 'password123' }, 'weak_password', 'password'],
      [{ username: 'okname', displayName: 'X', password: 'okname-is-my-password' }, 'weak_password', 'password'],
      [{ username: 'okname', displayName: '   ', password: PASSWORD }, 'validation_failed', 'displayName'],
      [{ username: 12, displayName: 'X', password: PASSWORD }, 'validation_failed', 'username'],
    ];
    for (const [body, code, field] of cases) {
      const reply = await server.client().post('/auth/signup', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(errorCode(reply), code, JSON.stringify(body));
      assert.ok(reply.body.error.fields?.[field], `${field} in ${JSON.stringify(reply.body.error.fields)}`);
    }
    const notJson = await server.client().request('POST', '/auth/signup', '{"username":', { 'content-type': 'application/json' });
    assert.equal(notJson.status, 400);
    assert.equal(errorCode(notJson), 'validation_failed');
    assert.equal(await userCount(), before);
  });

  test('a taken username, in any letter case, is refused', async () => {
    await server.client().signUp('bobby');
    const reply = await server.client().post('/auth/signup', { username: 'BOBBY', displayName: 'B', password: PASSWORD });
    assert.equal(reply.status, 409);
    assert.equal(errorCode(reply), 'username_taken');
  });

  test('sign-ups racing for one name in different letter cases: one wins, the rest are told it is taken, and the name has one holder', async () => {
    const names = ['Racer', 'racer', 'RACER', 'rAcEr'];
    const replies = await Promise.all(names.map((username) => server.client().post('/auth/signup', { username, displayName: 'R', password: PASSWORD })));
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, 409, 409, 409], 'one sign-up wins');
    for (const r of replies.filter((r) => r.status === 409)) assert.equal(errorCode(r), 'username_taken');
    const holders = await server.db.selectFrom('usernames').select(['name', 'user_id']).where('name', '=', 'racer').execute();
    assert.deepEqual(holders, [{ name: 'racer', user_id: replies.find((r) => r.status === 201)!.body.user.id }], 'the winner holds the lowered name');
  });
});

describe('sign in and out', () => {
  test('a fresh random session token at each sign-in; sign-out ends the session', async () => {
    await server.client().signUp('carol');
    const first = server.client();
    const second = server.client();
    assert.equal((await first.post('/auth/signin', { username: 'carol', password: PASSWORD })).status, 200);
    assert.equal((await second.post('/auth/signin', { username: 'Carol', password: PASSWORD })).status, 200);
    assert.notEqual(first.cookie('kindred_session'), second.cookie('kindred_session'));
    assert.notEqual(first.csrfToken, second.csrfToken);
    const token = first.cookie('kindred_session')!;
    assert.equal((await first.get('/me')).status, 200);
    const out = await first.post('/auth/signout');
    assert.equal(out.status, 204);
    assert.equal((await first.get('/me')).status, 401);
    // The ended session's token, sent again, is refused at once (no cached session survives sign-out).
    const replay = server.client();
    replay.useSession(token, 'irrelevant');
    assert.equal((await replay.get('/me')).status, 401);
    assert.equal((await second.get('/me')).status, 200, 'other sessions stay');
  });

  test('wrong password and unknown user give the same answer', async () => {
    await server.client().signUp('dave');
    const wrong = await server.client().post('/auth/signin', { username: 'dave', password: 'not the password at all' });
    const unknown = await server.client().post('/auth/signin', { username: 'nobody_here', password: 'not the password at all' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal(errorCode(wrong), 'invalid_credentials');
  });

  test('writes need the session CSRF token; other origins are refused', async () => {
    const { erin } = await actors(server, 'erin');
    const token = erin.csrfToken;
    erin.csrfToken = null;
    const missing = await erin.patch('/me', { bio: 'forged' });
    assert.equal(missing.status, 403);
    assert.equal(errorCode(missing), 'csrf_failed');
    const wrong = await erin.request('PATCH', '/me', { bio: 'forged' }, { 'x-csrf-token': 'nope' });
    assert.equal(wrong.status, 403);
    erin.csrfToken = token;
    const crossSite = await erin.request('PATCH', '/me', { bio: 'forged' }, { origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.equal(errorCode(crossSite), 'csrf_failed');
    const stored = await server.db.selectFrom('users').select('bio').where('id', '=', erin.id).executeTakeFirstOrThrow();
    assert.equal(stored.bio, '');
    assert.equal((await erin.patch('/me', { bio: 'real' })).status, 200);
  });

  test('GET /session reports the viewer and the CSRF token', async () => {
    const anonymous = await server.client().get('/session');
    assert.deepEqual(anonymous.body, { user: null, csrfToken: null });
    const { frank } = await actors(server, 'frank');
    const session = await frank.get('/session');
    assert.equal(session.body.user.username, 'frank');
    assert.equal(session.body.csrfToken, frank.csrfToken);
  });
});

describe('sign-in rate limit', () => {
  test('too many attempts from one address get 429 in the error shape', async () => {
    const limited = await startTestServer({ authRateLimit: 3 });
    try {
      const client = limited.client();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await client.post('/auth/signin', { username: 'x', password: 'y' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
      const reply = await client.post('/auth/signin', { username: 'x', password: 'y' });
      assert.equal(errorCode(reply), 'rate_limited');
      assert.ok(Number(reply.headers.get('retry-after')) > 0);
    } finally {
      await limited.stop();
    }
  });
});

describe('profile', () => {
  test('onboarding sets interests with skills, a coarse home area and demographics', async () => {
    const { gina } = await actors(server, 'gina');
    const reply = await gina.patch('/me', {
      interests: [{ tag: 'hiking', skill: 'advanced' }, { tag: 'Bouldering Night' }],
      city: 'Beijing',
      lat: 39.91234,
      lng: 116.40789,
      birthYear: 1990,
      gender: 'female',
      bio: '周末爱爬山',
      onboarded: true,
    });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.onboarded, true);
    assert.deepEqual(reply.body.interests, [
      { tag: 'bouldering night', curated: false, skill: null },
      { tag: 'hiking', curated: true, skill: 'advanced' },
    ]);
    assert.equal(reply.body.lat, 39.91);
    assert.equal(reply.body.lng, 116.41);
    const profile = await server.client().get('/users/gina');
    assert.equal(profile.status, 200);
    assert.equal(profile.body.bio, '周末爱爬山');
    assert.equal(profile.body.lat, undefined, 'coordinates are never shown to others');
    assert.equal(profile.body.birthYear, undefined);
  });

  test('bad profile input is refused and nothing changes', async () => {
    const { hank } = await actors(server, 'hank');
    const cases = [
      { lat: 200, lng: 10 },
      { lat: 10 },
      { birthYear: 1800 },
      { birthYear: 'old' },
      { gender: 'robot' },
      { interests: [{ tag: 'hiking', skill: 'godlike' }] },
      { interests: [{ tag: '' }] },
      { interests: [{ tag: 'hiking' }, { tag: 'Hiking' }] },
      { bio: 'x'.repeat(501) },
      { onboarded: false },
    ];
    for (const body of cases) {
      const reply = await hank.patch('/me', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(errorCode(reply), 'validation_failed');
    }
    const me = await hank.get('/me');
    assert.equal(me.body.lat, null);
    assert.deepEqual(me.body.interests, []);
    assert.equal(me.body.onboarded, false);
  });

  test('anonymous visitors cannot read or change /me', async () => {
    const anon = server.client();
    assert.equal(errorCode(await anon.get('/me')), 'unauthenticated');
    const reply = await anon.patch('/me', { bio: 'x' });
    assert.equal(reply.status, 401);
    assert.equal((await anon.get('/users/nobody_at_all')).status, 404);
  });

  test('the web app’s settings: no map tiles unless configured', async () => {
    const reply = await server.client().get('/config');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { mapTileUrl: null, mapAttribution: '' });
  });

  test('the taxonomy has 40+ interests in 8+ categories with both languages', async () => {
    const reply = await server.client().get('/interests');
    assert.equal(reply.status, 200);
    assert.ok(reply.body.interests.length >= 40);
    assert.ok(reply.body.categories.length >= 8);
    for (const interest of reply.body.interests) {
      assert.ok(interest.en && interest.zh && reply.body.categories.some((c: { key: string }) => c.key === interest.category));
    }
  });
});
