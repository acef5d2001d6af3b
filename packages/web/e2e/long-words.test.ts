import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import {
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

const env = useServerAndBrowser();

/** One unbroken Latin word of `length` letters, unlike any real word (so search and layout can't split it). */
function word(length: number, seed = 'Kindredlongword') {
  return seed.repeat(Math.ceil(length / seed.length)).slice(0, length);
}
/** Chinese with no spaces or punctuation, which may break between any two characters. */
const CHINESE = '周末一起去香山徒步看日出然后在山脚下的茶馆喝茶聊天'.repeat(6);
const LONG = word(300);

/** Asserts an API call succeeded, showing its answer if not. */
function ok<T>(reply: { status: number; body: T }, what: string): T {
  assert.ok(reply.status >= 200 && reply.status < 300, `${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** The header's logo text sits on one line and is drawn whole, clear of the buttons beside it. */
async function expectLogoOnOneLine(page: Page, where: string) {
  const logo = await page.evaluate(() => {
    const brand = document.querySelector('.topbar .brand');
    const name = brand?.querySelector('.brand__name');
    const actions = document.querySelector('.topbar__actions');
    if (!brand || !name || !actions) return null;
    const range = document.createRange();
    range.selectNodeContents(name);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    const box = brand.getBoundingClientRect();
    const text = range.getBoundingClientRect();
    return {
      lines: lines.size,
      clipped: name.scrollWidth > name.clientWidth + 1 || text.right > box.right + 1 || text.bottom > box.bottom + 1,
      overlaps: box.right > actions.getBoundingClientRect().left,
      text: name.textContent,
    };
  });
  // A page drawn without the app's header (a full-screen chat) has no logo to check.
  if (!logo) return;
  assert.equal(logo.lines, 1, `${where}: the logo "${logo.text}" wraps onto ${logo.lines} lines`);
  assert.equal(logo.clipped, false, `${where}: the logo "${logo.text}" is clipped`);
  assert.equal(logo.overlaps, false, `${where}: the logo runs into the header's buttons`);
}

/** The phone's tab bar hides what scrolls under it, and its labels are whole and apart. */
async function expectSolidTabBar(page: Page, where: string) {
  const bar = await page.evaluate(() => {
    const tabbar = document.querySelector('.tabbar');
    if (!tabbar || tabbar.getBoundingClientRect().height === 0) return null;
    const style = getComputedStyle(tabbar);
    const labels = [...tabbar.querySelectorAll('.tabbar__link > span:not(.nav-badge):not(.visually-hidden)')].map((label) => {
      const range = document.createRange();
      range.selectNodeContents(label);
      const text = range.getBoundingClientRect();
      return { text: label.textContent ?? '', left: text.left, right: text.right, cut: label.scrollWidth > label.clientWidth };
    });
    return { background: style.backgroundColor, image: style.backgroundImage, labels };
  });
  if (!bar) return;
  const alpha = /rgba?\(([^)]+)\)/.exec(bar.background)?.[1]?.split(/[\s,/]+/).filter(Boolean)[3];
  assert.ok(alpha === undefined || Number(alpha) === 1, `${where}: the tab bar is see-through (${bar.background})`);
  assert.deepEqual(bar.labels.filter((l) => l.cut).map((l) => l.text), [], `${where}: tab labels cut short`);
  for (const [i, label] of bar.labels.entries()) {
    const before = bar.labels[i - 1];
    if (before) assert.ok(label.left - before.right >= 6, `${where}: tab labels "${before.text}" and "${label.text}" are ${(label.left - before.right).toFixed(1)} px apart`);
  }
}

/** At the end of a page with a floating create button, no text or control lies under the button. */
async function expectFabCoversNothing(page: Page, where: string) {
  const fab = page.locator('.fab');
  if (!(await fab.isVisible())) return;
  // To the very end, again if reaching it loaded more (an endless list says it has shown everything).
  for (let tries = 0; tries < 10; tries++) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(300);
    if (await page.evaluate(() => Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight)) break;
  }
  const seen = await page.evaluate(() => {
    const boxes: { what: string; rects: { left: number; right: number; top: number; bottom: number }[] }[] = [];
    for (const root of document.querySelectorAll('main, .site-footer')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.fab, .visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        boxes.push({ what: node.textContent.trim().slice(0, 40), rects: [...range.getClientRects()].map((r) => r.toJSON()) });
      }
      for (const control of root.querySelectorAll('a, button, input, select, textarea')) {
        if (!control.closest('.fab')) boxes.push({ what: `<${control.tagName.toLowerCase()}>`, rects: [control.getBoundingClientRect().toJSON()] });
      }
    }
    return { button: document.querySelector('.fab')!.getBoundingClientRect().toJSON() as DOMRect, boxes };
  });
  const b = seen.button;
  const covered = seen.boxes
    .filter(({ rects }) => rects.some((r) => r.right - r.left > 2 && r.bottom - r.top > 2 && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top))
    .map(({ what }) => what);
  assert.deepEqual(covered, [], `${where}: the floating button covers content at the end of the page`);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/**
 * Every check a page with long words must pass, then a screenshot. A failure is noted and the visit goes
 * on, so one run names every page that breaks.
 */
