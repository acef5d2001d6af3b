import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jobHandlers } from '../src/jobs/handlers.js';
import { activityBody } from './_activities.js';
import { actors, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const londonSeries = (organizer: Client, overrides: Record<string, unknown> = {}) =>
  organizer.post('/series', {
    activity: activityBody({ title: 'Saturday parkrun', startsAt: '2027-03-13T10:00:00Z', endsAt: '2027-03-13T11:00:00Z', timeZone: 'Europe/London' }),
    freq: 'weekly',
    ...overrides,
  });

test('a weekly series keeps its local time across the March clock change; occurrences are ordinary activities', async () => {
  const { runner, member } = await actors(server, 'runner', 'member');
  const created = await londonSeries(runner);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const series = created.body;
  assert.deepEqual(series.occurrences.map((o: { startsAtLocal: string }) => o.startsAtLocal), ['2027-03-13T10:00', '2027-03-20T10:00', '2027-03-27T10:00', '2027-04-03T10:00']);
  assert.deepEqual(series.occurrences.map((o: { startsAt: string }) => o.startsAt.slice(11, 16)), ['10:00', '10:00', '10:00', '09:00'], 'British Summer Time from 28 March');
  const third = series.occurrences[2].id;
  const page = (await member.get(`/activities/${third}`)).body;
  assert.deepEqual([page.title, page.seriesId, page.unconfirmed], ['Saturday parkrun', series.id, false]);
  assert.equal((await member.post(`/activities/${third}/registrations`, {})).status, 201, 'its own registrations');
  assert.equal((await member.get(`/series/${series.id}`)).status, 403, 'the series is its organizer’s to manage');

  // This and following: a later start and a new name from the third on.
  const changed = await runner.patch(`/series/${series.id}`, { from: third, localTime: '11:00', title: 'Saturday parkrun (late)' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(changed.body.occurrences.map((o: { startsAtLocal: string }) => o.startsAtLocal.slice(11)), ['10:00', '10:00', '11:00', '11:00']);
  assert.equal((await member.get(`/activities/${series.occurrences[1].id}`)).body.title, 'Saturday parkrun', 'not the earlier ones');
  assert.equal((await member.get(`/activities/${third}`)).body.title, 'Saturday parkrun (late)');
  const told = (await member.get('/me/notifications')).body.items.map((n: { kind: string }) => n.kind);
  assert.ok(told.includes('activity.changed'), 'its registrant hears of the new time');
  // The next one made copies the new template.
  await server.db.updateTable('activities').set({ status: 'cancelled' }).where('id', '=', series.occurrences[0].id).execute();
  // Two runs at once (two instances): the one that claims an index first makes its occurrence.
  const materialize = jobHandlers(server.ctx)['series.materialize']!;
  await Promise.all([materialize({ seriesId: series.id }), materialize({ seriesId: series.id })]);
  const again = (await runner.get(`/series/${series.id}`)).body.occurrences.at(-1);
  assert.deepEqual([again.startsAtLocal, (await member.get(`/activities/${again.id}`)).body.title], ['2027-04-10T11:00', 'Saturday parkrun (late)']);
  const made = await server.db.selectFrom('activities').select('series_index').where('series_id', '=', series.id).orderBy('series_index').execute();
  assert.deepEqual(made.map((a) => a.series_index), [0, 1, 2, 3, 4], 'each index made once');
});

test('"still on?": the organizer is asked; unconfirmed 48 h before is marked so, and two unconfirmed in a row pause the series', async () => {
  const { host } = await actors(server, 'host');
  const series = (await londonSeries(host)).body;
  const [first, second, third] = series.occurrences as { id: number }[];
  const jobs = jobHandlers(server.ctx);
  await jobs['series.ask']!({ activityId: first!.id });
  assert.ok((await host.get('/me/notifications')).body.items.some((n: { kind: string; link: string }) => n.kind === 'series.still_on' && n.link === `/activities/${first!.id}`));
  assert.equal((await host.post(`/activities/${first!.id}/confirm`)).status, 204);
  await jobs['series.check']!({ activityId: first!.id });
  assert.equal((await host.get(`/activities/${first!.id}`)).body.unconfirmed, false, 'confirmed');

  await jobs['series.check']!({ activityId: second!.id });
  assert.equal((await host.get(`/activities/${second!.id}`)).body.unconfirmed, true);
  assert.equal((await host.get(`/series/${series.id}`)).body.paused, false, 'one is not a pattern');
  await jobs['series.check']!({ activityId: third!.id });
  const paused = (await host.get(`/series/${series.id}`)).body;
  assert.equal(paused.paused, true, 'two in a row');
  assert.ok((await host.get('/me/notifications')).body.items.some((n: { kind: string; link: string }) => n.kind === 'series.paused' && n.link === `/series/${series.id}`));
  const before = paused.occurrences.length;
  await server.db.updateTable('activities').set({ status: 'cancelled' }).where('series_id', '=', series.id).execute();
  await jobs['series.materialize']!({ seriesId: series.id });
  assert.equal((await host.get(`/series/${series.id}`)).body.occurrences.length, before, 'a paused series makes none');
  const resumed = (await host.post(`/series/${series.id}/resume`)).body;
  assert.equal(resumed.paused, false);
  assert.ok(resumed.occurrences.length > before, 'resumed, it makes them again');
});

test('a monthly series keeps its day, the last of a short month when it must; bad input changes nothing', async () => {
  const { monthly } = await actors(server, 'monthly');
  const created = await monthly.post('/series', {
    activity: activityBody({ title: 'Month-end supper', startsAt: '2027-01-31T11:00:00Z', endsAt: '2027-01-31T13:00:00Z', timeZone: 'Asia/Shanghai' }),
    freq: 'monthly',
    until: '2027-03-31',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.occurrences.map((o: { startsAtLocal: string }) => o.startsAtLocal), ['2027-01-31T19:00', '2027-02-28T19:00', '2027-03-31T19:00']);
  assert.equal(errorCode(await monthly.post('/series', { activity: activityBody(), freq: 'daily' })), 'validation_failed');
  assert.equal(errorCode(await monthly.patch(`/series/${created.body.id}`, { from: 999999, title: 'x y z' })), 'validation_failed');
});
