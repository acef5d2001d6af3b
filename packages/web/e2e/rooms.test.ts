import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { realErrors, apiAs, desktop, expectNoSidewaysScroll, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/** The shared socket is up once the chat list has loaded (it opens right after). */
async function waitForLive(page: Page) {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/api/v1/conversations')), undefined, { timeout: 15_000 });
  await page.waitForTimeout(600);
}

interface Message {
  id: number;
  body: string;
  pinned: boolean;
  replyTo: { id: number } | null;
}

test('an activity chat: members talk live on a phone, reply to each other, the organizer pins a note, and a waitlisted member reads only that note', async () => {
  const amy = await openSession(env.browser, env.server.baseURL, phone);
  const org = await openSession(env.browser, env.server.baseURL, desktop);
  const wes = await openSession(env.browser, env.server.baseURL, phone);
  const ben = await env.browser.newContext({ baseURL: env.server.baseURL });
  try {
    const names = { amy: uniqueUsername('amy'), org: uniqueUsername('org'), wes: uniqueUsername('wes'), ben: uniqueUsername('ben') };
    await signUpViaApi(amy.context, names.amy, 'Amy Angler');
    await signUpViaApi(org.context, names.org, 'Olga Organizer');
    await signUpViaApi(wes.context, names.wes, 'Wes Waiting');
    await signUpViaApi(ben, names.ben, 'Ben Boatman');

    // Olga's outing has two seats: Amy and Ben take them, Wes waits.
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const created = await apiAs<{ id: number; title: string }>(org.context, 'POST', '/activities', {
      title: `Dawn fishing at Kunming Lake ${Date.now().toString(36)}`,
      tags: ['fishing'],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
      timeZone: 'Asia/Shanghai',
      place: { name: 'Kunming Lake north shore', address: 'Summer Palace', lat: 39.99, lng: 116.27, meetingPoint: '' },
      fee: { amount: 0, currency: 'CNY' },
      capacity: 2,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const activity = created.body;
    for (const member of [amy.context, ben, wes.context]) assert.equal((await apiAs(member, 'POST', `/activities/${activity.id}/registrations`, {})).status, 201);
    const room = await apiAs<{ id: number }>(ben, 'GET', `/activities/${activity.id}/room`);
    assert.equal(room.status, 200);
    const roomId = room.body.id;

    // Amy finds the chat on the activity page and opens it.
    const a = amy.page;
    await a.goto(`/activities/${activity.id}`);
    await expectPath(a, /^\/activities\/\d+$/);
    const entry = a.getByTestId('activity-chat-link');
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /Activity chat/);
    await entry.click();
    await expectPath(a, new RegExp(`^/rooms/${roomId}$`));
    assert.equal(await a.getByTestId('room-name').textContent(), activity.title);
    await waitForLive(a);

    // Amy writes; her message is in the room once (the answer and the live copy are one message).
    await a.getByLabel('Message', { exact: true }).fill('Morning all! Who is bringing the bait?');
    await a.getByTestId('room-send').click();
    const mine = a.getByTestId('room-message').filter({ hasText: 'Who is bringing the bait?' });
    await mine.waitFor();
    assert.equal(await a.getByTestId('message-pending').count(), 0);
    const seenByBen = await apiAs<{ items: Message[] }>(ben, 'GET', `/rooms/${roomId}/messages`);
    assert.deepEqual(seenByBen.body.items.map((m) => m.body), ['Morning all! Who is bringing the bait?']);

    // Ben answers (from his phone, through the API): Amy sees it without reloading, with his name.
    const answer = await apiAs<Message>(ben, 'POST', `/rooms/${roomId}/messages`, { body: `I will, @${names.amy} — worms and corn`, clientId: 'ben-answer-0001' });
    assert.equal(answer.status, 201);
    const bens = a.getByTestId('room-message').filter({ hasText: 'worms and corn' });
    await bens.waitFor();
    assert.equal(await bens.getByTestId('message-sender').textContent(), 'Ben Boatman');
    // The mention is a link to Amy.
    assert.equal(await bens.getByRole('link', { name: `@${names.amy}` }).getAttribute('href'), `/u/${names.amy}`);
    assert.equal(await mine.count(), 1, 'my own message shows once');

    // Amy taps Ben's message and replies to it: the quote sits above the composer, then atop her message.
    await bens.getByTestId('message-body').click();
    await bens.getByTestId('action-reply').click();
    const preview = a.getByTestId('reply-preview');
    await preview.waitFor();
    assert.match((await preview.textContent()) ?? '', /Replying to Ben Boatman/);
    await screenshot(a, 'phone-90-room-reply');
    await a.getByLabel('Message', { exact: true }).fill('Perfect, I will bring coffee');
    await a.getByLabel('Message', { exact: true }).press('Enter');
    const reply = a.getByTestId('room-message').filter({ hasText: 'Perfect, I will bring coffee' });
    await reply.waitFor();
    assert.equal(await preview.count(), 0);
    const quote = reply.getByTestId('message-quote');
    assert.match((await quote.textContent()) ?? '', /Ben Boatman.*worms and corn/);
    const stored = (await apiAs<{ items: Message[] }>(ben, 'GET', `/rooms/${roomId}/messages`)).body.items;
    assert.equal(stored.find((m) => m.body === 'Perfect, I will bring coffee')?.replyTo?.id, answer.body.id);
    await expectNoSidewaysScroll(a);
    await screenshot(a, 'phone-91-room-conversation');

    // Olga, the organizer, writes a note in the browser and pins it.
    // (Each person looks at their own screen: the one being looked at is in front, so it renders.)
    const o = org.page;
    await o.bringToFront();
    await o.goto(`/rooms/${roomId}`);
    await expectPath(o, new RegExp(`^/rooms/${roomId}$`));
    await waitForLive(o);
    await o.getByLabel('Message', { exact: true }).fill('Meet at the north gate at 5:30. Bring a headlamp.');
    await o.getByTestId('room-send').click();
    const note = o.getByTestId('room-message').filter({ hasText: 'Meet at the north gate' });
    await note.waitFor();
    await note.getByTestId('message-actions-toggle').click();
    await note.getByTestId('action-pin').click();
    await o.locator('[data-testid="room-message"][data-pinned="true"]').filter({ hasText: 'Meet at the north gate' }).waitFor();
    await o.getByTestId('room-pinned').waitFor();
    await screenshot(o, 'desktop-92-room-organizer-pinned');

    // Amy sees the note arrive, and then the pin, live; the pinned bar opens to show it.
    await a.bringToFront();
    await a.getByTestId('room-pinned').waitFor();
    await a.locator('[data-testid="room-message"][data-pinned="true"]').filter({ hasText: 'Meet at the north gate' }).waitFor();
    await a.getByTestId('room-pinned-toggle').click();
    assert.equal(await a.getByTestId('room-pinned-toggle').getAttribute('aria-expanded'), 'true');
    await a.getByTestId('pinned-notes').getByText('Meet at the north gate at 5:30').waitFor();
    await screenshot(a, 'phone-93-room-pinned-open');

    // Wes, waitlisted, finds the organizer's notes on the activity page: the pinned note, nothing else.
    const w = wes.page;
    await w.bringToFront();
    await w.goto(`/activities/${activity.id}`);
    await expectPath(w, /^\/activities\/\d+$/);
    const notesEntry = w.getByTestId('activity-chat-link');
    await notesEntry.waitFor();
    assert.match((await notesEntry.textContent()) ?? '', /Notes from the organizer/);
    await notesEntry.click();
    await expectPath(w, new RegExp(`^/rooms/${roomId}$`));
    await w.getByTestId('room-waitlisted').waitFor();
    await w.getByText('You are on the waitlist').waitFor();
    // The notes load after the page's frame: wait for them (or for "no notes") before counting.
    await w.locator('[data-testid="pinned-notes"], [data-testid="pinned-empty"]').first().waitFor();
    const wesNotes = w.getByTestId('pinned-note');
    assert.equal(await wesNotes.count(), 1);
    assert.match((await wesNotes.textContent()) ?? '', /Meet at the north gate at 5:30/);
    assert.equal(await w.getByText('worms and corn').count(), 0);
    assert.equal(await w.getByTestId('room-input').count(), 0, 'no composer while waiting');
    await expectNoSidewaysScroll(w);
    await screenshot(w, 'phone-94-room-waitlisted');

    // Amy's chats list has the room; a new message from Ben shows there as unread, live.
    await a.bringToFront();
    await a.goto('/companions/chats');
    await expectPath(a, /^\/companions\/chats$/);
    const listed = a.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
    await listed.waitFor();
    await waitForLive(a);
    assert.equal((await apiAs(ben, 'POST', `/rooms/${roomId}/messages`, { body: 'Forecast says calm water', clientId: 'ben-answer-0002' })).status, 201);
    await listed.getByTestId('room-unread').waitFor();
    assert.equal(await listed.getByTestId('room-unread').textContent(), '1');
    assert.match((await listed.textContent()) ?? '', /Ben Boatman: Forecast says calm water/);
    await screenshot(a, 'phone-95-chats-with-rooms');
    // Opening it reads it.
    await listed.getByRole('link').click();
    await expectPath(a, new RegExp(`^/rooms/${roomId}$`));
    await a.getByText('Forecast says calm water').waitFor();
    await a.waitForFunction(async (id) => {
      const res = await fetch(`/api/v1/rooms/${id}`);
      return ((await res.json()) as { unread: number }).unread === 0;
    }, roomId, { timeout: 10_000 });

    // Olga mutes Amy for an hour from Amy's message; Amy's composer gives way to the notice.
    await o.bringToFront();
    const amysOnOrg = o.getByTestId('room-message').filter({ hasText: 'Perfect, I will bring coffee' });
    await amysOnOrg.getByTestId('message-actions-toggle').click();
    await amysOnOrg.getByTestId('action-mute-hour').click();
    await o.getByText('Amy Angler is muted for an hour').waitFor();
    await a.bringToFront();
    await a.reload();
    await expectPath(a, new RegExp(`^/rooms/${roomId}$`));
    await a.getByTestId('room-muted').waitFor();
    assert.equal(await a.getByTestId('room-input').count(), 0);
    assert.match((await a.getByTestId('room-muted').textContent()) ?? '', /You can write again from/);

    assert.deepEqual(realErrors(amy.errors), []);
    assert.deepEqual(realErrors(org.errors), []);
    assert.deepEqual(realErrors(wes.errors), []);
  } catch (error) {
    await screenshot(amy.page, 'rooms-failure').catch(() => undefined);
    await screenshot(org.page, 'rooms-organizer-failure').catch(() => undefined);
    throw error;
  } finally {
    await amy.context.close();
    await org.context.close();
    await wes.context.close();
    await ben.close();
  }
});

test('a group chat: an admin opens it, a member talks in it in Chinese, the admin closes it and the member keeps only its history', async () => {
  const own = await openSession(env.browser, env.server.baseURL, desktop);
  const mem = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  try {
    await signUpViaApi(own.context, uniqueUsername('gown'), 'Gao Owner');
    await signUpViaApi(mem.context, uniqueUsername('gmem'), 'Mei Member');
    const group = await apiAs<{ id: number; name: string }>(own.context, 'POST', '/groups', {
      name: `Lake Anglers ${Date.now().toString(36)}`,
      description: 'We fish at dawn',
      tags: ['fishing'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(group.status, 201);
    assert.equal((await apiAs(mem.context, 'POST', `/groups/${group.body.id}/join`)).status, 200);

    // The owner opens the chat from the group page.
    const o = own.page;
    await o.goto(`/groups/${group.body.id}`);
    await expectPath(o, /^\/groups\/\d+$/);
    await o.getByTestId('open-group-chat').click();
    await o.getByTestId('group-chat-link').waitFor();
    await o.getByTestId('close-group-chat').waitFor();

    // The member sees it on the group page (in Chinese) and writes.
    const m = mem.page;
    await m.bringToFront();
    await m.goto(`/groups/${group.body.id}`);
    await expectPath(m, /^\/groups\/\d+$/);
    await m.getByTestId('group-chat-link').click();
    await expectPath(m, /^\/rooms\/\d+$/);
    await m.getByText('小组群聊').first().waitFor();
    await waitForLive(m);
    await m.getByTestId('room-input').fill('大家好！周日去钓鱼吗？');
    await m.getByTestId('room-send').click();
    await m.getByTestId('room-message').filter({ hasText: '周日去钓鱼吗' }).waitFor();
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-96-group-room-zh');

    // The owner closes it: it is gone from the member's group page; the room keeps its history to read, and nobody writes.
    await o.getByTestId('close-group-chat').click();
    await o.getByTestId('confirm-button').click();
    await o.getByTestId('open-group-chat').waitFor();
    await m.reload();
    await expectPath(m, /^\/rooms\/\d+$/);
    await m.getByText('管理员已关闭这个群聊，历史消息仍可查看。').waitFor();
    await m.getByTestId('room-message').filter({ hasText: '周日去钓鱼吗' }).waitFor();
    assert.equal(await m.getByTestId('room-input').count(), 0, 'no composer in a closed chat');
    await m.goto(`/groups/${group.body.id}`);
    await expectPath(m, /^\/groups\/\d+$/);
    await m.getByTestId('mute-group').waitFor();
    assert.equal(await m.getByTestId('group-chat-link').count(), 0);
    assert.deepEqual(realErrors(own.errors), []);
    assert.deepEqual(realErrors(mem.errors), []);
  } catch (error) {
    await screenshot(mem.page, 'group-room-failure').catch(() => undefined);
    throw error;
  } finally {
    await own.context.close();
    await mem.context.close();
  }
});
