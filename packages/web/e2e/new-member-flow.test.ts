import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page, Response } from 'playwright-core';
import { apiAs, expectPath, openSession, phone, realErrors, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser, type Session } from './_harness.js';

/**
 * What a new member trips over on a phone, walked in both languages: an
 * invite's words carry into the chat it opens, every time reads on the 24-hour
 * clock, previews show words rather than Markdown, and not having a companion
 * card is no error.
 */
const env = useServerAndBrowser();

const card = {
  discoverable: true,
  interests: [{ tag: 'hiking', skill: 'intermediate' }],
  availability: { slots: ['sat-morning'], dates: [] },
  area: { name: 'Chaoyang', lat: 39.9042, lng: 116.4074 },
  travelKm: 10,
  preferences: { ageMin: null, ageMax: null, genders: [], skills: [] },
  groupSizeMax: 4,
  budget: 'any',
  costSharing: 'either',
  intro: 'Happy to walk and talk.',
};

const languages = [
  { code: 'en', chats: 'Chats' },
  { code: 'zh-CN', chats: '聊天' },
] as const;

async function inLanguage(p: Page, code: string) {
  await p.getByTestId('language-select').first().selectOption(code);
  await p.waitForFunction((lang) => document.documentElement.lang.startsWith(lang.slice(0, 2)), code);
}

/** Every time of day on the page: 24-hour, "21:07", never "9:07 PM" or "下午9:07". */
async function expectTwentyFourHour(p: Page, where: string) {
  const times = await p.locator('time').evaluateAll((els) => els.map((el) => el.textContent ?? ''));
  const clock = times.filter((t) => /\d:\d{2}/.test(t));
  assert.ok(clock.length > 0, `${where}: some time of day is shown`);
  for (const t of clock) {
    assert.doesNotMatch(t, /\b[AP]M\b|上午|下午|中午|晚上|凌晨/i, `${where}: "${t}" is on the 12-hour clock`);
    assert.match(t, /(^|\D)([01]\d|2[0-3]):[0-5]\d(\D|$)/, `${where}: "${t}" shows hours as two digits, 00–23`);
  }
}

test('an accepted invite opens the chat with its message, and the chat tells time on the 24-hour clock, in both languages', async () => {
  const ann = await openSession(env.browser, env.server.baseURL, phone);
  const bea = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const beaName = uniqueUsername('bea');
    await signUpViaApi(ann.context, uniqueUsername('ann'), 'Ann Avery');
    await signUpViaApi(bea.context, beaName, 'Bea Brook');
    for (const s of [ann, bea]) assert.equal((await apiAs(s.context, 'PUT', '/me/companion-card', card)).status, 200);
    const message = 'Fancy the Fragrant Hills loop on Saturday? I know a tea house at the top.';
    const invite = await apiAs<{ id: number }>(ann.context, 'POST', '/companion-invites', { username: beaName, message });
    assert.equal(invite.status, 201);

    // Bea says yes from her inbox and goes to the chat it opened.
    const bp = bea.page;
    await bp.goto('/companions/inbox');
    await expectPath(bp, /^\/companions\/inbox$/);
    const item = bp.locator(`#invite-${invite.body.id}`);
    await item.getByTestId('accept-invite').click();
    await item.getByTestId('open-chat').click();
    await expectPath(bp, /^\/companions\/chats\/\d+$/);
    const first = bp.getByTestId('chat-messages').getByTestId('message').first();
    await first.filter({ hasText: message }).waitFor();
    assert.equal(await first.getAttribute('class').then((c) => c?.includes('bubble--theirs')), true, 'it is from Ann');

    // Ann finds it at the top of her chat too, under her own name.
    const ap = ann.page;
    await ap.goto('/companions/chats');
    await ap.getByTestId('conversation').filter({ hasText: 'Bea Brook' }).filter({ hasText: message.slice(0, 20) }).waitFor();
    await ap.getByTestId('conversation').filter({ hasText: 'Bea Brook' }).click();
    await expectPath(ap, /^\/companions\/chats\/\d+$/);
    await ap.getByTestId('chat-messages').getByTestId('message').first().filter({ hasText: message }).waitFor();

    for (const { code } of languages) {
      await inLanguage(bp, code);
      await first.filter({ hasText: message }).waitFor();
      await expectTwentyFourHour(bp, `chat (${code})`);
      await screenshot(bp, `phone-flow-invite-opens-chat-${code}`);
    }
    assert.deepEqual(realErrors(ann.errors), []);
    assert.deepEqual(realErrors(bea.errors), []);
  } finally {
    await ann.context.close();
    await bea.context.close();
  }
});

