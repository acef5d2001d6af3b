import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CursorValue } from '../../db/pagination.js';

/** A timestamp as microseconds since the epoch: exact, and comparable in JavaScript (fits a double). */
const micros = (column: string) => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint`;
/** Microseconds since the epoch back to a timestamptz, exactly (integer arithmetic). */
const fromMicros = (value: CursorValue) => sql`(timestamptz 'epoch' + ${value}::bigint * interval '1 microsecond')`;

const paymentColumns = ['p.id', 'p.amount', 'p.currency', 'p.status', 'p.refunded_amount', 'p.refunded_at', 'p.created_at', 'p.provider', 'r.activity_id'] as const;

export type HistoryKind = 'charge' | 'refund';

/**
 * One page of a member's history, newest first: their charges (by when they
 * were made) and refunds (by when they were given), `limit + 1` of each
 * after the cursor `[micros, paymentId, kind]`, for the caller to merge.
 * Served by payments_user_created_idx and payments_user_refunded_idx.
 */
export async function historyRows(db: Db, userId: number, after: CursorValue[] | null, limit: number) {
  const side = (kind: HistoryKind) => {
    const at = kind === 'charge' ? 'p.created_at' : 'p.refunded_at';
    let query = db
      .selectFrom('payments as p')
      .innerJoin('registrations as r', 'r.id', 'p.registration_id')
      .select([...paymentColumns, micros(at).as('at_micros'), sql<HistoryKind>`${kind}::text`.as('kind')])
      .where('p.user_id', '=', userId);
    if (kind === 'refund') query = query.where('p.refunded_at', 'is not', null);
    if (after) {
      // (at, id, kind) < the cursor's, newest first: 'refund' sorts after 'charge', so it comes first at a tie.
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`(${sql.ref(at)}, p.id) < (${fromMicros(after[0]!)}, ${after[1]})`,
          sql<boolean>`(${sql.ref(at)} = ${fromMicros(after[0]!)} and p.id = ${after[1]} and ${kind}::text < ${after[2]})`,
        ]),
      );
    }
    return query.orderBy(at, 'desc').orderBy('p.id', 'desc').limit(limit + 1).execute();
  };
  const [charges, refunds] = await Promise.all([side('charge'), side('refund')]);
  return [...charges, ...refunds];
}

/** A member's totals per currency: paid (succeeded charges), refunded, and pending. */
export function totalsOf(db: Db, userId: number) {
  return db
    .selectFrom('payments')
    .select([
      'currency',
      sql<string>`coalesce(sum(amount) filter (where status = 'succeeded'), 0)`.as('paid'),
      sql<string>`coalesce(sum(refunded_amount), 0)`.as('refunded'),
      sql<string>`coalesce(sum(amount) filter (where status = 'pending'), 0)`.as('pending'),
    ])
    .where('user_id', '=', userId)
    .groupBy('currency')
    .orderBy('currency')
    .execute();
}

/** A payment with what its receipt shows: the payer, the activity and its organizer. */
export function receiptRow(db: Db, paymentId: number) {
  return db
    .selectFrom('payments as p')
    .innerJoin('registrations as r', 'r.id', 'p.registration_id')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([...paymentColumns, 'u.id as payer_id', 'u.username as payer_username', 'u.display_name as payer_display_name', 'u.avatar_media_id as payer_avatar_media_id'])
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
}

/** Activities with their organizers, for the lines of a history or a receipt. */
export function paidActivities(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activities as a')
    .innerJoin('users as o', 'o.id', 'a.organizer_id')
    .select(['a.id', 'a.title', 'a.starts_at', 'a.time_zone', 'o.id as organizer_id', 'o.username as organizer_username', 'o.display_name as organizer_display_name', 'o.avatar_media_id as organizer_avatar_media_id'])
    .where('a.id', 'in', ids)
    .execute();
}
