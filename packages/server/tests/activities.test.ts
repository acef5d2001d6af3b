import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { unbalancedTransactions } from '../src/features/payments/ledger.repository.js';
import { activityBody, createActivity } from './_activities.js';
import { actors, createGroup, errorCode, startTestServer, waitUntil, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const HOUR = 3_600_000;
const count = async (table: 'activities' | 'registrations') =>
  Number((await server.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('organizing', () => {
  test('an activity keeps UTC times with its zone, place, details, fee and policy', async () => {
    const { alice } = await actors(server, 'alice');
    const start = new Date('2030-05-04T01:00:00Z');
    const reply = await alice.post('/activities', activityBody({
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 4 * HOUR).toISOString(),
      fee: { amount: 5000, currency: 'CNY' },
      questions: [{ id: 'diet', text: 'Any allergies?', required: true }],
      refundPolicy: { fullRefundHoursBefore: 48, partialRefundHoursBefore: 12, partialRefundPercent: 50 },
      registrationDeadline: new Date(start.getTime() - 12 * HOUR).toISOString(),
      requiresApproval: false,
    }));
    assert.equal(reply.status, 201);
    const a = reply.body;
    assert.equal(a.startsAt, '2030-05-04T01:00:00.000Z');
    assert.equal(a.startsAtLocal, '2030-05-04T09:00', 'shown in the activity’s zone');
    assert.equal(a.utcOffset, '+08:00');
    assert.equal(a.timeZone, 'Asia/Shanghai');
    assert.deepEqual(a.fee, { amount: 5000, currency: 'CNY' });
    assert.equal(a.seatsLeft, 20);
    assert.deepEqual(a.refundPolicy, { fullRefundHoursBefore: 48, partialRefundHoursBefore: 12, partialRefundPercent: 50 });
    assert.match(a.descriptionHtml, /<strong>north gate<\/strong>/);
    assert.equal(a.viewer.canManage, true);
    assert.equal(a.group, null);
    const ny = await createActivity(alice, { timeZone: 'America/New_York', startsAt: '2030-01-15T15:00:00Z', endsAt: '2030-01-15T17:00:00Z' });
    assert.equal((await alice.get(`/activities/${ny.id}`)).body.startsAtLocal, '2030-01-15T10:00');
  });

  test('bad activity input is refused with a clear 4xx and nothing is stored', async () => {
    const { bob } = await actors(server, 'bob');
    const before = await count('activities');
    const start = Date.now() + 48 * HOUR;
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: new Date(start).toISOString(), endsAt: new Date(start - HOUR).toISOString() }, 'endsAt'],
      [{ fee: { amount: -100, currency: 'CNY' } }, 'fee.amount'],
      [{ fee: { amount: 100, currency: 'yuan' } }, 'fee.currency'],
      [{ capacity: 0 }, 'capacity'],
      [{ place: { name: 'Nowhere', lat: 200, lng: 10 } }, 'place.lat'],
      [{ place: { name: 'Nowhere', lat: 10, lng: -181 } }, 'place.lng'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ startsAt: 'next tuesday' }, 'startsAt'],
      [{ startsAt: new Date(Date.now() - 48 * HOUR).toISOString(), endsAt: new Date(Date.now() - 47 * HOUR).toISOString() }, 'startsAt'],
      [{ registrationDeadline: new Date(start + 100 * HOUR).toISOString() }, 'registrationDeadline'],
      [{ refundPolicy: { fullRefundHoursBefore: -1 } }, 'refundPolicy.fullRefundHoursBefore'],
      [{ refundPolicy: { fullRefundHoursBefore: 24, partialRefundHoursBefore: 48, partialRefundPercent: 50 } }, 'refundPolicy.partialRefundHoursBefore'],
      [{ questions: [{ id: 'a', text: 'x', required: true }, { id: 'a', text: 'y', required: false }] }, 'questions'],
      [{ tags: [] }, 'tags'],
      [{ title: 'x' }, 'title'],
      [{ details: { difficulty: 'extreme', distanceKm: null, durationMinutes: null, gear: [], included: [] } }, 'details.difficulty'],
    ];
    for (const [override, field] of cases) {
      const reply = await bob.post('/activities', activityBody(override));
      assert.equal(reply.status, 400, `${JSON.stringify(override)} → ${reply.status}`);
      assert.equal(errorCode(reply), 'validation_failed');
      assert.ok(reply.body.error.fields?.[field], `${field} in ${JSON.stringify(reply.body.error.fields)}`);
    }
    assert.equal((await server.client().post('/activities', activityBody())).status, 401);
    assert.equal(await count('activities'), before);
  });

  test('a draft is seen by its organizer only until it is published', async () => {
    const { dora, eddie: ed } = await actors(server, 'dora', 'eddie');
    const draft = await createActivity(dora, { status: 'draft', title: 'Secret draft walk' });
    assert.equal((await dora.get(`/activities/${draft.id}`)).body.status, 'draft');
    assert.equal(errorCode(await ed.get(`/activities/${draft.id}`)), 'not_found');
    assert.equal(errorCode(await ed.post(`/activities/${draft.id}/registrations`, {})), 'not_found');
    assert.equal(errorCode(await ed.post(`/activities/${draft.id}/publish`)), 'not_found');
    assert.equal((await dora.post(`/activities/${draft.id}/publish`)).body.status, 'published');
    assert.equal(errorCode(await dora.post(`/activities/${draft.id}/publish`)), 'conflict');
    assert.equal((await ed.get(`/activities/${draft.id}`)).status, 200);
    assert.equal((await dora.post('/activities/abc/publish')).status, 400);
  });

  test('page views by people not involved are counted, in batches; the organizer re-reading is not', async () => {
    const { vera, walt } = await actors(server, 'vera', 'walt');
    const activity = await createActivity(vera, { title: 'Counted walk' });
    const views = async () =>
      (await server.db.selectFrom('activities').select('view_count').where('id', '=', activity.id).executeTakeFirstOrThrow()).view_count;
    const before = await views();
    for (let i = 0; i < 3; i++) assert.equal((await walt.get(`/activities/${activity.id}`)).status, 200);
    assert.equal((await vera.get(`/activities/${activity.id}`)).status, 200);
    await server.ctx.views.flush();
    assert.equal(await views(), before + 3);
  });

  test("only a group's admins organize in its name; private groups' activities are invisible to outsiders", async () => {
    const { carol, dave, erin } = await actors(server, 'carol', 'dave', 'erin');
    const group = await createGroup(carol, { visibility: 'private', joinPolicy: 'approval', name: 'Secret trail club' });
    assert.equal((await dave.post('/activities', activityBody({ groupId: group.id }))).status, 404);
    const activity = await createActivity(carol, { groupId: group.id, place: { name: 'Hidden valley', lat: 40.1, lng: 116.3 } });
    for (const client of [dave, server.client()]) {
      assert.equal(errorCode(await client.get(`/activities/${activity.id}`)), 'not_found');
      assert.equal((await client.get(`/activities/${activity.id}/calendar.ics`)).status, 404);
      const nearby = await client.get('/activities/nearby?lat=40.1&lng=116.3&radiusKm=5');
      assert.ok(!nearby.body.items.some((a: { id: number }) => a.id === activity.id));
    }
    assert.equal((await dave.post(`/activities/${activity.id}/registrations`, {})).status, 404);
    await erin.post(`/groups/${group.id}/join`);
    await carol.post(`/groups/${group.id}/requests/${erin.id}/approve`);
    assert.equal((await erin.get(`/activities/${activity.id}`)).status, 200);
    assert.ok((await erin.get('/activities/nearby?lat=40.1&lng=116.3&radiusKm=5')).body.items.some((a: { id: number }) => a.id === activity.id));
    assert.equal((await erin.get(`/groups/${group.id}/activities`)).body.items[0].id, activity.id);
  });

  test('editing time, place or fee notifies registrants; others cannot edit', async () => {
    const { fay, gil } = await actors(server, 'fay', 'gil');
    const activity = await createActivity(fay);
    await gil.post(`/activities/${activity.id}/registrations`, {});
    assert.equal((await gil.patch(`/activities/${activity.id}`, { title: 'Mine now' })).status, 403);
    const moved = new Date(Date.now() + 96 * HOUR);
    const edited = await fay.patch(`/activities/${activity.id}`, { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + HOUR).toISOString() });
    assert.equal(edited.status, 200);
    const inbox = await gil.get('/me/notifications');
    assert.equal(inbox.body.items[0].kind, 'activity.changed');
    assert.deepEqual(
      inbox.body.items[0].data.changes.map((c: { field: string; before: string; after: string }) => [c.field, c.before, c.after]),
      [['time', (activity as unknown as { startsAt: string }).startsAt, moved.toISOString()]],
      'what changed, before → after',
    );
    assert.equal(inbox.body.items[0].link, `/activities/${activity.id}`);
    assert.equal(inbox.body.unread, 1);
    // Resending the same time and place is not a change.
    const same = (await fay.get(`/activities/${activity.id}`)).body;
    await fay.patch(`/activities/${activity.id}`, { startsAt: same.startsAt, endsAt: same.endsAt, place: same.place, title: 'New title' });
    assert.equal((await gil.get('/me/notifications')).body.unread, 1);
    assert.equal((await fay.post('/me/notifications/read')).status, 204);
    assert.equal((await gil.post('/me/notifications/read')).status, 204);
    assert.equal((await gil.get('/me/notifications')).body.unread, 0);
    assert.equal((await server.client().post('/me/notifications/read')).status, 401);
    assert.equal((await gil.get('/me/notifications?cursor=zzz')).status, 400);
    assert.equal((await fay.patch(`/activities/${activity.id}`, { capacity: 0 })).status, 400);
    assert.equal((await fay.patch(`/activities/${activity.id}`, { endsAt: new Date(moved.getTime() - HOUR).toISOString() })).status, 400);
  });
});

