import type { AttendanceRecord, ShowUp } from '@kindred/contract';
import { sql } from 'kysely';
import { requireAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { Db, Tx } from '../../db/database.js';
import { decodeCursor, keysetAfter, timestampCursor, toPage } from '../../db/pagination.js';
import { ConflictError, NotFoundError } from '../../errors.js';

const DAY = 24 * 3_600_000;
/** How long after an activity ends its organizer may still mark attendance, and a member contest a no-show. */
const MARKING_DAYS = 14;
const CONTEST_DAYS = 30;
/** A show-up rate counts for the minimum-rate rule once this many attendances are known. */
export const KNOWN_FOR_RULE = 3;

/** Members' show-up records: activities attended and missed (where known) and late cancellations. */
export async function showUpOf(db: Db, userIds: readonly number[]): Promise<Map<number, ShowUp>> {
  const result = new Map<number, ShowUp>();
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('registrations')
    .select([
      'user_id',
      sql<number>`count(*) filter (where attendance = 'attended')::int`.as('attended'),
      sql<number>`count(*) filter (where attendance = 'no_show')::int`.as('no_shows'),
      sql<number>`count(*) filter (where late_cancel)::int`.as('late'),
    ])
    .where('user_id', 'in', [...userIds])
    .where((eb) => eb.or([eb('attendance', 'is not', null), eb('late_cancel', '=', true)]))
    .groupBy('user_id')
    .execute();
  for (const id of userIds) result.set(id, { attended: 0, noShows: 0, lateCancellations: 0, rate: null });
  for (const r of rows) {
    const known = r.attended + r.no_shows;
    result.set(r.user_id, { attended: r.attended, noShows: r.no_shows, lateCancellations: r.late, rate: known ? r.attended / known : null });
  }
  return result;
}

/** Whether a member's known record falls below an activity's minimum show-up rate (percent). */
export function belowMinimum(showUp: ShowUp, minimum: number | null) {
  return minimum !== null && showUp.rate !== null && showUp.attended + showUp.noShows >= KNOWN_FOR_RULE && showUp.rate * 100 < minimum;
}

/**
 * When an activity completes: once its organizer checked anyone in, every
 * confirmed registration not checked in is a no-show (and the checked-in
 * attended); without any check-in, attendance stays unknown until marked.
 */
export async function settleAttendance(tx: Tx, activityId: number) {
  await sql`
    update registrations r set attendance = case when r.checked_in_at is null then 'no_show' else 'attended' end
    where r.activity_id = ${activityId} and r.status = 'confirmed' and r.attendance is null
      and exists (select 1 from registrations c where c.activity_id = ${activityId} and c.checked_in_at is not null)`.execute(tx);
}

/** The organizer (or an admin) marks whether a confirmed participant came, from its start until two weeks after its end. */
export async function markAttendance(db: Db, viewer: SignedInViewer, activityId: number, registrationId: number, attended: boolean) {
  await requireAccess(db, viewer, 'activity.manage', activityId);
  const activity = await db.selectFrom('activities').select(['starts_at', 'ends_at']).where('id', '=', activityId).executeTakeFirstOrThrow();
  if (activity.starts_at.getTime() > Date.now()) throw new ConflictError('Attendance is marked once the activity has begun.');
  if (activity.ends_at.getTime() + MARKING_DAYS * DAY < Date.now()) throw new ConflictError(`Attendance can be marked up to ${MARKING_DAYS} days after the activity.`);
  const row = await db
    .updateTable('registrations')
    .set({ attendance: attended ? 'attended' : 'no_show', ...(attended ? { contested_at: null, contest_note: null } : {}) })
    .where('id', '=', registrationId)
    .where('activity_id', '=', activityId)
    .where('status', '=', 'confirmed')
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new NotFoundError('confirmed registration');
}

/** A member disputes a no-show mark, with a note the organizer sees, within a month of the activity. */
export async function contestAttendance(db: Db, viewer: SignedInViewer, registrationId: number, note: string) {
  const row = await db
    .selectFrom('registrations as r')
    .innerJoin('activities as a', 'a.id', 'r.activity_id')
    .select(['r.user_id', 'r.attendance', 'a.ends_at'])
    .where('r.id', '=', registrationId)
    .executeTakeFirst();
  if (!row || row.user_id !== viewer.id) throw new NotFoundError('registration');
  if (row.attendance !== 'no_show') throw new ConflictError('Only a no-show mark can be contested.');
  if (row.ends_at.getTime() + CONTEST_DAYS * DAY < Date.now()) throw new ConflictError(`A mark can be contested up to ${CONTEST_DAYS} days after the activity.`);
  await db.updateTable('registrations').set({ contested_at: new Date(), contest_note: note.trim() }).where('id', '=', registrationId).execute();
}

/** My record and history: past activities with attendance known or a late cancellation, newest first. */
export async function myAttendance(db: Db, viewer: SignedInViewer, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? 20;
  const after = decodeCursor(query.cursor, 'tn');
  let rows = db
    .selectFrom('registrations as r')
    .innerJoin('activities as a', 'a.id', 'r.activity_id')
    .select(['r.id', 'r.attendance', 'r.late_cancel', 'r.contested_at', 'a.id as activity_id', 'a.title', 'a.starts_at', timestampCursor('a.starts_at').as('starts_cursor')])
    .where('r.user_id', '=', viewer.id)
    .where((eb) => eb.or([eb('r.attendance', 'is not', null), eb('r.late_cancel', '=', true)]))
    .orderBy('a.starts_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit + 1);
  if (after) rows = rows.where(keysetAfter(['a.starts_at', 'r.id'], '<', after, 'timestamp'));
  const page = toPage(await rows.execute(), limit, (r) => [r.starts_cursor, r.id]);
  const items: AttendanceRecord[] = page.rows.map((r) => ({
    registrationId: r.id,
    activity: { id: r.activity_id, title: r.title, startsAt: r.starts_at.toISOString() },
    attendance: r.attendance,
    lateCancel: r.late_cancel,
    contested: r.contested_at !== null,
  }));
  return { showUp: (await showUpOf(db, [viewer.id])).get(viewer.id)!, items, nextCursor: page.nextCursor };
}
