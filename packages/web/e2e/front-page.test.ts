import assert from 'node:assert/strict';
import { test } from 'node:test';
import { realErrors, apiAs, desktop, expectNoSidewaysScroll, expectPath, openSession, phone, screenshot, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

interface ActivityRow {
  id: number;
  title: string;
  fee: { amount: number };
  maxGuests: number;
  requiresApproval: boolean;
  seatsLeft: number;
  status: string;
}

test('an anonymous visitor on a phone picks a city, opens an activity, presses Register, signs up and lands registered', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    // The front page, not the sign-in form.
    await page.goto('/');
    await page.getByTestId('front-page').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Find people who love what you love, and meet up.' }).waitFor();
    await page.getByTestId('front-activity').first().waitFor();
    await page.getByTestId('front-group').first().waitFor();
    await page.getByTestId('front-guide').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'front-phone-01-front-page');

    // Pick Shanghai: the activities are the popular ones near Shanghai.
    await page.getByTestId('front-city-shanghai').click();
    await page.waitForURL((url) => url.searchParams.get('city') === 'shanghai');
    await page.locator('[data-testid="front-city-shanghai"][aria-checked="true"]').waitFor();
    await page.getByRole('heading', { name: /Popular soon near Shanghai/ }).waitFor();
    const near = (await (await context.request.get('/api/v1/activities/nearby?lat=31.23&lng=121.47&radiusKm=25&sort=popular&limit=20')).json()) as { items: ActivityRow[] };
    const shown = near.items.slice(0, 6);
    const target = shown.find((a) => a.status === 'published' && a.fee.amount === 0 && !a.requiresApproval && a.maxGuests === 0 && a.seatsLeft > 0);
    assert.ok(target, 'a free, open activity near Shanghai on the front page');
    const card = page.getByTestId('front-activity').filter({ has: page.locator(`a[href="/activities/${target.id}"]`) });
    await card.waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'front-phone-02-shanghai');

    // Open it and press Register: sign-up, with the way back.
    await card.getByRole('link', { name: target.title }).click();
    await expectPath(page, new RegExp(`^/activities/${target.id}$`));
    await page.getByTestId('register-signup').click();
    await expectPath(page, /^\/signup$/);
    assert.equal(new URL(page.url()).searchParams.get('next'), `/activities/${target.id}?intent=register`);
    await screenshot(page, 'front-phone-03-signup');

    const username = uniqueUsername('visitor');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill('First Visit');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Onboarding keeps the way back.
    await expectPath(page, /^\/onboarding$/);
    await page.getByTestId('interest-hiking').click();
    await page.getByTestId('onboarding-next').click();
    // The city picked on the front page is already chosen as home.
    assert.equal(await page.getByTestId('city-shanghai').getAttribute('aria-checked'), 'true');
    await page.getByTestId('onboarding-finish').click();

    // Back on the activity, registered; the intent is gone from the URL so a reload does nothing more.
    await page.waitForURL((url) => url.pathname === `/activities/${target.id}` && !url.searchParams.has('intent'));
    await page.getByTestId('registration-confirmed').waitFor();
    await page.getByText("You're going!").first().waitFor();
    const detail = await apiAs<{ viewer: { registration: { status: string } | null } }>(context, 'GET', `/activities/${target.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.viewer.registration?.status, 'confirmed');
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'front-phone-04-registered');

    // A member's `/` is their home, not the front page.
    await page.goto('/');
    await page.getByTestId('home-feed').waitFor();
    assert.equal(await page.getByTestId('front-page').count(), 0);
    assert.deepEqual(realErrors(errors), []);
  } finally {
    await context.close();
  }
});

test('an anonymous visitor presses Join on a group from the front page, signs up and lands a member', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await page.goto('/?city=shanghai');
    const groups = (await (await context.request.get('/api/v1/groups?sort=popular&city=Shanghai&limit=20')).json()) as {
      items: { id: number; name: string; joinPolicy: string; visibility: string }[];
    };
    const target = groups.items.find((g) => g.joinPolicy === 'open' && g.visibility === 'public');
    assert.ok(target, 'an open public group in Shanghai');
    const card = page.getByTestId('front-group').filter({ has: page.locator(`a[href="/groups/${target.id}"]`) });
    await card.getByRole('link', { name: target.name }).click();
    await expectPath(page, new RegExp(`^/groups/${target.id}$`));
    await page.getByTestId('join-signup').first().click();
    await expectPath(page, /^\/signup$/);
    assert.equal(new URL(page.url()).searchParams.get('next'), `/groups/${target.id}?intent=join`);

    await page.getByLabel('Username').fill(uniqueUsername('joiner'));
    await page.getByLabel('Display name').fill('Group Joiner');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectPath(page, /^\/onboarding$/);
    await page.getByTestId('interest-coffee').click();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('onboarding-finish').click();

    await page.waitForURL((url) => url.pathname === `/groups/${target.id}` && !url.searchParams.has('intent'));
    await page.getByTestId('leave-button').waitFor();
    const group = await apiAs<{ viewer: { role: string | null } }>(context, 'GET', `/groups/${target.id}`);
    assert.equal(group.body.viewer.role, 'member');
    await screenshot(page, 'front-phone-05-joined');
    assert.deepEqual(realErrors(errors), []);
  } finally {
    await context.close();
  }
});

test('the sign-up return refuses other sites (no open redirect)', async () => {
  const { context, page } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const username = uniqueUsername('redir');
    await page.goto(`/signup?next=${encodeURIComponent('/\\evil.example/')}`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill('Redirect Check');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Onboarding without a return: an unsafe `next` is dropped.
    await page.waitForURL((url) => url.pathname === '/onboarding');
    assert.equal(new URL(page.url()).origin, env.server.baseURL);
    assert.equal(new URL(page.url()).searchParams.get('next'), null);
  } finally {
    await context.close();
  }
});

test('the front page in Chinese, on a phone and on a desktop with the browser location', async () => {
  const zh = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  try {
    await zh.page.goto('/?lang=zh-CN');
    await zh.page.getByTestId('front-page').waitFor();
    await zh.page.getByRole('heading', { level: 1, name: '找到和你爱好相同的人，一起线下见面。' }).waitFor();
    await zh.page.getByRole('button', { name: '注册' }).or(zh.page.getByRole('link', { name: '注册', exact: true })).first().waitFor();
    await zh.page.getByTestId('front-city-beijing').getByText('北京').waitFor();
    await zh.page.getByTestId('front-activity').first().waitFor();
    await zh.page.getByRole('heading', { name: /北京附近即将开始的热门活动/ }).waitFor();
    assert.equal(await zh.page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await expectNoSidewaysScroll(zh.page);
    await screenshot(zh.page, 'front-phone-zh', true);
  } finally {
    await zh.context.close();
  }

  const wide = await openSession(env.browser, env.server.baseURL, desktop);
  try {
    await wide.context.grantPermissions(['geolocation']);
    await wide.context.setGeolocation({ latitude: 31.2304, longitude: 121.4737 });
    await wide.page.goto('/');
    await wide.page.getByTestId('front-activity').first().waitFor();
    await wide.page.getByTestId('front-use-location').click();
    await wide.page.getByRole('heading', { name: 'Popular soon near you' }).waitFor();
    assert.equal(await wide.page.getByTestId('front-use-location').getAttribute('aria-checked'), 'true');
    await wide.page.getByTestId('front-activity').first().waitFor();
    await expectNoSidewaysScroll(wide.page);
    await screenshot(wide.page, 'front-desktop-located');
  } finally {
    await wide.context.close();
  }
});

test('an anonymous visitor presses Reply on a public post, signs up and comes back to the comment box', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const groups = (await (await context.request.get('/api/v1/groups?sort=popular&city=Beijing&limit=20')).json()) as { items: { id: number; visibility: string }[] };
    let postId: number | undefined;
    for (const group of groups.items.filter((g) => g.visibility === 'public')) {
      const posts = (await (await context.request.get(`/api/v1/groups/${group.id}/posts?limit=1`)).json()) as { items: { id: number }[] };
      postId = posts.items[0]?.id;
      if (postId) break;
    }
    assert.ok(postId, 'a public post in Beijing');
    await page.goto(`/posts/${postId}`);
    await page.getByTestId('comment-signup').click();
    await expectPath(page, /^\/signup$/);
    assert.equal(new URL(page.url()).searchParams.get('next'), `/posts/${postId}#comments`);
    await page.getByLabel('Username').fill(uniqueUsername('replier'));
    await page.getByLabel('Display name').fill('First Reply');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectPath(page, /^\/onboarding$/);
    await page.getByTestId('interest-hiking').click();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('onboarding-finish').click();

    // Back on the post at its comments, now with the box to write in.
    await page.waitForURL((url) => url.pathname === `/posts/${postId}` && url.hash === '#comments');
    const form = page.getByTestId('comment-form');
    await form.getByRole('textbox').fill('Glad to have found this group!');
    await form.getByRole('button', { name: 'Comment' }).or(form.locator('button[type="submit"]')).first().click();
    await page.getByTestId('comments').getByText('Glad to have found this group!').waitFor();
    assert.deepEqual(realErrors(errors), []);
  } finally {
    await context.close();
  }
});

test('a visitor who refuses their location keeps the city they picked, and is told so', async () => {
  const { context, page } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    // No geolocation permission granted: the browser refuses.
    await page.goto('/?city=shanghai');
    await page.getByTestId('front-activity').first().waitFor();
    await page.getByTestId('front-use-location').click();
    await page.getByTestId('front-location-fallback').getByText('Location is off').waitFor();
    assert.equal(await page.getByTestId('front-city-shanghai').getAttribute('aria-checked'), 'true');
    assert.equal(await page.getByTestId('front-use-location').getAttribute('aria-checked'), 'false');
    await page.getByRole('heading', { name: /Shanghai/ }).first().waitFor();
  } finally {
    await context.close();
  }
});