describe('registering', () => {
  test('free activity: confirmed at once, a check-in code, the organizer checks in, exports, and sees answers', async () => {
    const { hana, ivan, jack } = await actors(server, 'hana', 'ivan', 'jack');
    const activity = await createActivity(hana, { questions: [{ id: 'tshirt', text: 'T-shirt size, please', required: true }] });
    const missing = await ivan.post(`/activities/${activity.id}/registrations`, {});
    assert.equal(missing.status, 400);
    assert.ok(missing.body.error.fields['answers.tshirt']);
    assert.equal((await ivan.post(`/activities/${activity.id}/registrations`, { answers: { tshirt: 'M', extra: 'x' } })).status, 400);
    const reg = await ivan.post(`/activities/${activity.id}/registrations`, { answers: { tshirt: '=HYPERLINK("x")' } });
    assert.equal(reg.status, 201);
    assert.equal(reg.body.status, 'confirmed');
    assert.match(reg.body.checkInCode, /^[A-Z2-9]{6}$/);
    assert.equal(errorCode(await ivan.post(`/activities/${activity.id}/registrations`, { answers: { tshirt: 'M' } })), 'conflict');
    // Organizer-only views.
    for (const path of [`/activities/${activity.id}/registrations`, `/activities/${activity.id}/registrations.csv`]) {
      assert.equal((await jack.get(path)).status, 403, path);
      assert.equal((await ivan.get(path)).status, 403, path);
    }
    assert.equal((await jack.post(`/activities/${activity.id}/check-in`, { code: reg.body.checkInCode })).status, 403);
    const list = await hana.get(`/activities/${activity.id}/registrations`);
    assert.deepEqual(list.body.items[0].answers, { tshirt: '=HYPERLINK("x")' });
    assert.equal((await hana.post(`/activities/${activity.id}/check-in`, { code: 'WRONG1' })).status, 404);
    assert.equal((await hana.post(`/activities/${activity.id}/check-in`, { code: reg.body.checkInCode.toLowerCase() })).status, 200);
    assert.equal((await hana.post(`/activities/${activity.id}/check-in`, { registrationId: reg.body.id, checkedIn: false })).status, 200);
    assert.equal((await hana.get(`/activities/${activity.id}/registrations`)).body.items[0].checkedIn, false);
    await hana.post(`/activities/${activity.id}/check-in`, { registrationId: reg.body.id });
    const csv = await hana.get(`/activities/${activity.id}/registrations.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(csv.body, /"ivan","Ivan","confirmed","","","0","CNY","true"/);
    assert.match(csv.body, /"'=HYPERLINK\(""x""\)"/, 'formulas are neutralised');
    const ics = await ivan.get(`/activities/${activity.id}/calendar.ics`);
    assert.match(ics.body, /BEGIN:VEVENT[\s\S]*SUMMARY:Fragrant Hills sunrise hike[\s\S]*END:VEVENT/);
    assert.match(ics.body, /DTSTART:\d{8}T\d{6}Z/);
    const mine = await ivan.get('/me/activities?tab=upcoming');
    assert.deepEqual(mine.body.items.map((a: { id: number }) => a.id), [activity.id]);
  });

  test('full activity: a waitlist in order, promotion when a seat frees up', async () => {
    const { kate } = await actors(server, 'kate');
    const people = await actors(server, 'wait1', 'wait2', 'wait3', 'wait4');
    const activity = await createActivity(kate, { capacity: 2 });
    const regs = [];
    for (const p of Object.values(people)) regs.push((await p.post(`/activities/${activity.id}/registrations`, {})).body);
    assert.deepEqual(regs.map((r) => r.status), ['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    assert.deepEqual(regs.map((r) => r.waitlistPosition), [null, null, 1, 2]);
    // Registering again, seated or waitlisted, is refused and takes no second place.
    for (const again of [people.wait1, people.wait3]) assert.equal(errorCode(await again.post(`/activities/${activity.id}/registrations`, {})), 'conflict');
    const full = (await kate.get(`/activities/${activity.id}`)).body;
    assert.equal(full.seatsLeft, 0);
    assert.equal(full.waitlistCount, 2);
    const cancelled = await people.wait1.post(`/registrations/${regs[0].id}/cancel`);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal(errorCode(await people.wait1.post(`/registrations/${regs[0].id}/cancel`)), 'conflict');
    assert.equal((await people.wait3.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'confirmed');
    assert.equal((await people.wait4.get(`/activities/${activity.id}`)).body.viewer.registration.waitlistPosition, 1);
    const inbox = await people.wait3.get('/me/notifications');
    assert.equal(inbox.body.items[0].kind, 'registration.promoted');
    assert.equal((await people.wait4.post(`/registrations/${regs[0].id}/cancel`)).status, 404, 'not your registration');
    const row = await server.db.selectFrom('activities').select(['seats_taken', 'waitlist_count']).where('id', '=', activity.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { seats_taken: 2, waitlist_count: 1 });
  });

  test('approval: the organizer approves or rejects', async () => {
    const { lily, mia, noah } = await actors(server, 'lily', 'mia', 'noah');
    const activity = await createActivity(lily, { requiresApproval: true });
    const a = (await mia.post(`/activities/${activity.id}/registrations`, {})).body;
    const b = (await noah.post(`/activities/${activity.id}/registrations`, {})).body;
    assert.equal(a.status, 'pending_approval');
    assert.equal((await mia.post(`/registrations/${b.id}/approve`)).status, 403);
    assert.equal((await lily.post(`/registrations/${a.id}/approve`)).status, 204);
    assert.equal((await lily.post(`/registrations/${b.id}/reject`)).status, 204);
    assert.equal(errorCode(await lily.post(`/registrations/${b.id}/approve`)), 'conflict');
    assert.equal((await mia.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'confirmed');
    assert.equal((await noah.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'rejected');
  });
});

describe('paying', () => {
  test('pay with an idempotency key; the signed webhook confirms; retries and duplicates change nothing', async () => {
    const { olga, paul } = await actors(server, 'olga', 'paul');
    const activity = await createActivity(olga, { fee: { amount: 8800, currency: 'CNY' }, capacity: 5 });
    const reg = (await paul.post(`/activities/${activity.id}/registrations`, {})).body;
    assert.equal(reg.status, 'awaiting_payment');
    assert.ok(reg.paymentDeadline);
    const paid = await paul.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'paul-key-0001' });
    assert.equal(paid.status, 200);
    assert.equal(paid.body.paymentStatus, 'pending');
    // A retry with the same key, and one with a new key, take no second charge.
    await paul.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'paul-key-0001' });
    await paul.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'paul-key-0002' });
    const charges = await server.db.selectFrom('wallet_charges').selectAll().execute();
    assert.equal(charges.length, 1);
    assert.equal((await paul.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'bad key!' })).status, 400);
    // A forged webhook is refused.
    const forged = await fetch(`${server.url}/api/v1/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kindred-signature': 't=1,v1=00' },
      body: JSON.stringify({ eventId: 'x', chargeId: charges[0]!.id, status: 'succeeded', occurredAt: new Date().toISOString() }),
    });
    assert.equal(forged.status, 401);
    const event = await server.ctx.payments.settle(charges[0]!.id);
    assert.equal(await server.ctx.payments.send(event), 200);
    assert.equal(await server.ctx.payments.send(event), 200, 'a duplicate is accepted and ignored');
    const confirmed = (await paul.get(`/activities/${activity.id}`)).body.viewer.registration;
    assert.equal(confirmed.status, 'confirmed');
    assert.equal(confirmed.amountPaid, 8800);
    assert.equal(confirmed.paymentStatus, 'succeeded');
    const entries = await server.db.selectFrom('ledger_transactions').selectAll().where('kind', '=', 'charge').execute();
    assert.equal(entries.length, 1);
    assert.deepEqual(await unbalancedTransactions(server.db), []);
  });

  test('a failed charge shows as failed; paying again with a new key can succeed', async () => {
    const { owen, pia } = await actors(server, 'owen', 'pia');
    const activity = await createActivity(owen, { fee: { amount: 500, currency: 'CNY' } });
    const reg = (await pia.post(`/activities/${activity.id}/registrations`, {})).body;
    await pia.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'pia-attempt-1' });
    const first = await server.db.selectFrom('payments').select('provider_charge_id').where('idempotency_key', '=', 'pia-attempt-1').executeTakeFirstOrThrow();
    server.ctx.payments.options.decide = () => 'failed';
    try {
      await server.ctx.payments.send(await server.ctx.payments.settle(first.provider_charge_id!));
    } finally {
      delete server.ctx.payments.options.decide;
    }
    const failed = (await pia.get(`/activities/${activity.id}`)).body.viewer.registration;
    assert.equal(failed.status, 'awaiting_payment');
    assert.equal(failed.paymentStatus, 'failed');
    assert.equal((await pia.get('/me/notifications')).body.items[0].kind, 'payment.failed');
    await pia.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'pia-attempt-2' });
    const second = await server.db.selectFrom('payments').select('provider_charge_id').where('idempotency_key', '=', 'pia-attempt-2').executeTakeFirstOrThrow();
    await server.ctx.payments.send(await server.ctx.payments.settle(second.provider_charge_id!));
    const ok = (await pia.get(`/activities/${activity.id}`)).body.viewer.registration;
    assert.equal(ok.status, 'confirmed');
    assert.equal(ok.paymentStatus, 'succeeded');
  });

  test('cancelling refunds by the policy: full, partial, none; a double cancel refunds once', async () => {
    const { quin } = await actors(server, 'quin');
    const payers = await actors(server, 'early', 'middle', 'late');
    const policy = { fullRefundHoursBefore: 72, partialRefundHoursBefore: 24, partialRefundPercent: 50 };
    const cases: [keyof typeof payers, number, number][] = [
      ['early', 100, 10000],
      ['middle', 48, 5000],
      ['late', 10, 0],
    ];
    for (const [name, hoursAhead, expectedRefund] of cases) {
      const start = new Date(Date.now() + hoursAhead * HOUR);
      const activity = await createActivity(quin, { fee: { amount: 10000, currency: 'CNY' }, refundPolicy: policy, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString() });
      const client = payers[name];
      const reg = (await client.post(`/activities/${activity.id}/registrations`, {})).body;
      await client.post(`/registrations/${reg.id}/pay`, { idempotencyKey: `key-${name}-000` });
      const charge = await server.db.selectFrom('payments').select('provider_charge_id').where('registration_id', '=', reg.id).executeTakeFirstOrThrow();
      await server.ctx.payments.send(await server.ctx.payments.settle(charge.provider_charge_id!));
      const [first, second] = await Promise.all([client.post(`/registrations/${reg.id}/cancel`), client.post(`/registrations/${reg.id}/cancel`)]);
      assert.deepEqual([first.status, second.status].sort(), [200, 409]);
      const after = (await client.get(`/activities/${activity.id}`)).body.viewer.registration;
      assert.equal(after.amountRefunded, expectedRefund, name);
      const refunds = await server.db.selectFrom('ledger_transactions').select('id').where('kind', '=', 'refund').where('reference', '=', `payment:${(await server.db.selectFrom('payments').select('id').where('registration_id', '=', reg.id).executeTakeFirstOrThrow()).id}`).execute();
      assert.equal(refunds.length, expectedRefund > 0 ? 1 : 0);
      // The member is told of a refund, with its amount.
      const told = (await client.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'payment.refunded');
      assert.deepEqual(
        told.map((n: { data: { amount: number; currency: string }; link: string }) => [n.data.amount, n.data.currency, n.link]),
        expectedRefund > 0 ? [[expectedRefund, 'CNY', `/activities/${activity.id}`]] : [],
        name,
      );
    }
    assert.deepEqual(await unbalancedTransactions(server.db), []);
  });

  test('the organizer cancels: everyone is refunded in full; a late payment for a cancelled seat is refunded too', async () => {
    const { rosa, sven, tara } = await actors(server, 'rosa', 'sven', 'tara');
    const activity = await createActivity(rosa, { fee: { amount: 3000, currency: 'CNY' }, refundPolicy: { fullRefundHoursBefore: 0 } });
    const s = (await sven.post(`/activities/${activity.id}/registrations`, {})).body;
    const t = (await tara.post(`/activities/${activity.id}/registrations`, {})).body;
    await sven.post(`/registrations/${s.id}/pay`, { idempotencyKey: 'sven-pays-1' });
    await tara.post(`/registrations/${t.id}/pay`, { idempotencyKey: 'tara-pays-1' });
    const chargeOf = async (id: number) => (await server.db.selectFrom('payments').select('provider_charge_id').where('registration_id', '=', id).executeTakeFirstOrThrow()).provider_charge_id!;
    await server.ctx.payments.send(await server.ctx.payments.settle(await chargeOf(s.id)));
    assert.equal((await sven.post(`/activities/${activity.id}/cancel`)).status, 403);
    const cancelled = await rosa.post(`/activities/${activity.id}/cancel`);
    assert.equal(cancelled.body.status, 'cancelled');
    // Tara's payment succeeds only now, after the cancellation: it is refunded in full.
    await server.ctx.payments.send(await server.ctx.payments.settle(await chargeOf(t.id)));
    for (const [client, reg] of [[sven, s], [tara, t]] as const) {
      const r = (await client.get(`/activities/${activity.id}`)).body.viewer.registration;
      assert.equal(r.status, 'cancelled');
      assert.equal(r.amountPaid, 3000);
      assert.equal(r.amountRefunded, 3000, `registration ${reg.id}`);
    }
    assert.equal(errorCode(await sven.post(`/activities/${activity.id}/registrations`, {})), 'conflict');
    assert.deepEqual(await unbalancedTransactions(server.db), []);
  });

  test('an unpaid seat expires at its deadline and goes to the next in line', async () => {
    const { uma, vic, wes } = await actors(server, 'uma', 'vic', 'wes');
    const activity = await createActivity(uma, { fee: { amount: 1000, currency: 'CNY' }, capacity: 1 });
    const v = (await vic.post(`/activities/${activity.id}/registrations`, {})).body;
    const w = (await wes.post(`/activities/${activity.id}/registrations`, {})).body;
    assert.equal(w.status, 'waitlisted');
    // The deadline passes; the background job (running every 200 ms in tests) releases the seat.
    await server.db.updateTable('registrations').set({ payment_deadline: new Date(Date.now() - 1000) }).where('id', '=', v.id).execute();
    await server.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('kind', '=', 'registration.expire').where('dedupe_key', '=', String(v.id)).execute();
    let status = '';
    for (let i = 0; i < 50 && status !== 'awaiting_payment'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await wes.get(`/activities/${activity.id}`)).body.viewer.registration.status;
    }
    assert.equal(status, 'awaiting_payment');
    assert.equal((await vic.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'expired');
  });
});

