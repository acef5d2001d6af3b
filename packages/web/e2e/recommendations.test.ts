import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { realErrors, desktop, expectPath, openSession, phone, screenshot, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

const PASSWORD = 'a long and unusual passphrase';

/** The group a recommended-group card shows: its id (from its link) and name. */
async function cardGroup(card: Locator): Promise<{ id: number; name: string }> {
  const link = card.getByRole('heading', { level: 3 }).getByRole('link');
  const href = (await link.getAttribute('href')) ?? '';
  const id = Number(href.match(/^\/groups\/(\d+)$/)?.[1]);
  assert.ok(id > 0, `a group link, got ${href}`);
  return { id, name: ((await link.textContent()) ?? '').trim() };
}

/** The recommended-group card of the group with this name. */
function cardNamed(page: Page, name: string): Locator {
  return page.getByTestId('rec-group-card').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
}

/** The names on the recommended-group cards, in order. */
async function shownGroupNames(page: Page): Promise<string[]> {
  const names = await page.getByTestId('rec-group-card').getByRole('heading', { level: 3 }).allTextContents();
  return names.map((n) => n.trim());
}

async function groupTags(context: BrowserContext, id: number): Promise<string[]> {
  const res = await context.request.get(`/api/v1/groups/${id}`);
  assert.equal(res.status(), 200);
  return ((await res.json()) as { tags: string[] }).tags;
}

// Shanghai's demo community has a cycling, a board-games and a baking group (GET /api/v1/groups?limit=50).
const PICKED = ['cycling', 'board-games', 'baking'];
const PICKED_EN = /Because you like (cycling|board games|baking)/;
const PICKED_ZH = /因为你喜欢(骑行|桌游|烘焙)/;

test('onboarding ends on "For you": groups that match the picked interests, with reasons; not interested sticks; Chinese reasons (phone, desktop)', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  const username = uniqueUsername('rider');
  try {
    // Sign up and onboard: three interests and a home city.
    await page.goto('/signup');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill('Rita Rider');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectPath(page, /^\/onboarding$/);
    for (const tag of PICKED) await page.getByTestId(`interest-${tag}`).click();
    await page.getByLabel('Your level in Cycling').selectOption('beginner');
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('city-shanghai').click();
    await page.getByTestId('onboarding-finish').click();

    // It ends on Discover's "For you", not on an empty home.
    await expectPath(page, /^\/discover$/);
    await page.getByRole('heading', { level: 1, name: 'Picked for you' }).waitFor();
    await page.getByText('Welcome to Kindred, Rita Rider!').waitFor();
    assert.equal(await page.getByTestId('discover-tab-for-you').getAttribute('aria-selected'), 'true');
    await page.getByTestId('based-on').getByText('Cycling').waitFor();
    await page.getByTestId('based-on').getByText('Shanghai').waitFor();

    // Groups: the first three carry a picked interest and say so; every card gives a reason.
    const cards = page.getByTestId('rec-group-card');
    await cards.first().waitFor();
    const count = await cards.count();
    assert.ok(count >= 4, `at least four recommended groups, got ${count}`);
    for (let i = 0; i < 3; i++) {
      const card = cards.nth(i);
      const group = await cardGroup(card);
      const tags = await groupTags(context, group.id);
      assert.ok(tags.some((t) => PICKED.includes(t)), `${group.name} (${tags.join(', ')}) matches a picked interest`);
      assert.match((await card.getByTestId('rec-reason').textContent()) ?? '', PICKED_EN);
    }
    for (let i = 0; i < count; i++) {
      const reason = ((await cards.nth(i).getByTestId('rec-reason').textContent()) ?? '').trim();
      assert.ok(reason.length > 5, `card ${i} shows a reason`);
      // "Near you" is said only of a group in the member's city.
      if (/near you/.test(reason)) {
        const group = await cardGroup(cards.nth(i));
        const res = await context.request.get(`/api/v1/groups/${group.id}`);
        assert.match(((await res.json()) as { city: string | null }).city ?? '', /^shanghai$/i, `${group.name}: ${reason}`);
      }
    }

    // Activities and posts come with reasons too.
    const activity = page.getByTestId('rec-activity-card').first();
    await activity.waitFor();
    assert.ok(((await activity.getByTestId('rec-reason').textContent()) ?? '').length > 5);
    const post = page.getByTestId('rec-post-card').first();
    await post.waitFor();
    assert.ok(((await post.getByTestId('rec-reason').textContent()) ?? '').length > 5);
    await screenshot(page, 'phone-50-for-you');
    await screenshot(page, 'phone-51-for-you-full', true);

    // "Not interested" on a group, then Undo: it comes back.
    const second = await cardGroup(cards.nth(2));
    await cards.nth(2).getByRole('button', { name: `Not interested in ${second.name}` }).click();
    await cardNamed(page, second.name).waitFor({ state: 'detached', timeout: 1000 });
    await page.getByTestId('toast-action').filter({ hasText: 'Undo' }).click();
    await cardNamed(page, second.name).waitFor();

    // "Not interested" for good: the card goes at once, the toast offers Undo, and it stays gone.
    const first = await cardGroup(cards.first());
    const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/recommendations/not-interested') && r.request().method() === 'POST');
    await cards.first().getByRole('button', { name: `Not interested in ${first.name}` }).click();
    await cardNamed(page, first.name).waitFor({ state: 'detached', timeout: 1000 });
    await page.getByTestId('toast-info').filter({ hasText: first.name }).getByRole('button', { name: 'Undo' }).waitFor();
    await screenshot(page, 'phone-52-not-interested');
    assert.equal((await sent).status(), 204);
    await page.waitForLoadState('networkidle');
    assert.ok(!(await shownGroupNames(page)).includes(first.name));

    await page.reload();
    await cards.first().waitFor();
    assert.ok(!(await shownGroupNames(page)).includes(first.name), `${first.name} stays hidden after a reload`);
    const all = await context.request.get('/api/v1/recommendations/groups?limit=30');
    const ids = ((await all.json()) as { items: { group: { id: number } }[] }).items.map((r) => r.group.id);
    assert.ok(!ids.includes(first.id), 'and the server no longer recommends it');

    // In Chinese, the reasons are Chinese.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByRole('heading', { level: 1, name: '为你推荐' }).waitFor();
    await page.getByTestId('discover-tab-for-you').filter({ hasText: '为你推荐' }).waitFor();
    const zhReasons = await cards.getByTestId('rec-reason').allTextContents();
    assert.ok(zhReasons.some((r) => PICKED_ZH.test(r)), `a reason says 因为你喜欢…: ${zhReasons.join(' | ')}`);
    assert.ok(zhReasons.every((r) => !/Because|Popular|Members of|people from/.test(r)), 'no English left in the reasons');
    await screenshot(page, 'phone-53-for-you-zh');

    // Join one straight from its card (in Chinese now). Joining changes what comes next, so it comes last.
    const joinCard = cards.filter({ has: page.getByRole('button', { name: '加入小组' }) }).first();
    const joined = await cardGroup(joinCard);
    await joinCard.getByRole('button', { name: '加入小组' }).click();
    await cardNamed(page, joined.name).getByTestId('joined-state').filter({ hasText: '已加入' }).waitFor();
    await page.getByTestId('toast-success').filter({ hasText: joined.name }).waitFor();

    // Browse is one tab away, with the categories.
    await page.getByTestId('discover-tab-browse').click();
    await page.getByTestId('category-games').waitFor();
    await page.getByTestId('group-card').first().waitFor();
    await page.getByTestId('discover-tab-for-you').click();
    await cards.first().waitFor();

    assert.deepEqual(realErrors(errors), []);
  } catch (error) {
    await screenshot(page, 'recs-phone-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await context.close();
  }

  // The same member on a desktop.
  const wide = await openSession(env.browser, env.server.baseURL, desktop);
  try {
    const res = await wide.context.request.post('/api/v1/auth/signin', { data: { username, password: PASSWORD } });
    assert.equal(res.status(), 200);
    await wide.page.goto('/discover');
    await wide.page.getByTestId('rec-group-card').first().waitFor();
    await wide.page.getByTestId('rec-activity-card').first().waitFor();
    await wide.page.getByTestId('rec-post-card').first().waitFor();
    await screenshot(wide.page, 'desktop-50-for-you');
    await screenshot(wide.page, 'desktop-51-for-you-full', true);
    assert.deepEqual(realErrors(wide.errors), []);
  } catch (error) {
    await screenshot(wide.page, 'recs-desktop-failure', true).catch(() => {});
    throw error;
  } finally {
    await wide.context.close();
  }
});

test('visitors who are not signed in browse Discover without "For you"', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await page.goto('/discover');
    await page.getByRole('heading', { level: 1, name: 'Discover groups' }).waitFor();
    await page.getByTestId('group-card').first().waitFor();
    assert.equal(await page.getByTestId('discover-tab-for-you').count(), 0);
    assert.equal(await page.getByTestId('rec-group-card').count(), 0);
    assert.deepEqual(realErrors(errors), []);
  } finally {
    await context.close();
  }
});
