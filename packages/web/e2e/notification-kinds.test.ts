import type { Notification } from '@kindred/contract';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { realErrors, apiAs, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser, type Session } from './_harness.js';

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

/** What the list says when it does not know a kind: no row here may read like it. */
const fallback = { en: /^There is an update/, zh: /有新动态。$/ };

async function notificationsOf(s: Session) {
  return (await apiAs<{ items: Notification[] }>(s.context, 'GET', '/me/notifications?limit=50')).body.items;
}

async function waitForKind(s: Session, kind: string) {
  for (let i = 0; i < 120; i++) {
    const found = (await notificationsOf(s)).find((n) => n.kind === kind);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${kind} notification`);
}

/** Each row of the list as the reader sees it: its kind, sentence and where it leads. */
async function rows(p: Page) {
  await p.goto('/notifications');
  await expectPath(p, /^\/notifications$/);
  await p.getByTestId('notification').first().waitFor();
  return p.getByTestId('notification').evaluateAll((items) =>
    items.map((li) => ({
      kind: li.getAttribute('data-kind') ?? '',
      sentence: li.querySelector('[data-testid="notification-sentence"]')?.textContent ?? '',
      href: li.querySelector('a')?.getAttribute('href') ?? null,
    })),
  );
}

/** Every row reads as its own sentence in English and in Chinese and leads somewhere other than the list itself. */
async function expectSaid(s: Session, expected: Record<string, { en: RegExp; zh: RegExp; href: RegExp }>) {
  const p = s.page;
  const en = await rows(p);
  assert.deepEqual(en.map((r) => r.kind).sort(), Object.keys(expected).sort());
  for (const row of en) {
    const want = expected[row.kind]!;
    assert.doesNotMatch(row.sentence, fallback.en, `${row.kind}: "${row.sentence}"`);
    assert.match(row.sentence, want.en, row.kind);
    assert.match(row.href ?? '', want.href, `${row.kind} leads to ${row.href}`);
  }
  await p.getByTestId('language-select').first().selectOption('zh-CN');
  await p.getByRole('heading', { name: '通知' }).waitFor();
  const zh = await p.getByTestId('notification').evaluateAll((items) =>
    items.map((li) => ({ kind: li.getAttribute('data-kind') ?? '', sentence: li.querySelector('[data-testid="notification-sentence"]')?.textContent ?? '' })),
  );
  for (const row of zh) {
    assert.doesNotMatch(row.sentence, fallback.zh, `${row.kind}: "${row.sentence}"`);
    assert.doesNotMatch(row.sentence, /“”|\{\{|undefined|NaN/, `${row.kind}: "${row.sentence}"`);
    assert.match(row.sentence, expected[row.kind]!.zh, row.kind);
  }
  assert.equal(await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'no sideways scroll');
  return async (name: string) => {
    await screenshot(p, `${name}-zh`);
    await p.getByTestId('language-select').first().selectOption('en');
    await p.getByRole('heading', { name: 'Notifications' }).waitFor();
    await screenshot(p, name);
  };
}

test('a companion invite and its acceptance read as sentences in both languages and open the invite and then the chat', async () => {
  const ann = await openSession(env.browser, env.server.baseURL, phone);
  const bea = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const beaName = uniqueUsername('bea');
    await signUpViaApi(ann.context, uniqueUsername('ann'), 'Ann Avery');
    await signUpViaApi(bea.context, beaName, 'Bea Brook');
    for (const s of [ann, bea]) assert.equal((await apiAs(s.context, 'PUT', '/me/companion-card', card)).status, 200);
    const invite = await apiAs<{ id: number }>(ann.context, 'POST', '/companion-invites', { username: beaName, message: 'Hike on Saturday?' });
    assert.equal(invite.status, 201);

    const shot = await expectSaid(bea, {
      'companion.invite': { en: /^Ann Avery invited you to go out together\.$/, zh: /^Ann Avery 邀请你/, href: new RegExp(`^/companions/inbox#invite-${invite.body.id}$`) },
    });
    await shot('phone-notification-kinds-invite');
    // The notification opens the invite in the inbox, picked out, with its message and the answer buttons.
    await bea.page.getByTestId('notification').first().getByRole('link').click();
    await expectPath(bea.page, /^\/companions\/inbox$/);
    const target = bea.page.locator(`#invite-${invite.body.id}.invite-item--target`);
    await target.getByText('“Hike on Saturday?”').waitFor();
    await target.getByTestId('accept-invite').click();
    await target.getByTestId('open-chat').waitFor();
    await screenshot(bea.page, 'phone-notification-kinds-invite-opened');

    const chat = (await notificationsOf(ann)).find((n) => n.kind === 'companion.accepted');
    assert.ok(chat, 'Ann hears the yes');
    const reply = await expectSaid(ann, {
      'companion.accepted': { en: /^Bea Brook said yes — you can chat now\.$/, zh: /^Bea Brook 同意结伴/, href: /^\/companions\/chats\/\d+$/ },
    });
    await reply('phone-notification-kinds-accepted');
    await ann.page.getByTestId('notification').first().getByRole('link').click();
    await expectPath(ann.page, /^\/companions\/chats\/\d+$/);
    assert.deepEqual(realErrors(ann.errors), []);
    assert.deepEqual(realErrors(bea.errors), []);
  } finally {
    await ann.context.close();
    await bea.context.close();
  }
});