describe('finding activities nearby', () => {
  test('radius, distance and popularity order, and filters', async () => {
    const { xiu } = await actors(server, 'xiu');
    const base = { lat: 31.23, lng: 121.47 };
    const at = (dLatKm: number) => ({ name: `Spot ${dLatKm} km`, lat: base.lat + dLatKm / 111.195, lng: base.lng });
    const day = (d: number) => {
      const s = new Date(Date.now() + d * 24 * HOUR);
      return { startsAt: s.toISOString(), endsAt: new Date(s.getTime() + 2 * HOUR).toISOString() };
    };
    const near = await createActivity(xiu, { title: 'Near paid cycling', tags: ['cycling'], place: at(1), fee: { amount: 2000, currency: 'CNY' }, ...day(3) });
    const mid = await createActivity(xiu, { title: 'Mid free hike', tags: ['hiking'], place: at(5), ...day(2) });
    const far = await createActivity(xiu, { title: 'Far free hike', tags: ['hiking'], place: at(20), capacity: 1, ...day(1) });
    const outside = await createActivity(xiu, { title: 'Outside', tags: ['hiking'], place: at(40), ...day(1) });
    const ids = async (query: string) =>
      (await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&${query}`)).body.items.map((a: { id: number }) => a.id);
    assert.deepEqual(await ids('radiusKm=30&sort=distance'), [near.id, mid.id, far.id]);
    assert.ok(!(await ids('radiusKm=30')).includes(outside.id));
    assert.deepEqual(await ids('radiusKm=30&sort=distance&interest=hiking'), [mid.id, far.id]);
    assert.deepEqual(await ids('radiusKm=30&sort=distance&free=true'), [mid.id, far.id]);
    assert.deepEqual(await ids('radiusKm=30&sort=distance&free=false'), [near.id]);
    assert.deepEqual(await ids('radiusKm=30&sort=distance&maxFee=1999&currency=CNY'), [mid.id, far.id]);
    assert.deepEqual(await ids('radiusKm=30&sort=distance&maxFee=2000&currency=CNY'), [near.id, mid.id, far.id]);
    // A fee is compared only with fees in its currency: $15 is not "at most ¥20".
    const dollars = await createActivity(xiu, { title: 'Near paid in dollars', tags: ['cycling'], place: at(2), fee: { amount: 1500, currency: 'USD' }, ...day(3) });
    assert.deepEqual(await ids('radiusKm=30&sort=distance&maxFee=2000&currency=CNY'), [near.id, mid.id, far.id]);
    assert.deepEqual(await ids('radiusKm=30&sort=distance&maxFee=2000&currency=USD'), [dollars.id, mid.id, far.id]);
    const noCurrency = await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&maxFee=2000`);
    assert.deepEqual([noCurrency.status, noCurrency.body.error?.fields?.currency !== undefined], [400, true], JSON.stringify(noCurrency.body));
    assert.equal((await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&maxFee=2000&currency=usd`)).status, 400);
    assert.equal((await xiu.post(`/activities/${dollars.id}/cancel`)).status, 200, 'out of the way of what follows');
    const { yan } = await actors(server, 'yan');
    await yan.post(`/activities/${far.id}/registrations`, {});
    assert.deepEqual(await ids('radiusKm=30&sort=distance&hasSeats=true'), [near.id, mid.id]);
    const item = (await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&radiusKm=2&sort=distance`)).body.items[0];
    assert.equal(item.distanceKm, 1);
    // Popularity: registrations count; the full one (1 of 1, starting soonest) outranks equally empty ones.
    const popular = await ids('radiusKm=30&sort=popular');
    assert.equal(popular[0], far.id);
    // Pages by cursor, every item once.
    const first = await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&radiusKm=30&limit=2&sort=popular`);
    const second = await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&radiusKm=30&limit=2&sort=popular&cursor=${first.body.nextCursor}`);
    assert.deepEqual([...first.body.items, ...second.body.items].map((a: { id: number }) => a.id).sort(), [near.id, mid.id, far.id].sort());
    for (const bad of ['lat=200&lng=0', 'lat=0&lng=190', 'lat=0&lng=0&radiusKm=0', 'lat=0&lng=0&radiusKm=9999', 'lat=0&lng=0&when=someday', 'lng=0', 'lat=0&lng=0&timeZone=Nowhere/Land', 'lat=0&lng=0&cursor=abc']) {
      const reply = await server.client().get(`/activities/nearby?${bad}`);
      assert.equal(reply.status, 400, bad);
      assert.equal(errorCode(reply), 'validation_failed');
    }
    assert.equal((await server.client().get(`/activities/nearby?lat=${base.lat}&lng=${base.lng}&radiusKm=30&when=today&timeZone=Asia/Shanghai`)).status, 200);
  });
});

