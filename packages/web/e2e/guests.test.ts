import assert from 'node:assert/strict';
import { test } from 'node:test';
import { realErrors, apiAs, desktop, expectNoSidewaysScroll, expectPath, openSession, phone, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

const env = useServerAndBrowser();

interface Seats {
  seatsLeft: number;
  maxGuests: number;
}

test('guests: the organizer allows two per registration in the form, a member on a phone brings two (three seats, three fees), and the attendee list names them', async () => {
  const org = await openSession(env.browser, env.server.baseURL, desktop);
  const member = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(org.context, uniqueUsername('gorg'), 'Grace Organizer');
    await signUpViaApi(member.context, uniqueUsername('gmem'), 'Hana Host');
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const created = await apiAs<{ id: number }>(org.context, 'POST', '/activities', {
      title: `Dumpling workshop ${Date.now().toString(36)}`,
      tags: ['cooking'],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      timeZone: 'Asia/Shanghai',
      place: { name: 'Hutong Kitchen', address: 'Dongcheng', lat: 39.93, lng: 116.41, meetingPoint: '' },
      fee: { amount: 5000, currency: 'CNY' },
      capacity: 6,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;

    // The organizer allows two guests each, in the activity form.
    const o = org.page;
    await o.goto(`/activities/${id}/edit`);
    await expectPath(o, /^\/activities\/\d+\/edit$/);
    const maxGuests = o.getByLabel('Guests per registration');
    assert.equal(await maxGuests.inputValue(), '0');
    await maxGuests.fill('2');
    await o.getByTestId('save-activity').click();
    await o.waitForURL((url) => url.pathname === `/activities/${id}`, { timeout: 20_000 });
    const afterEdit = await apiAs<Seats>(org.context, 'GET', `/activities/${id}`);
    assert.equal(afterEdit.body.maxGuests, 2);
    const before = afterEdit.body.seatsLeft;
    assert.equal(before, 6);

    // The member registers with two guests: the sheet counts them and shows three fees.
    const m = member.page;
    await m.goto(`/activities/${id}`);
    await expectPath(m, /^\/activities\/\d+$/);
    await m.getByTestId('guests-policy').waitFor();
    await m.getByTestId('register-button').click();
    const sheet = m.getByTestId('questions-form');
    await sheet.waitFor();
    assert.equal(await sheet.getByTestId('guests-count').textContent(), '+0 guests');
    await sheet.getByRole('button', { name: 'One guest more' }).click();
    await sheet.getByRole('button', { name: 'One guest more' }).click();
    assert.equal(await sheet.getByTestId('guests-count').textContent(), '+2 guests');
    assert.equal(await sheet.getByRole('button', { name: 'One guest more' }).isDisabled(), true, 'no more than the activity allows');
    assert.match((await sheet.getByTestId('registration-total').textContent()) ?? '', /150\.00.*× 3 people/);
    // A nameless guest is refused here.
    await sheet.getByTestId('submit-registration').click();
    await sheet.getByText('Give each guest’s name.').first().waitFor();
    await sheet.getByLabel('Guest 1’s name').fill('Ivy Chen');
    await sheet.getByLabel('Guest 2’s name').fill('Jun Park');
    await expectNoSidewaysScroll(m);
    await screenshot(m, 'phone-97-register-with-guests');
    await sheet.getByTestId('submit-registration').click();

    // Three seats are held for the party; the payment is for three.
    await m.getByTestId('payment-needed').waitFor();
    assert.match((await m.getByTestId('my-guests').textContent()) ?? '', /With Ivy Chen and Jun Park/);
    assert.match((await m.getByTestId('pay-button').textContent()) ?? '', /150\.00/);
    const after = await apiAs<Seats & { viewer: { registration: { guests: string[] } } }>(member.context, 'GET', `/activities/${id}`);
    assert.equal(after.body.seatsLeft, before - 3);
    assert.deepEqual(after.body.viewer.registration.guests, ['Ivy Chen', 'Jun Park']);
    await screenshot(m, 'phone-98-registration-with-guests');

    // The organizer's attendee list names the guests under the member.
    await o.goto(`/activities/${id}/manage`);
    await expectPath(o, /^\/activities\/\d+\/manage$/);
    const row = o.getByTestId('participant').filter({ hasText: 'Hana Host' });
    await row.waitFor();
    const guests = row.getByTestId('participant-guest');
    assert.deepEqual((await guests.allTextContents()).map((s) => s.trim()), ['Ivy Chen', 'Jun Park']);
    await screenshot(o, 'desktop-99-manage-guests');

    assert.deepEqual(realErrors(org.errors), []);
    assert.deepEqual(realErrors(member.errors), []);
  } catch (error) {
    await screenshot(member.page, 'guests-failure').catch(() => undefined);
    await screenshot(org.page, 'guests-organizer-failure').catch(() => undefined);
    throw error;
  } finally {
    await org.context.close();
    await member.context.close();
  }
});