test('previews show the words of a Markdown comment, not its asterisks, in both languages', async () => {
  const ivy = await openSession(env.browser, env.server.baseURL, phone);
  const jon = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(ivy.context, uniqueUsername('ivy'), 'Ivy Irving');
    await signUpViaApi(jon.context, uniqueUsername('jon'), 'Jon Jones');
    const group = await apiAs<{ id: number }>(ivy.context, 'POST', '/groups', { name: `Night walkers ${Date.now().toString(36)}`, description: 'Walks after dark.', tags: ['hiking'], city: 'Beijing', lat: 39.9, lng: 116.4, visibility: 'public', joinPolicy: 'open' });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    assert.equal((await apiAs(jon.context, 'POST', `/groups/${group.body.id}/join`)).status < 300, true);
    const post = await apiAs<{ id: number }>(ivy.context, 'POST', `/groups/${group.body.id}/posts`, { kind: 'discussion', title: 'Full moon walk', body: '**Bring a torch** and _warm_ socks.' });
    assert.equal(post.status, 201, JSON.stringify(post.body));
    const comment = await apiAs(jon.context, 'POST', `/posts/${post.body.id}/comments`, { body: '**Count me in**, I will bring `tea` — see [the route](https://example.com/route).' });
    assert.equal(comment.status, 201);

    const p = ivy.page;
    await p.goto('/notifications');
    await expectPath(p, /^\/notifications$/);
    const row = p.getByTestId('notification').filter({ hasText: 'Count me in' });
    await row.waitFor();
    for (const { code } of languages) {
      await inLanguage(p, code);
      await row.waitFor();
      const quoted = (await row.locator('.notification__excerpt').textContent()) ?? '';
      assert.match(quoted, /^Count me in, I will bring tea — see the route\.$/, `notification (${code}): "${quoted}"`);
      await screenshot(p, `phone-flow-plain-preview-notification-${code}`);
    }
    // The group's feed card shows the post's words the same way.
    await p.goto(`/groups/${group.body.id}`);
    const excerpt = p.locator('.post-card__excerpt').filter({ hasText: 'Bring a torch' });
    await excerpt.waitFor();
    assert.doesNotMatch((await excerpt.textContent()) ?? '', /[*_`]/);
    assert.deepEqual(realErrors(ivy.errors), []);
    assert.deepEqual(realErrors(jon.errors), []);
  } finally {
    await ivy.context.close();
    await jon.context.close();
  }
});

test('a new member without a companion card gets no error for it, on any visit, in both languages', async () => {
  const kim: Session = await openSession(env.browser, env.server.baseURL, phone);
  const failed: string[] = [];
  const onResponse = (r: Response) => {
    if (r.url().includes('/api/') && r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
  };
  kim.page.on('response', onResponse);
  try {
    await signUpViaApi(kim.context, uniqueUsername('kim'), 'Kim Kwan');
    const p = kim.page;
    for (const { code } of languages) {
      await p.goto('/');
      await inLanguage(p, code);
      await p.goto('/companions');
      await expectPath(p, /^\/companions$/);
      await p.getByTestId('companions-tab-card').click();
      await p.getByTestId('save-card').waitFor();
      await p.goto('/companions/requests/new');
      await p.getByTestId('request-form').waitFor();
      await screenshot(p, `phone-flow-no-card-${code}`);
    }
    assert.deepEqual(failed, [], 'no request failed');
    // Unfiltered: a failed request's "Failed to load resource" counts here.
    assert.deepEqual(kim.errors, [], 'the console is clean');
  } finally {
    await kim.context.close();
  }
});

test('activities at one place share one pin, and tapping it lists them all, in both languages', async () => {
  const org = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(org.context, uniqueUsername('org'), 'Olu Organizer');
    const tag = `lantern${Date.now().toString(36)}`;
    const start = Date.now() + 72 * 3_600_000;
    const place = { name: 'Ditan Park east gate', address: 'Dongcheng, Beijing', lat: 39.9526, lng: 116.4168 };
    const titles = ['Lantern making for beginners', 'Lantern walk at dusk'];
    const ids: number[] = [];
    for (const [i, title] of titles.entries()) {
      const created = await apiAs<{ id: number }>(org.context, 'POST', '/activities', {
        title,
        description: 'Paper, glue and good company.',
        tags: [tag],
        startsAt: new Date(start + i * 3_600_000).toISOString(),
        endsAt: new Date(start + (i + 2) * 3_600_000).toISOString(),
        timeZone: 'Asia/Shanghai',
        place,
        fee: { amount: 0, currency: 'CNY' },
        capacity: 12,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids.push(created.body.id);
    }
    const p = org.page;
    await p.goto(`/activities?view=map&interest=${tag}&lat=39.9&lng=116.4&radius=25`);
    await expectPath(p, /^\/activities$/);
    // One pin for the place, saying how many.
    const pins = p.getByTestId('activities-map').locator('[data-testid^="map-marker-"]');
    await pins.first().waitFor();
    assert.equal(await pins.count(), 1, 'one pin for the one place');
    assert.equal(await pins.first().getAttribute('data-count'), '2');
    const pin = p.getByTestId(`map-marker-${ids[0]}`);
    for (const { code } of languages) {
      await inLanguage(p, code);
      const listed = p.getByTestId('map-selected');
      for (let attempt = 0; attempt < 5 && !(await listed.isVisible()); attempt++) {
        await pin.click({ force: true });
        await listed.waitFor({ timeout: 2000 }).catch(() => undefined);
      }
      for (const title of titles) await listed.getByTestId('activity-card').filter({ hasText: title }).waitFor();
      assert.equal(await listed.getByTestId('activity-card').count(), 2, 'both activities there are listed');
      assert.match((await listed.getByRole('heading').first().textContent()) ?? '', code === 'en' ? /^2 activities at Ditan Park east gate$/ : /^Ditan Park east gate · 2 个活动$/);
      await screenshot(p, `phone-flow-map-place-list-${code}`);
    }
    assert.deepEqual(realErrors(org.errors), []);
  } finally {
    await org.context.close();
  }
});
