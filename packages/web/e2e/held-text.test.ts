import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  realErrors,
  apiAs,
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

// The operator is made on the server's command line; the harness signs them up and grants the role.
const OPERATOR = uniqueUsername('opal');
const env = useServerAndBrowser([{ username: OPERATOR, displayName: 'Opal Operator', role: 'operator' }]);

test('a group description held by the keyword filter: its author sees their change and that it waits for review (in English and Chinese), a member still sees the earlier text, and the console shows the waiting change', async () => {
  const sessions: Session[] = [];
  const open = async (locale = 'en-US') => {
    const s = await openSession(env.browser, env.server.baseURL, phone, locale);
    sessions.push(s);
    return s;
  };
  try {
    const author = await open();
    const member = await open();
    const authorName = uniqueUsername('hana');
    await signUpViaApi(author.context, authorName, 'Hana Host');
    await signUpViaApi(member.context, uniqueUsername('milo'), 'Milo Member');

    const before = 'Board games every Friday evening';
    const created = await apiAs<{ id: number; heldForReview?: string }>(author.context, 'POST', '/groups', {
      name: `Friday Boards ${Date.now().toString(36)}`,
      description: before,
      tags: ['photography'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.heldForReview, undefined);
    const group = created.body;
    assert.equal((await apiAs(member.context, 'POST', `/groups/${group.id}/join`)).status, 200);

    // The author edits the description to something the filter holds.
    const changed = 'Board games every Friday, then the casino night downtown';
    const a = author.page;
    await a.goto(`/groups/${group.id}/edit`);
    await expectPath(a, new RegExp(`^/groups/${group.id}/edit$`));
    const description = a.getByTestId('group-form').getByLabel(/^Description/);
    await description.fill(changed);
    await a.getByTestId('save-group').click();
    await a.getByText('Saved. A moderator will review it before others see it.').waitFor();
    await expectPath(a, new RegExp(`^/groups/${group.id}$`));

    // The author reads their change, and why others don't yet.
    const notice = a.getByRole('status').filter({ hasText: 'Your change is waiting for review' });
    await notice.waitFor();
    assert.equal(await notice.getAttribute('data-held'), 'change');
    assert.match((await notice.textContent()) ?? '', /everyone else still sees the earlier one/);
    assert.match((await a.getByTestId('group-description').textContent()) ?? '', /casino night downtown/);
    await screenshot(a, 'phone-held-01-author-change');

    // A member still reads the earlier description, with no notice.
    const m = member.page;
    await m.goto(`/groups/${group.id}?tab=about`);
    await expectPath(m, new RegExp(`^/groups/${group.id}$`));
    const seen = (await m.getByTestId('group-description').textContent()) ?? '';
    assert.match(seen, /Board games every Friday evening/);
    assert.doesNotMatch(seen, /casino/);
    assert.equal(await m.getByTestId('held-notice').count(), 0);
    await screenshot(m, 'phone-held-02-member-earlier');

    // The author in the Chinese interface: the notice in Chinese.
    const zh = await open('zh-CN');
    await signInViaApi(zh.context, authorName);
    await zh.page.goto(`/groups/${group.id}?tab=about`);
    await expectPath(zh.page, new RegExp(`^/groups/${group.id}$`));
    const zhNotice = zh.page.getByTestId('held-notice');
    await zhNotice.waitFor();
    const zhText = (await zhNotice.textContent()) ?? '';
    assert.ok(zhText.includes('你的修改正在等待审核') && zhText.includes('其他人看到的仍是之前的内容'), zhText);
    await expectNoSidewaysScroll(zh.page);
    await screenshot(zh.page, 'phone-held-03-author-change-zh');

    // The operator's queue shows the waiting change field by field, beside the text others read.
    const operator = await open();
    await signInViaApi(operator.context, OPERATOR);
    const o = operator.page;
    await o.goto('/console');
    await expectPath(o, /^\/console$/);
    const item = o.locator(`[data-testid="queue-item"][data-kind="group"][data-id="${group.id}"]`);
    await item.waitFor();
    const waiting = item.getByTestId('queue-held-change');
    await waiting.getByRole('heading', { name: 'Waiting change' }).waitFor();
    const field = waiting.locator('[data-field="description"]');
    assert.match((await field.textContent()) ?? '', /^Description.*casino night downtown/);
    await item.scrollIntoViewIfNeeded();
    await screenshot(o, 'phone-held-04-queue');

    for (const s of sessions) assert.deepEqual(realErrors(s.errors), []);
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `phone-held-${i}-failure`).catch(() => undefined);
    throw error;
  } finally {
    for (const s of sessions) await s.context.close();
  }
});

test('a comment with words the community refuses is not posted, and its writer is told why in their language', async () => {
  const sessions: Session[] = [];
  try {
    for (const [locale, said] of [['en-US', 'This has words the community does not allow. Please rephrase it.'], ['zh-CN', '其中有社区不允许的词语，请换一种说法。']] as const) {
      const s = await openSession(env.browser, env.server.baseURL, phone, locale);
      sessions.push(s);
      await signUpViaApi(s.context, uniqueUsername('rita'), 'Rita Writer');
      const group = await apiAs<{ id: number }>(s.context, 'POST', '/groups', { name: `Refusal Walkers ${Date.now().toString(36)}`, description: 'Walks.', tags: ['hiking'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' });
      const post = await apiAs<{ id: number }>(s.context, 'POST', `/groups/${group.body.id}/posts`, { kind: 'discussion', title: 'Saturday walk', body: 'Who is coming?' });
      assert.equal(post.status, 201, JSON.stringify(post.body));
      const p = s.page;
      await p.goto(`/posts/${post.body.id}`);
      await expectPath(p, new RegExp(`^/posts/${post.body.id}$`));
      const form = p.getByTestId('comment-form');
      await form.locator('textarea').fill('刷单 wanted, good pay');
      await form.getByTestId('submit-comment').click();
      const alert = form.getByTestId('form-error');
      await alert.waitFor();
      assert.equal(await alert.textContent(), said);
      assert.equal(await p.getByTestId('comment').count(), 0, 'nothing was posted');
      assert.equal(await form.locator('textarea').inputValue(), '刷单 wanted, good pay', 'the text is kept to rephrase');
      assert.deepEqual(realErrors(s.errors), []);
    }
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `phone-refused-${i}-failure`).catch(() => undefined);
    throw error;
  } finally {
    for (const s of sessions) await s.context.close();
  }
});
