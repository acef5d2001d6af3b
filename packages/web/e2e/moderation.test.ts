import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  realErrors,
  apiAs,
  expectNoSidewaysScroll,
  expectPath,
  useServerAndBrowser,
  PASSWORD,
  expectAccessiblePage,
  openSession,
  phone,
  screenshot,
  signInViaApi,
  signUpViaApi,
  uniqueUsername,
  type Session,
} from './_harness.js';

// The operator is made on the server's command line (npm run admin -- grant-operator), which needs the
// server stopped: the harness signs them up, stops the server, grants the role and starts it again.
const OPERATOR = uniqueUsername('opal');
const env = useServerAndBrowser([{ username: OPERATOR, displayName: 'Opal Operator', role: 'operator' }]);

/** Resolves once the page's live connection has said `ready`. */
function liveReady(page: Page): Promise<void> {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"type":"ready"')) resolve();
      });
    });
  });
}

test('a member reports a post; an operator suspends its author from the queue; the author is signed out at once, the post is gone and sign-in says why and until when', async () => {
  const sessions: Session[] = [];
  const open = async (locale = 'en-US') => {
    const s = await openSession(env.browser, env.server.baseURL, phone, locale);
    sessions.push(s);
    return s;
  };
  try {
    const author = await open();
    const reporter = await open();
    const bystander = await open();
    const operator = await open();
    const authorName = uniqueUsername('boots');
    await signUpViaApi(author.context, authorName, 'Bo Bootseller');
    await signUpViaApi(reporter.context, uniqueUsername('rita'), 'Rita Reporter');
    await signUpViaApi(bystander.context, uniqueUsername('bea'), 'Bea Bystander');
    await signInViaApi(operator.context, OPERATOR);

    const group = (await apiAs(author.context, 'POST', '/groups', {
      name: `Trail Runners ${Date.now().toString(36)}`,
      description: 'Morning runs in the hills',
      tags: ['photography'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    })).body as { id: number };
    const created = await apiAs(author.context, 'POST', `/groups/${group.id}/posts`, { kind: 'discussion', title: 'Cheap boots for everyone', body: 'Send me your address and pay in advance.' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const postId = (created.body as { id: number }).id;
    for (const member of [reporter, bystander]) assert.equal((await apiAs(member.context, 'POST', `/groups/${group.id}/join`)).status, 200);

    // A member is not staff: no console entry, and the console says so.
    const r = reporter.page;
    await r.goto('/console');
    await r.getByTestId('console-not-allowed').waitFor();
    assert.equal(await r.getByTestId('console-link').count(), 0);
    await expectAccessiblePage(r);

    // The author has their own page open, live.
    const live = liveReady(author.page);
    await author.page.goto('/me');
    await expectPath(author.page, /^\/me$/);
    await live;
    // No "Report" on one's own post.
    await author.page.goto(`/posts/${postId}`);
    await author.page.getByTestId('post-title').waitFor();
    await author.page.getByRole('button', { name: 'Post actions' }).click();
    assert.equal(await author.page.getByTestId('report-action').count(), 0);
    await author.page.keyboard.press('Escape');
    await author.page.goto('/me');
    await expectPath(author.page, /^\/me$/);

    // The member reports the post from its "⋯" menu.
    await r.goto(`/posts/${postId}`);
    await r.getByTestId('post-title').waitFor();
    await r.getByRole('button', { name: 'Post actions' }).click();
    await r.getByTestId('report-action').click();
    const dialog = r.getByRole('dialog', { name: 'Report this post' });
    await dialog.getByLabel('Spam or advertising').check();
    await dialog.getByLabel(/Details/).fill('Asks everyone for their address');
    await screenshot(r, 'phone-moderation-01-report-post');
    await dialog.getByTestId('send-report').click();
    await r.getByText('Thanks — our team will look into it.').waitFor();

    // The operator finds the console on their profile page (on a phone) and sees the report in the queue.
    const o = operator.page;
    await o.goto('/me');
    await o.getByTestId('profile-console').click();
    await expectPath(o, /^\/console$/);
    const item = o.locator(`[data-testid="queue-item"][data-kind="post"][data-id="${postId}"]`);
    await item.waitFor();
    await item.getByText('Asks everyone for their address').waitFor();
    assert.match(await item.textContent() ?? '', /Cheap boots for everyone/);
    assert.match(await item.getByTestId('queue-item-author').textContent() ?? '', /Bo Bootseller/);
    assert.match(await item.getByTestId('queue-report').first().textContent() ?? '', /Rita Reporter.*Spam or advertising/);
    assert.equal(await item.getByTestId('queue-ban').count(), 1, 'an operator may ban');
    await item.scrollIntoViewIfNeeded();
    await screenshot(o, 'phone-moderation-02-queue');
    await expectNoSidewaysScroll(o);

    // Suspend from the queue: a reason is required, and the days.
    await item.getByTestId('queue-suspend').click();
    const suspend = o.getByRole('dialog', { name: 'Suspend Bo Bootseller' });
    await suspend.getByTestId('moderation-confirm').click();
    await suspend.getByText('Give a reason.').waitFor();
    await suspend.getByTestId('moderation-days').fill('3');
    await suspend.getByTestId('moderation-reason').fill('Selling boots in every group');
    await screenshot(o, 'phone-moderation-03-suspend-dialog');
    await suspend.getByTestId('moderation-confirm').click();
    await o.getByText('Member suspended').waitFor();
    await item.waitFor({ state: 'detached' });

    // The author's open page notices at once (the live connection is closed with 4401): signed out, sent to sign in.
    await expectPath(author.page, /^\/signin$/);
    assert.equal(new URL(author.page.url()).searchParams.get('next'), '/me');
    await author.page.getByText('You were signed out.').waitFor();

    // The post is gone for everyone.
    await bystander.page.goto(`/posts/${postId}`);
    await bystander.page.getByTestId('not-found').waitFor();
    await expectAccessiblePage(bystander.page);

    // Signing in again says why and until when, in the member's language.
    const a = author.page;
    await a.getByLabel('Username').fill(authorName);
    await a.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await a.getByRole('button', { name: 'Sign in' }).click();
    const refused = a.getByTestId('signin-suspended');
    await refused.waitFor();
    const until = new Date(Date.now() + 3 * 86_400_000);
    const year = String(until.getFullYear());
    const month = until.toLocaleString('en-US', { month: 'long' });
    const text = (await refused.textContent()) ?? '';
    assert.match(text, /Your account is suspended until/);
    assert.ok(text.includes(month) && text.includes(year), `the date is written out: ${text}`);
    assert.match(text, /Reason: Selling boots in every group/);
    await screenshot(a, 'phone-moderation-04-signin-suspended');
    assert.equal(new URL(a.url()).pathname, '/signin');

    // The member search: with nothing typed, members suspended now come first; typing the start of a display
    // name (any case) finds the author, marked suspended.
    await o.getByTestId('console-tab-members').click();
    await expectPath(o, /^\/console\/members$/);
    const results = o.getByTestId('member-result');
    await results.first().waitFor();
    assert.equal(await results.first().getAttribute('data-username'), authorName, 'the suspended member heads the list');
    await o.getByLabel('Username or display name').fill('bo BOOT');
    await o.getByRole('heading', { name: 'Members whose name starts with “bo BOOT”' }).waitFor();
    await o.waitForFunction(() => document.querySelectorAll('[data-testid="member-result"]').length === 1);
    const found = o.locator(`[data-testid="member-result"][data-username="${authorName}"]`);
    assert.match((await found.textContent()) ?? '', /Bo Bootseller.*Suspended/);
    assert.equal(new URL(o.url()).searchParams.get('q'), 'bo BOOT', 'the address keeps the query');
    await screenshot(o, 'phone-moderation-05-member-search');
    await expectAccessiblePage(o);
    await expectNoSidewaysScroll(o);

    // The member's page: the suspension, the record (the suspension and the upheld report), the way into the audit log.
    await found.click();
    await expectPath(o, new RegExp(`^/console/members/${authorName}$`));
    await o.getByTestId('member-suspension').getByText(/Suspended until/).waitFor();
    await o.getByTestId('member-suspension').getByText('Reason: Selling boots in every group').waitFor();
    await o.getByTestId('member-lift').waitFor();
    const record = o.getByTestId('member-record');
    const count = async (key: string) => (await record.getByTestId(`member-record-${key}`).locator('dd').textContent())?.trim();
    await record.getByTestId('member-record-suspensions').getByText('1').waitFor();
    assert.deepEqual([await count('warnings'), await count('suspensions'), await count('bans'), await count('upheldReports')], ['0', '1', '0', '1']);
    assert.equal(await record.getByTestId('member-record-clean').count(), 0);
    await screenshot(o, 'phone-moderation-06-member');
    await expectAccessiblePage(o);
    await o.getByTestId('member-audit-link').click();
    await expectPath(o, /^\/console\/audit$/);
    await o.getByTestId('audit-target').getByText(`Entries about @${authorName}`).waitFor();
    const about = o.getByTestId('audit-entry');
    await about.first().waitFor();
    assert.deepEqual(await about.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), ['member.suspend']);
    await screenshot(o, 'phone-moderation-07-member-audit');

    // Back to the search, which remembers the query; a query nobody matches says so.
    await o.goBack();
    await expectPath(o, new RegExp(`^/console/members/${authorName}$`));
    await o.getByTestId('member-back').click();
    await expectPath(o, /^\/console\/members$/);
    assert.equal(new URL(o.url()).searchParams.get('q'), 'bo BOOT');
    await o.getByLabel('Username or display name').fill('zzqq');
    await o.getByTestId('empty-state').getByText('No member’s username or name starts with “zzqq”').waitFor();

    // The audit log, in Chinese: the suspension and the resolved report, filtered by the operator.
    const zh = await open('zh-CN');
    await signInViaApi(zh.context, OPERATOR);
    await zh.page.goto(`/console/audit?actor=${OPERATOR}`);
    await expectPath(zh.page, /^\/console\/audit$/);
    await zh.page.getByRole('heading', { name: '审计日志' }).waitFor();
    const entries = zh.page.getByTestId('audit-entry');
    await entries.first().waitFor();
    // Newest first: the report is closed once its author is suspended.
    assert.deepEqual(await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), ['report.resolve', 'member.suspend']);
    const suspension = (await entries.nth(1).textContent()) ?? '';
    assert.ok(suspension.startsWith('停用') && suspension.includes(`@${authorName}`) && suspension.includes('Selling boots in every group'), suspension);
    await expectNoSidewaysScroll(zh.page);
    await screenshot(zh.page, 'phone-moderation-08-audit-zh');

    // A reported group: operators may remove it from the queue; it is then gone for its members.
    assert.equal((await apiAs(reporter.context, 'POST', '/reports', { kind: 'group', id: group.id, reason: 'fake', details: 'The whole group sells boots' })).status, 201);
    await o.goto('/console');
    const groupItem = o.locator(`[data-testid="queue-item"][data-kind="group"][data-id="${group.id}"]`);
    await groupItem.waitFor();
    await groupItem.getByTestId('queue-remove').click();
    const removal = o.getByRole('dialog', { name: /^Remove the group “Trail Runners/ });
    await removal.getByTestId('remove-group-note').getByText(/cancelled and every fee refunded/).waitFor();
    await removal.getByTestId('moderation-reason').fill('A shop posing as a group');
    await screenshot(o, 'phone-moderation-09-remove-group');
    await removal.getByTestId('moderation-confirm').click();
    await o.getByText('Group removed').waitFor();
    await groupItem.waitFor({ state: 'detached' });
    await bystander.page.goto(`/groups/${group.id}`);
    await bystander.page.getByTestId('not-found').waitFor();

    for (const s of sessions) assert.deepEqual(realErrors(s.errors), []);
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `phone-moderation-${i}-failure`).catch(() => undefined);
    throw error;
  } finally {
    for (const s of sessions) await s.context.close();
  }
});

