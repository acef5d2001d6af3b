import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jobHandlers } from '../src/jobs/handlers.js';
import { weighByLiveliness } from '../src/features/recommendations/recommendations.views.js';
import { createActivity } from './_activities.js';
import { actors, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const HOUR = 3_600_000;

/** An activity the members registered for, then held (moved into the past) and completed by its job; `came` were checked in. */
async function heldActivity(organizer: Client, members: Client[], came: Client[], overrides: Record<string, unknown> = {}) {
  const activity = await createActivity(organizer, overrides);
  const registrations = new Map<Client, number>();
  for (const m of members) registrations.set(m, (await m.post(`/activities/${activity.id}/registrations`, {})).body.id);
  for (const m of came) assert.equal((await organizer.post(`/activities/${activity.id}/check-in`, { registrationId: registrations.get(m) })).status, 200);
  await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 5 * HOUR), ends_at: new Date(Date.now() - 2 * HOUR) }).where('id', '=', activity.id).execute();
  await jobHandlers(server.ctx)['activity.complete']!({ activityId: activity.id });
  return { activityId: activity.id, registrations };
}

const record = async (member: Client) => (await member.get('/me/attendance')).body;

describe('attendance', () => {
  test('after check-in, whoever was not checked in is a no-show; without any check-in nothing is known until the organizer marks it', async () => {
    const { org, ann, bea, cal } = await actors(server, 'org', 'ann', 'bea', 'cal');
    const held = await heldActivity(org, [ann, bea, cal], [ann, bea]);
    assert.deepEqual((await record(cal)).showUp, { attended: 0, noShows: 1, lateCancellations: 0, rate: 0 });
    assert.deepEqual((await record(ann)).showUp, { attended: 1, noShows: 0, lateCancellations: 0, rate: 1 });
    const [entry] = (await record(cal)).items;
    assert.deepEqual([entry.activity.id, entry.attendance, entry.contested], [held.activityId, 'no_show', false]);

    const unmarked = await heldActivity(org, [ann, bea], []);
    assert.equal((await record(bea)).showUp.attended, 1, 'nobody checked in: not counted');
    assert.equal((await org.put(`/activities/${unmarked.activityId}/attendance/${unmarked.registrations.get(bea)}`, { attended: true })).status, 204);
    assert.equal((await record(bea)).showUp.attended, 2);
    assert.equal((await ann.put(`/activities/${unmarked.activityId}/attendance/${unmarked.registrations.get(bea)}`, { attended: false })).status, 403);
  });

  test('a member contests a no-show; the organizer sees the note and can correct it', async () => {
    const { host, dan, eve } = await actors(server, 'host', 'dan', 'eve');
    const held = await heldActivity(host, [dan, eve], [eve]);
    const danReg = held.registrations.get(dan)!;
    assert.equal(errorCode(await eve.post(`/registrations/${held.registrations.get(eve)}/contest`, { note: 'I came' })), 'conflict', 'only a no-show');
    assert.equal((await eve.post(`/registrations/${danReg}/contest`, { note: 'not mine' })).status, 404);
    assert.equal((await dan.post(`/registrations/${danReg}/contest`, { note: 'I was there, by the gate' })).status, 204);
    const listed = (await host.get(`/activities/${held.activityId}/registrations`)).body.items.find((p: { registrationId: number }) => p.registrationId === danReg);
    assert.deepEqual([listed.attendance, listed.contest.note], ['no_show', 'I was there, by the gate']);
    await host.put(`/activities/${held.activityId}/attendance/${danReg}`, { attended: true });
    assert.deepEqual((await record(dan)).showUp, { attended: 1, noShows: 0, lateCancellations: 0, rate: 1 });
    assert.equal((await record(dan)).items[0].contested, false, 'corrected: the dispute is settled');
  });

  test('cancelling after the cut-off is a late cancellation, counted apart; before it, nothing', async () => {
    const { orga, fay } = await actors(server, 'orga', 'fay');
    const soon = await createActivity(orga, { startsAt: new Date(Date.now() + 10 * HOUR).toISOString(), endsAt: new Date(Date.now() + 12 * HOUR).toISOString(), cancelCutoffHours: 24 });
    const later = await createActivity(orga, { cancelCutoffHours: 24 });
    for (const a of [soon, later]) {
      const reg = (await fay.post(`/activities/${a.id}/registrations`, {})).body;
      const cancelled = (await fay.post(`/registrations/${reg.id}/cancel`)).body;
      assert.equal(cancelled.lateCancel, a === soon);
    }
    assert.deepEqual((await record(fay)).showUp, { attended: 0, noShows: 0, lateCancellations: 1, rate: null });
  });

  test('a minimum show-up rate: refused, asked to wait for approval, or on hold until the last call, once enough is known; the organizer sees the record', async () => {
    const { boss, gil, hal, ivy } = await actors(server, 'boss', 'gil', 'hal', 'ivy');
    // Gil came once and missed twice (33%); Hal missed once (not enough known to judge).
    await heldActivity(boss, [gil, hal], [gil]);
    await heldActivity(boss, [gil, ivy], [ivy]);
    await heldActivity(boss, [gil, ivy], [ivy]);
    assert.deepEqual((await record(gil)).showUp, { attended: 1, noShows: 2, lateCancellations: 0, rate: 1 / 3 });

    const strict = await createActivity(boss, { minShowUpRate: 50, lowShowUp: 'refuse' });
    assert.equal(errorCode(await gil.post(`/activities/${strict.id}/registrations`, {})), 'show_up_too_low');
    assert.equal((await hal.post(`/activities/${strict.id}/registrations`, {})).body.status, 'confirmed', 'one no-show is not enough to judge');
    const careful = await createActivity(boss, { minShowUpRate: 50, lowShowUp: 'approval' });
    assert.equal((await gil.post(`/activities/${careful.id}/registrations`, {})).body.status, 'pending_approval');
    const listed = (await boss.get(`/activities/${careful.id}/registrations`)).body.items;
    assert.deepEqual(listed.map((p: { user: { username: string }; showUp: { noShows: number } }) => [p.user.username, p.showUp.noShows]), [['gil', 2]]);
    // Waitlist first: on hold, outside the queue, until the last call (the cancellation cut-off before the start).
    const first = await createActivity(boss, { minShowUpRate: 50, lowShowUp: 'waitlist', capacity: 2, cancelCutoffHours: 24 });
    const startsAt = Date.parse((await boss.get(`/activities/${first.id}`)).body.startsAt);
    const gilHeld = (await gil.post(`/activities/${first.id}/registrations`, {})).body;
    assert.deepEqual([gilHeld.status, gilHeld.waitlistPosition, Date.parse(gilHeld.heldUntil)], ['waitlisted', null, startsAt - 24 * HOUR]);
    const halSeat = (await hal.post(`/activities/${first.id}/registrations`, {})).body;
    assert.equal(halSeat.status, 'confirmed', 'a free seat goes to a member with a good record though one is held');
    assert.equal((await ivy.post(`/activities/${first.id}/registrations`, {})).body.status, 'confirmed');
    const { jon } = await actors(server, 'jon');
    const jonWaits = (await jon.post(`/activities/${first.id}/registrations`, {})).body;
    assert.deepEqual([jonWaits.status, jonWaits.waitlistPosition], ['waitlisted', 1], 'the one on hold is not ahead in the queue');
    const seats = async () => (await server.db.selectFrom('activities').select(['seats_taken', 'waitlist_count']).where('id', '=', first.id).executeTakeFirstOrThrow());
    assert.deepEqual(await seats(), { seats_taken: 2, waitlist_count: 1 }, 'the held party is not counted in the waitlist');
    // Moving the activity sooner moves the last call; when it comes, the held member joins behind whoever waits.
    const soon = Date.now() + 10 * HOUR;
    assert.equal((await boss.patch(`/activities/${first.id}`, { startsAt: new Date(soon).toISOString(), endsAt: new Date(soon + 2 * HOUR).toISOString() })).status, 200);
    const job = await server.db.selectFrom('jobs').select('run_at').where('kind', '=', 'registration.last-call').where('dedupe_key', '=', String(first.id)).executeTakeFirstOrThrow();
    assert.equal(job.run_at.getTime(), soon - 24 * HOUR);
    await jobHandlers(server.ctx)['registration.last-call']!({ activityId: first.id });
    const mine = async (m: Client) => (await m.get(`/activities/${first.id}`)).body.viewer.registration;
    const gilNow = await mine(gil);
    assert.deepEqual([gilNow.status, gilNow.waitlistPosition, gilNow.heldUntil], ['waitlisted', 2, null]);
    assert.deepEqual(await seats(), { seats_taken: 2, waitlist_count: 2 });
    // A seat freed now goes to the queue in order: Jon first, then Gil.
    assert.equal((await hal.post(`/registrations/${halSeat.id}/cancel`)).status, 200);
    assert.equal((await mine(jon)).status, 'confirmed');
    assert.equal((await boss.patch(`/activities/${first.id}`, { capacity: 3 })).status, 200);
    assert.equal((await mine(gil)).status, 'confirmed');
    // Held and then cancelled: nothing is given back that was never counted.
    const second = await createActivity(boss, { minShowUpRate: 50, lowShowUp: 'waitlist' });
    const again = (await gil.post(`/activities/${second.id}/registrations`, {})).body;
    assert.equal((await gil.post(`/registrations/${again.id}/cancel`)).status, 200);
    assert.deepEqual(await server.db.selectFrom('activities').select(['seats_taken', 'waitlist_count']).where('id', '=', second.id).executeTakeFirstOrThrow(), { seats_taken: 0, waitlist_count: 0 });

    const open = await createActivity(boss);
    await hal.post(`/activities/${open.id}/registrations`, {});
    assert.equal((await boss.get(`/activities/${open.id}/registrations`)).body.items[0].showUp, null, 'an open activity does not see records');
  });
});

