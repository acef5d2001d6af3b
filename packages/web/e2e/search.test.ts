import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiAs, expectNoSidewaysScroll, expectPath, openSession, phone, realErrors, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** Asserts an API call succeeded, showing its answer if not. */
function ok<T>(reply: { status: number; body: T }, what: string): T {
  assert.ok(reply.status >= 200 && reply.status < 300, `${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function openTab(page: Page, tab: 'groups' | 'activities' | 'people' | 'posts') {
  await page.getByTestId(`search-tab-${tab}`).click();
  await page.waitForURL((url) => (tab === 'groups' ? !url.searchParams.has('tab') : url.searchParams.get('tab') === tab));
  assert.equal(await page.getByTestId(`search-tab-${tab}`).getAttribute('aria-selected'), 'true');
}

test('on a phone, search finds groups, activities, people and posts, and 爬山 finds what hiking finds; in Chinese too', async () => {
  const en = await openSession(env.browser, env.server.baseURL, phone);
  const zh = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  try {
    // A word no demo content has, so the results are this test's.
    const marker = `Zorblax${Date.now().toString(36)}`;
    const organizer = uniqueUsername('sora');
    await signUpViaApi(en.context, organizer, `${marker} Walker`);
    await signUpViaApi(zh.context, uniqueUsername('yun'), '云');
    // A member with a long unbroken display name: the people list must wrap it, not widen the page.
    const longName = `${marker}${'Longname'.repeat(6)}`.slice(0, 50);
    const other = await openSession(env.browser, env.server.baseURL, phone);
    await signUpViaApi(other.context, uniqueUsername('lon'), longName);
    await other.context.close();

    // A group written only in Chinese (爬山) and tagged with another interest; an activity tagged hiking; a post.
    const group = ok(await apiAs<{ id: number }>(en.context, 'POST', '/groups', { name: `${marker} 爬山小分队`, description: '周六早上出发。', tags: ['photography'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' }), 'group');
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    ok(
      await apiAs(en.context, 'POST', '/activities', {
        title: `${marker} sunrise trek`,
        description: 'Up the Fragrant Hills before breakfast.',
        tags: ['hiking'],
        groupId: group.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
        timeZone: 'Asia/Shanghai',
        place: { name: 'Xiangshan north gate', address: 'Haidian, Beijing', lat: 39.9996, lng: 116.1889, meetingPoint: 'Ticket office' },
        fee: { amount: 0, currency: 'CNY' },
        capacity: 12,
      }),
      'activity',
    );
    ok(await apiAs(en.context, 'POST', `/groups/${group.id}/posts`, { kind: 'guide', title: `${marker} 徒步路线`, body: '从北门上山，两小时到顶。' }), 'post');

    const p = en.page;
    // Groups: "hiking" finds the group written with 爬山.
    await p.goto(`/search?q=${encodeURIComponent(`${marker} hiking`)}`);
    await expectPath(p, /^\/search$/);
    await p.getByTestId('search-results').getByText(`${marker} 爬山小分队`).waitFor();
    await expectNoSidewaysScroll(p, 'search: groups');
    await screenshot(p, 'phone-search-groups');

    // The four tabs fit the phone's width whole: none is scrolled out of sight.
    const tabs = await p.getByRole('tablist').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(tabs.scroll <= tabs.client, `the search tabs overflow: ${JSON.stringify(tabs)}`);

    // Activities: the hiking-tagged activity, found by a synonym of its interest.
    await openTab(p, 'activities');
    await p.getByTestId('search-results').getByText(`${marker} sunrise trek`).waitFor();
    await expectNoSidewaysScroll(p, 'search: activities');
    await screenshot(p, 'phone-search-activities');

    // Posts: "hiking" finds the post titled 徒步路线.
    await openTab(p, 'posts');
    await p.getByTestId('search-results').getByText(`${marker} 徒步路线`).waitFor();
    await expectNoSidewaysScroll(p, 'search: posts');

    // People: by the start of a display name, typed into the box.
    await openTab(p, 'people');
    await p.getByTestId('search-input').fill(marker);
    await p.getByTestId('search-submit').click();
    await p.waitForURL((url) => url.searchParams.get('q') === marker && url.searchParams.get('tab') === 'people');
    const people = p.getByTestId('search-person');
    await people.filter({ hasText: `${marker} Walker` }).waitFor();
    await people.filter({ hasText: longName }).waitFor();
    assert.equal(await people.count(), 2);
    await expectNoSidewaysScroll(p, 'search: people');
    await screenshot(p, 'phone-search-people');
    await people.filter({ hasText: `${marker} Walker` }).getByRole('link').click();
    await expectPath(p, new RegExp(`^/u/${organizer}$`));

    // Nothing found says so.
    await p.goto(`/search?q=${marker}nothing&tab=activities`);
    await p.getByTestId('empty-state').waitFor();
    await expectNoSidewaysScroll(p, 'search: no activities');

    // In Chinese: 爬山 finds the hiking-tagged activity; the tabs are in Chinese.
    const q = zh.page;
    await q.goto(`/search?q=${encodeURIComponent(`${marker} 爬山`)}&tab=activities`);
    await expectPath(q, /^\/search$/);
    await q.getByTestId('search-results').getByText(`${marker} sunrise trek`).waitFor();
    assert.equal((await q.getByTestId('search-tab-activities').textContent())?.trim(), '活动');
    assert.equal((await q.getByTestId('search-tab-people').textContent())?.trim(), '用户');
    await expectNoSidewaysScroll(q, 'search (zh): activities');
    await screenshot(q, 'phone-search-activities-zh');
    await openTab(q, 'groups');
    await q.getByTestId('search-results').getByText(`${marker} 爬山小分队`).waitFor();
    await q.goto('/search');
    await q.getByRole('heading', { name: '搜索 Kindred' }).waitFor();
    await expectNoSidewaysScroll(q, 'search (zh): empty');
    await screenshot(q, 'phone-search-empty-zh');

    assert.deepEqual(realErrors(en.errors), []);
    assert.deepEqual(realErrors(zh.errors), []);
  } finally {
    await en.context.close();
    await zh.context.close();
  }
});
