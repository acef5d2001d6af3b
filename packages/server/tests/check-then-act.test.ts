import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createActivity } from './_activities.js';
import { actors, createGroup, errorCode, startTestServer, type TestServer } from './_util.js';

/** Permission checks that guard a write are made inside the write's transaction, under the row's lock. */
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('simultaneous ownership transfers: exactly one wins, and the group keeps one owner', async () => {
  const { olga, ann, ben, cat, dan } = await actors(server, 'olga', 'ann', 'ben', 'cat', 'dan');
  const group = await createGroup(olga, { name: 'Relay Runners' });
  for (const c of [ann, ben, cat, dan]) await c.post(`/groups/${group.id}/join`);
  const replies = await Promise.all([ann, ben, cat, dan].map((c) => olga.post(`/groups/${group.id}/transfer`, { userId: c.id })));
  const statuses = replies.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 403, 403, 403], JSON.stringify(replies.map((r) => r.body)));
  const { rows } = await sql<{ user_id: number }>`select user_id from group_members where group_id = ${group.id} and role = 'owner'`.execute(server.db);
  assert.equal(rows.length, 1);
  const owner = (await server.db.selectFrom('groups').select('owner_id').where('id', '=', group.id).executeTakeFirstOrThrow()).owner_id;
  assert.equal(owner, rows[0]!.user_id);
  assert.equal(owner, replies.find((r) => r.status === 200)!.body.owner.id);
});

test('a demoted admin racing their own demotion cannot moderate after it', async () => {
  const { oona: olga, ada: ann, bert: ben } = await actors(server, 'oona', 'ada', 'bert');
  const group = await createGroup(olga, { name: 'Race Club' });
  for (const c of [ann, ben]) await c.post(`/groups/${group.id}/join`);
  await olga.patch(`/groups/${group.id}/members/${ann.id}`, { role: 'admin' });
  const [demoted, removal] = await Promise.all([
    olga.patch(`/groups/${group.id}/members/${ann.id}`, { role: 'member' }),
    ann.delete(`/groups/${group.id}/members/${ben.id}`),
  ]);
  assert.equal(demoted.status, 200);
  // Either the removal ran before the demotion (and Ben is gone) or after it (and was refused): never a half of each.
  const benStillMember = (await server.db.selectFrom('group_members').select('user_id').where('group_id', '=', group.id).where('user_id', '=', ben.id).executeTakeFirst()) !== undefined;
  assert.equal(removal.status === 204, !benStillMember, `removal ${removal.status}, Ben still a member: ${benStillMember}`);
  // Demoted now: any further removal is refused.
  assert.equal((await ann.delete(`/groups/${group.id}/members/${ben.id}`)).status, 403);
});

test('capacity edits and registrations race: the capacity never drops below the seats taken, and the answer is never a 5xx', async () => {
  const { orla: olga, ...people } = await actors(server, 'orla', 'pia', 'pat', 'pam', 'pete', 'phil', 'penny');
  const activity = await createActivity(olga, { capacity: 6 });
  const members = Object.values(people);
  const results = await Promise.all([
    ...members.map((m) => m.post(`/activities/${activity.id}/registrations`, {})),
    ...[3, 2, 4].map((capacity) => olga.patch(`/activities/${activity.id}`, { capacity })),
  ]);
  for (const r of results) assert.ok(r.status < 500, `${r.status} ${JSON.stringify(r.body)}`);
  const edits = results.slice(members.length);
  for (const e of edits) if (e.status === 400) assert.equal(e.body.error.fields.capacity !== undefined, true, JSON.stringify(e.body));
  const row = await server.db.selectFrom('activities').select(['capacity', 'seats_taken', 'waitlist_count']).where('id', '=', activity.id).executeTakeFirstOrThrow();
  assert.ok(row.seats_taken <= row.capacity, JSON.stringify(row));
  const { rows } = await sql<{ status: string; n: number }>`select status, count(*)::int as n from registrations where activity_id = ${activity.id} group by status`.execute(server.db);
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  assert.equal(count('confirmed'), row.seats_taken);
  assert.equal(count('waitlisted'), row.waitlist_count);
  assert.equal(count('confirmed') + count('waitlisted'), members.length);
});

test('paying with one key from many tabs at once makes one payment and one charge', async () => {
  const { otto: olga, paul } = await actors(server, 'otto', 'paul');
  const activity = await createActivity(olga, { fee: { amount: 5000, currency: 'CNY' } });
  const registration = (await paul.post(`/activities/${activity.id}/registrations`, {})).body;
  assert.equal(registration.status, 'awaiting_payment');
  const replies = await Promise.all(Array.from({ length: 6 }, () => paul.post(`/registrations/${registration.id}/pay`, { idempotencyKey: 'paul-tabs-0001' })));
  for (const r of replies) assert.equal(r.status, 200, JSON.stringify(r.body));
  const payments = await server.db.selectFrom('payments').select(['id', 'provider_charge_id']).where('registration_id', '=', registration.id).execute();
  assert.equal(payments.length, 1);
  assert.ok(payments[0]!.provider_charge_id);
  const charges = await server.db.selectFrom('wallet_charges').select('id').where('idempotency_key', '=', 'paul-tabs-0001').execute();
  assert.equal(charges.length, 1);
  // A different key for the same registration while a payment is live adds nothing; the key is not reusable elsewhere.
  await paul.post(`/registrations/${registration.id}/pay`, { idempotencyKey: 'paul-tabs-0002' });
  assert.equal((await server.db.selectFrom('payments').select('id').where('registration_id', '=', registration.id).execute()).length, 1);
  const other = await createActivity(olga, { fee: { amount: 100, currency: 'CNY' } });
  const second = (await paul.post(`/activities/${other.id}/registrations`, {})).body;
  assert.equal(errorCode(await paul.post(`/registrations/${second.id}/pay`, { idempotencyKey: 'paul-tabs-0001' })), 'conflict');
});

test('a payment whose charge was never created (the server stopped in between) is charged on retry with its key', async () => {
  const { omar: olga, rita } = await actors(server, 'omar', 'rita');
  const activity = await createActivity(olga, { fee: { amount: 2500, currency: 'CNY' } });
  const registration = (await rita.post(`/activities/${activity.id}/registrations`, {})).body;
  await server.db
    .insertInto('payments')
    .values({ activity_id: activity.id, registration_id: registration.id, user_id: rita.id, idempotency_key: 'rita-crash-0001', provider: 'wallet', amount: 2500, currency: 'CNY', status: 'pending' })
    .execute();
  assert.equal((await rita.post(`/registrations/${registration.id}/pay`, { idempotencyKey: 'rita-crash-0001' })).status, 200);
  const payment = await server.db.selectFrom('payments').select('provider_charge_id').where('idempotency_key', '=', 'rita-crash-0001').executeTakeFirstOrThrow();
  assert.ok(payment.provider_charge_id, 'the retry created the charge');
});
