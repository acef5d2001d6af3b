import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { realErrors, expectAccessiblePage, expectNoSidewaysScroll, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

async function csrfOf(context: BrowserContext): Promise<string> {
  const res = await context.request.get('/api/v1/session');
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** The dates of the series page, as their rows read ("Sat, Mar 20 · 10:00"). */
async function occurrenceTimes(page: Page): Promise<string[]> {
  return (await page.getByTestId('occurrence-link').allTextContents()).map((s) => s.trim());
}

interface SeriesBody {
  id: number;
  occurrences: { id: number; startsAt: string; startsAtLocal: string; confirmed: boolean; unconfirmed: boolean }[];
}

test('an organizer repeats a Saturday run weekly across the March clock change, moves the later ones to 11:00 and says one is still on (phone)', async () => {
  const organizer = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  const title = `Saturday parkrun ${Date.now().toString(36)}`;
  try {
    await signUpViaApi(organizer.context, uniqueUsername('runner'), 'Rita Runner');
    await signUpViaApi(member.context, uniqueUsername('jogger'), 'Jo Jogger');
    const o = organizer.page;

    // ——— The form: an ordinary activity, repeating weekly, 10:00 in London from 20 March 2027.
    await o.goto('/activities/new');
    await o.getByTestId('activity-form').waitFor();
    await expectAccessiblePage(o);
    await o.getByLabel('Title').fill(title);
    await o.locator('summary', { hasText: 'Outdoors' }).click();
    await o.getByTestId('interest-hiking').click();
    await o.getByLabel('City', { exact: true }).selectOption({ label: 'London' });
    assert.equal(await o.getByTestId('time-zone-select').inputValue(), 'Europe/London');
    await o.getByLabel('Starts').fill('2027-03-20T10:00');
    await o.getByLabel('Ends').fill('2027-03-20T11:00');
    await o.getByLabel('Place', { exact: true }).fill('Hyde Park bandstand');
    await o.getByLabel('Latitude').fill('51.5073');
    await o.getByLabel('Longitude').fill('-0.1657');
    assert.equal(await o.getByTestId('repeat-until').count(), 0, 'no "until" while it does not repeat');
    await o.getByTestId('save-draft').waitFor();
    await o.getByLabel('Weekly', { exact: true }).check();
    // The form says what a series is: separate activities, the local time kept.
    const note = (await o.getByTestId('repeat-note').textContent()) ?? '';
    assert.match(note, /Each date is its own activity, with its own sign-ups/);
    assert.match(note, /local time stays the same/);
    await o.getByLabel(/^Repeat until/).waitFor();
    assert.equal(await o.getByTestId('save-draft').count(), 0, 'a series is published, not drafted');
    await o.getByTestId('repeat-fields').scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(o);
    await screenshot(o, 'phone-series-01-form');
    const created = o.waitForResponse((r) => r.url().endsWith('/api/v1/series') && r.request().method() === 'POST');
    await o.getByTestId('save-activity').click();
    const response = await created;
    assert.equal(response.status(), 201);
    const series = (await response.json()) as SeriesBody;
    assert.equal(series.occurrences.length, 4);
    // The instants cross the change to British Summer Time on 28 March: 10:00 GMT, then 09:00 UTC.
    assert.deepEqual(series.occurrences.map((x) => x.startsAt.slice(11, 16)), ['10:00', '10:00', '09:00', '09:00']);
    const [first, second, third] = series.occurrences;

    // ——— It lands on the first date, which says it is part of a weekly series and asks "still on?".
    await expectPath(o, new RegExp(`^/activities/${first!.id}$`));
    await o.getByTestId('activity-title').filter({ hasText: title }).waitFor();
    await o.getByTestId('series-line').filter({ hasText: 'Part of a weekly series' }).waitFor();
    await o.getByTestId('still-on').waitFor();
    await expectNoSidewaysScroll(o);
    await screenshot(o, 'phone-series-02-first-occurrence');

    // ——— The series page: the rule in words, every date at 10:00 local.
    await o.getByTestId('series-link').click();
    await expectPath(o, new RegExp(`^/series/${series.id}$`));
    await o.getByTestId('series-title').filter({ hasText: title }).waitFor();
    assert.equal((await o.getByTestId('series-rule').textContent())?.trim(), 'Every Saturday at 10:00, Europe/London');
    assert.deepEqual(await occurrenceTimes(o), ['Sat, Mar 20 · 10:00', 'Sat, Mar 27 · 10:00', 'Sat, Apr 3 · 10:00', 'Sat, Apr 10 · 10:00']);
    assert.equal(await o.getByTestId('series-paused').count(), 0);
    await expectNoSidewaysScroll(o);
    await screenshot(o, 'phone-series-03-series', true);

    // ——— "Edit this and following" from the second date: 11:00 from then on.
    await o.getByTestId('occurrence').nth(1).getByTestId('edit-following').click();
    const dialog = o.getByRole('dialog');
    await dialog.getByTestId('edit-following-form').waitFor();
    assert.equal(await dialog.getByLabel('Start time').inputValue(), '10:00');
    assert.equal(await dialog.getByLabel('Title').inputValue(), title);
    await dialog.getByText('To change just one date, open it and use “Edit activity”').waitFor();
    await dialog.getByLabel('Start time').fill('11:00');
    await screenshot(o, 'phone-series-04-edit-following');
    const patched = o.waitForResponse((r) => r.url().endsWith(`/api/v1/series/${series.id}`) && r.request().method() === 'PATCH');
    await dialog.getByTestId('save-following').click();
    const sent = (await patched).request().postDataJSON() as Record<string, unknown>;
    assert.deepEqual(sent, { from: second!.id, localTime: '11:00' }, 'only what changed, from the second date');
    await o.getByRole('dialog').waitFor({ state: 'detached' }).catch(() => undefined);
    await o.waitForFunction(() => [...document.querySelectorAll('[data-testid="occurrence-link"]')].at(-1)?.textContent?.includes('11:00'));
    assert.deepEqual(await occurrenceTimes(o), ['Sat, Mar 20 · 10:00', 'Sat, Mar 27 · 11:00', 'Sat, Apr 3 · 11:00', 'Sat, Apr 10 · 11:00']);
    await screenshot(o, 'phone-series-05-series-edited', true);

    // ——— "Still on?" on the third date: yes, and the card goes.
    await o.getByTestId('occurrence').nth(2).getByTestId('occurrence-link').click();
    await expectPath(o, new RegExp(`^/activities/${third!.id}$`));
    await o.getByTestId('series-line').filter({ hasText: 'Part of a weekly series' }).waitFor();
    const stillOn = o.getByTestId('still-on');
    await stillOn.getByRole('heading', { name: 'Still on?' }).waitFor();
    await stillOn.getByRole('button', { name: 'Yes, it’s on' }).click();
    await o.getByTestId('still-on-done').waitFor();
    assert.equal(await o.getByTestId('still-on').count(), 0);
    await screenshot(o, 'phone-series-06-confirmed');
    const stored = (await (await organizer.context.request.get(`/api/v1/series/${series.id}`)).json()) as SeriesBody;
    assert.deepEqual(stored.occurrences.map((x) => x.confirmed), [false, false, true, false], 'the third, confirmed on the server');
    // The series page lists it as confirmed; the others still await the answer.
    await o.goto(`/series/${series.id}`);
    await o.getByTestId('occurrence').nth(2).getByText('Confirmed', { exact: true }).waitFor();
    assert.equal(await o.getByTestId('occurrence').nth(0).getByText('Confirmed', { exact: true }).count(), 0);

    // ——— The manage page of a date links to its series.
    await o.goto(`/activities/${second!.id}/manage`);
    await o.getByTestId('manage-title').waitFor();
    await o.getByTestId('series-line').getByRole('link', { name: 'Manage the series' }).waitFor();
    await expectAccessiblePage(o);

    // ——— A member sees the date, no "still on?" and no way to the series, which is the organizer's alone.
    const m = member.page;
    await m.goto(`/activities/${second!.id}`);
    await m.getByTestId('activity-title').waitFor();
    await m.getByTestId('series-line').filter({ hasText: 'Part of a repeating series' }).waitFor();
    assert.equal(await m.getByTestId('still-on').count(), 0);
    assert.equal(await m.getByTestId('series-link').count(), 0);
    assert.equal(await m.getByTestId('unconfirmed-badge').count(), 0, 'not yet 48 hours before');
    await m.goto(`/series/${series.id}`);
    await m.getByTestId('series-forbidden').getByText('Only its organizer can manage this series').waitFor();
    await expectAccessiblePage(m);

    assert.deepEqual(realErrors(organizer.errors).filter((e) => !e.includes('403')), []);
    assert.deepEqual(realErrors(member.errors).filter((e) => !e.includes('403')), []);
  } catch (error) {
    await screenshot(organizer.page, 'phone-series-organizer-failure').catch(() => undefined);
    await screenshot(member.page, 'phone-series-member-failure').catch(() => undefined);
    throw error;
  } finally {
    await organizer.context.close();
    await member.context.close();
  }
});

test('a date not confirmed 48 hours before shows "Not confirmed by the organizer yet" on its page and card, in both languages (phone)', async () => {
  const organizer = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone, 'zh-CN');
  const title = `Lakeside tai chi ${Date.now().toString(36)}`;
  try {
    await signUpViaApi(organizer.context, uniqueUsername('taichi'), 'Tao Teacher');
    await signUpViaApi(member.context, uniqueUsername('mover'), 'Ming Mover');
    // Its first date starts in 30 hours: already inside the 48 hours, so the check runs at once.
    const startsAt = new Date(Date.now() + 30 * 3_600_000);
    const created = await organizer.context.request.post('/api/v1/series', {
      headers: { 'X-CSRF-Token': await csrfOf(organizer.context) },
      data: {
        activity: {
          title,
          tags: ['yoga'],
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          timeZone: 'Asia/Shanghai',
          place: { name: 'Houhai lakeside', address: '', lat: 39.94, lng: 116.38, meetingPoint: '' },
          fee: { amount: 0, currency: 'CNY' },
          capacity: 10,
        },
        freq: 'weekly',
      },
    });
    assert.equal(created.status(), 201);
    const series = (await created.json()) as SeriesBody;
    const first = series.occurrences[0]!;
    // The job runner marks it within a few seconds.
    const deadline = Date.now() + 20_000;
    let unconfirmed = false;
    while (!unconfirmed && Date.now() < deadline) {
      unconfirmed = ((await (await member.context.request.get(`/api/v1/activities/${first.id}`)).json()) as { unconfirmed: boolean }).unconfirmed;
      if (!unconfirmed) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(unconfirmed, 'the occurrence was marked unconfirmed');

    // The member signs up for it, then sees the badge on its page and on its card in My activities.
    const reg = await member.context.request.post(`/api/v1/activities/${first.id}/registrations`, { headers: { 'X-CSRF-Token': await csrfOf(member.context) }, data: {} });
    assert.equal(reg.status(), 201);
    const m = member.page;
    await m.goto(`/activities/${first.id}`);
    await m.getByTestId('activity-title').waitFor();
    await m.getByTestId('activity-hero').getByTestId('unconfirmed-badge').filter({ hasText: '组织者尚未确认' }).waitFor();
    await m.getByTestId('unconfirmed-notice').waitFor();
    await m.getByTestId('series-line').filter({ hasText: '属于一个重复的系列活动' }).waitFor();
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-series-07-unconfirmed-zh');
    await m.goto('/me/activities');
    const card = m.getByTestId('my-activities-list').getByTestId('activity-card').filter({ hasText: title });
    await card.getByTestId('unconfirmed-badge').waitFor();
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-series-08-unconfirmed-card-zh');

    // Its organizer still may say it is on: the badge goes.
    const o = organizer.page;
    await o.goto(`/activities/${first.id}`);
    await o.getByTestId('unconfirmed-badge').waitFor();
    await o.getByTestId('still-on-yes').click();
    await o.getByTestId('still-on-done').waitFor();
    await o.getByTestId('unconfirmed-badge').waitFor({ state: 'detached' });
    await m.reload();
    await m.getByTestId('activity-card').filter({ hasText: title }).waitFor();
    assert.equal(await card.getByTestId('unconfirmed-badge').count(), 0);

    assert.deepEqual(realErrors(organizer.errors), []);
    assert.deepEqual(realErrors(member.errors), []);
  } catch (error) {
    await screenshot(organizer.page, 'phone-series-unconfirmed-organizer-failure').catch(() => undefined);
    await screenshot(member.page, 'phone-series-unconfirmed-member-failure').catch(() => undefined);
    throw error;
  } finally {
    await organizer.context.close();
    await member.context.close();
  }
});
