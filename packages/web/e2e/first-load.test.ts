import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { phone, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** The URLs the page's head preloads (API data, page modules, stylesheets), as the server sent it. */
function preloadsOf(html: string): string[] {
  return [...html.matchAll(/<link rel="(?:modulepreload|preload)" href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/** The photos the page's head preloads, each as the URLs of its `imagesrcset` (the browser picks one by `imagesizes`). */
function photoPreloadsOf(html: string): string[][] {
  return [...html.matchAll(/<link rel="preload" as="image" type="image\/webp" imagesrcset="([^"]+)"/g)].map((m) => m[1]!.split(', ').map((candidate) => candidate.split(' ')[0]!));
}

interface Opened {
  preloads: string[];
  photoPreloads: string[][];
  /** How often the page asked for each path (with its query). */
  requests: Map<string, number>;
  /** Chrome's console warnings about preloads: one it did not use, or one it could not use. */
  warnings: string[];
}

/**
 * Opens `path`, waits until the page is quiet and past the few seconds after `load` in which Chrome warns
 * about a preload the page did not use, and returns what it preloaded and requested. `extraHead` adds tags
 * to the page's head on the way in (the check's own control).
 */
async function open(page: Page, path: string, extraHead = ''): Promise<Opened> {
  const requests = new Map<string, number>();
  const warnings: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const key = `${url.pathname}${url.search}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
  });
  page.on('console', (message) => {
    if (/preload/i.test(message.text())) warnings.push(message.text());
  });
  let html = '';
  await page.route(
    (url) => url.pathname === path.split('?')[0] && url.search === (path.includes('?') ? `?${path.split('?')[1]}` : ''),
    async (route) => {
      const response = await route.fetch();
      html = (await response.text()).replace('</head>', `${extraHead}</head>`);
      await route.fulfill({ response, body: html });
    },
  );
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(4000);
  assert.ok(html, `the page ${path} was served`);
  return { preloads: preloadsOf(html), photoPreloads: photoPreloadsOf(html), requests, warnings };
}

function expectAllUsedOnce(path: string, opened: Opened, mustInclude: RegExp[], photos = 0) {
  assert.deepEqual(opened.warnings, [], `${path}: Chrome used every preload`);
  for (const url of opened.preloads) assert.equal(opened.requests.get(url), 1, `${path}: ${url} was fetched once (preloaded and used), not ${opened.requests.get(url) ?? 0} times`);
  for (const pattern of mustInclude) assert.ok(opened.preloads.some((url) => pattern.test(url)), `${path}: the head preloads ${pattern}`);
  assert.equal(opened.photoPreloads.length, photos, `${path}: the head preloads ${photos} photo(s)`);
  for (const candidates of opened.photoPreloads) {
    const fetched = candidates.filter((url) => opened.requests.has(url));
    assert.equal(fetched.length, 1, `${path}: one size of the preloaded photo was fetched (${fetched.join(', ') || 'none'})`);
    assert.equal(opened.requests.get(fetched[0]!), 1, `${path}: ${fetched[0]} was fetched once`);
  }
}

test('each page preloads its own module and first data, and uses every preload once (visitor and member)', async () => {
  // Each page as on a first visit: no service worker answering from what it kept.
  const session = async () => {
    const context = await env.browser.newContext({ baseURL: env.server.baseURL, viewport: phone, isMobile: true, serviceWorkers: 'block' });
    return { context, page: await context.newPage() };
  };
  const visitor = await session();
  const member = await session();
  try {
    // The instrument first: a preload the page never asks for is reported.
    const control = await open(visitor.page, '/posts/1', '<link rel="preload" href="/api/v1/config?unused=1" as="fetch" crossorigin />');
    assert.ok(
      control.warnings.some((w) => w.includes('/api/v1/config?unused=1')),
      `an unused preload is reported by Chrome (saw: ${control.warnings.join(' | ') || 'nothing'})`,
    );

    const list = async <T,>(path: string) => ((await (await visitor.context.request.get(path)).json()) as { items: T[] }).items;
    const groupId = (await list<{ id: number }>('/api/v1/groups?sort=popular&limit=1'))[0]?.id;
    // The demo's photos are drawn in the background after its first start.
    let activityId: number | undefined;
    let postId: number | undefined;
    for (const until = Date.now() + 180_000; !(activityId && postId) && Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 1000))) {
      activityId = (await list<{ id: number; cover: unknown }>('/api/v1/activities/nearby?lat=39.9&lng=116.4&radiusKm=100&limit=50')).find((a) => a.cover)?.id;
      postId = (await list<{ id: number; cover: unknown }>(`/api/v1/groups/${groupId}/posts?limit=50`)).find((p) => p.cover)?.id;
    }
    assert.ok(groupId && activityId && postId, 'the demo community has a group, an activity with a cover and a post with a photo');

    const visitorPages: [string, RegExp[], number?][] = [
      ['/', [/^\/assets\/front-page-.*\.js$/, /^\/assets\/front-page-.*\.css$/, /^\/api\/v1\/activities\/nearby\?/, /^\/api\/v1\/groups\?/]],
      ['/?city=shanghai', [/^\/api\/v1\/activities\/nearby\?lat=31\.23&lng=121\.47&/, /^\/api\/v1\/groups\?sort=popular&city=Shanghai&/]],
      [`/groups/${groupId}`, [/^\/assets\/group-.*\.js$/, new RegExp(`^/api/v1/groups/${groupId}$`), new RegExp(`^/api/v1/groups/${groupId}/posts\\?`)]],
      [`/activities/${activityId}`, [/^\/assets\/activity-.*\.js$/, new RegExp(`^/api/v1/activities/${activityId}$`)], 1],
      [`/posts/${postId}`, [/^\/assets\/post-.*\.js$/], 1],
    ];
    for (const [path, mustInclude, photos = 0] of visitorPages) {
      const page = await visitor.context.newPage();
      expectAllUsedOnce(path, await open(page, path), mustInclude, photos);
      await page.close();
    }

    await signUpViaApi(member.context, uniqueUsername('pre'), 'Preload Member');
    for (const [path, mustInclude] of [
      ['/', [/^\/api\/v1\/feed\?limit=20$/, /^\/api\/v1\/me\/groups\?limit=50$/, /^\/api\/v1\/me\/notifications\/unread$/, /^\/assets\/home-.*\.js$/]],
      ['/companions', [/^\/assets\/companions-.*\.js$/, /^\/api\/v1\/me\/companion-card$/, /^\/api\/v1\/companion-requests\?limit=20$/, /^\/api\/v1\/conversations\?limit=20$/]],
    ] as [string, RegExp[]][]) {
      const page = await member.context.newPage();
      expectAllUsedOnce(`${path} (member)`, await open(page, path), mustInclude);
      await page.close();
    }
  } finally {
    await visitor.context.close();
    await member.context.close();
  }
});

test('the first paint is the app\'s top bar, drawn where the app then draws it (phone and desktop, both languages)', async () => {
  for (const [viewport, locale, name] of [
    [phone, 'en-US', 'Kindred'],
    [phone, 'zh-CN', 'Kindred 同好'],
    [{ width: 1280, height: 800 }, 'en-US', 'Kindred'],
  ] as const) {
    // Without scripts the page stays at its first paint.
    const still = await env.browser.newContext({ baseURL: env.server.baseURL, viewport, locale, javaScriptEnabled: false });
    const running = await env.browser.newContext({ baseURL: env.server.baseURL, viewport, locale, serviceWorkers: 'block' });
    try {
      const first = await still.newPage();
      await first.goto('/');
      const shellBrand = first.getByTestId('boot-shell').locator('.brand');
      assert.equal((await shellBrand.innerText()).trim(), name, `${locale}: the first paint names Kindred in the page's language`);
      const app = await running.newPage();
      await app.goto('/');
      await app.getByTestId('front-page').waitFor();
      assert.equal(await app.getByTestId('boot-shell').count(), 0, 'the app replaced the first paint');
      const appBrand = app.locator('.topbar .brand');
      assert.equal((await appBrand.innerText()).trim(), name);
      const [a, b] = [await shellBrand.boundingBox(), await appBrand.boundingBox()];
      const [barA, barB] = [await first.locator('.topbar').boundingBox(), await app.locator('.topbar').boundingBox()];
      assert.ok(a && b && barA && barB, 'both top bars are drawn');
      for (const key of ['x', 'y', 'width', 'height'] as const) {
        assert.ok(Math.abs(a[key] - b[key]) <= 1, `${locale} ${viewport.width}px: the brand's ${key} is ${a[key]} at first paint and ${b[key]} in the app`);
        assert.ok(Math.abs(barA[key] - barB[key]) <= 1, `${locale} ${viewport.width}px: the top bar's ${key} is ${barA[key]} at first paint and ${barB[key]} in the app`);
      }
      const style = (page: typeof first, selector: string) =>
        page.locator(selector).first().evaluate((el) => {
          const s = getComputedStyle(el);
          return [s.backgroundColor, s.borderBottom, s.fontFamily, s.fontWeight, s.fontSize, s.color].join(' | ');
        });
      assert.equal(await style(first, '.boot .topbar'), await style(app, '.topbar'), 'the bars look alike');
      assert.equal(await style(first, '.boot .brand'), await style(app, '.topbar .brand'), 'the brands look alike');
    } finally {
      await still.close();
      await running.close();
    }
  }
});
