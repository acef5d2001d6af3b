import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { readEnv } from '../src/config/env.js';
import { signPayload } from '../src/features/payments/signature.js';
import { Live } from './_live.js';
import { PASSWORD, actors, errorCode, startTestServer, type TestServer } from './_util.js';

function setCookies(response: Response) {
  return response.headers.getSetCookie();
}

describe('headers, cookies and origins', () => {
  let plain: TestServer;
  let proxied: TestServer;
  before(async () => {
    plain = await startTestServer();
    proxied = await startTestServer({ trustProxy: ['127.0.0.1', '::1'], origins: ['https://kindred.example'] });
  });
  after(async () => {
    await plain.stop();
    await proxied.stop();
  });

  test('every response carries the security headers; HSTS only over HTTPS', async () => {
    const { ada } = await actors(plain, 'ada');
    for (const url of ['/api/v1/groups', '/api/v1/nothing-here', '/api/health', '/api/docs', '/robots.txt']) {
      const response = await fetch(`${plain.url}${url}`, { headers: { cookie: `kindred_session=${ada.cookie('kindred_session')}` } });
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
      assert.equal(response.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', url);
      assert.equal(response.headers.get('strict-transport-security'), null, url);
    }
    const secure = await fetch(`${proxied.url}/api/v1/groups`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.match(secure.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  });

  test('behind a trusted TLS proxy the cookies are Secure and __Host- prefixed, and the session works with them', async () => {
    const headers = { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'kindred.example', origin: 'https://kindred.example' };
    const signUp = await fetch(`${proxied.url}/api/v1/auth/signup`, { method: 'POST', headers, body: JSON.stringify({ username: 'sara', displayName: 'Sara', password: PASSWORD }) });
    assert.equal(signUp.status, 201);
    const cookies = setCookies(signUp);
    const session = cookies.find((c) => c.startsWith('__Host-kindred_session='));
    assert.ok(session, cookies.join(' | '));
    assert.match(session!, /; Secure/i);
    assert.match(session!, /; HttpOnly/i);
    assert.match(session!, /Path=\//);
    assert.doesNotMatch(session!, /Domain=/i);
    assert.ok(cookies.find((c) => c.startsWith('__Host-kindred_csrf=') && /; Secure/i.test(c)));
    const token = session!.split(';')[0]!;
    const { csrfToken } = (await signUp.json()) as { csrfToken: string };
    const me = await fetch(`${proxied.url}/api/v1/me`, { headers: { ...headers, cookie: token } });
    assert.equal(me.status, 200);
    const patched = await fetch(`${proxied.url}/api/v1/me`, { method: 'PATCH', headers: { ...headers, cookie: token, 'x-csrf-token': csrfToken }, body: JSON.stringify({ bio: 'hi' }) });
    assert.equal(patched.status, 200);
    // The prefixed cookie is not read over plain HTTP, and a page on another origin is refused.
    assert.equal((await fetch(`${proxied.url}/api/v1/me`, { headers: { cookie: token } })).status, 401);
    const foreign = await fetch(`${proxied.url}/api/v1/me`, { method: 'PATCH', headers: { ...headers, origin: 'https://evil.example', cookie: token, 'x-csrf-token': csrfToken }, body: '{}' });
    assert.equal(errorCode({ status: foreign.status, body: await foreign.json(), headers: foreign.headers }), 'csrf_failed');
  });

  test('without trust in a proxy, a forged X-Forwarded-Proto makes nothing Secure', async () => {
    const response = await fetch(`${plain.url}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'tom', displayName: 'Tom', password: PASSWORD }),
    });
    assert.equal(response.status, 201);
    const cookies = setCookies(response);
    assert.ok(cookies.some((c) => c.startsWith('kindred_session=')));
    assert.ok(cookies.every((c) => !/; Secure/i.test(c) && !c.startsWith('__Host-')));
    assert.equal(response.headers.get('strict-transport-security'), null);
  });

  test('the live channel opens only for the server’s own (or configured) origin', async () => {
    const { adele: ada } = await actors(plain, 'adele');
    const own = new URL(plain.url).host;
    for (const origin of ['null', `https://${own}`, 'http://evil.example', `http://${own}.evil.example`]) {
      await assert.rejects(Live.open(plain.url, ada, '', { origin }), (error: { status?: number }) => error.status === 403, origin);
    }
    const live = await Live.open(plain.url, ada, '', { origin: `http://${own}` });
    live.socket.close();
    // Writes follow the same rule.
    const nullOrigin = await ada.request('PATCH', '/me', { bio: 'x' }, { origin: 'null' });
    assert.equal(errorCode(nullOrigin), 'csrf_failed');
    const wrongScheme = await ada.request('PATCH', '/me', { bio: 'x' }, { origin: `https://${own}` });
    assert.equal(errorCode(wrongScheme), 'csrf_failed');
    assert.equal((await ada.request('PATCH', '/me', { bio: 'x' }, { origin: `http://${own}` })).status, 200);
  });

  test('framework errors come in the one error shape', async () => {
    const client = plain.client();
    const cases: [string, string, Record<string, string>, string | undefined, number][] = [
      ['GET', `/api/v1/groups/${'9'.repeat(150)}`, {}, undefined, 414],
      ['GET', '/api/v1/no/such/route', {}, undefined, 404],
      ['DELETE', '/api/v1/interests', {}, undefined, 404],
      ['POST', '/api/v1/auth/signin', { 'content-type': 'application/json' }, '{"username": ', 400],
      ['POST', '/api/v1/auth/signin', { 'content-type': 'application/xml' }, '<a/>', 415],
      ['POST', '/api/v1/auth/signin', { 'content-type': 'application/json' }, JSON.stringify({ username: 'x'.repeat(300_000) }), 413],
      ['GET', '/api/v1/realtime', {}, undefined, 401],
    ];
    for (const [method, url, headers, body, status] of cases) {
      const reply = await client.request(method, url, body, headers);
      assert.equal(reply.status, status, `${method} ${url}`);
      errorCode(reply);
      assert.doesNotMatch(JSON.stringify(reply.body), /FST_|"statusCode"/, `${method} ${url}`);
    }
  });
});

describe('secrets', () => {
  test('production refuses the built-in webhook secret, naming the variable', () => {
    const env = { ...readEnv({}), NODE_ENV: 'production', DATABASE_URL: 'postgres://127.0.0.1/x' };
    assert.throws(() => loadConfig({}, env), (error: Error) => error instanceof ConfigError && /KINDRED_WEBHOOK_SECRET/.test(error.message));
    assert.throws(() => loadConfig({}, { ...env, KINDRED_WEBHOOK_SECRET: 'kindred-simulated-wallet-secret' }), /KINDRED_WEBHOOK_SECRET/);
    assert.equal(loadConfig({}, { ...env, KINDRED_WEBHOOK_SECRET: 'a-real-secret-of-some-length' }).webhookSecret, 'a-real-secret-of-some-length');
    assert.throws(() => loadConfig({}, { ...readEnv({}), KINDRED_TRUST_PROXY: 'sometimes' }), /KINDRED_TRUST_PROXY/);
    assert.throws(() => loadConfig({}, { ...readEnv({}), KINDRED_ORIGIN: 'kindred.example' }), /KINDRED_ORIGIN/);
  });

  test('a webhook signed more than five minutes ago is refused', async () => {
    const server = await startTestServer();
    try {
      const body = JSON.stringify({ eventId: 'evt-old', chargeId: 'ch_nothing', status: 'succeeded', occurredAt: new Date().toISOString() });
      const send = (at: number) =>
        fetch(`${server.url}/api/v1/payments/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kindred-signature': signPayload(server.config.webhookSecret, body, at) }, body });
      const now = Math.floor(Date.now() / 1000);
      assert.equal((await send(now - 6 * 60)).status, 401);
      // A fresh signature passes the check (the unknown charge is then a 409 for the provider to retry).
      assert.equal((await send(now - 60)).status, 409);
    } finally {
      await server.stop();
    }
  });
});
