import type { Activity, RefundPolicy } from '@kindred/contract';

const HOUR = 3_600_000;

/**
 * What cancelling at `now` gives back of `amountPaid`, by the activity's policy. Mirrors the
 * server's rule (full refund at least N hours before the start, optionally a partial one later).
 */
export function refundDue(activity: Pick<Activity, 'startsAt' | 'refundPolicy'>, amountPaid: number, now = Date.now()): number {
  const hoursBefore = (new Date(activity.startsAt).getTime() - now) / HOUR;
  const p = activity.refundPolicy;
  if (hoursBefore >= p.fullRefundHoursBefore) return amountPaid;
  if (p.partialRefundHoursBefore != null && p.partialRefundPercent != null && hoursBefore >= p.partialRefundHoursBefore) {
    return Math.floor((amountPaid * p.partialRefundPercent) / 100);
  }
  return 0;
}

/** The policy's steps, for describing it in words. */
export function refundSteps(policy: RefundPolicy): { full: number; partial: { hours: number; percent: number } | null } {
  const partial =
    policy.partialRefundHoursBefore != null && policy.partialRefundPercent != null && policy.partialRefundPercent > 0
      ? { hours: policy.partialRefundHoursBefore, percent: policy.partialRefundPercent }
      : null;
  return { full: policy.fullRefundHoursBefore, partial };
}
