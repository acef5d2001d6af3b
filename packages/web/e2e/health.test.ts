import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
  realErrors,
  apiAs,
  desktop,
  expectAccessiblePage,
  expectNoSidewaysScroll,
  expectPath,
  openSession,
  phone,
  screenshot,
  signInViaApi,
  signUpViaApi,
  uniqueUsername,
  useServerAndBrowser,
  type Session,
} from './_harness.js';

// The operator is made on the server's command line (see _harness.ts, startServerWithStaff).
const OPERATOR = uniqueUsername('hana');
const env = useServerAndBrowser([{ username: OPERATOR, displayName: 'Hana Health', role: 'operator' }]);

const CHARTS = ['active', 'signups', 'content', 'activities', 'registrations', 'reports'];

interface Health {
  updatedAt: string | null;
  cities: { key: string; members: number }[];
  interests: { key: string; members: number }[];
  totals: { views: number; registrations: number };
}

/** The first UTC day of the last `days` days, as the page asks for it. */
function firstDay(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1))).toISOString().slice(0, 10);
}

/**
 * The server builds its rollups in a job it schedules when it starts (the first run covers 400 days, after
 * the other start-up jobs): waits until they have been built once.
 */
async function rollupsBuilt(context: BrowserContext): Promise<Health> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const res = await apiAs<Health>(context, 'GET', '/operator/health');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (res.body.updatedAt !== null) return res.body;
    if (Date.now() > deadline) {
      const jobs = env.server.log().split('\n').filter((line) => /job/i.test(line)).slice(-20).join('\n');
      throw new Error(`the health rollups were not built within 4 minutes of the server starting; its job log:\n${jobs}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Waits for the dashboard to show the answer for this range and filter (not the previous one, kept while it loads). */
async function showsRange(page: Page, from: string, filter: { city?: string; interest?: string } = {}) {
  await page.waitForSelector(
    `[data-testid="health-body"][data-from="${from}"][data-city="${filter.city ?? ''}"][data-interest="${filter.interest ?? ''}"]`,
    { timeout: 20_000 },
  );
}

/** Every chart has drawn a canvas of some size. */
async function expectCharts(page: Page) {
  for (const id of CHARTS) {
    const chart = page.getByTestId(`health-chart-${id}`);
    const canvas = chart.locator('canvas');
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the ${id} chart is drawn (${JSON.stringify(box)})`);
    // Named for assistive technology, with its figures in a table.
    assert.ok(((await chart.getByTestId('chart-plot').getAttribute('aria-label')) ?? '').length > 20, `the ${id} chart has a summary`);
    assert.ok((await chart.locator('table tbody tr').count()) > 0, `the ${id} chart has a data table`);
  }
}

async function funnelCounts(page: Page): Promise<Record<string, number>> {
  const steps = page.getByTestId('funnel-step');
  const counts: Record<string, number> = {};
  for (const step of await steps.all()) {
    const text = (await step.getByTestId('funnel-count').textContent()) ?? '';
    counts[(await step.getAttribute('data-step')) ?? ''] = Number(text.replace(/[^\d.]/g, ''));
  }
  return counts;
}