test('"you are confirmed" is taken back when the member cancels, and the refund says how much, in both languages', async () => {
  const org = await openSession(env.browser, env.server.baseURL, phone);
  const mei = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(org.context, uniqueUsername('org'), 'Olu Organizer');
    await signUpViaApi(mei.context, uniqueUsername('mei'), 'Mei Member');
    const start = Date.now() + 72 * 3_600_000;
    const created = await apiAs<{ id: number }>(org.context, 'POST', '/activities', {
      title: 'Fragrant Hills sunrise hike',
      description: 'Meet at the north gate.',
      tags: ['hiking'],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 5 * 3_600_000).toISOString(),
      timeZone: 'Asia/Shanghai',
      place: { name: 'Xiangshan Park north gate', address: 'Haidian, Beijing', lat: 39.9996, lng: 116.1889 },
      fee: { amount: 8800, currency: 'CNY' },
      refundPolicy: { fullRefundHoursBefore: 24 },
      capacity: 20,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const activityId = created.body.id;
    const reg = await apiAs<{ id: number }>(mei.context, 'POST', `/activities/${activityId}/registrations`, {});
    assert.equal(reg.status, 201);
    assert.equal((await apiAs(mei.context, 'POST', `/registrations/${reg.body.id}/pay`, { idempotencyKey: `pay-${reg.body.id}-notification-kinds` })).status, 200);
    // The wallet answers by webhook a moment later.
    await waitForKind(mei, 'registration.confirmed');
    const activityLink = new RegExp(`^/activities/${activityId}$`);
    const confirmedShot = await expectSaid(mei, {
      'registration.confirmed': { en: /^You're confirmed for “Fragrant Hills sunrise hike”\.$/, zh: /^“Fragrant Hills sunrise hike”报名成功。$/, href: activityLink },
    });
    await confirmedShot('phone-notification-kinds-confirmed');

    assert.equal((await apiAs(mei.context, 'POST', `/registrations/${reg.body.id}/cancel`)).status, 200);
    const refundShot = await expectSaid(mei, {
      'payment.refunded': { en: /^¥88\.00 was refunded for “Fragrant Hills sunrise hike”\.$/, zh: /^“Fragrant Hills sunrise hike”的 ¥88\.00 已退款。$/, href: activityLink },
    });
    await refundShot('phone-notification-kinds-refunded');
    await mei.page.getByTestId('notification').first().getByRole('link').click();
    await expectPath(mei.page, activityLink);
    await mei.page.getByTestId('refund-amount').waitFor();
    assert.deepEqual(realErrors(mei.errors), []);
  } finally {
    await org.context.close();
    await mei.context.close();
  }
});
