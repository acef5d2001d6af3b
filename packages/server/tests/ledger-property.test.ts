import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { PaymentWebhookEvent } from '../src/features/payments/provider.js';
import { unbalancedTransactions } from '../src/features/payments/ledger.repository.js';
import { createActivity } from './_activities.js';
import { actors, bulkMembers, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  // Some charges fail, as cards do.
  server = await startTestServer();
  server.ctx.payments.options.decide = ({ payerId }) => (payerId % 5 === 0 ? 'failed' : 'succeeded');
});
after(() => server.stop());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('over random registrations, payments, late/duplicated/reordered webhooks and cancellations the books balance and no one pays twice', async () => {
  const { host } = await actors(server, 'host');
  const members = await bulkMembers(server, 'prop', 24);
  for (const seed of [1, 2, 3]) {
    const random = rng(seed);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const activities = await Promise.all(
      [3, 5].map((capacity, i) => createActivity(host, { capacity, title: `Prop ${seed}-${i}`, fee: { amount: 1000 + i * 250, currency: 'CNY' }, refundPolicy: { fullRefundHoursBefore: 100, partialRefundHoursBefore: 24, partialRefundPercent: 40 } })),
    );
    const held: PaymentWebhookEvent[] = [];
    const regOf = new Map<string, number>();
    for (let step = 0; step < 120; step++) {
      const member: Client & { id: number } = pick(members);
      const activity = pick(activities);
      const key = `${member.id}:${activity.id}`;
      const roll = random();
      if (roll < 0.3) {
        const reply = await member.post(`/activities/${activity.id}/registrations`, {});
        if (reply.status === 201) regOf.set(key, reply.body.id);
      } else if (roll < 0.55 && regOf.has(key)) {
        // Pay, sometimes retrying with the key of an earlier attempt.
        await member.post(`/registrations/${regOf.get(key)}/pay`, { idempotencyKey: `p-${seed}-${key.replace(':', '-')}-${Math.floor(random() * 2)}` });
      } else if (roll < 0.75) {
        // The provider settles a random pending charge; the event is held back to arrive later.
        const pending = await server.db.selectFrom('wallet_charges').select('id').where('status', '=', 'pending').execute();
        if (pending.length > 0) held.push(await server.ctx.payments.settle(pick(pending).id));
      } else if (roll < 0.88 && held.length > 0) {
        // Deliver a held event, maybe twice, in random order.
        const event = held.splice(Math.floor(random() * held.length), 1)[0]!;
        await server.ctx.payments.send(event);
        if (random() < 0.4) held.push(event);
      } else if (regOf.has(key)) {
        await member.post(`/registrations/${regOf.get(key)}/cancel`);
        regOf.delete(key);
      }
    }
    if (seed === 2) await host.post(`/activities/${activities[0]!.id}/cancel`);
    // Everything still in flight arrives at last, shuffled and duplicated.
    for (const pending of await server.db.selectFrom('wallet_charges').select('id').where('status', '=', 'pending').execute()) {
      held.push(await server.ctx.payments.settle(pending.id));
    }
    const finale = [...held, ...held].sort(() => random() - 0.5);
    for (const event of finale) await server.ctx.payments.send(event);
  }

  assert.deepEqual(await unbalancedTransactions(server.db), [], 'every transaction balances');
  // Provider cash equals what was charged minus what was refunded, and the ledger says the same as payments.
  const totals = await sql<{ charged: number; refunded: number }>`
    select coalesce(sum(amount), 0)::int as charged, coalesce(sum(refunded_amount), 0)::int as refunded from payments where status = 'succeeded'`.execute(server.db);
  const cash = await sql<{ balance: number }>`
    select coalesce(sum(e.amount), 0)::int as balance from ledger_entries e join ledger_accounts a on a.id = e.account_id where a.code = 'provider_cash:CNY'`.execute(server.db);
  assert.equal(cash.rows[0]!.balance, totals.rows[0]!.charged - totals.rows[0]!.refunded);
  // No registration is charged twice; one ledger charge per succeeded payment.
  const doubles = await sql<{ registration_id: number }>`
    select registration_id from payments where status = 'succeeded' group by registration_id having count(*) > 1`.execute(server.db);
  assert.deepEqual(doubles.rows, []);
  const charges = await sql<{ n: number }>`select count(*)::int as n from ledger_transactions where kind = 'charge'`.execute(server.db);
  const succeeded = await sql<{ n: number }>`select count(*)::int as n from payments where status = 'succeeded'`.execute(server.db);
  assert.equal(charges.rows[0]!.n, succeeded.rows[0]!.n);
  // Money kept by Kindred for a registration is never more than the fee, and only for a live seat.
  const overkept = await sql<{ id: number }>`
    select r.id from registrations r join activities a on a.id = r.activity_id
    where r.amount_paid - r.amount_refunded > a.fee_amount
       or r.amount_refunded > r.amount_paid`.execute(server.db);
  assert.deepEqual(overkept.rows, []);
  // Registrations that are confirmed have paid exactly once; failed payers never were confirmed without paying.
  const unpaidConfirmed = await sql<{ id: number }>`
    select r.id from registrations r join activities a on a.id = r.activity_id
    where r.status = 'confirmed' and a.fee_amount > 0 and r.amount_paid <> a.fee_amount`.execute(server.db);
  assert.deepEqual(unpaidConfirmed.rows, []);
  // Seats never oversold.
  const oversold = await sql<{ id: number }>`
    select a.id from activities a where a.seats_taken > a.capacity or a.seats_taken <> (
      select count(*) from registrations r where r.activity_id = a.id and r.status in ('confirmed', 'awaiting_payment'))`.execute(server.db);
  assert.deepEqual(oversold.rows, []);
});
