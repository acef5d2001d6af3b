import type { MyRegistration, NotificationKind, RegisterBody } from '@kindred/contract';
import { ErrorCode } from '@kindred/contract';
import { requireAccess, requireAccessOnFacts } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import type { RegistrationStatus } from '../../db/schema.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { cancelJob, scheduleJob } from '../../jobs/jobs.repository.js';
import { belowMinimum, showUpOf } from './attendance.js';
import { refuseFlagged } from '../moderation/held.js';
import { notify, withdrawNotifications } from '../notifications/notifications.service.js';
import * as payments from '../payments/payments.service.js';
import type { PaymentWebhookEvent } from '../payments/provider.js';
import * as activitiesRepo from './activities.repository.js';
import type { ActivityRow } from './activities.repository.js';
import * as repo from './registrations.repository.js';
import { rankingRefresh } from '../recommendations/recommendations.service.js';

const HOUR = 3_600_000;
const seatHolding: RegistrationStatus[] = ['awaiting_payment', 'confirmed'];
const live: RegistrationStatus[] = ['pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted'];

/** Tells members about their place in an activity (or, `actorId` set, its organizer about a member). */
function tell(tx: Tx, userIds: number[], kind: NotificationKind, activity: { id: number; title: string }, data: Record<string, unknown> = {}, actorId: number | null = null) {
  return notify(tx, userIds, { kind, actorId, subject: { kind: 'activity', id: activity.id }, data: { title: activity.title, ...data } });
}

/** What told a member they have (or will have) a place: untrue once the place is gone, so taken back then. */
const placeKinds: NotificationKind[] = ['registration.confirmed', 'registration.promoted', 'registration.approved', 'activity.reminder'];

function withdrawPlaceNotices(tx: Tx, userIds: number[], activityId: number) {
  return withdrawNotifications(tx, userIds, placeKinds, { kind: 'activity', id: activityId });
}

async function lockActivityOr404(tx: Tx, id: number) {
  const activity = await activitiesRepo.lockActivity(tx, id);
  if (!activity) throw new NotFoundError('activity');
  return activity;
}

/** Status for someone given a seat: paid activities hold it until the payment deadline. */
function seatedStatus(ctx: AppContext, activity: ActivityRow): { status: RegistrationStatus; payment_deadline: Date | null } {
  if (activity.fee_amount === 0) return { status: 'confirmed', payment_deadline: null };
  const deadline = new Date(Math.min(Date.now() + ctx.config.paymentWindowMinutes * 60_000, activity.starts_at.getTime()));
  return { status: 'awaiting_payment', payment_deadline: deadline };
}

/** The people a registration brings: the member and their guests. */
const partyOf = (registration: { guest_names: string[] }) => 1 + registration.guest_names.length;

/**
 * A place for a registration of `party` people (the member and their guests):
 * seats if they fit and nobody waits ahead of them, else the waitlist; with
 * the change it makes to the activity's counts (applied to `activity` too),
 * which count people. Decided under the activity's row lock, so two
 * registrations never see the same free seat; the CHECK on seats_taken is the
 * last line of defence.
 */
function seatOrWaitlist(ctx: AppContext, activity: ActivityRow, party: number) {
  if (activity.waitlist_count === 0 && activity.seats_taken + party <= activity.capacity) {
    activity.seats_taken += party;
    return { ...seatedStatus(ctx, activity), place: { seats: party, waitlist: 0, registered: 1 } };
  }
  activity.waitlist_count += party;
  return { status: 'waitlisted' as const, payment_deadline: null, place: { seats: 0, waitlist: party, registered: 1 } };
}

/** The last call: the organizer's cancellation cut-off before the start, when registrations on hold join the waitlist. */
const lastCallOf = (activity: ActivityRow) => new Date(activity.starts_at.getTime() - activity.cancel_cutoff_hours * HOUR);

/**
 * A new registration's place: seatOrWaitlist; waiting for the organizer's
 * approval first (always, or for a low show-up rate); or, for a low show-up
 * rate where the organizer takes such members to the waitlist first, on hold
 * outside the queue until the last call.
 */
