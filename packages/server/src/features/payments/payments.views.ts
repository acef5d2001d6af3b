import type { PaymentEntry, PaymentState, Receipt } from '@kindred/contract';
import { checkAccess } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { presentUserSummary } from '../accounts/accounts.views.js';
import * as repo from './payments.repository.js';

type PaymentRow = { id: number; amount: number; status: 'pending' | 'succeeded' | 'failed'; refunded_amount: number; created_at: Date; provider: string };

/** The provider's outcome, then whether it was given back. */
export function paymentState(row: Pick<PaymentRow, 'amount' | 'status' | 'refunded_amount'>): PaymentState {
  if (row.status === 'succeeded' && row.refunded_amount > 0) return row.refunded_amount >= row.amount ? 'refunded' : 'partly_refunded';
  return row.status;
}

/** "KR-20261206-000042": the day it was made (UTC) and its number, the same on every receipt of it. */
export function receiptNumber(row: Pick<PaymentRow, 'id' | 'created_at'>): string {
  return `KR-${row.created_at.toISOString().slice(0, 10).replaceAll('-', '')}-${String(row.id).padStart(6, '0')}`;
}

export function paymentMethod(provider: string) {
  return { provider, simulated: provider === 'wallet' };
}

/**
 * The activities (and their organizers) these payments were for, as the
 * viewer may see them now: one they may no longer read (its group went
 * private, a block) is shown as null, even on their own receipt.
 */
export async function visibleActivities(db: Db, viewer: Viewer, activityIds: number[]) {
  const unique = [...new Set(activityIds)];
  const [allowed, rows] = await Promise.all([checkAccess(db, viewer, 'activity.read', unique), repo.paidActivities(db, unique)]);
  return new Map(rows.filter((r) => allowed.has(r.id)).map((r) => [r.id, r]));
}

type ActivityRow = Awaited<ReturnType<typeof repo.paidActivities>>[number];

function presentActivity(row: ActivityRow | undefined) {
  return row ? { id: row.id, title: row.title, startsAt: row.starts_at.toISOString(), timeZone: row.time_zone } : null;
}

export function presentEntry(row: Awaited<ReturnType<typeof repo.historyRows>>[number], activities: Map<number, ActivityRow>): PaymentEntry {
  const refund = row.kind === 'refund';
  return {
    kind: row.kind,
    paymentId: row.id,
    receiptNumber: receiptNumber(row),
    amount: refund ? row.refunded_amount : row.amount,
    currency: row.currency,
    status: paymentState(row),
    at: (refund ? row.refunded_at! : row.created_at).toISOString(),
    activity: presentActivity(activities.get(row.activity_id)),
  };
}

export function presentReceipt(row: NonNullable<Awaited<ReturnType<typeof repo.receiptRow>>>, activity: ActivityRow | undefined): Receipt {
  return {
    paymentId: row.id,
    receiptNumber: receiptNumber(row),
    issuedAt: row.created_at.toISOString(),
    payer: presentUserSummary({ id: row.payer_id, username: row.payer_username, display_name: row.payer_display_name, avatar_media_id: row.payer_avatar_media_id }),
    activity: presentActivity(activity),
    organizer: activity
      ? presentUserSummary({ id: activity.organizer_id, username: activity.organizer_username, display_name: activity.organizer_display_name, avatar_media_id: activity.organizer_avatar_media_id })
      : null,
    amount: row.amount,
    currency: row.currency,
    refundedAmount: row.refunded_amount,
    refunds: row.refunded_amount > 0 && row.refunded_at ? [{ amount: row.refunded_amount, at: row.refunded_at.toISOString() }] : [],
    method: paymentMethod(row.provider),
    status: paymentState(row),
  };
}