describe('completion', () => {
  test('after the end the activity completes and escrow is paid out to the organizer', async () => {
    const { zoe, amy } = await actors(server, 'zoe', 'amy');
    const start = new Date(Date.now() + 2 * HOUR);
    const activity = await createActivity(zoe, { fee: { amount: 4200, currency: 'CNY' }, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString() });
    const reg = (await amy.post(`/activities/${activity.id}/registrations`, {})).body;
    await amy.post(`/registrations/${reg.id}/pay`, { idempotencyKey: 'amy-pays-01' });
    const charge = await server.db.selectFrom('payments').select('provider_charge_id').where('registration_id', '=', reg.id).executeTakeFirstOrThrow();
    await server.ctx.payments.send(await server.ctx.payments.settle(charge.provider_charge_id!));
    // Time passes: move the activity into the past and let the completion job run.
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 3 * HOUR), ends_at: new Date(Date.now() - 2 * HOUR) }).where('id', '=', activity.id).execute();
    await server.db.updateTable('jobs').set({ run_at: new Date(Date.now() - 1000) }).where('kind', '=', 'activity.complete').where('dedupe_key', '=', String(activity.id)).execute();
    let status = '';
    for (let i = 0; i < 50 && status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await zoe.get(`/activities/${activity.id}`)).body.status;
    }
    assert.equal(status, 'completed');
    const { balance } = await import('../src/features/payments/ledger.repository.js');
    assert.equal(await balance(server.db, `organizer_payable:${zoe.id}`), -4200);
    assert.equal(await balance(server.db, `activity_escrow:${activity.id}`), 0);
    assert.equal((await amy.get('/me/activities?tab=past')).body.items[0].id, activity.id);
  });
});

