import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unbalancedTransactions, balance } from '../src/features/payments/ledger.repository.js';
import { createActivity } from './_activities.js';
import { actors, bulkMembers, startTestServer, type TestServer } from './_util.js';

// Runs on both databases; on PostgreSQL the 500 transactions really race for the row lock.
let server: TestServer;
before(async () => {
  // All at once (up to 1000), even on the embedded database (whose admission gate would otherwise turn most away with 503)
  // and on a busy PostgreSQL, where the last in the row lock's queue wait longer than a request usually would for a connection.
  server = await startTestServer({ dbQueueLimit: 1200, dbWaitMs: 120_000 });
});
after(() => server.stop());

const FEE = 1500;

/** Counts are of people (a member and their guests); the next in line waits only because their party does not fit. */
async function invariants(activityId: number) {
  const activity = await server.db.selectFrom('activities').select(['capacity', 'seats_taken', 'waitlist_count']).where('id', '=', activityId).executeTakeFirstOrThrow();
  const regs = await server.db.selectFrom('registrations').select(['id', 'status', 'queued_at', 'guest_names']).where('activity_id', '=', activityId).orderBy('queued_at').orderBy('id').execute();
  const people = (list: typeof regs) => list.reduce((sum, r) => sum + 1 + r.guest_names.length, 0);
  const holding = people(regs.filter((r) => r.status === 'confirmed' || r.status === 'awaiting_payment'));
  const queue = regs.filter((r) => r.status === 'waitlisted');
  assert.equal(activity.seats_taken, holding, 'seats_taken counts the people seated');
  assert.ok(holding <= activity.capacity, 'never oversold');
  assert.equal(activity.waitlist_count, people(queue));
  if (queue.length > 0) assert.ok(holding + 1 + queue[0]!.guest_names.length > activity.capacity, 'no one waits whose party fits');
  assert.deepEqual(await unbalancedTransactions(server.db), []);
  return { activity, regs };
}

test('500 simultaneous registrations for 20 seats: exactly 20 seated, 480 waitlisted in arrival order, ledger balanced', async () => {
  const { organizer } = await actors(server, 'organizer');
  const activity = await createActivity(organizer, { capacity: 20, fee: { amount: FEE, currency: 'CNY' } });
  const members = await bulkMembers(server, 'racer', 500);
  const replies = await Promise.all(members.map((m) => m.post(`/activities/${activity.id}/registrations`, {})));
  assert.deepEqual([...new Set(replies.map((r) => r.status))], [201]);
  const seated = replies.filter((r) => r.body.status === 'awaiting_payment');
  const waitlisted = replies.filter((r) => r.body.status === 'waitlisted');
  assert.equal(seated.length, 20);
  assert.equal(waitlisted.length, 480);
  // Waitlist positions are 1..480 and follow the order in which registrations took the lock.
  const { regs } = await invariants(activity.id);
  const queue = regs.filter((r) => r.status === 'waitlisted').map((r) => r.id);
  const byPosition = waitlisted.map((r) => r.body).sort((a, b) => a.waitlistPosition - b.waitlistPosition);
  assert.deepEqual(byPosition.map((r) => r.waitlistPosition), Array.from({ length: 480 }, (_, i) => i + 1));
  assert.deepEqual(byPosition.map((r) => r.id), queue);
  // Everyone seated is earlier in the queue than everyone waiting.
  const lastSeated = Math.max(...regs.filter((r) => r.status !== 'waitlisted').map((r) => regs.indexOf(r)));
  assert.equal(lastSeated, 19);

  // The 20 pay at once, half of them retrying with the same key; each webhook arrives twice.
  const payers = members.filter((_, i) => replies[i]!.body.status === 'awaiting_payment');
  await Promise.all(
    payers.flatMap((m, i) => {
      const id = replies[members.indexOf(m)]!.body.id;
      const pay = () => m.post(`/registrations/${id}/pay`, { idempotencyKey: `race-${id}-key` });
      return i % 2 ? [pay(), pay()] : [pay()];
    }),
  );
  const charges = await server.db.selectFrom('payments').select(['provider_charge_id']).where('status', '=', 'pending').execute();
  assert.equal(charges.length, 20, 'one charge per seat');
  const events = await Promise.all(charges.map((c) => server.ctx.payments.settle(c.provider_charge_id!)));
  await Promise.all([...events, ...events].map((e) => server.ctx.payments.send(e)));
  const confirmed = await server.db.selectFrom('registrations').select('id').where('activity_id', '=', activity.id).where('status', '=', 'confirmed').execute();
  assert.equal(confirmed.length, 20);
  assert.equal(await balance(server.db, `activity_escrow:${activity.id}`), -20 * FEE);
  assert.equal(await balance(server.db, 'provider_cash:CNY'), 20 * FEE);
  await invariants(activity.id);

  // Cancellations and new registrations interleaved: promotions fill seats in queue order.
  const cancelling = [...payers.slice(0, 6), ...members.filter((_, i) => replies[i]!.body.status === 'waitlisted').slice(10, 16)];
  const latecomers = await bulkMembers(server, 'late', 30);
  const waitingBefore = queue.slice(0, 20);
  await Promise.all([
    ...cancelling.map((m) => m.post(`/registrations/${replies[members.indexOf(m)]!.body.id}/cancel`)),
    ...latecomers.map((m) => m.post(`/activities/${activity.id}/registrations`, {})),
  ]);
  const after = await invariants(activity.id);
  assert.equal(after.activity.seats_taken, 20);
  const promoted = after.regs.filter((r) => r.status === 'awaiting_payment').map((r) => r.id);
  assert.equal(promoted.length, 6);
  // The promoted are the first six of the old queue who did not cancel.
  const cancelledIds = new Set(cancelling.map((m) => replies[members.indexOf(m)]!.body.id));
  assert.deepEqual(promoted.sort((a, b) => a - b), waitingBefore.filter((id) => !cancelledIds.has(id)).slice(0, 6).sort((a, b) => a - b));
  // Refunds for the six paid cancellations, exactly once each.
  const refunds = await server.db.selectFrom('ledger_transactions').select('id').where('kind', '=', 'refund').execute();
  assert.equal(refunds.length, 6);
  assert.equal(await balance(server.db, `activity_escrow:${activity.id}`), -14 * FEE);
});

