import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { realErrors, apiAs, expectNoSidewaysScroll, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

/**
 * An activity the member registered for, then held: e2e cannot reach the database, so the organizer moves
 * it into the just-passed past through the API (the server accepts a start up to a minute ago).
 */
async function heldActivity(org: BrowserContext, member: BrowserContext, title: string, groupId?: number) {
  const startsAt = new Date(Date.now() + 2 * 86_400_000);
  const created = await apiAs<{ id: number }>(org, 'POST', '/activities', {
    ...(groupId ? { groupId } : {}),
    title,
    tags: ['hiking'],
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    timeZone: 'Asia/Shanghai',
    place: { name: 'Fragrant Hills gate', address: 'Haidian', lat: 39.99, lng: 116.19, meetingPoint: '' },
    fee: { amount: 0, currency: 'CNY' },
    capacity: 10,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const registered = await apiAs<{ id: number; status: string }>(member, 'POST', `/activities/${id}/registrations`, {});
  assert.equal(registered.body.status, 'confirmed', JSON.stringify(registered.body));
  const moved = await apiAs(org, 'PATCH', `/activities/${id}`, {
    startsAt: new Date(Date.now() - 40_000).toISOString(),
    endsAt: new Date(Date.now() - 5_000).toISOString(),
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  return { id, registrationId: registered.body.id };
}

test('attendance: after the activity its organizer marks a member as not coming; the member sees it in their show-up record and contests it', async () => {
  const org = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(org.context, uniqueUsername('aorg'), 'Ada Organizer');
    await signUpViaApi(member.context, uniqueUsername('amem'), 'Bo Member');
    const title = `Dawn ridge walk ${Date.now().toString(36)}`;
    const { id } = await heldActivity(org.context, member.context, title);

    // The organizer, on the check-in page, marks Bo as not coming.
    const o = org.page;
    await o.goto(`/activities/${id}/manage`);
    await expectPath(o, /^\/activities\/\d+\/manage$/);
    const row = o.getByTestId('participant').filter({ hasText: 'Bo Member' });
    const toggle = row.getByRole('group', { name: 'Did Bo Member come?' });
    await toggle.waitFor();
    await toggle.getByRole('button', { name: 'Didn’t come' }).click();
    await row.getByTestId('participant-attendance').filter({ hasText: 'Didn’t come' }).waitFor();
    assert.equal(await toggle.getByRole('button', { name: 'Didn’t come' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await toggle.getByRole('button', { name: 'Came' }).getAttribute('aria-pressed'), 'false');
    await expectNoSidewaysScroll(o);
    await screenshot(o, 'phone-attendance-01-marked');

    // Bo sees it on the activity, then in the show-up record on their profile, and contests it.
    const m = member.page;
    await m.goto(`/activities/${id}`);
    await expectPath(m, /^\/activities\/\d+$/);
    assert.match((await m.getByTestId('my-attendance').textContent()) ?? '', /Marked as not coming/);
    await m.getByTestId('my-attendance').getByRole('link', { name: 'See my show-up record' }).click();
    await expectPath(m, /^\/me$/);
    const record = m.getByTestId('show-up-record');
    await record.getByTestId('show-up-item').first().waitFor();
    assert.equal(await record.getByTestId('show-up-no-shows').textContent(), '1');
    assert.equal(await record.getByTestId('show-up-attended').textContent(), '0');
    assert.equal(await record.getByTestId('show-up-rate').textContent(), '0% showed up');
    const item = record.getByTestId('show-up-item').filter({ hasText: title });
    assert.equal(await item.getByTestId('show-up-status').textContent(), 'Didn’t come');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-attendance-02-record');
    await item.getByRole('button', { name: `Contest the no-show at ${title}` }).click();
    const form = m.getByTestId('contest-form');
    await form.waitFor();
    await form.getByLabel('Your note').fill('I was there, by the east gate — we missed each other at check-in.');
    await screenshot(m, 'phone-attendance-03-contest');
    await form.getByRole('button', { name: 'Send to the organizer' }).click();
    await item.getByTestId('show-up-disputed').waitFor();
    assert.equal(await item.getByTestId('contest-button').count(), 0, 'contested once');
    const stored = await apiAs<{ items: { contested: boolean }[] }>(member.context, 'GET', '/me/attendance');
    assert.equal(stored.body.items[0]?.contested, true);

    // The organizer reads the dispute and corrects the mark.
    await o.reload();
    await expectPath(o, /^\/activities\/\d+\/manage$/);
    assert.match((await row.getByTestId('participant-contest').textContent()) ?? '', /Disputes: I was there, by the east gate/);
    await screenshot(o, 'phone-attendance-04-dispute');
    await toggle.getByRole('button', { name: 'Came' }).click();
    await row.getByTestId('participant-attendance').filter({ hasText: 'Came' }).waitFor();
    await row.getByTestId('participant-contest').waitFor({ state: 'detached' });
    const corrected = await apiAs<{ showUp: { attended: number; noShows: number } }>(member.context, 'GET', '/me/attendance');
    assert.deepEqual([corrected.body.showUp.attended, corrected.body.showUp.noShows], [1, 0]);

    assert.deepEqual(realErrors(org.errors), []);
    assert.deepEqual(realErrors(member.errors), []);
  } catch (error) {
    await screenshot(member.page, 'attendance-failure').catch(() => undefined);
    await screenshot(org.page, 'attendance-organizer-failure').catch(() => undefined);
    throw error;
  } finally {
    await org.context.close();
    await member.context.close();
  }
});

test('feedback: a participant rates an ended activity from its #feedback link; the organizer gets a recap prompt and a dashboard with the rating and the note, unsigned', async () => {
  const org = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  try {
    const memberName = uniqueUsername('fmem');
    await signUpViaApi(org.context, uniqueUsername('forg'), 'Cai Organizer');
    await signUpViaApi(member.context, memberName, 'Dee Participant');
    const group = await apiAs<{ id: number }>(org.context, 'POST', '/groups', {
      name: `Ridge Walkers ${Date.now().toString(36)}`,
      description: 'We walk ridges.',
      tags: ['hiking'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(group.status, 201, JSON.stringify(group.body));
    await apiAs(member.context, 'POST', `/groups/${group.body.id}/join`, {});
    const title = `Tea house loop ${Date.now().toString(36)}`;
    const { id } = await heldActivity(org.context, member.context, title, group.body.id);

    // The notification's link lands on the card, which says where the rating goes.
    const m = member.page;
    await m.goto(`/activities/${id}#feedback`);
    await expectPath(m, /^\/activities\/\d+$/);
    const card = m.getByTestId('feedback-card');
    await card.waitFor();
    await m.waitForFunction(() => document.activeElement?.id === 'feedback', undefined, { timeout: 5000 });
    // Scrolled into view (smoothly: wait for it to arrive).
    await m.waitForFunction(() => {
      const box = document.getElementById('feedback')?.getBoundingClientRect();
      return !!box && box.top >= 0 && box.top < window.innerHeight;
    }, undefined, { timeout: 5000 });
    assert.match((await card.textContent()) ?? '', /privately to the organizer/);
    // A rating is required; then four stars and a note.
    await card.getByRole('button', { name: 'Send feedback' }).click();
    await card.getByText('Choose from 1 to 5 stars.').waitFor();
    const stars = card.getByRole('radiogroup', { name: 'Your rating' }).or(card.getByRole('group', { name: 'Your rating' }));
    await stars.getByRole('radio', { name: '4 stars' }).check();
    await card.getByLabel('A note for the organizer').fill('Lovely pace, the tea stop was perfect.');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-feedback-01-card');
    await card.getByRole('button', { name: 'Send feedback' }).click();
    await card.getByTestId('feedback-given').filter({ hasText: 'You gave it 4 of 5' }).waitFor();
    // Given feedback fills the card when it is opened again.
    await m.reload();
    await expectPath(m, /^\/activities\/\d+$/);
    await card.getByTestId('feedback-given').waitFor();
    assert.equal(await card.getByRole('radio', { name: '4 stars' }).isChecked(), true);
    assert.equal(await card.getByLabel('A note for the organizer').inputValue(), 'Lovely pace, the tea stop was perfect.');

    // The organizer is asked for a recap, which starts titled after the activity.
    const o = org.page;
    await o.goto(`/activities/${id}`);
    await expectPath(o, /^\/activities\/\d+$/);
    assert.equal(await o.getByTestId('feedback-card').count(), 0, 'organizers do not rate their own');
    const prompt = o.getByTestId('recap-prompt');
    await prompt.waitFor();
    await screenshot(o, 'phone-feedback-02-recap-prompt');
    await prompt.getByRole('link', { name: 'Write a recap' }).click();
    await expectPath(o, /^\/groups\/\d+\/posts\/new$/);
    assert.equal(await o.getByLabel('Title').inputValue(), `Recap: ${title}`);

    // Their dashboard shows the activity's numbers, the rating and the note, without who wrote it.
    await o.goto(`/activities/${id}`);
    await expectPath(o, /^\/activities\/\d+$/);
    await o.getByTestId('recap-prompt').getByRole('link', { name: 'How my activities went' }).click();
    await expectPath(o, /^\/me\/organizing$/);
    const row = o.getByTestId('organizing-activity').filter({ hasText: title });
    await row.waitFor();
    assert.match((await row.getByTestId('organizing-activity-rating').textContent()) ?? '', /^4\.0\s*\(1\)$/);
    assert.match((await o.getByTestId('organizing-average').textContent()) ?? '', /4\.0/);
    assert.equal(await o.getByTestId('rating-bar-4').textContent().then((s) => s?.includes('4 stars: 1 rating')), true);
    const note = o.getByTestId('organizing-note').filter({ hasText: 'Lovely pace, the tea stop was perfect.' });
    await note.waitFor();
    const page = (await o.locator('main').textContent()) ?? '';
    assert.ok(!page.includes('Dee Participant') && !page.includes(memberName), 'the note is unsigned');
    await expectNoSidewaysScroll(o);
    await screenshot(o, 'phone-feedback-03-dashboard', true);

    assert.deepEqual(realErrors(org.errors), []);
    assert.deepEqual(realErrors(member.errors), []);
  } catch (error) {
    await screenshot(member.page, 'feedback-failure').catch(() => undefined);
    await screenshot(org.page, 'feedback-organizer-failure').catch(() => undefined);
    throw error;
  } finally {
    await org.context.close();
    await member.context.close();
  }
});

test('quiet groups: a member sees the "Quiet" label, with its explanation, on an idle group’s card and page', async () => {
  const owner = await openSession(env.browser, env.server.baseURL, phone);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(owner.context, uniqueUsername('qown'), 'Eli Owner');
    await signUpViaApi(member.context, uniqueUsername('qmem'), 'Fei Member');
    const name = `Idle Owls ${Date.now().toString(36)}`;
    const group = await apiAs<{ id: number; quiet: boolean }>(owner.context, 'POST', '/groups', {
      name,
      description: 'We used to meet.',
      tags: ['hiking'],
      city: 'Beijing',
      visibility: 'public',
      joinPolicy: 'open',
    });
    assert.equal(group.status, 201);
    assert.equal(group.body.quiet, false, 'a new group is not quiet');
    await apiAs(member.context, 'POST', `/groups/${group.body.id}/join`, {});

    // e2e cannot age a group by 90 days (no database access, no clock to move), so the server's answers about
    // this group are read as they come and marked quiet, as the liveliness job marks a group with nothing in 90 days.
    const gid = group.body.id;
    const m = member.page;
    await m.route(/\/api\/v1\/(groups\/\d+|search\/groups\?.*)$/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { id?: number; items?: { id: number }[] };
      const quiet = <T extends { id?: number }>(g: T) => (g.id === gid ? { ...g, quiet: true } : g);
      await route.fulfill({ response, json: body.items ? { ...body, items: body.items.map(quiet) } : quiet(body) });
    });

    await m.goto(`/search?q=${encodeURIComponent(name)}`);
    await expectPath(m, /^\/search$/);
    const card = m.getByTestId('group-card').filter({ hasText: name });
    await card.waitFor();
    const badge = card.getByTestId('quiet-badge');
    assert.equal(await badge.getAttribute('title'), 'No posts or activities in 90 days');
    assert.equal((await badge.textContent())?.replace(/\s+/g, ' ').trim(), 'Quiet: No posts or activities in 90 days');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-quiet-01-card');

    await card.getByRole('link', { name }).click();
    await expectPath(m, /^\/groups\/\d+$/);
    await m.getByTestId('group-header').getByTestId('quiet-badge').waitFor();
    assert.equal(await m.getByTestId('group-quiet').textContent().then((s) => s?.trim()), 'No posts or activities in 90 days');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-quiet-02-group');

    assert.deepEqual(realErrors(member.errors), []);
  } catch (error) {
    await screenshot(member.page, 'quiet-failure').catch(() => undefined);
    throw error;
  } finally {
    await owner.context.close();
    await member.context.close();
  }
});
