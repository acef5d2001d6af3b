import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { apiAs, expectAccessiblePage, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** What each language must say; the app's own strings, not the validator's. */
const words = {
  en: {
    locale: 'en-US',
    required: 'This can’t be empty.',
    summary: /^Please check: Username, Display name,? and Password\.$/,
    negative: 'Can’t be negative.',
    titleTooLong: 'Too long by 180 characters: use at most 120.',
    bodyTooLong: 'Too long by 5 characters: use at most 20,000.',
  },
  zh: {
    locale: 'zh-CN',
    required: '此项不能为空。',
    summary: /^请检查：用户名、昵称和密码。$/,
    negative: '不能为负数。',
    titleTooLong: '超出 180 个字符：最多 120 个。',
    bodyTooLong: '超出 5 个字符：最多 20,000 个。',
  },
};

/** The error and hint of the field around `input`. */
async function fieldOf(input: Locator): Promise<{ error: string | null; hint: string | null; counter: string | null }> {
  const field = input.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " field ")][1]');
  const text = async (selector: string) => ((await field.locator(selector).count()) ? ((await field.locator(selector).first().textContent()) ?? '').trim() : null);
  return { error: await text('[data-testid="field-error"]'), hint: await text('.field__hint'), counter: await text('[data-testid="char-counter"]') };
}

/** Nothing of the validator's own English shows, and no message sits under a field more than once. */
async function expectNoRawMessages(page: Page) {
  const body = (await page.locator('main').textContent()) ?? '';
  assert.doesNotMatch(body, /must NOT|must have|fewer than|more than \d+ characters|Please check the highlighted fields/i);
  for (const field of await page.locator('.field').all()) {
    const errors = await field.locator('[data-testid="field-error"]').allTextContents();
    assert.ok(errors.length <= 1, `one message per field: ${errors.join(' | ')}`);
  }
}

for (const [lang, say] of Object.entries(words)) {
  test(`validation messages are the app's own, translated and said once; over-long text is counted and refused, never cut (${lang}, phone)`, async () => {
    // ——— An empty sign-up: the server's reasons, said in the reader's language, each under its field; one summary above.
    const visitor = await openSession(env.browser, env.server.baseURL, phone, say.locale);
    const member = await openSession(env.browser, env.server.baseURL, phone, say.locale);
    try {
      const v = visitor.page;
      await v.goto('/signup');
      const form = v.getByTestId('signup-form');
      await form.waitFor();
      await form.locator('button[type="submit"]').click();
      await form.getByTestId('form-error').waitFor();
      assert.match(((await form.getByTestId('form-error').textContent()) ?? '').trim(), say.summary);
      const summary = ((await form.getByTestId('form-error').textContent()) ?? '').trim();
      for (const selector of ['input[autocomplete="username"]', 'input[autocomplete="nickname"]', 'input[type="password"]']) {
        const field = await fieldOf(form.locator(selector));
        assert.equal(field.error, say.required, selector);
        assert.notEqual(field.error, field.hint, `${selector}: the message is not the hint again`);
        assert.notEqual(field.error, summary, `${selector}: the summary is not repeated under the field`);
      }
      assert.equal(await form.getByTestId('form-error').count(), 1);
      await expectNoRawMessages(v);
      await screenshot(v, `form-messages-signup-${lang}`);

      // ——— An activity with an over-long title and a negative fee: counted, refused with the limit, never cut.
      const m = member.page;
      await signUpViaApi(member.context, uniqueUsername(`forms${lang}`), 'Mia Messages');
      await m.goto('/activities/new');
      const activity = m.getByTestId('activity-form');
      await activity.waitFor();
      await expectAccessiblePage(m);
      const title = activity.locator('input[type="text"]').first();
      await title.fill('T'.repeat(300));
      assert.equal((await title.inputValue()).length, 300, 'a pasted title is kept whole, not cut to 120');
      let field = await fieldOf(title);
      assert.equal(field.counter, '300 / 120');
      assert.equal(field.error, say.titleTooLong);
      assert.notEqual(field.error, field.hint);
      await activity.locator('input[name="fee-kind"]').nth(1).check();
      const amount = activity.getByTestId('fee-amount');
      await amount.fill('-50');
      await m.getByTestId('save-activity').click();
      await m.waitForFunction(() => document.querySelectorAll('[data-testid="activity-form"] [data-testid="field-error"]').length >= 2);
      assert.equal((await fieldOf(amount)).error, say.negative);
      field = await fieldOf(title);
      assert.equal(field.error, say.titleTooLong, 'the refusal stays while the title is too long');
      assert.match(new URL(m.url()).pathname, /^\/activities\/new$/, 'nothing was created');
      await expectNoRawMessages(m);
      await title.scrollIntoViewIfNeeded();
      await screenshot(m, `form-messages-activity-${lang}`);
      // Back within the limit, the message goes and the counter shows the count near the limit.
      await title.fill('T'.repeat(110));
      field = await fieldOf(title);
      assert.equal(field.error, null);
      assert.equal(field.counter, '110 / 120');
      const mine = await apiAs<{ items: unknown[] }>(member.context, 'GET', '/me/activities?tab=organizing');
      assert.equal(mine.status, 200);
      assert.equal(mine.body.items.length, 0, 'no activity was stored');

      // ——— An empty post: each field says it is empty, once; the banner is not repeated under them.
      const group = await apiAs<{ id: number }>(member.context, 'POST', '/groups', { name: `Form words ${lang} ${Date.now().toString(36)}`, description: '', tags: ['hiking'], city: null, visibility: 'public', joinPolicy: 'open' });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      await m.goto(`/groups/${group.body.id}/posts/new`);
      const post = m.getByTestId('post-form');
      await post.waitFor();
      await m.getByTestId('publish-button').click();
      const postTitle = post.locator('input[type="text"]').first();
      const postBody = post.locator('textarea');
      await post.getByTestId('field-error').first().waitFor();
      assert.equal((await fieldOf(postTitle)).error, say.required);
      assert.equal((await fieldOf(postBody)).error, say.required);
      assert.equal(await post.getByTestId('form-error').count(), 0, 'no banner repeating the fields');
      await expectNoRawMessages(m);
      // A 20,005-character body is kept whole, counted, and refused with how much to cut.
      await postTitle.fill('Trip notes');
      await postBody.fill('b'.repeat(20_005));
      assert.equal((await postBody.inputValue()).length, 20_005);
      const body = await fieldOf(postBody);
      assert.equal(body.error, say.bodyTooLong);
      assert.equal(body.counter, '20,005 / 20,000');
      await m.getByTestId('publish-button').click();
      await m.waitForTimeout(300);
      assert.match(new URL(m.url()).pathname, /\/posts\/new$/, 'the over-long post is not published');
      await postBody.scrollIntoViewIfNeeded();
      await screenshot(m, `form-messages-post-${lang}`);
      assert.deepEqual(visitor.errors.filter((e) => !e.includes('Failed to load resource')), []);
    } finally {
      await visitor.context.close();
      await member.context.close();
    }
  });
}
