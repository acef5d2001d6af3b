import crypto from 'node:crypto';
import { sql, type InsertQueryBuilder, type QueryCreator } from 'kysely';
import { notSuspendedSql } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import type { DB, RegistrationStatus } from '../../db/schema.js';
import { liveStatuses } from './activities.repository.js';

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

/** A change to an activity's counts: seats taken, waitlist places, and registrations this week. */
export interface PlaceChange {
  seats: number;
  waitlist: number;
  registered: number;
}

/**
 * Inserts a registration unless the member already has a live one for the
 * activity (registrations_live_key), in one statement with the change it
 * makes to the activity's counts and `alongside` (a write that goes with
 * it); resolves with what its owner is shown of it, or undefined when there
 * was one, in which case the caller rolls back (the counts changed regardless).
 */
export function insertRegistration(
  tx: Tx,
  row: { activity_id: number; user_id: number; status: RegistrationStatus; answers: Record<string, string>; guest_names: string[]; payment_deadline: Date | null; held_until: Date | null },
  place: PlaceChange,
  alongside: (db: QueryCreator<DB>) => InsertQueryBuilder<DB, any, any>,
) {
  return tx
    .with('place', (db) => seatsUpdate(db, row.activity_id, place).returning('activities.id'))
    .with('alongside', (db) => alongside(db as unknown as QueryCreator<DB>).returning(sql<number>`1`.as('done')))
    .insertInto('registrations')
    .values({ ...row, answers: JSON.stringify(row.answers), check_in_code: newCheckInCode() })
    // The index's predicate in literals: PostgreSQL infers the arbiter index from constants, not parameters.
    .onConflict((oc) => oc.columns(['activity_id', 'user_id']).where('status', 'in', liveStatuses.map((status) => sql.lit(status))).doNothing())
    .returning([
      'id', 'activity_id', 'status', 'payment_deadline', 'amount_paid', 'amount_refunded', 'check_in_code', 'checked_in_at', 'created_at', 'queued_at', 'guest_names', 'attendance', 'late_cancel', 'held_until',
    ])
    .executeTakeFirst();
}

export async function setRegistrationStatus(
  tx: Tx,
  id: number,
  status: RegistrationStatus,
  extra: { payment_deadline?: Date | null; amount_paid?: number; amount_refunded?: number; late_cancel?: boolean } = {},
) {
  await tx.updateTable('registrations').set({ status, updated_at: new Date(), ...extra }).where('id', '=', id).execute();
}

/** How many registrations wait in the queue (a new one's place in line is this, counted after it). */
export async function waitlistLength(tx: Tx, activityId: number) {
  const row = await tx
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', activityId)
    .where('status', '=', 'waitlisted')
    .where('held_until', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The next in line, in arrival order. */
export function firstWaitlisted(tx: Tx, activityId: number) {
  return tx
    .selectFrom('registrations')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where('status', '=', 'waitlisted')
    .where('held_until', 'is', null)
    .orderBy('queued_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Moves an activity's seat and waitlist counters (and counts a new registration towards its recent ones). */
export async function adjustSeats(tx: Tx, activityId: number, seats: number, waitlist: number, registered = 0) {
  await seatsUpdate(tx, activityId, { seats, waitlist, registered }).execute();
}

function seatsUpdate(db: QueryCreator<DB>, activityId: number, change: PlaceChange) {
  return db
    .updateTable('activities')
    .set((eb) => ({
      seats_taken: eb('seats_taken', '+', change.seats),
      waitlist_count: eb('waitlist_count', '+', change.waitlist),
      ...(change.registered ? { recent_registrations: eb('recent_registrations', '+', change.registered) } : {}),
    }))
    .where('id', '=', activityId);
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
      'r.id', 'r.status', 'r.answers', 'r.guest_names', 'r.amount_paid', 'r.checked_in_at', 'r.created_at', 'r.queued_at', 'r.attendance',
      'r.contested_at', 'r.contest_note', 'r.held_until',
      'users.id as user_id', 'users.username', 'users.display_name', 'users.avatar_media_id',
    ])
    .where('r.activity_id', '=', activityId)
    .where(notSuspendedSql('r.user_id'))
    .orderBy('r.queued_at')
    .orderBy('r.id')
    .execute();
}
