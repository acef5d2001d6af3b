import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, expectAccessiblePage, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** A PNG's width and height, from its header chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', 'not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

interface Manifest {
  name: string;
  short_name: string;
  description: string;
  start_url: string;
  scope: string;
  display: string;
  theme_color: string;
  background_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('the app is installable: its manifest is linked and valid, and its icons load', async () => {
  const { page, context } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const response = await page.goto('/');
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /worker-src 'self'/);
    assert.match(csp, /manifest-src 'self'/);

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(href, '/manifest.webmanifest');
    const res = await context.request.get(href!);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'] ?? '', /^application\/manifest\+json/);
    assert.match(res.headers()['cache-control'] ?? '', /max-age=\d+/);
    const manifest = JSON.parse(await res.text()) as Manifest;
    assert.equal(manifest.name, 'Kindred');
    assert.ok(manifest.short_name && manifest.description);
    assert.equal(manifest.start_url, '/');
    assert.equal(manifest.scope, '/');
    assert.equal(manifest.display, 'standalone');
    // The brand colours, as the page's theme-color says.
    assert.equal(manifest.theme_color, await page.locator('meta[name="theme-color"]').getAttribute('content'));
    assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);

    const wanted = [
      { sizes: '192x192', purpose: 'any' },
      { sizes: '512x512', purpose: 'any' },
      { sizes: '512x512', purpose: 'maskable' },
    ];
    for (const { sizes, purpose } of wanted) {
      const icon = manifest.icons.find((i) => i.sizes === sizes && (i.purpose ?? 'any').split(' ').includes(purpose));
      assert.ok(icon, `an icon ${sizes} for ${purpose}`);
      assert.equal(icon.type, 'image/png');
      const file = await context.request.get(icon.src);
      assert.equal(file.status(), 200, icon.src);
      assert.equal(file.headers()['content-type'], 'image/png');
      const [width, height] = sizes.split('x').map(Number);
      assert.deepEqual(pngSize(await file.body()), { width, height }, icon.src);
    }

    // The service worker is always revalidated, so a new version is found on the next visit.
    const worker = await context.request.get('/sw.js');
    assert.equal(worker.status(), 200);
    assert.match(worker.headers()['content-type'] ?? '', /javascript/);
    assert.equal(worker.headers()['cache-control'], 'no-cache');
  } finally {
    await context.close();
  }
});

test('a page the member viewed opens offline with what they last saw, and says so', async () => {
  const { page, context, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(context, uniqueUsername('offline'), 'Olive Offline');
    const name = `Night Swimmers ${Date.now().toString(36)}`;
    const created = await apiAs<{ id: number }>(context, 'POST', '/groups', {
      name,
      description: 'Lake swims after dark',
      tags: ['photography'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(created.status, 201);
    const groupPath = `/groups/${created.body.id}`;

    // First visit: the worker installs; it controls the page from the next navigation on.
    await page.goto(groupPath);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller === null), true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), `${env.server.baseURL}/sw.js`);
    await expectAccessiblePage(page);
    assert.equal(await page.getByTestId('offline-notice').count(), 0);

    // The group's answer was kept; the session and sign-up never are.
    const kept = () =>
      page.evaluate(async () => {
        const cache = await caches.open('kindred-api-1');
        return (await cache.keys()).map((request) => new URL(request.url).pathname);
      });
    await page.waitForFunction(async (path) => {
      const cache = await caches.open('kindred-api-1');
      return (await cache.keys()).some((request) => new URL(request.url).pathname === path);
    }, `/api/v1${groupPath}`);
    assert.ok(!(await kept()).some((path) => path.startsWith('/api/v1/session') || path.startsWith('/api/v1/auth')), (await kept()).join(', '));

    // The group is renamed while the member is away: offline, they see the name they last saw.
    assert.equal((await apiAs(context, 'PATCH', groupPath, { name: `${name} (renamed)` })).status, 200);
    await context.setOffline(true);
    await page.getByTestId('offline-notice').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
    const notice = page.getByRole('status').filter({ has: page.getByTestId('offline-notice') });
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /You.re offline — showing what you last saw/);
    await screenshot(page, 'phone-pwa-offline-group');

    // Back online, the notice goes, and the page shows what is there now.
    await context.setOffline(false);
    await page.getByTestId('offline-notice').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `${name} (renamed)` }).waitFor();
    assert.equal(await page.getByTestId('offline-notice').count(), 0);

    // Signing out forgets everything kept for the member.
    const keptAfterSignOut = await page.evaluate(async () => {
      const session = (await (await fetch('/api/v1/session')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/auth/signout', { method: 'POST', headers: { 'X-CSRF-Token': session.csrfToken } });
      if (!res.ok) return [`sign-out failed: ${res.status}`];
      return (await (await caches.open('kindred-api-1')).keys()).map((request) => request.url);
    });
    assert.deepEqual(keptAfterSignOut, []);

    const unexpected = errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|net::/i.test(e));
    assert.deepEqual(unexpected, []);
  } finally {
    await context.close();
  }
});

test('the offline notice speaks Chinese', async () => {
  const { page, context } = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  try {
    await page.goto('/discover');
    await page.locator('.topbar').waitFor();
    await context.setOffline(true);
    await page.getByTestId('offline-notice').waitFor();
    assert.equal((await page.getByTestId('offline-notice').textContent())?.trim(), '你已离线——显示的是上次看到的内容');
    await screenshot(page, 'phone-pwa-offline-zh');
    await context.setOffline(false);
    await page.getByTestId('offline-notice').waitFor({ state: 'detached' });
  } finally {
    await context.close();
  }
});
