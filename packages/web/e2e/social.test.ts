import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessiblePage, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

async function expectPath(page: Page, pattern: RegExp) {
  await page.waitForURL((url) => pattern.test(url.pathname), { timeout: 20_000 });
  await expectAccessiblePage(page);
}

test('two members on phones: A follows B, B follows back and both see friends; B’s privacy settings decide what A sees; in Chinese too', async () => {
  const a = await openSession(env.browser, env.server.baseURL, phone);
  const b = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  try {
    const aName = uniqueUsername('ava');
    const bName = uniqueUsername('ben');
    await signUpViaApi(a.context, aName, 'Ava Archer');
    await signUpViaApi(b.context, bName, 'Ben Brook');
    const csrf = ((await (await b.context.request.get('/api/v1/session')).json()) as { csrfToken: string }).csrfToken;
    const created = await b.context.request.post('/api/v1/groups', {
      headers: { 'X-CSRF-Token': csrf },
      data: { name: `Ben's Bouldering ${Date.now().toString(36)}`, description: 'Walls and coffee', tags: ['climbing'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' },
    });
    assert.equal(created.status(), 201);

    // A follows B.
    const p = a.page;
    await p.goto(`/u/${bName}`);
    await expectPath(p, new RegExp(`^/u/${bName}$`));
    await p.getByTestId('groups-hidden').waitFor();
    await p.getByTestId('follow-button').click();
    await p.getByTestId('follow-button').filter({ hasText: 'Following' }).waitFor();
    assert.equal(await p.getByTestId('stat-followers').textContent(), '1');

    // B sees A among followers (in Chinese), follows back: friends.
    const q = b.page;
    await q.goto(`/u/${aName}`);
    await expectPath(q, new RegExp(`^/u/${aName}$`));
    await q.getByTestId('follow-button').filter({ hasText: '回关' }).click();
    await q.getByTestId('follow-button').filter({ hasText: '互相关注' }).waitFor();
    await screenshot(q, 'phone-70-profile-friends-zh');
    await p.reload();
    await p.getByTestId('follow-button').filter({ hasText: 'Friends' }).waitFor();
    // Now friends, A sees B's groups (shown to friends by default) and B's friends list.
    await p.getByTestId('profile-header').waitFor();
    assert.equal(await p.getByTestId('groups-hidden').count(), 0);
    await p.getByTestId('stat-friends').click();
    await expectPath(p, new RegExp(`^/u/${bName}/friends$`));
    await p.getByTestId('follow-entry').filter({ hasText: 'Ava Archer' }).waitFor();
    await screenshot(p, 'phone-71-friends-list');

    // B shows groups to nobody but themselves: A no longer sees them.
    await q.goto('/me');
    await expectPath(q, /^\/me$/);
    await q.getByTestId('privacy-showGroups').selectOption('me');
    await q.getByText('隐私设置已保存').waitFor();
    await screenshot(q, 'phone-72-privacy-zh');
    await p.goto(`/u/${bName}`);
    await p.getByTestId('groups-hidden').waitFor();
    assert.deepEqual([...a.errors, ...b.errors].filter((e) => !e.includes('Failed to load resource')), []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
