import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectAccessiblePage, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

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

    // A registers for B's activity: B sees their friend is going; once A shows activities to nobody, B doesn't.
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const activity = await b.context.request.post('/api/v1/activities', {
      headers: { 'X-CSRF-Token': csrf },
      data: {
        title: `Sunrise bouldering ${Date.now().toString(36)}`,
        tags: ['climbing'],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        timeZone: 'Asia/Shanghai',
        place: { name: 'Boulder Hall', address: 'Chaoyang', lat: 39.93, lng: 116.45, meetingPoint: '' },
        fee: { amount: 0, currency: 'CNY' },
        capacity: 8,
      },
    });
    const { id: activityId } = (await activity.json()) as { id: number };
    await p.goto(`/activities/${activityId}`);
    await expectPath(p, /^\/activities\/\d+$/);
    await p.getByTestId('register-button').click();
    await p.getByTestId('registration-confirmed').waitFor();
    await q.goto(`/activities/${activityId}`);
    await expectPath(q, /^\/activities\/\d+$/);
    await q.getByTestId('friends-going').filter({ hasText: 'Ava Archer' }).waitFor();
    await screenshot(q, 'phone-73-friend-going-zh');
    // … and in B's Following feed.
    await q.goto('/');
    await expectPath(q, /^\/$/);
    await q.getByTestId('feed-tab-following').click();
    await q.getByTestId('following-going').filter({ hasText: 'Ava Archer' }).waitFor();
    await expectAccessiblePage(q);
    await screenshot(q, 'phone-74-following-feed-zh');
    // … and on A's profile, among the activities A is going to.
    await q.goto(`/u/${aName}`);
    await expectPath(q, new RegExp(`^/u/${aName}$`));
    await q.getByTestId('member-activities').getByText('Sunrise bouldering').waitFor();
    await p.goto('/me');
    await p.getByTestId('privacy-showActivities').selectOption('me');
    await p.getByText('Privacy settings saved').waitFor();
    await q.goto(`/activities/${activityId}`);
    await q.getByTestId('activity-hero').waitFor();
    assert.equal(await q.getByTestId('friends-going').count(), 0);

    // A joins B's group, where a third member is: Discover suggests them, and A follows from there.
    const { id: groupId } = (await created.json()) as { id: number };
    const c = await openSession(env.browser, env.server.baseURL, phone);
    const cName = uniqueUsername('cleo');
    await signUpViaApi(c.context, cName, 'Cleo Climber');
    const join = async (session: typeof a) =>
      session.context.request.post(`/api/v1/groups/${groupId}/join`, {
        headers: { 'X-CSRF-Token': ((await (await session.context.request.get('/api/v1/session')).json()) as { csrfToken: string }).csrfToken },
      });
    for (const session of [a, c]) assert.equal((await join(session)).status(), 200);
    await c.context.close();
    await p.goto('/discover');
    await expectPath(p, /^\/discover$/);
    const suggestion = p.getByTestId('suggestion').filter({ hasText: 'Cleo Climber' });
    await suggestion.getByText('In a group with you').waitFor();
    await suggestion.scrollIntoViewIfNeeded();
    await screenshot(p, 'phone-75-people-you-may-know');
    await suggestion.getByTestId('suggestion-follow').click();
    await suggestion.getByTestId('suggestion-follow').filter({ hasText: 'Following' }).waitFor();

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