describe('after the activity', () => {
  test('the organizer is asked for a recap, participants for feedback; ratings and notes reach only the organizer, unsigned', async () => {
    const { lead, joy, kim, nod } = await actors(server, 'lead', 'joy', 'kim', 'nod');
    const upcoming = await createActivity(lead);
    await joy.post(`/activities/${upcoming.id}/registrations`, {});
    assert.equal(errorCode(await joy.put(`/activities/${upcoming.id}/feedback`, { rating: 5 })), 'conflict', 'not before it ends');
    const held = await heldActivity(lead, [joy, kim, nod], [joy, kim]);
    const told = async (m: Client) => (await m.get('/me/notifications')).body.items.map((n: { kind: string }) => n.kind);
    assert.ok((await told(lead)).includes('activity.recap'));
    assert.ok((await told(joy)).includes('activity.feedback'));
    assert.ok(!(await told(nod)).includes('activity.feedback'), 'not the no-show');

    assert.equal((await joy.put(`/activities/${held.activityId}/feedback`, { rating: 5, note: 'Lovely pace' })).status, 204);
    assert.equal((await joy.put(`/activities/${held.activityId}/feedback`, { rating: 4, note: 'Lovely pace, a bit long' })).status, 204, 'changed, not added');
    const spam = await joy.put(`/activities/${held.activityId}/feedback`, { rating: 1, note: 'Cheaper trips: whatsapp me' });
    assert.deepEqual([spam.status, errorCode(spam), Object.keys(spam.body.error.fields)], [400, 'content_rejected', ['note']], 'a note reaches the organizer alone, so a flagged one is refused');
    assert.equal((await kim.put(`/activities/${held.activityId}/feedback`, { rating: 2 })).status, 204);
    assert.equal((await nod.put(`/activities/${held.activityId}/feedback`, { rating: 1 })).status, 403);
    assert.equal((await lead.put(`/activities/${held.activityId}/feedback`, { rating: 5 })).status, 404, 'not a participant of their own');
    assert.equal(errorCode(await kim.put(`/activities/${held.activityId}/feedback`, { rating: 6 })), 'validation_failed');
    assert.equal((await joy.get(`/activities/${held.activityId}/feedback`)).body.rating, 4);

    const board = (await lead.get('/me/organizer-dashboard')).body;
    const row = board.activities.find((a: { id: number }) => a.id === held.activityId);
    assert.deepEqual([row.confirmed, row.attended, row.noShows, row.feedbackCount, row.averageRating], [3, 2, 1, 2, 3]);
    assert.deepEqual(board.ratings, [0, 1, 0, 1, 0]);
    assert.deepEqual(board.notes.map((n: Record<string, unknown>) => Object.keys(n).sort()), [['activityId', 'createdAt', 'note', 'rating']], 'unsigned');
    assert.deepEqual((await joy.get('/me/organizer-dashboard')).body.activities, [], 'each sees only their own');
    const page = JSON.stringify((await kim.get(`/activities/${held.activityId}`)).body);
    assert.ok(!page.includes('a bit long'), 'never on the activity page');
  });
});