async function expectFits(page: Page, name: string, problems: string[]) {
  const where = `${name} (${await page.evaluate(() => document.documentElement.lang)})`;
  for (const check of [expectNoSidewaysScroll, expectLogoOnOneLine, expectSolidTabBar, expectFabCoversNothing]) {
    await check(page, where).catch((error: Error) => problems.push(error.message));
  }
  await screenshot(page, name).catch((error: Error) => problems.push(error.message));
}

interface World {
  author: string;
  reader: string;
  marker: string;
  groupId: number;
  postId: number;
  activityId: number;
  requestId: number;
  conversationId: number;
  roomId: number;
}

/**
 * Ada writes everything with long unbroken words (her name, bio and interest too) in a group Ben joins:
 * a post he comments on, an activity he registers for, a companion request he applies to and she accepts,
 * then a chat and an activity chat message.
 */
async function writeLongWords(ada: BrowserContext, ben: BrowserContext, names: { author: string; reader: string }): Promise<World> {
  const marker = `zephyrtrail${Date.now().toString(36)}`;
  const longTag = word(32, 'Mountaineering');
  ok(await apiAs(ada, 'PATCH', '/me', { displayName: word(50, 'Adalovelace'), bio: `${LONG} ${CHINESE}`.slice(0, 500), interests: [{ tag: longTag, skill: 'beginner' }, { tag: 'hiking', skill: 'beginner' }] }), 'Ada’s profile');
  ok(await apiAs(ben, 'PATCH', '/me', { displayName: word(50, 'Benjaminbrook'), bio: `${CHINESE} ${LONG}`.slice(0, 500) }), 'Ben’s profile');

  const group = ok(
    await apiAs<{ id: number }>(ada, 'POST', '/groups', {
      name: word(60, 'Ridgewalkers'),
      description: `${marker} ${LONG}\n\n${CHINESE}`,
      tags: [longTag, 'hiking'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    }),
    'group',
  );
  ok(await apiAs(ben, 'POST', `/groups/${group.id}/join`, {}), 'join');
  const post = ok(
    await apiAs<{ id: number }>(ada, 'POST', `/groups/${group.id}/posts`, {
      kind: 'discussion',
      title: word(120, 'Trailreport'),
      body: `${marker} ${LONG}\n\n${CHINESE}\n\nhttps://example.com/${word(200, 'path')}\n\n\`${word(120, 'inlinecode')}\`\n\n\`\`\`\n${word(200, 'codeblock')}\n\`\`\``,
    }),
    'post',
  );
  ok(await apiAs(ben, 'POST', `/posts/${post.id}/comments`, { body: `${LONG} ${CHINESE}` }), 'comment');

  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  const activity = ok(
    await apiAs<{ id: number }>(ada, 'POST', '/activities', {
      groupId: group.id,
      title: word(120, 'Sunriseridge'),
      description: `${LONG}\n\n${CHINESE}`,
      tags: [longTag, 'hiking'],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      timeZone: 'Asia/Shanghai',
      place: { name: word(120, 'Fragranthills'), address: word(300, 'Haidiandistrict'), lat: 39.99, lng: 116.19, meetingPoint: CHINESE.slice(0, 300) },
      fee: { amount: 0, currency: 'CNY' },
      capacity: 10,
    }),
    'activity',
  );
  ok(await apiAs(ben, 'POST', `/activities/${activity.id}/registrations`, {}), 'registration');
  const room = ok(await apiAs<{ id: number }>(ada, 'GET', `/activities/${activity.id}/room`), 'room');
  ok(await apiAs(ada, 'POST', `/rooms/${room.id}/messages`, { body: `${LONG} ${CHINESE}`, clientId: `ada-room-${Date.now()}` }), 'room message');

  const saturday = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);
  const request = ok(
    await apiAs<{ id: number }>(ada, 'POST', '/companion-requests', {
      tag: 'hiking',
      when: { type: 'once', date: saturday, from: '09:00', to: '13:00' },
      timeZone: 'Asia/Shanghai',
      area: { name: word(80, 'Xiangshanpark'), lat: 39.9042, lng: 116.4074 },
      radiusKm: 20,
      spots: 2,
      preferences: { ageMin: null, ageMax: null, genders: [], skills: [] },
      budget: 'free',
      costSharing: 'either',
      description: `${LONG} ${CHINESE}`,
    }),
    'companion request',
  );
  const application = ok(await apiAs<{ id: number }>(ben, 'POST', `/companion-requests/${request.id}/applications`, { message: LONG }), 'application');
  const accepted = ok(await apiAs<{ conversationId: number }>(ada, 'POST', `/companion-invites/${application.id}/accept`), 'accept');
  ok(await apiAs(ada, 'POST', `/conversations/${accepted.conversationId}/messages`, { body: `${LONG} ${CHINESE}`, clientId: `ada-chat-${Date.now()}` }), 'chat message');

  return { ...names, marker, groupId: group.id, postId: post.id, activityId: activity.id, requestId: request.id, conversationId: accepted.conversationId, roomId: room.id };
}

