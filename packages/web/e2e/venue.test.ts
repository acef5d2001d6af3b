import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, expectNoSidewaysScroll, openSession, phone, realErrors, screenshot, signUpViaApi, uniqueUsername, useServerAndBrowser } from './_harness.js';

/**
 * Placing a venue in the activity form on a phone, in both languages: typing
 * a place's name or address suggests the places of earlier activities (with
 * their pin) and the cities that match, and picking one fills the place, the
 * address and the pin, no tapping on a blank map or typing coordinates.
 */
const env = useServerAndBrowser();

const languages = [
  { code: 'en', place: 'Place', address: 'Address', lat: 'Latitude', city: 'Centre of Shanghai', cityQuery: 'Shang' },
  { code: 'zh-CN', place: '地点名称', address: '地址', lat: '纬度', city: '上海市中心', cityQuery: '上海' },
] as const;

test('the activity form suggests places used before and cities as the organizer types; picking one places the pin (phone, English and Chinese)', async () => {
  const s = await openSession(env.browser, env.server.baseURL, phone);
  try {
    await signUpViaApi(s.context, uniqueUsername('venue'), 'Vic Venue');
    const name = `Olympic Forest Park gate ${Date.now().toString(36)}`;
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const earlier = await apiAs(s.context, 'POST', '/activities', {
      title: 'Forest park loop',
      tags: ['running'],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      timeZone: 'Asia/Shanghai',
      place: { name, address: 'Kehui South Road, Chaoyang', lat: 40.0109, lng: 116.3912, meetingPoint: '' },
      fee: { amount: 0, currency: 'CNY' },
      capacity: 10,
    });
    assert.equal(earlier.status, 201, JSON.stringify(earlier.body));

    const p = s.page;
    for (const lang of languages) {
      await p.goto(`/activities/new?lang=${lang.code}`);
      const form = p.getByTestId('activity-form');
      await form.waitFor();
      const place = form.getByLabel(lang.place, { exact: true });
      const address = form.getByLabel(lang.address, { exact: false });
      const lat = form.getByLabel(lang.lat, { exact: true });

      // By the start of the name, whatever its case.
      await place.fill('olympic forest park gate');
      const suggestions = p.getByTestId('place-suggestions');
      await suggestions.getByRole('button', { name: new RegExp(name) }).click();
      assert.equal(await place.inputValue(), name);
      assert.equal(await address.inputValue(), 'Kehui South Road, Chaoyang');
      assert.equal(await lat.inputValue(), '40.0109', 'the pin is where the place is');
      await suggestions.waitFor({ state: 'detached' });

      // By the start of the address.
      await place.fill('');
      await address.fill('kehui south');
      const byAddress = suggestions.getByRole('button', { name: new RegExp(name) });
      await byAddress.waitFor();
      await expectNoSidewaysScroll(p, `venue suggestions (${lang.code})`);
      await screenshot(p, `phone-venue-suggestions-${lang.code}`);
      await byAddress.click();
      assert.equal(await place.inputValue(), name);

      // A city: the map and the time zone move there.
      await place.fill(lang.cityQuery);
      await suggestions.getByRole('button', { name: lang.city }).click();
      assert.equal(await lat.inputValue(), '31.23');
      assert.equal(await place.inputValue(), lang.cityQuery, 'picking a city keeps what was typed as the place');
      await screenshot(p, `phone-venue-${lang.code}`);
    }
    assert.deepEqual(realErrors(s.errors), []);
  } finally {
    await s.context.close();
  }
});
