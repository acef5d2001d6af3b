import type { Tx } from '../../db/database.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { postTransaction } from './ledger.repository.js';

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
  await tx.updateTable('payments').set((eb) => ({ refunded_amount: eb('refunded_amount', '+', amount), updated_at: new Date() })).where('id', '=', payment.id).execute();
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