function placeFor(ctx: AppContext, activity: ActivityRow, party: number, lowRate: boolean) {
  const none = { seats: 0, waitlist: 0, registered: 1 };
  if (activity.requires_approval || (lowRate && activity.low_show_up === 'approval')) {
    return { status: 'pending_approval' as const, payment_deadline: null, held_until: null, place: none };
  }
  if (lowRate && activity.low_show_up === 'waitlist' && lastCallOf(activity).getTime() > Date.now()) {
    return { status: 'waitlisted' as const, payment_deadline: null, held_until: lastCallOf(activity), place: none };
  }
  return { ...seatOrWaitlist(ctx, activity, party), held_until: null };
}

async function afterSeated(ctx: AppContext, tx: Tx, registrationId: number, seated: { status: RegistrationStatus; payment_deadline: Date | null }) {
  if (seated.status === 'awaiting_payment' && seated.payment_deadline) {
    await scheduleJob(tx, 'registration.expire', String(registrationId), seated.payment_deadline, { registrationId });
  }
}

/** Fills free seats from the waitlist, first come first served: while the next in line's party fits. */
export async function promoteFromWaitlist(ctx: AppContext, tx: Tx, activity: ActivityRow) {
  const promoted: number[] = [];
  while (activity.seats_taken < activity.capacity && activity.status === 'published' && activity.starts_at.getTime() > Date.now()) {
    const next = await repo.firstWaitlisted(tx, activity.id);
    if (!next) break;
    const party = partyOf(next);
    if (activity.seats_taken + party > activity.capacity) break;
    const seated = seatedStatus(ctx, activity);
    await repo.setRegistrationStatus(tx, next.id, seated.status, { payment_deadline: seated.payment_deadline });
    await repo.adjustSeats(tx, activity.id, party, -party);
    activity.seats_taken += party;
    activity.waitlist_count -= party;
    await afterSeated(ctx, tx, next.id, seated);
    await tell(tx, [next.user_id], 'registration.promoted', activity, {
      status: seated.status,
      paymentDeadline: seated.payment_deadline?.toISOString() ?? null,
    });
    promoted.push(next.id);
  }
  return promoted;
}

/** Gives back the seats or waitlist places held by a registration that is leaving (the next in line may fit now); one on hold had none. */
async function releasePlace(ctx: AppContext, tx: Tx, activity: ActivityRow, previous: { status: RegistrationStatus; held_until: Date | null; guest_names: string[] }) {
  const party = partyOf(previous);
  if (seatHolding.includes(previous.status)) {
    await repo.adjustSeats(tx, activity.id, -party, 0);
    activity.seats_taken -= party;
  } else if (previous.status === 'waitlisted' && previous.held_until === null) {
    await repo.adjustSeats(tx, activity.id, 0, -party);
    activity.waitlist_count -= party;
  }
  await promoteFromWaitlist(ctx, tx, activity);
}

/** Guests' names, up to what the activity allows; a party must fit the activity at all. */
function checkGuests(activity: ActivityRow, guests: string[]) {
  const names = guests.map((g) => g.trim());
  if (names.length > activity.max_guests) {
    throw new ValidationError(`This activity allows ${activity.max_guests} guest(s) per registration.`, { guests: `at most ${activity.max_guests}` });
  }
  if (names.some((n) => n.length === 0)) throw new ValidationError('Each guest needs a name.', { guests: 'a name is blank' });
  if (1 + names.length > activity.capacity) throw new ValidationError('The party is larger than the activity.', { guests: 'more people than the capacity' });
  return names;
}

function checkAnswers(activity: ActivityRow, answers: Record<string, string>) {
  const questions = activity.questions;
  const fields: Record<string, string> = {};
  for (const id of Object.keys(answers)) if (!questions.some((q) => q.id === id)) fields[`answers.${id}`] = 'is not a question of this activity';
  for (const q of questions) if (q.required && !answers[q.id]?.trim()) fields[`answers.${q.id}`] = 'is required';
  if (Object.keys(fields).length > 0) throw new ValidationError('Some answers are missing or unknown.', fields);
}

