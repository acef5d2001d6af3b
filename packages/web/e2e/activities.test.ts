import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { realErrors, desktop, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

const PASSWORD = 'a long and unusual passphrase';

/** Taps a map pin until its activity shows under the map (the map may still be settling after it loads). */
async function selectOnMap(page: Page, activityId: number, title: string) {
  const marker = page.getByTestId(`map-marker-${activityId}`);
  await marker.waitFor();
  for (let attempt = 0; attempt < 5; attempt++) {
    await marker.click({ force: true });
    const shown = await page
      .getByTestId('map-selected')
      .getByText(title)
      .waitFor({ timeout: 2000 })
      .then(() => true, () => false);
    if (shown) return;
  }
  throw new Error(`tapping the pin of activity ${activityId} never showed it`);
}

/** Signs an existing member in inside a context, so a second viewport shares nothing with the first. */
async function signInViaApi(context: BrowserContext, username: string) {
  const res = await context.request.post('/api/v1/auth/signin', { data: { username, password: PASSWORD } });
  if (res.status() !== 200) throw new Error(`signin failed: ${res.status()} ${await res.text()}`);
}

/** The wall-clock date in Shanghai (UTC+8, no DST) some days from now, as YYYY-MM-DD. */
function shanghaiDate(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

test('an organizer creates a paid activity; a member finds it nearby, pays, cancels and is refunded (phone)', async () => {
  const organizer = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  const organizerName = uniqueUsername('org');
  const memberName = uniqueUsername('walker');
  const title = `Gongqing forest walk ${Date.now().toString(36)}`;
  try {
    // ——— The organizer creates a paid activity through the form.
    await signUpViaApi(organizer.context, organizerName, 'Olga Organizer');
    const o = organizer.page;
    await o.goto('/activities');
    await o.getByTestId('nav-activities').waitFor();
    await o.getByRole('link', { name: 'New activity' }).first().click();
    await expectPath(o, /^\/activities\/new$/);
    const form = o.getByTestId('activity-form');
    await form.waitFor();
    await o.getByLabel('Title').fill(title);
    await o.getByLabel(/^Description/).fill('An easy **morning loop** through the forest park, then tea by the river.');
    await o.locator('summary', { hasText: 'Outdoors' }).click();
    await o.getByTestId('interest-hiking').click();
    await o.getByLabel('City', { exact: true }).selectOption({ label: 'Shanghai' });
    assert.equal(await o.getByTestId('time-zone-select').inputValue(), 'Asia/Shanghai');
    const day = shanghaiDate(3);
    await o.getByLabel('Starts').fill(`${day}T09:00`);
    await o.getByLabel('Ends').fill(`${day}T12:30`);
    await o.getByLabel('Place', { exact: true }).fill('Gongqing Forest Park');
    await o.getByLabel(/^Address/).fill('2000 Jungong Rd, Yangpu');
    // Tapping the map drops the pin; the exact coordinates are then typed in.
    const latitude = o.getByLabel('Latitude');
    await o.getByTestId('place-map').click({ position: { x: 220, y: 140 } });
    await o.waitForFunction(() => (document.querySelector<HTMLInputElement>('input[type=number][min="-90"]')?.value ?? '') !== '31.23');
    await latitude.fill('31.3200');
    await o.getByLabel('Longitude').fill('121.5560');
    await o.getByLabel(/^Meeting point/).fill('North gate, by the ticket office');
    await o.getByLabel(/^Difficulty/).selectOption('easy');
    await o.getByLabel(/^Distance \(km\)/).fill('8');
    await o.getByLabel(/^Duration \(hours\)/).fill('3.5');
    await o.getByLabel(/^What to bring/).fill('water, comfortable shoes');
    await o.getByLabel('Paid', { exact: true }).check();
    await o.getByLabel('Fee per person').fill('88');
    await o.getByLabel('Seats', { exact: true }).fill('12');
    assert.equal(await o.getByLabel(/^Full refund until/).inputValue(), '24');
    await o.getByRole('button', { name: 'Add a question' }).click();
    await o.getByLabel('Question 1').fill('Anything we should know (allergies, pace)?');
    await screenshot(o, 'phone-30-activity-form', true);
    await o.getByTestId('save-activity').click();

    await expectPath(o, /^\/activities\/\d+$/);
    const activityPath = new URL(o.url()).pathname;
    const activityId = Number(activityPath.split('/').pop());
    await o.getByTestId('activity-title').filter({ hasText: title }).waitFor();
    assert.equal((await o.getByTestId('activity-fee').textContent())?.trim(), '¥88.00');
    await o.getByTestId('manage-activity').waitFor();

    // ——— A new member signs up and makes Shanghai home.
    const m = member.page;
    await m.goto('/signup');
    await m.getByLabel('Username').fill(memberName);
    await m.getByLabel('Display name').fill('Mei Member');
    await m.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await m.getByRole('button', { name: 'Create account' }).click();
    await expectPath(m, /^\/onboarding$/);
    await m.getByTestId('interest-hiking').click();
    await m.getByTestId('onboarding-next').click();
    await m.getByTestId('city-shanghai').click();
    await m.getByTestId('onboarding-finish').click();
    // Onboarding ends on Discover's recommendations.
    await expectPath(m, /^\/discover$/);

    // Activities: popular near home, as a list…
    await m.getByTestId('nav-activities').click();
    await expectPath(m, /^\/activities$/);
    assert.equal(await m.getByTestId('location-select').inputValue(), 'home');
    const card = m.getByTestId('activity-card').filter({ hasText: title });
    await card.waitFor();
    assert.match((await card.textContent()) ?? '', /¥88\.00/);
    assert.match((await card.textContent()) ?? '', /12 seats left/);
    assert.match((await card.textContent()) ?? '', /09:00–12:30 \(GMT\+8\)/);
    await screenshot(m, 'phone-31-activities-list');
    // A fee ceiling is read in its currency: ¥90 keeps the ¥88 walk, $90 leaves it out.
    await m.getByTestId('filters-button').click();
    const nearbyWith = (part: string) => m.waitForResponse((r) => r.url().includes('/api/v1/activities/nearby?') && r.url().includes(part) && r.status() === 200);
    let answered = nearbyWith('currency=CNY');
    await m.getByTestId('max-fee').fill('90');
    assert.ok(((await (await answered).json()) as { items: { id: number }[] }).items.length > 0, 'the ¥90 ceiling is asked in yuan');
    await card.waitFor();
    answered = nearbyWith('currency=USD');
    await m.getByTestId('max-fee-currency').selectOption('USD');
    assert.ok(!((await (await answered).json()) as { items: { title: string }[] }).items.some((a) => a.title === title), 'not at most $90');
    await card.waitFor({ state: 'detached' });
    await m.getByRole('button', { name: 'Clear filters' }).click();
    await card.waitFor();
    await m.getByTestId('filters-button').click();

    // …and on the map, where tapping its pin shows it.
    await m.getByTestId('view-map').click();
    await m.getByTestId('activities-map').waitFor();
    await selectOnMap(m, activityId, title);
    await screenshot(m, 'phone-32-activities-map');
    // Moving the map offers to search the area in view: zoomed out, the activity is still in it.
    await m.getByTestId('activities-map').locator('.leaflet-control-zoom-out').click();
    const inArea = m.waitForResponse((r) => r.url().includes('/api/v1/activities/in-area?') && r.status() === 200);
    await m.getByTestId('search-area').click();
    const found = (await (await inArea).json()) as { items: { id: number }[] };
    assert.ok(found.items.some((a) => a.id === activityId));
    await m.getByTestId('map-count').filter({ hasText: `${found.items.length} ${found.items.length === 1 ? 'activity' : 'activities'} in this area` }).waitFor();
    await screenshot(m, 'phone-32b-activities-map-area');
    await selectOnMap(m, activityId, title);
    await m.getByTestId('map-selected').getByRole('link', { name: title }).click();

    // The activity page.
    await expectPath(m, new RegExp(`^/activities/${activityId}$`));
    await m.getByTestId('activity-title').filter({ hasText: title }).waitFor();
    await m.getByTestId('refund-policy').getByText('Full refund if you cancel at least 1 day before the start.').waitFor();
    // The map loads as it nears the screen.
    await m.getByTestId('activity-map').scrollIntoViewIfNeeded();
    await m.locator('[data-testid="activity-map"]:not(.map--loading)').waitFor();
    await screenshot(m, 'phone-33-activity', true);

    // Register (answering the organizer's question), then pay.
    await m.getByTestId('register-button').click();
    await m.getByRole('dialog').getByLabel(/Anything we should know/).fill('I walk slowly, no allergies.');
    await m.getByTestId('submit-registration').click();
    await m.getByTestId('payment-needed').waitFor();
    await m.getByTestId('pay-button').click();
    // The wallet answers by webhook a moment later; the page shows progress, then the confirmation.
    await m.getByTestId('payment-processing').waitFor();
    await screenshot(m, 'phone-34-payment-processing');
    await m.getByTestId('registration-confirmed').waitFor({ timeout: 20_000 });
    const code = (await m.getByTestId('check-in-code').locator('strong').textContent())?.trim() ?? '';
    assert.match(code, /^[A-Z0-9]{4,12}$/);
    await m.getByTestId('add-to-calendar').waitFor();
    await screenshot(m, 'phone-35-activity-confirmed');

    // My activities → Upcoming lists it as going.
    await m.goto('/me/activities');
    const upcoming = m.getByTestId('my-activities-list').getByTestId('activity-card').filter({ hasText: title });
    await upcoming.getByText('Going', { exact: true }).waitFor();
    await screenshot(m, 'phone-36-my-activities');

    // Cancel: the dialog states the refund first, and the page shows it after.
    await upcoming.getByRole('link', { name: title }).click();
    await expectPath(m, new RegExp(`^/activities/${activityId}$`));
    await m.getByTestId('cancel-registration').click();
    const dialog = m.getByRole('dialog');
    await dialog.getByText("You'll get ¥88.00 back — a full refund.", { exact: false }).waitFor();
    await screenshot(m, 'phone-37-cancel-dialog');
    await dialog.getByTestId('confirm-button').click();
    const refund = m.getByTestId('refund-amount');
    await refund.waitFor();
    assert.equal((await refund.textContent())?.trim(), '¥88.00 refunded');
    await m.getByTestId('register-button').filter({ hasText: 'Register again' }).waitFor();
    await screenshot(m, 'phone-38-cancelled-refunded');

    // ——— The organizer sees the member as cancelled, with their answer.
    await o.goto(activityPath);
    await o.getByTestId('manage-activity').click();
    await expectPath(o, new RegExp(`^/activities/${activityId}/manage$`));
    const row = o.getByTestId('participant').filter({ hasText: 'Mei Member' });
    await row.getByText('Cancelled', { exact: true }).waitFor();
    await row.getByText('I walk slowly, no allergies.').waitFor();
    assert.equal(await o.getByTestId('export-csv').getAttribute('href'), `/api/v1/activities/${activityId}/registrations.csv`);
    await screenshot(o, 'phone-39-organizer-view', true);

    assert.deepEqual(realErrors(organizer.errors), []);
    assert.deepEqual(realErrors(member.errors), []);

    // ——— The same pages at desktop size.
    const memberDesk = await openSession(env.browser, env.server.baseURL, desktop);
    const organizerDesk = await openSession(env.browser, env.server.baseURL, desktop);
    try {
      await signInViaApi(memberDesk.context, memberName);
      await signInViaApi(organizerDesk.context, organizerName);
      const md = memberDesk.page;
      await md.goto('/activities');
      await md.getByTestId('activity-card').filter({ hasText: title }).waitFor();
      await screenshot(md, 'desktop-30-activities-list');
      await md.getByTestId('view-map').click();
      await selectOnMap(md, activityId, title);
      await screenshot(md, 'desktop-31-activities-map');
      await md.goto(activityPath);
      await md.getByTestId('refund-amount').waitFor();
      await screenshot(md, 'desktop-32-activity', true);
      await md.getByLabel('Language').selectOption('zh-CN');
      await md.getByTestId('refund-amount').filter({ hasText: '已退款 ¥88.00' }).waitFor();
      await screenshot(md, 'desktop-33-activity-zh');
      await md.getByTestId('language-select').selectOption('en');

      const od = organizerDesk.page;
      await od.goto('/me/activities?tab=organizing');
      await od.getByTestId('my-activities-list').getByTestId('activity-card').filter({ hasText: title }).waitFor();
      await screenshot(od, 'desktop-34-my-activities');
      await od.goto(`${activityPath}/manage`);
      await od.getByTestId('participant').filter({ hasText: 'Mei Member' }).waitFor();
      await screenshot(od, 'desktop-35-organizer-view');
      await od.goto(`${activityPath}/edit`);
      await od.getByTestId('activity-form').waitFor();
      assert.equal(await od.getByLabel('Starts').inputValue(), `${day}T09:00`);
      await screenshot(od, 'desktop-36-activity-edit');

      assert.deepEqual(realErrors(memberDesk.errors), []);
      assert.deepEqual(realErrors(organizerDesk.errors), []);
    } finally {
      await memberDesk.context.close();
      await organizerDesk.context.close();
    }
  } catch (error) {
    await screenshot(organizer.page, 'organizer-failure', true).catch(() => {});
    await screenshot(member.page, 'member-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await organizer.context.close();
    await member.context.close();
  }
});

/** The CSRF token of the session a context holds, for API calls made on its behalf. */
async function csrfOf(context: BrowserContext): Promise<string> {
  const res = await context.request.get('/api/v1/session');
  const body = (await res.json()) as { csrfToken: string };
  return body.csrfToken;
}

test('approvals, the waitlist, check-in by code, and a seat freed by a bigger capacity (desktop)', async () => {
  const organizer = await openSession(env.browser, env.server.baseURL, desktop);
  const first = await openSession(env.browser, env.server.baseURL, desktop);
  const second = await openSession(env.browser, env.server.baseURL, desktop);
  try {
    await signUpViaApi(organizer.context, uniqueUsername('host'), 'Hana Host');
    await signUpViaApi(first.context, uniqueUsername('first'), 'Fay First');
    await signUpViaApi(second.context, uniqueUsername('second'), 'Sam Second');
    const title = `Tiny tea tasting ${Date.now().toString(36)}`;
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const created = await organizer.context.request.post('/api/v1/activities', {
      headers: { 'X-CSRF-Token': await csrfOf(organizer.context) },
      data: {
        title,
        tags: ['tea'],
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        timeZone: 'Asia/Shanghai',
        place: { name: 'Wufu Tea House', address: 'Houhai', lat: 39.94, lng: 116.39, meetingPoint: '' },
        fee: { amount: 0, currency: 'CNY' },
        capacity: 1,
        requiresApproval: true,
      },
    });
    assert.equal(created.status(), 201);
    const { id } = (await created.json()) as { id: number };
    const page = `/activities/${id}`;

    // The first member asks to join; the organizer approves, and the seat is theirs.
    const f = first.page;
    await f.goto(page);
    await f.getByText('The organizer approves each registration.').first().waitFor();
    await f.getByTestId('register-button').click();
    await f.getByTestId('registration-pending').waitFor();

    const o = organizer.page;
    await o.goto(`${page}/manage`);
    const fay = o.getByTestId('participant').filter({ hasText: 'Fay First' });
    await fay.getByText('Awaiting approval').waitFor();
    await screenshot(o, 'desktop-40-manage-approval');
    await fay.getByTestId('approve-registration').click();
    await fay.getByText('Going', { exact: true }).waitFor();

    await f.reload();
    await f.getByTestId('registration-confirmed').waitFor();
    const code = (await f.getByTestId('check-in-code').locator('strong').textContent())?.trim() ?? '';

    // The second is approved too, but the one seat is taken: they wait, first in line.
    const s2 = second.page;
    await s2.goto(page);
    await s2.getByTestId('register-button').click();
    await s2.getByTestId('registration-pending').waitFor();
    await o.reload();
    const sam = o.getByTestId('participant').filter({ hasText: 'Sam Second' });
    await sam.getByTestId('approve-registration').click();
    await sam.getByText('Waitlist #1').waitFor();
    await s2.reload();
    await s2.getByTestId('registration-waitlisted').getByText("You're #1 on the waitlist").waitFor();
    await screenshot(s2, 'desktop-41-waitlisted');

    // Check-in by the code the first member shows (typed in lower case).
    await o.getByLabel('Check-in code').fill(code.toLowerCase());
    await o.getByTestId('check-in-form').getByRole('button', { name: 'Check in' }).click();
    await fay.getByText('Checked in', { exact: true }).first().waitFor();
    assert.equal((await o.getByTestId('stat-checkedIn').locator('dd').textContent())?.trim(), '1');
    await o.getByLabel('Check-in code').fill('NOPE99');
    await o.getByTestId('check-in-form').getByRole('button', { name: 'Check in' }).click();
    await o.getByText('No confirmed participant has that code.').waitFor();
    await screenshot(o, 'desktop-42-checked-in');

    // One more seat: the waitlist moves up and the second member is told.
    await o.getByTestId('edit-activity').click();
    await o.getByTestId('activity-form').waitFor();
    await o.getByLabel('Seats', { exact: true }).fill('2');
    await o.getByTestId('save-activity').click();
    await expectPath(o, new RegExp(`^/activities/${id}$`));
    await s2.reload();
    await s2.getByTestId('registration-confirmed').waitFor();
    await s2.getByTestId('notification-bell').click();
    await expectPath(s2, /^\/notifications$/);
    await s2.getByTestId('notification').filter({ hasText: `A seat opened up for “${title}”` }).waitFor();
    // Only the capacity was edited: nobody is told the time or place changed.
    assert.equal(await s2.getByTestId('notification').filter({ hasText: 'changed' }).count(), 0);
    await screenshot(s2, 'desktop-43-notifications');

    for (const session of [organizer, first, second]) assert.deepEqual(realErrors(session.errors), []);
  } catch (error) {
    await screenshot(organizer.page, 'organizer2-failure', true).catch(() => {});
    await screenshot(second.page, 'second-failure', true).catch(() => {});
    console.error(env.server.log().split('\n').slice(-40).join('\n'));
    throw error;
  } finally {
    await organizer.context.close();
    await first.context.close();
    await second.context.close();
  }
});