describe('groups ranked by real life', () => {
  test('recent attendance lifts a group; one with no post or activity in 90 days is quiet and ranked below active ones until it wakes', async () => {
    const { big, small, lively, goer } = await actors(server, 'big', 'small', 'lively', 'goer');
    const city = 'Quietville';
    const make = (owner: Client, name: string) => owner.post('/groups', { name, description: `${name} meets`, tags: ['hiking'], city, visibility: 'public', joinPolicy: 'open' }).then((r) => r.body as { id: number });
    const asleep = await make(big, 'Sleepy Hikers');
    const active = await make(small, 'Busy Hikers');
    const attended = await make(lively, 'Going Hikers');
    // The quiet one is older and larger, and its last post is four months old.
    for (const m of Object.values(await actors(server, 'quiet1', 'quiet2', 'quiet3'))) await m.post(`/groups/${asleep.id}/join`);
    const old = new Date(Date.now() - 120 * 24 * HOUR);
    const post = (await big.post(`/groups/${asleep.id}/posts`, { kind: 'discussion', title: 'Long ago', body: 'We used to walk' })).body;
    await server.db.updateTable('posts').set({ created_at: old }).where('id', '=', post.id).execute();
    await server.db.updateTable('groups').set({ created_at: old, last_active_at: old }).where('id', '=', asleep.id).execute();
    await small.post(`/groups/${active.id}/posts`, { kind: 'discussion', title: 'This week', body: 'Who is in?' });
    await goer.post(`/groups/${attended.id}/join`);
    await heldActivity(lively, [goer], [goer], { groupId: attended.id });
    await jobHandlers(server.ctx)['activity.popularity']!({});

    const browse = (await goer.get(`/groups?city=${city}`)).body.items.map((g: { name: string; quiet: boolean; attendedRecently: number }) => [g.name, g.quiet, g.attendedRecently]);
    assert.deepEqual(browse, [
      ['Going Hikers', false, 1],
      ['Busy Hikers', false, 0],
      ['Sleepy Hikers', true, 0],
    ]);
    const found = (await goer.get('/search/groups?q=Hikers')).body.items.filter((g: { name: string }) => g.name.endsWith('Hikers')).map((g: { name: string }) => g.name);
    assert.equal(found.at(-1), 'Sleepy Hikers', 'quiet last in search too');

    // Recommendations weigh it the same way: equal matches, the lively one first and the quiet one last.
    const page = weighByLiveliness(
      [
        { id: 'quiet', group: { quiet: true, attendedRecently: 0 } },
        { id: 'plain', group: { quiet: false, attendedRecently: 0 } },
        { id: 'lively', group: { quiet: false, attendedRecently: 12 } },
      ].map((g) => ({ ...g, score: 0.5 })),
    ).sort((a, b) => b.score - a.score);
    assert.deepEqual(page.map((g) => g.id), ['lively', 'plain', 'quiet']);

    await big.post(`/groups/${asleep.id}/posts`, { kind: 'discussion', title: 'We are back', body: 'Walk on Sunday?' });
    assert.equal((await goer.get(`/groups/${asleep.id}`)).body.quiet, false, 'a new post wakes it at once');
  });
});