/**
 * Registers the viewer: a seat, a place on the waitlist, or a request for the
 * organizer's approval, decided under the activity's row lock. The access
 * check is read with the lock, and the answer is built from the inserted row.
 */
export async function register(ctx: AppContext, viewer: SignedInViewer, activityId: number, input: RegisterBody): Promise<MyRegistration> {
  // Answers and guests' names are read by the organizer alone, like a join request's message.
  await refuseFlagged(ctx.db, { ...Object.fromEntries(Object.entries(input.answers ?? {}).map(([id, text]) => [`answers.${id}`, text])), guests: input.guests?.join('\n') });
  const registration = await ctx.db.transaction().execute(async (tx) => {
    const activity = await activitiesRepo.lockActivityForViewer(tx, viewer.id, activityId);
    requireAccessOnFacts(viewer, 'activity.register', activity);
    if (activity.status !== 'published') throw new ConflictError('This activity is not open for registration.');
    const closesAt = activity.registration_deadline ?? activity.starts_at;
    if (Date.now() >= closesAt.getTime()) throw new ConflictError('Registration for this activity has closed.');
    const answers = input.answers ?? {};
    checkAnswers(activity, answers);
    const guests = checkGuests(activity, input.guests ?? []);
    // Below the organizer's minimum show-up rate: refused, asked to wait for approval, or put on hold.
    const lowRate = belowMinimum((await showUpOf(tx, [viewer.id])).get(viewer.id)!, activity.min_show_up_rate);
    if (lowRate && activity.low_show_up === 'refuse') {
      throw new AppError(403, ErrorCode.showUpTooLow, `This activity asks for a show-up rate of at least ${activity.min_show_up_rate}%.`);
    }
    const { place, ...seated } = placeFor(ctx, activity, 1 + guests.length, lowRate);
    // The place and the member's ranking refresh are written with the registration, in one statement.
    const row = await repo.insertRegistration(tx, { activity_id: activityId, user_id: viewer.id, answers, guest_names: guests, ...seated }, place, (db) => rankingRefresh(db, viewer.id));
    // Already registered: the rollback this throws gives the place back.
    if (!row) throw new ConflictError('You are already registered for this activity.');
    await afterSeated(ctx, tx, row.id, seated);
    if (seated.held_until) await scheduleJob(tx, 'registration.last-call', String(activityId), seated.held_until, { activityId });
    if (seated.status === 'pending_approval') {
      await tell(tx, [activity.organizer_id], 'registration.pending', activity, {}, viewer.id);
    }
    // A new place on the waitlist is the last one.
    return presentRegistration({ ...row, payment_status: null, payment_id: null, waitlist_position: row.status === 'waitlisted' && !row.held_until ? await repo.waitlistLength(tx, activityId) : null });
  });
  return registration;
}

/**
 * The last call of an activity: its registrations on hold join the waitlist
 * behind whoever already waits, and free seats go to the queue in order. Run
 * early (the activity moved later), it waits for the new time.
 */
export async function lastCall(ctx: AppContext, activityId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    const activity = await activitiesRepo.lockActivity(tx, activityId);
    if (!activity || activity.status !== 'published') return;
    const due = lastCallOf(activity);
    if (due.getTime() > Date.now()) return scheduleJob(tx, 'registration.last-call', String(activityId), due, { activityId });
    const held = await tx
      .updateTable('registrations')
      .set({ held_until: null, queued_at: new Date() })
      .where('activity_id', '=', activityId)
      .where('status', '=', 'waitlisted')
      .where('held_until', 'is not', null)
      .returning('guest_names')
      .execute();
    if (held.length === 0) return;
    const people = held.reduce((n, r) => n + partyOf(r), 0);
    await repo.adjustSeats(tx, activityId, 0, people);
    activity.waitlist_count += people;
    await promoteFromWaitlist(ctx, tx, activity);
  });
}

