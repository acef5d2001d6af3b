import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { unbalancedTransactions } from '../src/features/payments/ledger.repository.js';
import { createActivity } from './_activities.js';
import { actors, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

/** Registers for an activity and pays; `settle` has the wallet answer (else the charge stays pending). Returns the registration id. */
async function registerAndPay(member: Client, activityId: number, key: string, settle = true) {
  const reg = (await member.post(`/activities/${activityId}/registrations`, {})).body as { id: number; status: string };
  assert.equal(reg.status, 'awaiting_payment');
  const paid = await member.post(`/registrations/${reg.id}/pay`, { idempotencyKey: key });
  assert.equal(paid.status, 200);
  if (settle) {
    const charge = await server.db.selectFrom('payments').select('provider_charge_id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    assert.equal(await server.ctx.payments.send(await server.ctx.payments.settle(charge.provider_charge_id!)), 200);
  }
  return reg.id;
}

interface Entry {
  kind: 'charge' | 'refund';
  paymentId: number;
  receiptNumber: string;
  amount: number;
  currency: string;
  status: string;
  at: string;
  activity: { id: number; title: string } | null;
}

test('a member sees their charges and refunds, with totals per currency, page by page; a receipt is theirs alone', async () => {
  const { olga, mei, nick, opal } = await actors(server, 'olga', 'mei', 'nick', 'opal');
  const hike = await createActivity(olga, { title: 'Hike with tea', fee: { amount: 8800, currency: 'CNY' } });
  const climb = await createActivity(olga, { title: 'Climbing wall', fee: { amount: 5000, currency: 'CNY' } });
  const kayak = await createActivity(olga, { title: 'Kayak trip', fee: { amount: 2500, currency: 'USD' } });
  const sail = await createActivity(olga, { title: 'Sailing lesson', fee: { amount: 1000, currency: 'USD' } });
  const free = await createActivity(olga, { title: 'Free picnic' });

  // Nothing yet: the method is the simulated wallet, and there are no totals.
  const empty = await mei.get('/me/payments/summary');
  assert.equal(empty.status, 200);
  assert.deepEqual(empty.body, { method: { provider: 'wallet', simulated: true }, storedBalance: false, totals: [] });
  assert.deepEqual((await mei.get('/me/payments')).body, { items: [], nextCursor: null });

  const hikeReg = await registerAndPay(mei, hike.id, 'mei-hike-0001');
  await registerAndPay(mei, climb.id, 'mei-climb-001');
  await registerAndPay(mei, kayak.id, 'mei-kayak-001');
  await registerAndPay(mei, sail.id, 'mei-sail-0001', false);
  await mei.post(`/activities/${free.id}/registrations`, {});
  // Someone else's payment never shows in Mei's history.
  await registerAndPay(nick, hike.id, 'nick-hike-001');
  // Cancelling the hike well ahead refunds it in full.
  const cancelled = await mei.post(`/registrations/${hikeReg}/cancel`);
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.amountRefunded, 8800);

  const summary = (await mei.get('/me/payments/summary')).body;
  assert.deepEqual(summary.totals, [
    { currency: 'CNY', paid: 13800, refunded: 8800, net: 5000, pending: 0 },
    { currency: 'USD', paid: 2500, refunded: 0, net: 2500, pending: 1000 },
  ]);

  const all = (await mei.get('/me/payments?limit=50')).body as { items: Entry[]; nextCursor: string | null };
  assert.equal(all.nextCursor, null);
  assert.deepEqual(
    all.items.map((e) => [e.kind, e.activity?.title, e.amount, e.currency, e.status]),
    [
      ['refund', 'Hike with tea', 8800, 'CNY', 'refunded'],
      ['charge', 'Sailing lesson', 1000, 'USD', 'pending'],
      ['charge', 'Kayak trip', 2500, 'USD', 'succeeded'],
      ['charge', 'Climbing wall', 5000, 'CNY', 'succeeded'],
      ['charge', 'Hike with tea', 8800, 'CNY', 'refunded'],
    ],
  );
  for (const e of all.items) assert.match(e.receiptNumber, /^KR-\d{8}-\d{6}$/);
  const times = all.items.map((e) => Date.parse(e.at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');

  // One line a page walks the same lines in the same order, each once.
  const walked: Entry[] = [];
  let cursor: string | null = null;
  do {
    const reply: { status: number; body: { items: Entry[]; nextCursor: string | null } } = await mei.get(`/me/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(reply.status, 200);
    assert.ok(reply.body.items.length <= 2);
    walked.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  assert.deepEqual(walked, all.items);

  // The confirmation names the payment; its receipt shows payer, activity, organizer, refund and method.
  const hikeActivity = (await mei.get(`/activities/${hike.id}`)).body;
  const hikePaymentId = hikeActivity.viewer.registration.paymentId as number;
  assert.equal(hikePaymentId, all.items[0]!.paymentId);
  const receipt = await mei.get(`/payments/${hikePaymentId}/receipt`);
  assert.equal(receipt.status, 200);
  assert.equal(receipt.body.receiptNumber, all.items[0]!.receiptNumber);
  assert.equal(receipt.body.payer.username, 'mei');
  assert.equal(receipt.body.activity.title, 'Hike with tea');
  assert.equal(receipt.body.organizer.username, 'olga');
  assert.deepEqual([receipt.body.amount, receipt.body.currency, receipt.body.refundedAmount, receipt.body.status], [8800, 'CNY', 8800, 'refunded']);
  assert.deepEqual(receipt.body.refunds.map((r: { amount: number }) => r.amount), [8800]);
  assert.deepEqual(receipt.body.method, { provider: 'wallet', simulated: true });

  // Anyone else — another member, the organizer — finds no such payment; signed out, they are asked to sign in.
  for (const other of [nick, olga]) {
    const refused = await other.get(`/payments/${hikePaymentId}/receipt`);
    assert.equal(refused.status, 404);
    assert.equal(errorCode(refused), 'not_found');
  }
  const anonymous = await server.client().get(`/payments/${hikePaymentId}/receipt`);
  assert.equal(anonymous.status, 401);
  assert.equal(errorCode(anonymous), 'unauthenticated');
  assert.equal(errorCode(await mei.get('/payments/99999999/receipt')), 'not_found');
  // Operators answer for the books and may read it.
  await server.db.updateTable('users').set({ role: 'operator' }).where('id', '=', opal.id).execute();
  assert.equal((await opal.get(`/payments/${hikePaymentId}/receipt`)).status, 200);
  // Nick's own history holds his payment alone.
  assert.deepEqual((await nick.get('/me/payments')).body.items.map((e: Entry) => [e.kind, e.amount]), [['charge', 8800]]);
  assert.deepEqual(await unbalancedTransactions(server.db), []);
});

test('bad paging input and bad ids are refused in the one error shape, never a 5xx', async () => {
  const { quinn } = await actors(server, 'quinn');
  const garbage = [
    'cursor=%%%',
    'cursor=abc',
    `cursor=${Buffer.from(JSON.stringify([1, 2])).toString('base64url')}`,
    `cursor=${Buffer.from(JSON.stringify([1, 2, 'sideways'])).toString('base64url')}`,
    `cursor=${Buffer.from(JSON.stringify([1e300, 2, 'charge'])).toString('base64url')}`,
    `cursor=${Buffer.from(JSON.stringify([1.5, 2.5, 'refund'])).toString('base64url')}`,
    'limit=0',
    'limit=51',
    'limit=ten',
  ];
  for (const query of garbage) {
    const reply = await quinn.get(`/me/payments?${query}`);
    assert.equal(reply.status, 400, `${query} → ${reply.status} ${JSON.stringify(reply.body)}`);
    assert.equal(errorCode(reply), 'validation_failed');
  }
  for (const id of ['abc', '0', '-1', '1.5', '99999999999999']) {
    const reply = await quinn.get(`/payments/${id}/receipt`);
    assert.ok(reply.status === 400 || reply.status === 404, `${id} → ${reply.status}`);
    errorCode(reply);
  }
  for (const path of ['/me/payments', '/me/payments/summary']) assert.equal((await server.client().get(path)).status, 401);
});

test('a partial refund reads as partly refunded; an activity the payer may no longer see is not named on their lines or receipt', async () => {
  const { rhea, sam } = await actors(server, 'rhea', 'sam');
  const start = new Date(Date.now() + 30 * 3_600_000);
  const activity = await createActivity(rhea, {
    title: 'Night market tour',
    fee: { amount: 6000, currency: 'CNY' },
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    refundPolicy: { fullRefundHoursBefore: 72, partialRefundHoursBefore: 24, partialRefundPercent: 50 },
  });
  const reg = await registerAndPay(sam, activity.id, 'sam-market-01');
  assert.equal((await sam.post(`/registrations/${reg}/cancel`)).body.amountRefunded, 3000);
  const lines = (await sam.get('/me/payments')).body.items as Entry[];
  assert.deepEqual(lines.map((e) => [e.kind, e.amount, e.status, e.activity?.title]), [
    ['refund', 3000, 'partly_refunded', 'Night market tour'],
    ['charge', 6000, 'partly_refunded', 'Night market tour'],
  ]);
  assert.deepEqual((await sam.get('/me/payments/summary')).body.totals, [{ currency: 'CNY', paid: 6000, refunded: 3000, net: 3000, pending: 0 }]);

  // The organizer blocks Sam: the activity is hidden from him, so his lines and receipt no longer name it (nor its organizer).
  assert.equal((await rhea.put('/users/sam/block')).status, 204);
  const hidden = (await sam.get('/me/payments')).body.items as Entry[];
  assert.deepEqual(hidden.map((e) => [e.kind, e.amount, e.activity]), [
    ['refund', 3000, null],
    ['charge', 6000, null],
  ]);
  const receipt = (await sam.get(`/payments/${hidden[0]!.paymentId}/receipt`)).body;
  assert.deepEqual([receipt.activity, receipt.organizer, receipt.amount, receipt.refundedAmount, receipt.status], [null, null, 6000, 3000, 'partly_refunded']);
  assert.doesNotMatch(JSON.stringify(receipt), /rhea|Night market/i);
});