describe('reminders', () => {
  test('a reminder scheduled before a restart is sent after it', async () => {
    const { restartTestServer } = await import('./_util.js');
    const first = await startTestServer({ jobIntervalMs: 60_000 });
    const { org, goer } = await actors(first, 'org', 'goer');
    // Starts a little over 24 hours from now: the 24-hour reminder is due in ~2 s.
    const start = new Date(Date.now() + 24 * HOUR + 2000);
    const activity = await createActivity(org, { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + HOUR).toISOString() });
    await goer.post(`/activities/${activity.id}/registrations`, {});
    const job = await first.db.selectFrom('jobs').selectAll().where('kind', '=', 'activity.remind').where('dedupe_key', '=', `${activity.id}:24`).executeTakeFirstOrThrow();
    assert.equal(job.done_at, null);
    // The server goes down before the reminder is due (its runner polls only every minute).
    await first.stop({ keepData: true });
    await new Promise((r) => setTimeout(r, 2500));
    const second = await restartTestServer(first, { jobIntervalMs: 100 });
    try {
      let kinds: string[] = [];
      // Generous: on a loaded machine the runner may first be busy with the start-up jobs.
      for (let i = 0; i < 200 && !kinds.includes('activity.reminder'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        const rows = await second.db.selectFrom('notifications').select('kind').where('user_id', '=', goer.id).execute();
        kinds = rows.map((r) => r.kind);
      }
      assert.ok(kinds.includes('activity.reminder'), 'the reminder reached the member');
      // The job is marked done after its work commits: wait for that too.
      await waitUntil('the reminder job is done', async () => (await second.db.selectFrom('jobs').select('done_at').where('id', '=', job.id).executeTakeFirstOrThrow()).done_at !== null);
    } finally {
      await second.stop();
    }
  });
});