/** The pages Ben visits, each with what shows it has drawn its content. */
function pages(w: World): { name: string; path: string; pattern: RegExp; ready?: (page: Page) => Promise<unknown> }[] {
  const shows = (text: string) => (page: Page) => page.getByText(text).first().waitFor();
  const id = (testId: string) => (page: Page) => page.getByTestId(testId).first().waitFor();
  return [
    { name: 'home', path: '/', pattern: /^\/$/, ready: id('home-feed') },
    { name: 'discover', path: '/discover', pattern: /^\/discover$/ },
    { name: 'group', path: `/groups/${w.groupId}`, pattern: /^\/groups\/\d+$/, ready: shows(word(30, 'Trailreport')) },
    { name: 'post', path: `/posts/${w.postId}`, pattern: /^\/posts\/\d+$/, ready: shows(word(30, 'Trailreport')) },
    { name: 'activity', path: `/activities/${w.activityId}`, pattern: /^\/activities\/\d+$/, ready: shows(word(30, 'Sunriseridge')) },
    { name: 'activities', path: '/activities', pattern: /^\/activities$/ },
    { name: 'my-activities', path: '/me/activities', pattern: /^\/me\/activities$/ },
    { name: 'companions', path: '/companions', pattern: /^\/companions$/ },
    { name: 'companion-request', path: `/companions/requests/${w.requestId}`, pattern: /^\/companions\/requests\/\d+$/, ready: shows(word(30)) },
    { name: 'chats', path: '/companions/chats', pattern: /^\/companions\/chats$/, ready: id('conversation-list') },
    { name: 'chat', path: `/companions/chats/${w.conversationId}`, pattern: /^\/companions\/chats\/\d+$/, ready: shows(word(30)) },
    { name: 'activity-chat', path: `/rooms/${w.roomId}`, pattern: /^\/rooms\/\d+$/, ready: shows(word(30)) },
    { name: 'author-profile', path: `/u/${w.author}`, pattern: /^\/u\/\w+$/, ready: shows(word(30)) },
    { name: 'notifications', path: '/notifications', pattern: /^\/notifications$/, ready: id('notifications') },
    { name: 'search', path: `/search?q=${w.marker}`, pattern: /^\/search$/, ready: shows(word(30, 'Ridgewalkers')) },
    { name: 'search-long-query', path: `/search?q=${word(100, 'Nothingmatches')}`, pattern: /^\/search$/ },
    { name: 'my-profile', path: '/me', pattern: /^\/me$/, ready: shows(word(30)) },
    { name: 'new-group', path: '/groups/new', pattern: /^\/groups\/new$/ },
    { name: 'new-post', path: `/groups/${w.groupId}/posts/new`, pattern: /^\/groups\/\d+\/posts\/new$/ },
    { name: 'new-activity', path: '/activities/new', pattern: /^\/activities\/new$/ },
    { name: 'new-companion-request', path: '/companions/requests/new', pattern: /^\/companions\/requests\/new$/ },
  ];
}