/** An activity's time or cut-off changed: its registrations on hold wait for the new last call. */
export async function moveLastCall(tx: Tx, activity: ActivityRow) {
  const due = lastCallOf(activity);
  const moved = await tx
    .updateTable('registrations')
    .set({ held_until: due })
    .where('activity_id', '=', activity.id)
    .where('status', '=', 'waitlisted')
    .where('held_until', 'is not', null)
    .returning('id')
    .execute();
  if (moved.length > 0) await scheduleJob(tx, 'registration.last-call', String(activity.id), due, { activityId: activity.id });
}

/** Cancels the member's places at activities not over yet, each as if they cancelled it (refunds by the policy). */
export async function cancelUpcomingRegistrations(ctx: AppContext, member: SignedInViewer) {
  const registrations = await ctx.db
    .selectFrom('registrations as r')
    .innerJoin('activities as a', 'a.id', 'r.activity_id')
    .select('r.id')
    .where('r.user_id', '=', member.id)
    .where('r.status', 'in', live)
    .where('a.ends_at', '>', new Date())
    .execute();
  for (const r of registrations) await cancelRegistration(ctx, member, r.id);
}

async function ownRegistration(ctx: AppContext, viewer: SignedInViewer, registrationId: number) {
  const registration = await repo.findRegistration(ctx.db, registrationId);
  if (!registration || registration.user_id !== viewer.id) throw new NotFoundError('registration');
  return registration;
}

/**
 * Pays for a seat. The idempotency key makes retries safe: the same key never
 * charges twice, and a registration never has two live charges whatever the key.
 */
export async function pay(ctx: AppContext, viewer: SignedInViewer, registrationId: number, idempotencyKey: string) {
  const registration = await ownRegistration(ctx, viewer, registrationId);
  // The key, the registration's state and its live payment are all read under the locks the new payment is written under.
  const payment = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const activity = await lockActivityOr404(tx, registration.activity_id);
      const current = (await repo.lockRegistration(tx, registrationId))!;
      const existing = await tx
        .selectFrom('payment_keys as k')
        .innerJoin('payments', (join) => join.onRef('payments.activity_id', '=', 'k.activity_id').onRef('payments.id', '=', 'k.payment_id'))
        .select(['payments.id', 'payments.registration_id', 'payments.amount', 'payments.currency', 'payments.provider_charge_id'])
        .where('k.idempotency_key', '=', idempotencyKey)
        .executeTakeFirst();
      if (existing) {
        if (existing.registration_id !== registrationId) throw new ConflictError('That idempotency key was used for another payment.');
        // A retry of a payment whose charge was never created (the server stopped in between) creates it now.
        return existing.provider_charge_id ? null : { ...existing, title: activity.title };
      }
      if (await repo.livePaymentOf(tx, registrationId)) return null;
      if (current.status !== 'awaiting_payment') throw new ConflictError('This registration has nothing to pay.');
      const row = await tx
        .insertInto('payments')
        .values({
          activity_id: current.activity_id,
          registration_id: registrationId,
          user_id: viewer.id,
          idempotency_key: idempotencyKey,
          provider: ctx.payments.name,
          // The member and each of their guests.
          amount: activity.fee_amount * partyOf(current),
          currency: activity.currency,
          status: 'pending',
        })
        .returning(['id', 'amount', 'currency'])
        .executeTakeFirstOrThrow();
      return { ...row, title: activity.title };
    })
    .catch((error) => {
      // Two requests with the same key at once: the loser sees the winner's payment.
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    });
  if (payment) {
    // The provider answers the same key with the same charge, so creating it twice charges once.
    const charge = await ctx.payments.createCharge({ idempotencyKey, amount: payment.amount, currency: payment.currency, description: payment.title, payerId: viewer.id });
    await ctx.db.updateTable('payments').set({ provider_charge_id: charge.chargeId, updated_at: new Date() }).where('id', '=', payment.id).execute();
  }
  return registrationView(ctx, viewer, registrationId);
}

