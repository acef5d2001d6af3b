import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  apiAs,
  expectNoSidewaysScroll,
  expectPath,
  useServerAndBrowser,
  expectAccessiblePage,
  openSession,
  phone,
  screenshot,
  signInViaApi,
  signUpViaApi,
  uniqueUsername,
  type Session,
} from './_harness.js';

// The operator is made on the server's command line (see _harness.ts, startServerWithStaff).
const OPERATOR = uniqueUsername('otto');
const env = useServerAndBrowser([{ username: OPERATOR, displayName: 'Otto Operator', role: 'operator' }]);

test('an operator pins a public group to Discover from its page with a reason; a visitor sees it under Featured; unpinned, it is gone', async () => {
  const sessions: Session[] = [];
  const open = async (locale = 'en-US') => {
    const s = await openSession(env.browser, env.server.baseURL, phone, locale);
    sessions.push(s);
    return s;
  };
  try {
    const owner = await open();
    const operator = await open();
    const visitor = await open();
    await signUpViaApi(owner.context, uniqueUsername('gwen'), 'Gwen Gardener');
    await signInViaApi(operator.context, OPERATOR);

    const name = `Balcony Gardeners ${Date.now().toString(36)}`;
    const created = await apiAs(owner.context, 'POST', '/groups', {
      name,
      description: 'Tomatoes and herbs on small balconies',
      tags: ['photography'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const groupId = (created.body as { id: number }).id;

    // Nothing is featured yet: Discover has no Featured section.
    const v = visitor.page;
    await v.goto('/discover');
    await expectPath(v, /^\/discover$/);
    await v.getByTestId('group-list').waitFor();
    assert.equal(await v.getByTestId('featured').count(), 0);

    // A visitor (not an operator) has no pin action on the group's page.
    await v.goto(`/groups/${groupId}`);
    await v.getByTestId('group-header').waitFor();
    await expectAccessiblePage(v);
    assert.equal(await v.getByTestId('pin-featured').count(), 0);

    // The operator pins it from the group's "⋯" menu; a reason is required.
    const o = operator.page;
    await o.goto(`/groups/${groupId}`);
    await o.getByTestId('group-header').waitFor();
    await expectAccessiblePage(o);
    await o.getByRole('button', { name: 'More actions' }).click();
    await o.getByTestId('pin-featured').click();
    const pin = o.getByRole('dialog', { name: `Pin “${name}” to Discover?` });
    await pin.getByTestId('moderation-confirm').click();
    await pin.getByText('Give a reason.').waitFor();
    await pin.getByTestId('moderation-reason').fill('Lovely community for spring');
    await screenshot(o, 'phone-featured-01-pin-dialog');
    await pin.getByTestId('moderation-confirm').click();
    await o.getByText('Pinned to Discover').waitFor();
    await pin.waitFor({ state: 'detached' });
    await expectNoSidewaysScroll(o);

    // The signed-out visitor sees it in Discover's Featured section.
    await v.goto('/discover');
    await expectPath(v, /^\/discover$/);
    const featured = v.getByTestId('featured');
    await featured.waitFor();
    await featured.getByRole('heading', { name: 'Featured' }).waitFor();
    await featured.getByTestId('featured-group').getByRole('link', { name }).waitFor();
    await expectNoSidewaysScroll(v);
    await screenshot(v, 'phone-featured-02-discover');

    // In Chinese too.
    const zh = await open('zh-CN');
    await zh.page.goto('/discover');
    await expectPath(zh.page, /^\/discover$/);
    await zh.page.getByTestId('featured').getByRole('heading', { name: '精选' }).waitFor();
    await expectNoSidewaysScroll(zh.page);

    // The operator unpins it, with a reason; the menu now offers "Unpin".
    await o.reload();
    await o.getByTestId('group-header').waitFor();
    await expectAccessiblePage(o);
    await o.getByRole('button', { name: 'More actions' }).click();
    await o.getByTestId('unpin-featured').click();
    const unpin = o.getByRole('dialog', { name: `Unpin “${name}” from Discover?` });
    await unpin.getByTestId('moderation-reason').fill('Spring is over');
    await unpin.getByTestId('moderation-confirm').click();
    await o.getByText('Unpinned from Discover').waitFor();
    await o.getByRole('button', { name: 'More actions' }).click();
    await o.getByTestId('pin-featured').waitFor();
    await o.keyboard.press('Escape');

    // Gone from Discover.
    await v.goto('/discover');
    await expectPath(v, /^\/discover$/);
    await v.getByTestId('group-list').waitFor();
    assert.equal(await v.getByTestId('featured').count(), 0);
    await expectNoSidewaysScroll(v);

    for (const s of sessions) assert.deepEqual(s.errors, []);
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `phone-featured-${i}-failure`).catch(() => undefined);
    throw error;
  } finally {
    for (const s of sessions) await s.context.close();
  }
});