test('an operator opens Health in the console: totals, funnel and charts from the demo data; range and city kept in the URL; on a phone, a desktop and in Chinese', async () => {
  const sessions: Session[] = [];
  const open = async (viewport = phone, locale = 'en-US') => {
    const s = await openSession(env.browser, env.server.baseURL, viewport, locale);
    sessions.push(s);
    return s;
  };
  try {
    const operator = await open();
    await signInViaApi(operator.context, OPERATOR);
    const health = await rollupsBuilt(operator.context);
    assert.ok(health.cities.length > 1, 'the demo community has members in several cities');
    assert.ok(health.totals.views > 0 && health.totals.registrations > 0, 'the demo community has views and registrations');

    // From the console's tabs to Health (the last 30 days by default).
    const o = operator.page;
    await o.goto('/console');
    await expectPath(o, /^\/console$/);
    await o.getByTestId('console-tab-health').click();
    await expectPath(o, /^\/console\/health$/);
    await showsRange(o, firstDay(30));
    await o.getByRole('heading', { level: 2, name: 'Community health' }).waitFor();
    assert.equal(await o.title(), 'Community health · Kindred');
    assert.equal(await o.getByTestId('health-range-30').getAttribute('aria-checked'), 'true');
    assert.match((await o.getByTestId('health-updated').textContent()) ?? '', /^Updated /);
    await expectCharts(o);

    // Totals, and the funnel's steps with counts from the demo data.
    for (const tile of ['signups', 'posts', 'comments', 'activitiesHeld', 'showUpRate', 'resolution']) {
      assert.ok(((await o.getByTestId(`health-tile-${tile}`).textContent()) ?? '').trim().length > 0, `the ${tile} tile`);
    }
    const funnel = await funnelCounts(o);
    assert.deepEqual(Object.keys(funnel), ['viewed', 'registered', 'paid', 'attended']);
    assert.ok(funnel.viewed! > 0 && funnel.registered! > 0, `the funnel counts views and registrations: ${JSON.stringify(funnel)}`);
    assert.match((await o.getByTestId('funnel-step').nth(1).textContent()) ?? '', /\d+% of the step before/);
    await expectNoSidewaysScroll(o);
    await screenshot(o, 'phone-health-01-dashboard');
    await o.getByTestId('health-chart-active').scrollIntoViewIfNeeded();
    await screenshot(o, 'phone-health-02-charts');

    // A tap on a chart reads out that day's figures (the latest day otherwise).
    const active = o.getByTestId('health-chart-active');
    assert.match((await active.getByTestId('chart-day').textContent()) ?? '', /latest day/);
    const plot = await active.locator('.u-over').boundingBox();
    assert.ok(plot);
    await o.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height / 2);
    await o.waitForFunction(() => !document.querySelector('[data-testid="health-chart-active"] [data-testid="chart-day"]')?.textContent?.includes('latest day'));
    // The other charts follow the same day.
    assert.equal(await o.getByTestId('health-chart-signups').getByTestId('chart-day').textContent(), await active.getByTestId('chart-day').textContent());

    // The last 90 days, then one city: both in the URL, and the charts are drawn again.
    await o.getByTestId('health-range-90').click();
    await showsRange(o, firstDay(90));
    assert.equal(new URL(o.url()).searchParams.get('range'), '90');
    const days90 = await o.getByTestId('health-chart-active').locator('table tbody tr').count();
    assert.equal(days90, 90, 'a row for each of the 90 days');
    const city = health.cities[0]!.key;
    await o.getByLabel('City').selectOption(city);
    await showsRange(o, firstDay(90), { city });
    assert.equal(new URL(o.url()).searchParams.get('city'), city);
    assert.equal(new URL(o.url()).searchParams.get('range'), '90');
    await expectCharts(o);
    await expectAccessiblePage(o);
    await screenshot(o, 'phone-health-03-city-90-days', true);

    // An interest replaces the city (at most one of them).
    const interest = health.interests[0]!.key;
    await o.getByLabel('Interest').selectOption(interest);
    await showsRange(o, firstDay(90), { interest });
    assert.equal(new URL(o.url()).searchParams.get('city'), null);
    assert.equal(new URL(o.url()).searchParams.get('interest'), interest);
    assert.equal(await o.getByLabel('City').inputValue(), '');

    // A city with nobody in it: nothing to chart.
    await o.goto('/console/health?range=7&city=Atlantis');
    await showsRange(o, firstDay(7), { city: 'Atlantis' });
    await o.getByText('No activity in this range').waitFor();
    assert.equal(await o.locator('canvas').count(), 0);
    await screenshot(o, 'phone-health-04-empty');

    // On a desktop, the URL's range and city come back; the charts sit two by two and follow the window's width.
    const wide = await open(desktop);
    await signInViaApi(wide.context, OPERATOR);
    const w = wide.page;
    await w.goto(`/console/health?range=365&city=${encodeURIComponent(city)}`);
    await expectPath(w, /^\/console\/health$/);
    await showsRange(w, firstDay(365), { city });
    assert.equal(await w.getByTestId('health-range-365').getAttribute('aria-checked'), 'true');
    assert.equal(await w.getByLabel('City').inputValue(), city);
    await expectCharts(w);
    const [first, second] = await Promise.all(['active', 'signups'].map((id) => w.getByTestId(`health-chart-${id}`).boundingBox()));
    assert.ok(first && second && Math.abs(first.y - second.y) < 2 && second.x > first.x, 'two charts side by side');
    await w.getByTestId('health-range-30').click();
    await showsRange(w, firstDay(30), { city });
    await screenshot(w, 'desktop-health-01-dashboard', true);
    const before = (await w.getByTestId('health-chart-active').locator('canvas').boundingBox())!.width;
    await w.setViewportSize({ width: 800, height: 800 });
    await w.waitForFunction(
      (old) => {
        const canvas = document.querySelector('[data-testid="health-chart-active"] canvas');
        const plot = document.querySelector('[data-testid="health-chart-active"] [data-testid="chart-plot"]');
        return canvas && plot && canvas.getBoundingClientRect().width !== old && canvas.getBoundingClientRect().width <= plot.getBoundingClientRect().width;
      },
      before,
    );
    await expectNoSidewaysScroll(w);

    // In Chinese: the page's title and headings are Chinese.
    const zh = await open(phone, 'zh-CN');
    await signInViaApi(zh.context, OPERATOR);
    await zh.page.goto('/console/health');
    await expectPath(zh.page, /^\/console\/health$/);
    await showsRange(zh.page, firstDay(30));
    await zh.page.getByRole('heading', { level: 2, name: '社区健康度' }).waitFor();
    assert.equal(await zh.page.title(), '社区健康度 · Kindred');
    await zh.page.getByRole('heading', { name: '报名漏斗' }).waitFor();
    assert.match((await zh.page.getByTestId('health-updated').textContent()) ?? '', /^更新于/);
    await expectCharts(zh.page);
    await expectNoSidewaysScroll(zh.page);
    await screenshot(zh.page, 'phone-health-05-zh');

    // A member who is not staff is told so, and the API refuses them.
    const member = await open();
    await signUpViaApi(member.context, uniqueUsername('mo'), 'Mo Member');
    await member.page.goto('/console/health');
    await member.page.getByTestId('console-not-allowed').waitFor();
    assert.equal(await member.page.getByTestId('health').count(), 0);
    assert.notEqual((await apiAs(member.context, 'GET', '/operator/health')).status, 200);

    for (const s of sessions) assert.deepEqual(realErrors(s.errors), []);
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `health-${i}-failure`).catch(() => undefined);
    throw error;
  } finally {
    for (const s of sessions) await s.context.close();
  }
});