/** Refund owed when cancelling now, by the activity's policy. */
export function refundDue(activity: ActivityRow, amountPaid: number, now = Date.now()): number {
  const hoursBefore = (activity.starts_at.getTime() - now) / HOUR;
  if (hoursBefore >= activity.full_refund_hours) return amountPaid;
  if (activity.partial_refund_hours !== null && activity.partial_refund_percent !== null && hoursBefore >= activity.partial_refund_hours) {
    return Math.floor((amountPaid * activity.partial_refund_percent) / 100);
  }
  return 0;
}

/** Refunds what the policy gives back of a paid registration and returns it (null: nothing); the member is told, unless `quietly` (a cancellation notice says it). */
async function refundSucceededPayment(ctx: AppContext, tx: Tx, activity: ActivityRow, registration: { id: number; user_id: number }, amount: (paid: number) => number, quietly = false) {
  const payment = await repo.livePaymentOf(tx, registration.id);
  if (!payment || payment.status !== 'succeeded') return null;
  const refund = amount(payment.amount);
  if (await payments.refundCharge(tx, payment, activity.id, refund)) {
    await tx.updateTable('registrations').set({ amount_refunded: refund }).where('id', '=', registration.id).execute();
    if (!quietly) await tell(tx, [registration.user_id], 'payment.refunded', activity, { amount: refund, currency: payment.currency });
    return { amount: refund, currency: payment.currency };
  }
  return null;
}

/** A member cancels: the place goes to the next in line and the fee is refunded by the policy. Cancelling twice is refused. */
export async function cancelRegistration(ctx: AppContext, viewer: SignedInViewer, registrationId: number) {
  const registration = await ownRegistration(ctx, viewer, registrationId);
  await ctx.db.transaction().execute(async (tx) => {
    const activity = await lockActivityOr404(tx, registration.activity_id);
    const current = (await repo.lockRegistration(tx, registrationId))!;
    if (!live.includes(current.status)) throw new ConflictError('This registration is already cancelled.');
    // Giving up a seat after the organizer's cut-off is a late cancellation (counted apart from no-shows).
    const late = seatHolding.includes(current.status) && Date.now() >= activity.starts_at.getTime() - activity.cancel_cutoff_hours * HOUR;
    await repo.setRegistrationStatus(tx, registrationId, 'cancelled', { payment_deadline: null, late_cancel: late });
    await cancelJob(tx, 'registration.expire', String(registrationId));
    await withdrawPlaceNotices(tx, [current.user_id], activity.id);
    await refundSucceededPayment(ctx, tx, activity, current, (paid) => refundDue(activity, paid));
    await releasePlace(ctx, tx, activity, current);
  });
  return registrationView(ctx, viewer, registrationId);
}

/** Organizer decides on a registration that needs approval. */
export async function decideRegistration(ctx: AppContext, viewer: SignedInViewer, registrationId: number, approve: boolean) {
  const registration = await repo.findRegistration(ctx.db, registrationId);
  if (!registration) throw new NotFoundError('registration');
  await ctx.db.transaction().execute(async (tx) => {
    const activity = await lockActivityOr404(tx, registration.activity_id);
    await requireAccess(tx, viewer, 'activity.manage', activity.id);
    const current = (await repo.lockRegistration(tx, registrationId))!;
    if (current.status !== 'pending_approval') throw new ConflictError('This registration is not waiting for approval.');
    if (!approve) {
      await repo.setRegistrationStatus(tx, registrationId, 'rejected');
      await tell(tx, [current.user_id], 'registration.rejected', activity);
      return;
    }
    const { place, ...seated } = seatOrWaitlist(ctx, activity, partyOf(current));
    await repo.adjustSeats(tx, activity.id, place.seats, place.waitlist, place.registered);
    await repo.setRegistrationStatus(tx, registrationId, seated.status, { payment_deadline: seated.payment_deadline });
    await afterSeated(ctx, tx, registrationId, seated);
    await tell(tx, [current.user_id], 'registration.approved', activity, { status: seated.status, paymentDeadline: seated.payment_deadline?.toISOString() ?? null });
  });
}