test('a group admin removes a reported post from the group’s queue and brings it back with Undo; a removed comment is restored from the group’s list of removals', async () => {
  const sessions: Session[] = [];
  const open = async () => {
    const s = await openSession(env.browser, env.server.baseURL, phone, 'en-US');
    sessions.push(s);
    return s;
  };
  try {
    const admin = await open();
    const author = await open();
    const reporter = await open();
    await signUpViaApi(admin.context, uniqueUsername('ada'), 'Ada Admin');
    await signUpViaApi(author.context, uniqueUsername('abe'), 'Abe Author');
    await signUpViaApi(reporter.context, uniqueUsername('rex'), 'Rex Reporter');
    const group = (await apiAs<{ id: number }>(admin.context, 'POST', '/groups', { name: `Undo Walkers ${Date.now().toString(36)}`, description: 'Walks.', tags: ['hiking'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' })).body;
    for (const member of [author, reporter]) assert.equal((await apiAs(member.context, 'POST', `/groups/${group.id}/join`)).status, 200);
    const post = (await apiAs<{ id: number }>(author.context, 'POST', `/groups/${group.id}/posts`, { kind: 'discussion', title: 'Route for Sunday', body: 'North ridge, 12 km.' })).body;
    assert.equal((await apiAs(reporter.context, 'POST', '/reports', { kind: 'post', id: post.id, reason: 'spam', details: 'Looks like an ad' })).status, 201);

    const a = admin.page;
    await a.goto(`/groups/${group.id}`);
    await a.getByTestId('group-reports').locator('summary').click();
    const item = a.locator(`[data-testid="queue-item"][data-kind="post"][data-id="${post.id}"]`);
    await item.waitFor();
    await item.getByTestId('queue-remove').click();
    const dialog = a.getByRole('dialog');
    const reason = dialog.getByTestId('moderation-reason');
    if (await reason.count()) await reason.fill('Reported as an ad');
    await dialog.getByTestId('moderation-confirm').click();
    const removed = a.getByTestId('toast-success').filter({ hasText: 'Content removed' });
    await removed.waitFor();
    await item.waitFor({ state: 'detached' });
    assert.equal((await apiAs(reporter.context, 'GET', `/posts/${post.id}`)).status, 404, 'gone for members');
    await screenshot(a, 'phone-moderation-undo-01-removed');
    await removed.getByTestId('toast-action').click();
    await a.getByTestId('toast-success').filter({ hasText: 'Restored' }).waitFor();
    assert.equal((await apiAs(reporter.context, 'GET', `/posts/${post.id}`)).status, 200, 'back for members');

    // Days later: a comment removed from its page is found among what the group removed, and restored from there.
    const comment = (await apiAs<{ id: number }>(author.context, 'POST', `/posts/${post.id}/comments`, { body: 'Meet at the north gate' })).body;
    assert.equal((await apiAs(admin.context, 'DELETE', `/comments/${comment.id}`)).status, 204);
    await a.reload();
    await a.getByTestId('group-reports').locator('summary').click();
    const removedItem = a.locator(`[data-testid="removed-item"][data-kind="comment"][data-id="${comment.id}"]`);
    await removedItem.waitFor();
    assert.match((await removedItem.textContent()) ?? '', /Meet at the north gate.*By Abe Author, removed by Ada Admin/);
    await expectAccessiblePage(a);
    await removedItem.scrollIntoViewIfNeeded();
    await screenshot(a, 'phone-moderation-undo-02-removed-list');
    await removedItem.getByTestId('restore-content').click();
    await a.getByTestId('toast-success').filter({ hasText: 'Restored' }).waitFor();
    await a.getByTestId('removed-content').getByText('Nothing was removed recently.').waitFor();
    const thread = await apiAs<{ items: { comment: { id: number; deleted: boolean } }[] }>(reporter.context, 'GET', `/posts/${post.id}/comments`);
    assert.deepEqual(thread.body.items.map((i) => [i.comment.id, i.comment.deleted]), [[comment.id, false]], 'the comment is back');
    for (const s of sessions) assert.deepEqual(realErrors(s.errors), []);
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `phone-moderation-undo-${i}-failure`).catch(() => undefined);
    throw error;
  } finally {
    for (const s of sessions) await s.context.close();
  }
});