test('guests: 1000 members with up to two guests each race for 100 seats; seats count people, no one is oversold or skipped, and a cancellation seats the next party that fits', async () => {
  const { host } = await actors(server, 'host');
  const activity = await createActivity(host, { capacity: 100, maxGuests: 2, fee: { amount: FEE, currency: 'CNY' } });
  const members = await bulkMembers(server, 'party', 1000);
  const guestsOf = (i: number) => Array.from({ length: i % 3 }, (_, g) => `Guest ${i}-${g}`);
  const replies = await Promise.all(members.map((m, i) => m.post(`/activities/${activity.id}/registrations`, { guests: guestsOf(i) })));
  assert.deepEqual([...new Set(replies.map((r) => r.status))], [201]);
  const { regs } = await invariants(activity.id);
  assert.deepEqual(replies.filter((r) => r.body.guests.length > 0).length, 666, 'the guests are on the registrations');
  // Seated parties came before every waiting one.
  const firstWaiting = regs.findIndex((r) => r.status === 'waitlisted');
  assert.ok(regs.slice(firstWaiting).every((r) => r.status === 'waitlisted'), 'no party is seated behind a waiting one');

  // A party pays for everyone in it.
  const seated = replies.find((r) => r.body.status === 'awaiting_payment' && r.body.guests.length === 2)!;
  const payer = members[replies.indexOf(seated)]!;
  await payer.post(`/registrations/${seated.body.id}/pay`, { idempotencyKey: `party-${seated.body.id}-key` });
  const payment = await server.db.selectFrom('payments').select('amount').where('registration_id', '=', seated.body.id).executeTakeFirstOrThrow();
  assert.equal(payment.amount, 3 * FEE);

  // Cancellations race new registrations; the invariants hold after.
  const leaving = replies.map((r, i) => ({ r, m: members[i]! })).filter(({ r }) => r.body.status === 'awaiting_payment').slice(0, 5);
  const latecomers = await bulkMembers(server, 'lateparty', 20);
  await Promise.all([
    ...leaving.map(({ r, m }) => m.post(`/registrations/${r.body.id}/cancel`)),
    ...latecomers.map((m, i) => m.post(`/activities/${activity.id}/registrations`, { guests: guestsOf(i) })),
  ]);
  await invariants(activity.id);

  // Too many guests, or a blank name, is refused and changes nothing.
  const [extra] = await bulkMembers(server, 'toomany', 1);
  const before = await server.db.selectFrom('activities').select(['seats_taken', 'waitlist_count']).where('id', '=', activity.id).executeTakeFirstOrThrow();
  assert.equal((await extra!.post(`/activities/${activity.id}/registrations`, { guests: ['A', 'B', 'C'] })).status, 400);
  assert.equal((await extra!.post(`/activities/${activity.id}/registrations`, { guests: [' '] })).status, 400);
  assert.deepEqual(await server.db.selectFrom('activities').select(['seats_taken', 'waitlist_count']).where('id', '=', activity.id).executeTakeFirstOrThrow(), before);
});
