import crypto from 'node:crypto';
import type { Db, Tx } from '../../db/database.js';
import type { RegistrationStatus } from '../../db/schema.js';

// No 0/O/1/I: codes are read aloud at the meeting point.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newCheckInCode(): string {
  const bytes = crypto.randomBytes(6);
  return [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export function lockRegistration(tx: Tx, id: number) {
  return tx.selectFrom('registrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findRegistration(db: Db, id: number) {
  return db.selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLiveRegistration(tx: Tx, activityId: number, userId: number) {
  return tx
    .selectFrom('registrations')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .where('status', 'in', ['pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted'])
    .executeTakeFirst();
}

/** Inserts a registration; resolves with what its owner is shown of it. */
export function insertRegistration(tx: Tx, row: { activity_id: number; user_id: number; status: RegistrationStatus; answers: Record<string, string>; payment_deadline: Date | null }) {
  return tx
    .insertInto('registrations')
    .values({ ...row, answers: JSON.stringify(row.answers), check_in_code: newCheckInCode() })
    .returning([
      'id', 'activity_id', 'status', 'payment_deadline', 'amount_paid', 'amount_refunded', 'check_in_code', 'checked_in_at', 'created_at', 'queued_at',
    ])
    .executeTakeFirstOrThrow();
}

export async function setRegistrationStatus(tx: Tx, id: number, status: RegistrationStatus, extra: { payment_deadline?: Date | null; amount_paid?: number; amount_refunded?: number } = {}) {
  await tx.updateTable('registrations').set({ status, updated_at: new Date(), ...extra }).where('id', '=', id).execute();
}

/** The next in line, in arrival order. */
export function firstWaitlisted(tx: Tx, activityId: number) {
  return tx
    .selectFrom('registrations')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('status', '=', 'waitlisted')
    .orderBy('queued_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Moves an activity's seat and waitlist counters (and counts a new registration towards its recent ones). */
export async function adjustSeats(tx: Tx, activityId: number, seats: number, waitlist: number, registered = 0) {
  await tx
    .updateTable('activities')
    .set((eb) => ({
      seats_taken: eb('seats_taken', '+', seats),
      waitlist_count: eb('waitlist_count', '+', waitlist),
      ...(registered ? { recent_registrations: eb('recent_registrations', '+', registered) } : {}),
    }))
    .where('id', '=', activityId)
    .execute();
}

export function livePaymentOf(tx: Tx, registrationId: number) {
  return tx
    .selectFrom('payments')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .where('status', 'in', ['pending', 'succeeded'])
    .forUpdate()
    .executeTakeFirst();
}

export function participants(db: Db, activityId: number) {
  return db
    .selectFrom('registrations as r')
    .innerJoin('users', 'users.id', 'r.user_id')
    .select([
      'r.id', 'r.status', 'r.answers', 'r.amount_paid', 'r.checked_in_at', 'r.created_at', 'r.queued_at',
      'users.id as user_id', 'users.username', 'users.display_name',
    ])
    .where('r.activity_id', '=', activityId)
    .orderBy('r.queued_at')
    .orderBy('r.id')
    .execute();
}
