import { notificationKinds, type Notification } from '@kindred/contract';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  realErrors,
  apiAs,
  expectAccessiblePage,
  expectNoSidewaysScroll,
  expectPath,
  openSession,
  phone,
  screenshot,
  signUpViaApi,
  uniqueUsername,
  useServerAndBrowser,
} from './_harness.js';

const env = useServerAndBrowser();

/** The bell's count as its accessible name says it (0 when it names no count). */
async function bellCount(page: Page): Promise<number> {
  const label = (await page.getByTestId('notification-bell').getAttribute('aria-label')) ?? '';
  const m = /(\d+) unread/.exec(label);
  return m ? Number(m[1]) : 0;
}

async function waitForBell(page: Page, count: number) {
  await page.waitForFunction(
    (n) => {
      const label = document.querySelector('[data-testid="notification-bell"]')?.getAttribute('aria-label') ?? '';
      const m = /(\d+) unread/.exec(label);
      return (m ? Number(m[1]) : 0) === n;
    },
    count,
    { timeout: 15_000 },
  );
}

interface ListedNotification {
  id: number;
  kind: string;
  actors: { username: string }[];
  actorCount: number;
  read: boolean;
}

test('a member on a phone is told live about a like and a comment, opens the comment from the notification, mutes likes, and reads it in Chinese', async () => {
  const a = await openSession(env.browser, env.server.baseURL, phone);
  const b = await env.browser.newContext({ baseURL: env.server.baseURL });
  const c = await env.browser.newContext({ baseURL: env.server.baseURL });
  try {
    const aName = uniqueUsername('amy');
    const bName = uniqueUsername('ben');
    const cName = uniqueUsername('cat');
    await signUpViaApi(a.context, aName, 'Amy Author');
    await signUpViaApi(b, bName, 'Ben Brook');
    await signUpViaApi(c, cName, 'Cat Critic');

    // A's group and a post whose title is long enough to wrap on a phone.
    const group = await apiAs(a.context, 'POST', '/groups', {
      name: `Amy's Trail Runners ${Date.now().toString(36)}`,
      description: 'Early runs and coffee after',
      tags: ['running'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(group.status, 201);
    const groupId = (group.body as { id: number }).id;
    const title = 'A very long guide to the Fragrant Hills loop: water, shade, the steep bit after the temple, and noodles after';
    const created = await apiAs(a.context, 'POST', `/groups/${groupId}/posts`, { kind: 'guide', title, body: 'Start early. Bring two litres.' });
    assert.equal(created.status, 201);
    const postId = (created.body as { id: number }).id;
    for (const member of [b, c]) assert.equal((await apiAs(member, 'POST', `/groups/${groupId}/join`)).status, 200);
    // A opens the discussion under the post.
    const own = await apiAs(a.context, 'POST', `/posts/${postId}/comments`, { body: 'Questions welcome here.' });
    assert.equal(own.status, 201);
    const ownId = (own.body as { id: number }).id;

    // A is in the app, on the home page.
    const p = a.page;
    await p.goto('/');
    await expectPath(p, /^\/$/);
    const before = await bellCount(p);
    // The socket is up before anything happens (the chat list loads first, then it connects).
    await p.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/api/v1/conversations')), undefined, { timeout: 15_000 });
    await p.waitForTimeout(500);

    // B likes the post: the bell goes up, without a reload.
    assert.equal((await apiAs(b, 'PUT', `/posts/${postId}/like`)).status, 200);
    await waitForBell(p, before + 1);
    assert.equal(await p.getByTestId('notification-count').textContent(), String(before + 1));
    // … comments on it, and replies to A's comment.
    const comment = await apiAs(b, 'POST', `/posts/${postId}/comments`, { body: 'Did the loop on Sunday — the noodle place is shut on Mondays!' });
    assert.equal(comment.status, 201);
    const commentId = (comment.body as { id: number }).id;
    const reply = await apiAs(b, 'POST', `/posts/${postId}/comments`, { body: 'Is the steep bit OK in trail shoes?', parentId: ownId });
    assert.equal(reply.status, 201);
    const replyId = (reply.body as { id: number }).id;
    await waitForBell(p, before + 3);
    await screenshot(p, 'phone-80-bell-live');

    // The notifications page: one like line naming B, one comment line with its excerpt, one reply line.
    await p.getByTestId('notification-bell').click();
    await expectPath(p, /^\/notifications$/);
    const likes = p.locator('[data-testid="notification"][data-kind="post.liked"]');
    const comments = p.locator('[data-testid="notification"][data-kind="post.commented"]');
    const replies = p.locator('[data-testid="notification"][data-kind="comment.replied"]');
    await likes.first().waitFor();
    assert.equal(await likes.count(), 1);
    assert.equal(await comments.count(), 1);
    assert.equal(await replies.count(), 1);
    assert.equal((await likes.getByTestId('notification-sentence').textContent())?.trim(), `Ben Brook liked your post “${title}”.`);
    assert.equal((await comments.getByTestId('notification-sentence').textContent())?.trim(), `Ben Brook commented on your post “${title}”.`);
    assert.equal((await replies.getByTestId('notification-sentence').textContent())?.trim(), `Ben Brook replied to your comment on “${title}”.`);
    await comments.getByText('the noodle place is shut on Mondays').waitFor();
    assert.equal(await likes.getAttribute('data-unread'), 'true');
    // Nothing scrolls sideways at 390 px, long title or not.
    await expectNoSidewaysScroll(p);
    await screenshot(p, 'phone-81-notifications');

    const inView = (id: string) =>
      p.waitForFunction(
        (elementId) => {
          const box = document.getElementById(elementId)?.getBoundingClientRect();
          return !!box && box.top >= 0 && box.bottom <= window.innerHeight;
        },
        id,
        { timeout: 10_000 },
      );

    // The reply line leads to the reply, scrolled to and highlighted; it is read now.
    await replies.getByRole('link').click();
    await p.waitForURL((url) => url.pathname === `/posts/${postId}` && url.hash === `#comment-${replyId}`);
    await p.locator(`#comment-${replyId}.comment--target`).waitFor();
    await inView(`comment-${replyId}`);
    await waitForBell(p, before + 2);
    await expectAccessiblePage(p);
    await screenshot(p, 'phone-82-comment-highlighted');

    // The comment line leads to the post's comments, B's comment in view.
    await p.goBack();
    await expectPath(p, /^\/notifications$/);
    assert.equal(await replies.getAttribute('data-unread'), 'false');
    await comments.getByRole('link').click();
    await p.waitForURL((url) => url.pathname === `/posts/${postId}` && url.hash !== '');
    await inView(`comment-${commentId}`);
    await waitForBell(p, before + 1);

    // Back on the list the comment line is read too; "Mark all as read" reads the rest.
    await p.goBack();
    await expectPath(p, /^\/notifications$/);
    assert.equal(await comments.getAttribute('data-unread'), 'false');
    await p.getByTestId('mark-all-read').click();
    await waitForBell(p, 0);
    assert.equal(await likes.getAttribute('data-unread'), 'false');
    assert.equal(await p.getByTestId('notification-count').count(), 0);

    // A mutes likes in the settings; what A registered or paid for can't be muted.
    await p.goto('/me');
    await expectPath(p, /^\/me$/);
    const settings = p.getByTestId('notification-settings');
    await settings.scrollIntoViewIfNeeded();
    const activities = settings.getByTestId('notification-setting-activities');
    assert.equal(await activities.isChecked(), true);
    assert.equal(await activities.isDisabled(), true);
    await settings.getByText('Always on: about what you registered or paid for.').waitFor();
    const likesSwitch = settings.getByTestId('notification-setting-likes');
    assert.equal(await likesSwitch.isChecked(), true);
    await settings.getByText('Likes on your posts and comments').click();
    await p.getByText('Notification settings saved').waitFor();
    assert.equal(await likesSwitch.isChecked(), false);
    await screenshot(p, 'phone-83-notification-settings');

    // C likes the post: nothing. B comments again (not muted): that arrives — so C's like was handled before it.
    assert.equal((await apiAs(c, 'PUT', `/posts/${postId}/like`)).status, 200);
    assert.equal((await apiAs(b, 'POST', `/posts/${postId}/comments`, { body: 'Also: bring a headtorch.' })).status, 201);
    await waitForBell(p, 1);
    // While likes are muted they are not listed; turned back on, the like line still names B alone.
    await p.goto('/notifications');
    await expectPath(p, /^\/notifications$/);
    await comments.first().waitFor();
    assert.equal(await likes.count(), 0);
    await p.goto('/me');
    await expectPath(p, /^\/me$/);
    await settings.getByText('Likes on your posts and comments').click();
    await p.getByText('Notification settings saved').first().waitFor();
    assert.equal(await likesSwitch.isChecked(), true);
    await p.goto('/notifications');
    await expectPath(p, /^\/notifications$/);
    assert.equal((await likes.getByTestId('notification-sentence').textContent())?.trim(), `Ben Brook liked your post “${title}”.`);
    const listed = await apiAs(a.context, 'GET', '/me/notifications');
    const items = (listed.body as { items: ListedNotification[] }).items;
    const liked = items.filter((n) => n.kind === 'post.liked');
    assert.equal(liked.length, 1);
    assert.equal(liked[0]!.actorCount, 1);
    assert.deepEqual(
      liked[0]!.actors.map((u) => u.username),
      [bName],
    );
    assert.equal(items.some((n) => n.actors.some((u) => u.username === cName)), false);

    // A mutes the group from its page, sees it among the muted groups, and unmutes it there.
    await p.goto(`/groups/${groupId}`);
    await expectPath(p, /^\/groups\/\d+$/);
    await p.getByTestId('mute-group').click();
    await p.getByTestId('mute-group').filter({ hasText: 'Unmute notifications' }).waitFor();
    await p.goto('/me');
    await expectPath(p, /^\/me$/);
    const muted = p.getByTestId('muted-group');
    await muted.filter({ hasText: "Amy's Trail Runners" }).waitFor();
    await muted.getByRole('button', { name: /^Unmute Amy's Trail Runners/ }).click();
    await settings.getByText('No muted groups. Mute a group from its page.').waitFor();

    // In Chinese: the same lines, as sentences of their own.
    await p.goto('/notifications');
    await expectPath(p, /^\/notifications$/);
    await p.getByTestId('language-select').first().selectOption('zh-CN');
    await p.getByRole('heading', { name: '通知' }).waitFor();
    assert.equal((await likes.getByTestId('notification-sentence').textContent())?.trim(), `Ben Brook 赞了你的帖子《${title}》。`);
    await comments.first().getByText(`Ben Brook 评论了你的帖子《${title}》。`).waitFor();
    await expectNoSidewaysScroll(p);
    await screenshot(p, 'phone-84-notifications-zh');
    await p.getByTestId('language-select').first().selectOption('en');

    assert.deepEqual(realErrors(a.errors), []);
  } catch (error) {
    await screenshot(a.page, 'notifications-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await a.context.close();
    await b.close();
    await c.close();
  }
});

test('an admin is told about a request to join and lands on the requests; a group member is told about a new follower', async () => {
  const admin = await openSession(env.browser, env.server.baseURL, phone);
  const asker = await env.browser.newContext({ baseURL: env.server.baseURL });
  try {
    const adminName = uniqueUsername('ada');
    const askerName = uniqueUsername('ari');
    await signUpViaApi(admin.context, adminName, 'Ada Admin');
    await signUpViaApi(asker, askerName, 'Ari Asker');
    const group = await apiAs(admin.context, 'POST', '/groups', {
      name: `Ada's Chess Club ${Date.now().toString(36)}`,
      description: 'Blitz on Thursdays',
      tags: ['chess'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'approval',
    });
    assert.equal(group.status, 201);
    const groupId = (group.body as { id: number }).id;

    const p = admin.page;
    await p.goto('/');
    await expectPath(p, /^\/$/);
    await p.waitForTimeout(1000);
    const asked = await apiAs(asker, 'POST', `/groups/${groupId}/join`, { message: 'I play most Thursdays' });
    assert.ok(asked.status < 300, `join request: ${asked.status}`);
    assert.equal((await apiAs(asker, 'PUT', `/users/${adminName}/follow`)).status < 300, true);
    await waitForBell(p, 2);

    await p.getByTestId('notification-bell').click();
    await expectPath(p, /^\/notifications$/);
    const request = p.locator('[data-testid="notification"][data-kind="group.join_request"]');
    await request.getByText(`Ari Asker asked to join “Ada's Chess Club`).waitFor();
    await p.locator('[data-testid="notification"][data-kind="follow.new"]').getByText('Ari Asker started following you.').waitFor();
    await request.getByRole('link').click();
    await p.waitForURL((url) => url.pathname === `/groups/${groupId}` && url.hash === '#join-requests');
    // The requests are on the Members tab: it is the one open, and the card is in view.
    await p.getByTestId('group-tab-members').and(p.locator('[aria-selected="true"]')).waitFor();
    await p.getByTestId('join-requests').getByText('Ari Asker').waitFor();
    await p.waitForFunction(() => {
      const box = document.getElementById('join-requests')?.getBoundingClientRect();
      return !!box && box.top < window.innerHeight && box.bottom > 0;
    });
    await expectAccessiblePage(p);
    await screenshot(p, 'phone-85-join-requests-from-notification');
    assert.deepEqual(realErrors(admin.errors), []);
  } catch (error) {
    await screenshot(admin.page, 'notifications-admin-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await admin.context.close();
    await asker.close();
  }
});

/** One of every kind the contract names (and one it doesn't), as the server would send them. */
function everyKind(): Notification[] {
  const actor = (id: number, name: string) => ({ id, username: `member${id}`, displayName: name, avatarUrl: null });
  const long = 'Sunrise ridge walk along the Great Wall from Jiankou to Mutianyu with a picnic at the watchtower, slow pace';
  const at = new Date(Date.now() - 5 * 60_000).toISOString();
  const details: Record<string, Partial<Notification>> = {
    'follow.new': { data: { mutual: true } },
    'post.liked': { actors: [actor(2, 'Lin'), actor(3, 'Bo'), actor(4, 'Chen')], actorCount: 13 },
    'post.commented': { actorCount: 2, actors: [actor(2, 'Lin'), actor(3, 'Bo')], data: { count: 4, excerpt: 'See you at the gate at six — bring a headtorch and a spare battery for the dark stretch' } },
    'comment.replied': { data: { excerpt: 'Agreed!' } },
    'registration.promoted': { actors: [], data: { status: 'awaiting_payment', paymentDeadline: new Date(Date.now() + 86_400_000).toISOString(), timeZone: 'Asia/Shanghai' } },
    'payment.refunded': { actors: [], data: { amount: 8800, currency: 'CNY' } },
    'activity.changed': {
      actors: [],
      data: {
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
        changes: [
          { field: 'time', before: '2030-05-04T00:00:00.000Z', after: '2030-05-04T01:30:00.000Z' },
          { field: 'place', before: 'North gate of the very long named scenic area parking lot number three', after: 'South gate' },
          { field: 'fee', before: 0, after: 5000 },
        ],
      },
    },
    'activity.reminder': { actors: [], data: { hours: 24, startsAt: new Date(Date.now() + 86_400_000).toISOString() } },
    'message.unread': { data: { count: 3 } },
  };
  const kinds = [...Object.values(notificationKinds).flat(), 'something.new'];
  return kinds.map((kind, i) => ({
    id: 1000 + i,
    kind,
    category: (Object.entries(notificationKinds).find(([, ks]) => (ks as readonly string[]).includes(kind))?.[0] ?? 'groups') as Notification['category'],
    actors: [actor(2, 'Lin')],
    actorCount: 1,
    subject: { kind: kind.startsWith('comment') ? 'comment' : 'post', id: 7, title: long },
    data: {},
    link: '/notifications',
    read: i % 3 === 0,
    createdAt: at,
    updatedAt: at,
    readAt: null,
    ...details[kind],
  }));
}

test('every kind of notification reads as a sentence, in English and Chinese, without sideways scrolling on a phone', async () => {
  const s = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(s.context, uniqueUsername('kim'), 'Kim Kinds');
    const items = everyKind();
    // The list is the server's shape with every kind in it (the server makes them one at a time in the other tests).
    await s.page.route(/\/api\/v1\/me\/notifications(\?.*)?$/, (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items, nextCursor: null, unread: items.filter((n) => !n.read).length }) }),
    );
    const p = s.page;
    await p.goto('/notifications');
    await expectPath(p, /^\/notifications$/);
    const rows = p.getByTestId('notification');
    await rows.first().waitFor();
    assert.equal(await rows.count(), items.length);

    const check = async (language: 'en' | 'zh-CN') => {
      const sentences = await p.getByTestId('notification-sentence').allTextContents();
      assert.equal(sentences.length, items.length);
      for (const [i, sentence] of sentences.entries()) {
        assert.ok(sentence.trim().length > 5, `${items[i]!.kind}: "${sentence}"`);
        assert.doesNotMatch(sentence, /\{\{|notifications\.|undefined|NaN/, `${items[i]!.kind}: "${sentence}"`);
        // Only a kind this client does not know reads as the generic line.
        if (items[i]!.kind !== 'something.new') assert.doesNotMatch(sentence, /^There is an update|有新动态。$/, `${items[i]!.kind}: "${sentence}"`);
      }
      await expectNoSidewaysScroll(p);
      return sentences;
    };
    const en = await check('en');
    const at = (kind: string) => en[items.findIndex((n) => n.kind === kind)];
    assert.match(at('post.liked')!, /^Lin and 12 others liked your post “Sunrise ridge/);
    assert.match(at('follow.new')!, /^Lin followed you back — you are friends now\.$/);
    assert.match(at('message.unread')!, /^Lin sent you 3 messages\.$/);
    assert.match(at('payment.refunded')!, /^¥88\.00 was refunded for/);
    assert.match(at('something.new')!, /^There is an update about “Sunrise ridge/);
    const changes = p.locator('[data-kind="activity.changed"]').getByTestId('notification-change');
    assert.deepEqual(await changes.allTextContents(), ['Time: Sat, May 4, 08:00 → Sat, May 4, 09:30', 'Place: North gate of the very long named scenic area parking lot number three → South gate', 'Fee: Free → ¥50.00']);
    await screenshot(p, 'phone-86-every-kind');
    await p.locator('[data-kind="activity.changed"]').scrollIntoViewIfNeeded();
    await screenshot(p, 'phone-87-activity-changed');

    await p.getByTestId('language-select').first().selectOption('zh-CN');
    await p.getByRole('heading', { name: '通知' }).waitFor();
    const zh = await check('zh-CN');
    assert.match(zh[items.findIndex((n) => n.kind === 'post.liked')]!, /^Lin 等 13 人赞了你的帖子《Sunrise ridge/);
    await p.evaluate(() => window.scrollTo(0, 0));
    await screenshot(p, 'phone-88-every-kind-zh');
    await p.getByTestId('language-select').first().selectOption('en');
    assert.deepEqual(realErrors(s.errors), []);
  } finally {
    await s.context.close();
  }
});