/** Job: a seat held for payment is released when its deadline passes unpaid (a charge in flight gets more time). */
export async function expireUnpaid(ctx: AppContext, registrationId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    const registration = await repo.findRegistration(tx, registrationId);
    if (!registration) return;
    const activity = await lockActivityOr404(tx, registration.activity_id);
    const current = (await repo.lockRegistration(tx, registrationId))!;
    if (current.status !== 'awaiting_payment' || !current.payment_deadline || current.payment_deadline.getTime() > Date.now()) return;
    const payment = await repo.livePaymentOf(tx, registrationId);
    if (payment?.status === 'pending' && Date.now() - current.payment_deadline.getTime() < HOUR) {
      await scheduleJob(tx, 'registration.expire', String(registrationId), new Date(Date.now() + 5 * 60_000), { registrationId });
      return;
    }
    await repo.setRegistrationStatus(tx, registrationId, 'expired', { payment_deadline: null });
    await withdrawPlaceNotices(tx, [current.user_id], activity.id);
    await tell(tx, [current.user_id], 'registration.expired', activity);
    await releasePlace(ctx, tx, activity, current);
  });
}

/**
 * Applies a verified payment webhook. Only pending → succeeded | failed moves;
 * a duplicate event id, a stale or out-of-order event changes nothing. Money
 * that arrives for a registration no longer waiting for it is refunded in full.
 */
export async function applyPaymentEvent(ctx: AppContext, event: PaymentWebhookEvent) {
  const found = await ctx.db
    .selectFrom('payment_charges as c')
    .innerJoin('payments', (join) => join.onRef('payments.activity_id', '=', 'c.activity_id').onRef('payments.id', '=', 'c.payment_id'))
    .select(['payments.id', 'payments.registration_id'])
    .where('c.provider_charge_id', '=', event.chargeId)
    .executeTakeFirst();
  // Not known yet (the charge id is stored right after the provider answers): the provider retries.
  if (!found) throw new AppError(409, ErrorCode.conflict, 'Unknown charge; retry later.');
  const registration = (await repo.findRegistration(ctx.db, found.registration_id))!;
  await ctx.db.transaction().execute(async (tx) => {
    // Lock order everywhere: activity, registration, payment.
    const activity = await lockActivityOr404(tx, registration.activity_id);
    const current = (await repo.lockRegistration(tx, registration.id))!;
    const payment = await tx.selectFrom('payments').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
    const fresh = await tx.insertInto('payment_events').values({ event_id: event.eventId }).onConflict((oc) => oc.doNothing()).returning('event_id').executeTakeFirst();
    if (!fresh || payment.status !== 'pending' || event.status === 'pending') return;
    await tx.updateTable('payments').set({ status: event.status, updated_at: new Date() }).where('id', '=', payment.id).execute();
    if (event.status === 'failed') {
      await tell(tx, [current.user_id], 'payment.failed', activity);
      return;
    }
    await payments.recordCharge(tx, payment, activity.id);
    if (current.status === 'awaiting_payment') {
      await repo.setRegistrationStatus(tx, current.id, 'confirmed', { payment_deadline: null, amount_paid: payment.amount });
      await cancelJob(tx, 'registration.expire', String(current.id));
      await tell(tx, [current.user_id], 'registration.confirmed', activity);
    } else {
      await tx.updateTable('registrations').set({ amount_paid: payment.amount }).where('id', '=', current.id).execute();
      const refunded = await payments.refundCharge(tx, payment, activity.id, payment.amount);
      if (refunded) {
        await tx.updateTable('registrations').set({ amount_refunded: payment.amount }).where('id', '=', current.id).execute();
        await tell(tx, [current.user_id], 'payment.refunded', activity, { amount: payment.amount, currency: payment.currency });
      }
    }
  });
}

