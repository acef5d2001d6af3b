import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  realErrors,
  desktop,
  expectAccessible,
  expectPath,
  openSession,
  phone,
  screenshot,
  signUpViaApi,
  uniqueUsername,
  useServerAndBrowser,
} from './_harness.js';

const env = useServerAndBrowser();

test('a new member signs up, onboards, joins a hiking group, posts, comments, and searches in Chinese (phone)', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const username = uniqueUsername('hiker');

    // Sign up.
    await page.goto('/signup');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Display name').fill('Trail Tester');
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await screenshot(page, 'phone-01-signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    // Onboarding step 1: interests, with a skill level.
    await expectPath(page, /^\/onboarding$/);
    await page.getByTestId('interest-hiking').click();
    assert.equal(await page.getByTestId('interest-hiking').getAttribute('aria-pressed'), 'true');
    await page.getByTestId('interest-coffee').click();
    await page.getByLabel('Your level in Hiking').selectOption('beginner');
    await screenshot(page, 'phone-02-onboarding-interests');
    await page.getByTestId('onboarding-next').click();

    // Step 2: home city.
    await page.getByTestId('city-beijing').click();
    assert.equal(await page.getByTestId('city-beijing').getAttribute('aria-checked'), 'true');
    await screenshot(page, 'phone-03-onboarding-city');
    await page.getByTestId('onboarding-finish').click();

    // Onboarding ends on Discover's recommendations.
    await expectPath(page, /^\/discover$/);
    await page.getByRole('heading', { level: 1, name: 'Picked for you' }).waitFor();
    await page.getByTestId('rec-group-card').first().waitFor();

    // Home: the feed is empty for a newcomer and points to Discover.
    await page.getByTestId('nav-home').click();
    await expectPath(page, /^\/$/);
    await page.getByTestId('home-feed').waitFor();
    await page.getByTestId('empty-discover').waitFor();
    await screenshot(page, 'phone-04-home-empty');

    // Discover → Browse → Outdoors → a hiking group.
    await page.getByTestId('nav-discover').click();
    await expectPath(page, /^\/discover$/);
    await page.getByTestId('discover-tab-browse').click();
    await page.getByTestId('category-outdoors').click();
    const hikingCard = page.getByTestId('group-card').filter({ hasText: 'Hiking Lovers SF' });
    await hikingCard.waitFor();
    await screenshot(page, 'phone-05-discover');
    await hikingCard.getByRole('link', { name: 'Hiking Lovers SF' }).click();
    await expectPath(page, /^\/groups\/\d+$/);
    await page.getByRole('heading', { level: 1, name: 'Hiking Lovers SF' }).waitFor();

    // Join it.
    const memberCount = page.getByTestId('member-count');
    const before = Number((await memberCount.textContent())?.match(/\d+/)?.[0]);
    await page.getByTestId('join-button').click();
    await page.getByTestId('leave-button').waitFor();
    await page.getByTestId('member-count').filter({ hasText: String(before + 1) }).waitFor();
    await screenshot(page, 'phone-06-group-joined');

    // Write a post with Markdown.
    await page.getByTestId('new-post-button').click();
    await expectPath(page, /^\/groups\/\d+\/posts\/new$/);
    await page.getByRole('radio', { name: /Guide/ }).check();
    await page.getByLabel('Title').fill('My first loop on Mount Tam');
    await page
      .getByLabel('Body')
      .fill('## Route\n\nThe **Matt Davis** trail is a classic.\n\n- Start early\n- Bring water\n- Watch the fog roll in');
    await page.getByLabel(/^Tags/).fill('hiking, bay-area');
    await screenshot(page, 'phone-07-compose');
    await page.getByRole('button', { name: 'Publish' }).click();

    // The post renders the Markdown as HTML.
    await expectPath(page, /^\/posts\/\d+$/);
    const body = page.getByTestId('post-body');
    await body.waitFor();
    assert.equal(await body.locator('strong').first().textContent(), 'Matt Davis');
    assert.equal(await body.locator('h2').first().textContent(), 'Route');
    assert.equal(await body.locator('li').count(), 3);
    assert.equal(await page.getByTestId('post-title').textContent(), 'My first loop on Mount Tam');

    // Comment on it.
    await page.getByLabel('Add a comment').fill('Going again next Saturday, anyone in?');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByTestId('comment').filter({ hasText: 'Going again next Saturday' }).waitFor();

    // Like it.
    const like = page.getByTestId('like-button');
    await like.click();
    await page.locator('[data-testid="like-button"][aria-pressed="true"]').waitFor();
    await screenshot(page, 'phone-08-post', true);

    // Switch to Chinese; the choice survives a reload.
    await page.getByLabel('Language').selectOption('zh-CN');
    await page.getByTestId('nav-search').filter({ hasText: '搜索' }).waitFor();
    await page.reload();
    await page.getByTestId('nav-search').filter({ hasText: '搜索' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');

    // Search in Chinese for posts.
    await page.getByTestId('nav-search').click();
    await expectPath(page, /^\/search$/);
    await page.getByRole('searchbox').fill('徒步');
    await page.getByRole('searchbox').press('Enter');
    await page.getByRole('tab', { name: '帖子' }).click();
    await page.getByTestId('post-card').getByRole('link', { name: '周末香山徒步攻略' }).waitFor();
    await screenshot(page, 'phone-09-search-zh');

    // The profile shows the onboarding choices, in Chinese.
    await page.getByTestId('nav-me').click();
    await expectPath(page, /^\/me$/);
    await page.getByTestId('profile-interests').getByText('徒步').waitFor();
    await page.getByTestId('profile-header').getByText('北京').waitFor();
    await screenshot(page, 'phone-10-profile-zh');

    assert.deepEqual(realErrors(errors), []);
  } catch (error) {
    await screenshot(page, 'phone-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await context.close();
  }
});

test('the main pages at desktop size (screenshots)', async () => {
  const { context, page, errors } = await openSession(env.browser, env.server.baseURL, desktop);
  try {
    // Sign in with the demo account.
    await page.goto('/signin');
    await page.getByTestId('use-demo').waitFor();
    await screenshot(page, 'desktop-01-signin');
    await page.getByTestId('use-demo').click();
    await expectPath(page, /^\/$/);
    await page.getByTestId('post-card').first().waitFor();
    await screenshot(page, 'desktop-02-home');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Discover' }).click();
    await expectPath(page, /^\/discover$/);
    await page.getByTestId('discover-tab-browse').click();
    await page.getByTestId('group-card').first().waitFor();
    await screenshot(page, 'desktop-03-discover');

    await page.getByTestId('group-card').filter({ hasText: '北京徒步爱好者' }).getByRole('link').click();
    await expectPath(page, /^\/groups\/\d+$/);
    await page.getByTestId('post-card').first().waitFor();
    await screenshot(page, 'desktop-04-group-posts');
    await page.getByTestId('group-tab-about').click();
    await page.getByTestId('group-description').waitFor();
    await screenshot(page, 'desktop-05-group-about');
    await page.getByTestId('group-tab-members').click();
    await page.getByTestId('member').first().waitFor();
    await screenshot(page, 'desktop-06-group-members');

    await page.getByTestId('group-tab-posts').click();
    await page.getByTestId('post-card').getByRole('link', { name: '周末香山徒步攻略' }).click();
    await expectPath(page, /^\/posts\/\d+$/);
    await page.getByTestId('post-body').waitFor();
    await page.getByTestId('comments').waitFor();
    await screenshot(page, 'desktop-07-post');
    await screenshot(page, 'desktop-07-post-full', true);

    await page.goto('/search?q=hiking');
    await page.getByTestId('group-card').first().waitFor();
    await screenshot(page, 'desktop-08-search-groups');
    await page.getByRole('tab', { name: 'Posts' }).click();
    await page.getByTestId('post-card').first().waitFor();
    await screenshot(page, 'desktop-09-search-posts');

    await page.getByTestId('topbar-profile').click();
    await expectPath(page, /^\/me$/);
    await page.getByTestId('profile-header').waitFor();
    await screenshot(page, 'desktop-10-profile');
    await page.getByTestId('edit-profile').click();
    await page.getByTestId('profile-form').waitFor();
    await screenshot(page, 'desktop-11-profile-edit', true);

    await page.goto('/groups/new');
    await page.getByTestId('group-form').waitFor();
    await screenshot(page, 'desktop-12-create-group');

    await page.goto('/this/does/not/exist');
    await page.getByTestId('not-found').waitFor();
    await screenshot(page, 'desktop-13-not-found');

    assert.deepEqual(realErrors(errors), []);
  } catch (error) {
    await screenshot(page, 'desktop-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await context.close();
  }
});

test('an owner runs a private approval group: request, approve, promote, pin, comment (desktop)', async () => {
  const owner = await openSession(env.browser, env.server.baseURL, desktop);
  const member = await openSession(env.browser, env.server.baseURL, desktop);
  try {
    const ownerName = uniqueUsername('owner');
    const memberName = uniqueUsername('member');
    await signUpViaApi(owner.context, ownerName, 'Olivia Owner');
    await signUpViaApi(member.context, memberName, 'Max Member');
    const groupName = `Sunrise Yoga ${Date.now().toString(36)}`;

    // The owner creates a private group that needs approval.
    const o = owner.page;
    await o.goto('/groups/new');
    await o.getByLabel('Group name').fill(groupName);
    await o.getByLabel(/^Description/).fill('We meet at **6:30** in Ritan Park.\n\n- Bring a mat\n- Beginners welcome');
    await o.getByText('Wellness').click();
    await o.getByTestId('interest-yoga').click();
    await o.getByLabel('City').selectOption({ label: 'Beijing' });
    await o.getByLabel('Private — members only').check();
    await o.getByLabel('Approval — admins accept requests').check();
    await screenshot(o, 'desktop-20-create-group-filled', true);
    await o.getByTestId('save-group').click();
    await expectPath(o, /^\/groups\/\d+$/);
    const groupPath = new URL(o.url()).pathname;
    await o.getByTestId('group-description').locator('strong').filter({ hasText: '6:30' }).waitFor();
    await o.getByTestId('group-header').getByText('Owner', { exact: true }).waitFor();

    // A member finds it locked, and asks to join.
    const m = member.page;
    await m.goto(groupPath);
    await m.getByTestId('group-tab-posts').click();
    await m.getByTestId('locked-state').waitFor();
    await screenshot(m, 'desktop-21-group-locked');
    await m.getByTestId('join-button').first().click();
    await m.getByRole('dialog').getByLabel(/Message to the admins/).fill('Morning person, 2 years of yoga.');
    await m.getByTestId('send-request').click();
    await m.getByTestId('pending-button').first().waitFor();

    // The owner approves the request and makes the member an admin.
    await o.reload();
    await o.getByTestId('group-tab-members').click();
    const request = o.getByTestId('join-requests').getByRole('listitem').filter({ hasText: 'Max Member' });
    await request.getByText('Morning person').waitFor();
    await screenshot(o, 'desktop-22-join-requests');
    await request.getByRole('button', { name: 'Approve' }).click();
    const row = o.getByTestId('member').filter({ hasText: 'Max Member' });
    await row.waitFor();
    await row.getByLabel('Actions for Max Member').click();
    await row.getByRole('menuitem', { name: 'Make admin' }).click();
    await row.getByText('Admin', { exact: true }).waitFor();
    await screenshot(o, 'desktop-23-members-admin');

    // The owner posts and pins it.
    await o.getByTestId('new-post-button').click();
    await o.getByRole('radio', { name: /Question/ }).check();
    await o.getByLabel('Title').fill('Which mat do you use?');
    await o.getByLabel('Body').fill('Mine is *too* slippery.');
    await o.getByRole('button', { name: 'Publish' }).click();
    await expectPath(o, /^\/posts\/\d+$/);
    const postPath = new URL(o.url()).pathname;
    await o.getByRole('button', { name: 'Post actions' }).click();
    await o.getByTestId('pin-button').click();
    await o.getByTestId('post').getByText('Pinned').waitFor();

    // The member, now an admin, reads it pinned at the top, comments, edits and deletes the comment.
    await m.goto(groupPath);
    await m.getByTestId('group-header').getByText('Admin', { exact: true }).waitFor();
    await m.getByTestId('group-posts').getByTestId('post-card').first().getByText('Which mat do you use?').waitFor();
    await m.goto(postPath);
    await m.getByLabel('Add a comment').fill('Cork mats are great');
    await m.getByRole('button', { name: 'Comment', exact: true }).click();
    const comment = m.getByTestId('comment').filter({ hasText: 'Cork mats are great' });
    await comment.waitFor();
    await comment.getByRole('button', { name: 'Edit' }).click();
    await comment.getByLabel('Edit comment').fill('Cork mats are great, not slippery at all');
    await comment.getByRole('button', { name: 'Save' }).click();
    await m.getByTestId('comment').filter({ hasText: 'not slippery at all' }).waitFor();

    // The owner replies to the comment and likes it.
    await o.reload();
    const theirs = o.getByTestId('comment').filter({ hasText: 'not slippery at all' });
    await theirs.getByTestId('comment-like').click();
    await theirs.locator('[data-testid="comment-like"][aria-pressed="true"]').waitFor();
    await theirs.getByRole('button', { name: 'Reply' }).click();
    await o.getByLabel('Reply to Max Member').fill('Ordering one today, thanks!');
    await o.getByRole('button', { name: 'Send reply' }).click();
    await o.getByTestId('comment').filter({ hasText: 'Ordering one today' }).waitFor();
    await screenshot(o, 'desktop-24-post-thread', true);

    // The member deletes their comment; the reply stays, the comment shows as deleted.
    await m.reload();
    const mine = m.getByTestId('comment').filter({ hasText: 'not slippery at all' });
    await mine.getByRole('button', { name: 'Delete' }).click();
    await m.getByTestId('confirm-button').click();
    await mine.waitFor({ state: 'detached' });
    await m.getByTestId('comment').filter({ hasText: 'Ordering one today' }).waitFor();

    assert.deepEqual(realErrors(owner.errors), []);
    assert.deepEqual(realErrors(member.errors), []);
  } catch (error) {
    await screenshot(owner.page, 'owner-failure', true).catch(() => {});
    await screenshot(member.page, 'member-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await owner.context.close();
    await member.context.close();
  }
});

test('a member deletes their account: a group with members is handed over first, the password confirms, and they are signed out (phone)', async () => {
  const leaver = await openSession(env.browser, env.server.baseURL, phone);
  const friend = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const leaverName = uniqueUsername('leaver');
    await signUpViaApi(leaver.context, leaverName, 'Lee Leaving');
    await signUpViaApi(friend.context, uniqueUsername('friend'), 'Fran Friend');
    const csrf = async (context: typeof leaver.context) => ((await (await context.request.get('/api/v1/session')).json()) as { csrfToken: string }).csrfToken;
    const groupName = `Kite Flyers ${Date.now().toString(36)}`;
    const created = await leaver.context.request.post('/api/v1/groups', {
      headers: { 'X-CSRF-Token': await csrf(leaver.context) },
      data: { name: groupName, description: 'Kites on the lawn', tags: ['photography'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' },
    });
    const group = (await created.json()) as { id: number };
    await friend.context.request.post(`/api/v1/groups/${group.id}/join`, { headers: { 'X-CSRF-Token': await csrf(friend.context) } });
    const friendId = ((await (await friend.context.request.get('/api/v1/me')).json()) as { id: number }).id;

    const p = leaver.page;
    await p.goto('/me');
    await expectPath(p, /^\/me$/);
    await p.getByTestId('delete-account').click();
    const dialog = p.getByRole('dialog', { name: 'Delete your account?' });
    await dialog.getByLabel('Your password, to confirm').fill('not my password');
    await dialog.getByTestId('confirm-delete-account').click();
    await dialog.getByText('That is not your password.').waitFor();
    await dialog.getByLabel('Your password, to confirm').fill('a long and unusual passphrase');
    await dialog.getByTestId('confirm-delete-account').click();
    // The group others belong to must be handed over first: it is listed, with a link.
    await dialog.getByRole('link', { name: groupName }).waitFor();
    await expectAccessible(p, '/me (delete account, unsettled)');
    await screenshot(p, 'phone-40-delete-account-unsettled');
    await dialog.getByRole('link', { name: groupName }).click();
    await expectPath(p, new RegExp(`^/groups/${group.id}$`));
    const transferred = await leaver.context.request.post(`/api/v1/groups/${group.id}/transfer`, { headers: { 'X-CSRF-Token': await csrf(leaver.context) }, data: { userId: friendId } });
    assert.equal(transferred.status(), 200, await transferred.text());

    await p.goto('/me');
    await p.getByTestId('delete-account').click();
    await dialog.getByLabel('Your password, to confirm').fill('a long and unusual passphrase');
    await dialog.getByTestId('confirm-delete-account').click();
    await p.getByText('Your account is deleted.').waitFor();
    await expectPath(p, /^\/signup$/);
    assert.equal(((await (await leaver.context.request.get('/api/v1/session')).json()) as { user: unknown }).user, null);
    // Gone for others too.
    assert.equal((await friend.context.request.get(`/api/v1/users/${leaverName}`)).status(), 404);
    assert.deepEqual(realErrors(leaver.errors), []);
  } finally {
    await leaver.context.close();
    await friend.context.close();
  }
});
