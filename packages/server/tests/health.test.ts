import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { CommunityHealth } from '@kindred/contract';
import { grantFromCommandLine } from '../src/features/moderation/standing.js';
import { jobHandlers } from '../src/jobs/handlers.js';
import { createActivity } from './_activities.js';
import { actors, createGroup, createPost, errorCode, startTestServer, waitUntil, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const day = (time: number) => new Date(time).toISOString().slice(0, 10);
const rollup = () => jobHandlers(server.ctx)['health.rollup']!({});

describe('the community health dashboard', () => {
  test('counts each day of the community, for everyone, a city and an interest, from rollups a job rebuilds; only operators read it', async () => {
    const { opal, amy, ben, cat } = await actors(server, 'opal', 'amy', 'ben', 'cat');
    await grantFromCommandLine(server.db, 'opal', 'operator');
    await waitUntil('opal is an operator', async () => (await opal.get('/me')).body.role === 'operator');
    assert.equal((await amy.patch('/me', { city: 'Hangzhou', interests: [{ tag: 'hiking' }] })).status, 200);
    assert.equal((await ben.patch('/me', { city: 'Chengdu', interests: [{ tag: 'photography' }, { tag: 'hiking' }] })).status, 200);
    // Each member's first request of the day records them as seen; Amy was also seen four days ago.
    await cat.get('/me');
    await waitUntil('everyone is recorded as seen today', async () => {
      const seen = await server.db.selectFrom('member_days').select('user_id').where(sql<boolean>`day = (now() at time zone 'UTC')::date`).execute();
      return [amy.id, ben.id, cat.id, opal.id].every((id) => seen.some((s) => s.user_id === id));
    });
    await server.db.insertInto('member_days').values({ day: day(Date.now() - 4 * DAY), user_id: amy.id }).execute();

    // Amy's hiking group in Hangzhou: a post, Ben's comment; an activity Ben and Cat register for, Ben paying.
    const group = await createGroup(amy, { name: 'West Lake Walkers', city: 'Hangzhou', tags: ['hiking'] });
    const post = await createPost(amy, group.id);
    assert.equal((await ben.post(`/groups/${group.id}/join`)).status, 200);
    assert.equal((await ben.post(`/posts/${post.id}/comments`, { body: 'Count me in' })).status, 201);
    const activity = await createActivity(amy, { groupId: group.id, fee: { amount: 5000, currency: 'CNY' } });
    // Views from members not yet involved (the organizer's own don't count).
    await amy.get(`/activities/${activity.id}`);
    await ben.get(`/activities/${activity.id}`);
    await cat.get(`/activities/${activity.id}`);
    await server.ctx.views.flush();
    const benReg = (await ben.post(`/activities/${activity.id}/registrations`, {})).body;
    assert.equal((await ben.post(`/registrations/${benReg.id}/pay`, { idempotencyKey: 'ben-pays-0001' })).status, 200);
    const charge = await server.db.selectFrom('payments').select('provider_charge_id').where('idempotency_key', '=', 'ben-pays-0001').executeTakeFirstOrThrow();
    await server.ctx.payments.send(await server.ctx.payments.settle(charge.provider_charge_id!));
    const catReg = (await cat.post(`/activities/${activity.id}/registrations`, {})).body;
    // A report Opal resolves.
    assert.equal((await cat.post('/reports', { kind: 'post', id: post.id, reason: 'spam', details: '' })).status, 201);
    assert.equal((await opal.post('/operator/reports/resolve', { target: { kind: 'post', id: post.id }, action: 'dismiss', reason: 'fine' })).status, 200);
    // The activity is held: Ben came, Cat did not.
    const started = Date.now() - 2 * HOUR;
    await server.db.updateTable('activities').set({ starts_at: new Date(started), ends_at: new Date(started + HOUR) }).where('id', '=', activity.id).execute();
    await server.db.updateTable('registrations').set({ attendance: 'attended' }).where('id', '=', benReg.id).execute();
    await server.db.updateTable('registrations').set({ attendance: 'no_show' }).where('id', '=', catReg.id).execute();

    await rollup();
    const health = async (query = '') => {
      const reply = await opal.get(`/operator/health${query}`);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      return reply.body as CommunityHealth;
    };
    const all = await health();
    assert.equal(all.days.length, 30);
    assert.equal(all.to, day(Date.now()));
    assert.ok(all.updatedAt && Date.now() - Date.parse(all.updatedAt) < 60_000);
    const today = all.days.length - 1;
    assert.equal(all.series.activeMembers[today], 4);
    assert.equal(all.series.activeMembers[all.days.indexOf(day(Date.now() - 4 * DAY))], 1);
    assert.equal(all.series.weeklyActiveMembers[today], 4, 'Amy counted once in the week');
    assert.deepEqual(all.series.weeklyActiveMembers.slice(today - 5, today), [0, 1, 1, 1, 1], 'Amy, from the day she was first seen');
    assert.equal(all.series.signups[today], 4);
    assert.deepEqual(
      [all.totals.posts, all.totals.comments, all.totals.activitiesCreated, all.totals.activitiesHeld, all.totals.views, all.totals.registrations, all.totals.paid],
      [1, 1, 1, 1, 2, 2, 1],
    );
    assert.deepEqual([all.totals.attended, all.totals.noShows, all.totals.showUpRate], [1, 1, 0.5]);
    assert.deepEqual([all.totals.reportsOpened, all.totals.reportsResolved], [1, 1]);
    assert.equal(typeof all.totals.resolutionHours, 'number');
    assert.equal(all.series.resolutionHours[today], all.totals.resolutionHours);
    assert.deepEqual(all.cities, [{ key: 'Chengdu', members: 1 }, { key: 'Hangzhou', members: 1 }]);
    assert.deepEqual(all.interests, [{ key: 'hiking', members: 2 }, { key: 'photography', members: 1 }]);

    // A city: its members, and what happened in its groups and activities.
    const hangzhou = await health('?city=Hangzhou');
    assert.equal(hangzhou.city, 'Hangzhou');
    assert.deepEqual([hangzhou.series.activeMembers[today], hangzhou.series.signups[today], hangzhou.totals.posts, hangzhou.totals.registrations], [1, 1, 1, 2]);
    const chengdu = await health('?city=Chengdu');
    assert.deepEqual([chengdu.series.activeMembers[today], chengdu.totals.posts, chengdu.totals.registrations], [1, 0, 0]);
    // An interest: a member with two interests counts in each, and once in all.
    const hiking = await health('?interest=hiking');
    assert.deepEqual([hiking.series.activeMembers[today], hiking.totals.posts, hiking.totals.views, hiking.totals.attended], [2, 1, 2, 1]);
    assert.deepEqual([(await health('?interest=photography')).series.activeMembers[today], (await health('?interest=photography')).totals.posts], [1, 0]);

    // Rebuilding changes nothing; a range of its own days.
    const stored = () => server.db.selectFrom('health_daily').selectAll().orderBy('dimension').orderBy('key').orderBy('day').execute();
    const before = await stored();
    await rollup();
    assert.deepEqual(await stored(), before);
    const week = await health(`?from=${day(Date.now() - 6 * DAY)}&to=${day(Date.now())}`);
    assert.equal(week.days.length, 7);
    assert.equal(week.series.activeMembers[6], 4);

    // Bad ranges and filters are refused; the dashboard is for operators.
    for (const query of ['?from=2026-02-30', '?from=2026-03-01&to=2026-02-01', '?from=2024-01-01&to=2026-01-01', '?city=Hangzhou&interest=hiking', '?from=yesterday']) {
      const reply = await opal.get(`/operator/health${query}`);
      assert.equal(reply.status, 400, query);
      assert.equal(errorCode(reply), 'validation_failed');
    }
    assert.equal((await ben.get('/operator/health')).status, 403);
    assert.equal((await server.client().get('/operator/health')).status, 401);
  });
});