test('long unbroken words in every kind of text never make a page scroll sideways on a phone, in English and Chinese; the logo, the tab bar, dialogs and the floating button stay whole', async () => {
  const names = { author: uniqueUsername('longada'), reader: uniqueUsername('longben') };
  const sessions: Session[] = [];
  const problems: string[] = [];
  try {
    const ada = await openSession(env.browser, env.server.baseURL, phone);
    const ben = await openSession(env.browser, env.server.baseURL, phone);
    sessions.push(ada, ben);
    await signUpViaApi(ada.context, names.author, 'Ada');
    await signUpViaApi(ben.context, names.reader, 'Ben');
    const world = await writeLongWords(ada.context, ben.context, names);

    for (const [lang, locale] of [['en', 'en-US'], ['zh', 'zh-CN']] as const) {
      const reader = lang === 'en' ? ben : await openSession(env.browser, env.server.baseURL, phone, locale);
      if (reader !== ben) {
        sessions.push(reader);
        await signInViaApi(reader.context, names.reader);
      }
      const p = reader.page;
      for (const [i, visit] of pages(world).entries()) {
        await p.goto(visit.path);
        await expectPath(p, visit.pattern);
        await visit.ready?.(p);
        await expectFits(p, `phone-long-words-${String(i + 1).padStart(2, '0')}-${visit.name}-${lang}`, problems);
      }

      // Cancelling the registration asks first; both answers are whole at 390 px.
      await p.goto(`/activities/${world.activityId}`);
      await expectPath(p, /^\/activities\/\d+$/);
      await p.getByTestId('cancel-registration').click();
      const dialog = p.getByRole('dialog');
      await dialog.waitFor();
      const buttons = await dialog.locator('.dialog__footer button').evaluateAll((els) => {
        const panel = els[0]!.closest('.dialog__panel')!.getBoundingClientRect();
        return els.map((el) => {
          const r = el.getBoundingClientRect();
          return { text: el.textContent, cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1, outside: r.left < panel.left - 1 || r.right > panel.right + 1 };
        });
      });
      assert.equal(buttons.length, 2);
      for (const b of buttons) if (b.cut || b.outside) problems.push(`the cancel dialog's "${b.text}" button is clipped (${lang})`);
      await expectFits(p, `phone-long-words-${String(pages(world).length + 1).padStart(2, '0')}-cancel-dialog-${lang}`, problems);
      await dialog.getByRole('button', { name: lang === 'en' ? 'Keep my place' : '保留报名' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }

    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
    for (const s of sessions) assert.deepEqual(s.errors.filter((e) => !e.includes('Failed to load resource')), []);
  } catch (error) {
    for (const [i, s] of sessions.entries()) await screenshot(s.page, `phone-long-words-${i}-failure`).catch(() => undefined);
    if (problems.length > 0 && error instanceof Error && !error.message.includes(problems[0]!)) error.message += `\nAlso, before it:\n${problems.join('\n')}`;
    throw error;
  }
});