/** Organizer cancels the whole activity: everyone is cancelled and every fee refunded in full. */
export async function cancelActivityRegistrations(ctx: AppContext, tx: Tx, activity: ActivityRow, options: { unlinked?: boolean } = {}) {
  const registrations = await tx.selectFrom('registrations').select(['id', 'user_id']).where('activity_id', '=', activity.id).where('status', 'in', live).forUpdate().execute();
  // Each member's notice says what came back to them: members are told together by the amount refunded.
  const byRefund = new Map<string, { refunded: { amount: number; currency: string } | null; told: number[] }>();
  for (const r of registrations) {
    await repo.setRegistrationStatus(tx, r.id, 'cancelled', { payment_deadline: null });
    await cancelJob(tx, 'registration.expire', String(r.id));
    const refunded = await refundSucceededPayment(ctx, tx, activity, r, (paid) => paid, true);
    const key = refunded ? `${refunded.amount} ${refunded.currency}` : '';
    (byRefund.get(key) ?? byRefund.set(key, { refunded, told: [] }).get(key)!).told.push(r.user_id);
  }
  await tx.updateTable('activities').set({ seats_taken: 0, waitlist_count: 0 }).where('id', '=', activity.id).execute();
  await withdrawPlaceNotices(tx, registrations.map((r) => r.user_id), activity.id);
  for (const { refunded: money, told } of byRefund.values()) {
    const refunded = money ?? {};
    // An activity that went with its removed group has no page to link to: the notice names it.
    if (options.unlinked) await notify(tx, told, { kind: 'activity.cancelled', actorId: null, data: { title: activity.title, groupRemoved: true, ...refunded } });
    else await tell(tx, told, 'activity.cancelled', activity, refunded);
  }
}

export async function checkIn(ctx: AppContext, viewer: SignedInViewer, activityId: number, by: { registrationId?: number; code?: string; checkedIn?: boolean }) {
  await requireAccess(ctx.db, viewer, 'activity.manage', activityId);
  if (!by.registrationId && !by.code) throw new ValidationError('Give a registration or a check-in code.', { code: 'is required without registrationId' });
  const checkedIn = by.checkedIn !== false;
  let query = ctx.db
    .updateTable('registrations')
    .set({ checked_in_at: checkedIn ? new Date() : null, attendance: checkedIn ? 'attended' : null })
    .where('activity_id', '=', activityId)
    .where('status', '=', 'confirmed');
  if (by.registrationId) query = query.where('id', '=', by.registrationId);
  if (by.code) query = query.where('check_in_code', '=', by.code.toUpperCase());
  const row = await query.returning('id').executeTakeFirst();
  if (!row) throw new NotFoundError('confirmed registration with that code');
  return row.id;
}

export async function registrationView(ctx: AppContext, viewer: SignedInViewer, registrationId: number): Promise<MyRegistration> {
  await ownRegistration(ctx, viewer, registrationId);
  return presentRegistration((await activitiesRepo.registrationById(ctx.db, registrationId))!);
}

/** A registration as its member sees it; from JSON (a list's statement), its timestamps are text. */
export function presentRegistration(row: Omit<activitiesRepo.RegistrationFacts & {}, 'payment_deadline' | 'checked_in_at' | 'created_at' | 'held_until'> & {
  payment_deadline: Date | string | null;
  held_until: Date | string | null;
  checked_in_at: Date | string | null;
  created_at: Date | string;
}): MyRegistration {
  const confirmed = row.status === 'confirmed';
  return {
    id: row.id,
    status: row.status,
    waitlistPosition: row.waitlist_position,
    heldUntil: row.held_until === null ? null : new Date(row.held_until).toISOString(),
    paymentDeadline: row.payment_deadline === null ? null : new Date(row.payment_deadline).toISOString(),
    amountPaid: row.amount_paid,
    amountRefunded: row.amount_refunded,
    paymentStatus: row.payment_status ?? null,
    paymentId: row.payment_id === null || row.payment_id === undefined ? null : Number(row.payment_id),
    checkInCode: confirmed ? row.check_in_code : null,
    guests: row.guest_names,
    attendance: row.attendance,
    lateCancel: row.late_cancel,
    checkedIn: row.checked_in_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
