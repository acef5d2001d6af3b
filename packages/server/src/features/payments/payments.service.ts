import { sql } from 'kysely';
import type { PageOf, PaymentEntry, PaymentSummary, Receipt } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireAccess } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { Db, Tx } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { postTransaction } from './ledger.repository.js';
import * as historyRepo from './payments.repository.js';
import { paymentMethod, presentEntry, presentReceipt, visibleActivities } from './payments.views.js';

/** Ledger account codes. */
export const accounts = {
  providerCash: (currency: string) => `provider_cash:${currency}`,
  activityEscrow: (activityId: number) => `activity_escrow:${activityId}`,
  organizerPayable: (userId: number) => `organizer_payable:${userId}`,
};

/** Records a succeeded charge: the provider holds the money, the activity's escrow owes it. */
export function recordCharge(tx: Tx, payment: { id: number; amount: number; currency: string }, activityId: number) {
  return postTransaction(tx, 'charge', `payment:${payment.id}`, payment.currency, [
    { account: accounts.providerCash(payment.currency), amount: payment.amount },
    { account: accounts.activityEscrow(activityId), amount: -payment.amount },
  ]);
}

/**
 * Refunds part of a charge: in the ledger (unique per payment, so a second
 * cancel posts nothing and returns false) and, in the same transaction, an
 * outbox job that asks the provider — retried until the provider has it, and
 * never lost to a crash between our commit and the provider call.
 */
export async function refundCharge(
  tx: Tx,
  payment: { id: number; amount: number; currency: string; provider_charge_id: string | null },
  activityId: number,
  amount: number,
): Promise<boolean> {
  if (amount <= 0) return false;
  const posted = await postTransaction(tx, 'refund', `payment:${payment.id}`, payment.currency, [
    { account: accounts.activityEscrow(activityId), amount },
    { account: accounts.providerCash(payment.currency), amount: -amount },
  ]);
  if (!posted) return false;
  await tx.updateTable('payments').set((eb) => ({ refunded_amount: eb('refunded_amount', '+', amount), refunded_at: sql<Date>`now()`, updated_at: new Date() })).where('id', '=', payment.id).execute();
  if (payment.provider_charge_id) {
    await scheduleJob(tx, 'payment.refund', String(payment.id), new Date(), { chargeId: payment.provider_charge_id, amount, idempotencyKey: `refund:${payment.id}` });
  }
  return true;
}

/** After an activity completes, what its escrow holds becomes payable to the organizer. */
export async function recordPayout(tx: Tx, activityId: number, organizerId: number, currency: string, amount: number) {
  if (amount <= 0) return false;
  return postTransaction(tx, 'payout', `activity:${activityId}`, currency, [
    { account: accounts.activityEscrow(activityId), amount },
    { account: accounts.organizerPayable(organizerId), amount: -amount },
  ]);
}

/** A member's payment history, newest first: charges and refunds, each a line. */
export async function myPaymentHistory(db: Db, viewer: SignedInViewer, query: { cursor?: string; limit?: number }): Promise<PageOf<PaymentEntry>> {
  const limit = query.limit ?? 20;
  const after = decodeCursor(query.cursor, 'nns');
  if (after && after[2] !== 'charge' && after[2] !== 'refund') throw new ValidationError('The cursor is not valid.', { cursor: 'malformed cursor' });
  const rows = (await historyRepo.historyRows(db, viewer.id, after, limit)).sort(
    (a, b) => Number(b.at_micros) - Number(a.at_micros) || b.id - a.id || (a.kind === b.kind ? 0 : a.kind === 'refund' ? -1 : 1),
  );
  const page = toPage(rows.slice(0, limit + 1), limit, (row) => [Number(row.at_micros), row.id, row.kind]);
  const activities = await visibleActivities(db, viewer, page.rows.map((r) => r.activity_id));
  return { items: page.rows.map((row) => presentEntry(row, activities)), nextCursor: page.nextCursor };
}

/** How a member pays and what they have paid, per currency. */
export async function myPaymentSummary(ctx: AppContext, viewer: SignedInViewer): Promise<PaymentSummary> {
  const rows = await historyRepo.totalsOf(ctx.db, viewer.id);
  return {
    method: paymentMethod(ctx.payments.name),
    storedBalance: false,
    totals: rows.map((r) => {
      const paid = Number(r.paid);
      const refunded = Number(r.refunded);
      return { currency: r.currency, paid, refunded, net: paid - refunded, pending: Number(r.pending) };
    }),
  };
}

/** A payment's receipt: its payer's, and operators'; anyone else finds no such payment. */
export async function receipt(db: Db, viewer: Viewer, paymentId: number): Promise<Receipt> {
  await requireAccess(db, viewer, 'payment.read', paymentId);
  const row = await historyRepo.receiptRow(db, paymentId);
  if (!row) throw new NotFoundError('payment');
  const activities = await visibleActivities(db, viewer, [row.activity_id]);
  return presentReceipt(row, activities.get(row.activity_id));
}
