import type { FeedbackBody, OrganizerDashboard } from '@kindred/contract';
import { sql } from 'kysely';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { Db, Tx } from '../../db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { refuseFlagged } from '../moderation/held.js';
import { notify } from '../notifications/notifications.service.js';

const DAY = 24 * 3_600_000;
/** Participants may leave feedback this long after an activity ends. */
const FEEDBACK_DAYS = 30;
const NOTES_SHOWN = 20;

/**
 * When an activity completes, its organizer is asked for a recap (a post in
 * its group) and its participants for private feedback.
 */
export async function promptAfterActivity(tx: Tx, activity: { id: number; title: string; organizer_id: number; group_id: number | null }) {
  const data = { title: activity.title, groupId: activity.group_id };
  await notify(tx, [activity.organizer_id], { kind: 'activity.recap', subject: { kind: 'activity', id: activity.id }, data });
  const came = await tx
    .selectFrom('registrations')
    .select('user_id')
    .where('activity_id', '=', activity.id)
    .where('status', '=', 'confirmed')
    .where((eb) => eb.or([eb('attendance', 'is', null), eb('attendance', '=', 'attended')]))
    .execute();
  await notify(tx, came.map((r) => r.user_id), { kind: 'activity.feedback', subject: { kind: 'activity', id: activity.id }, data });
}

/** Who held a confirmed seat, and did not miss it, rates an ended activity (once, changeable), within a month. */
export async function giveFeedback(db: Db, viewer: SignedInViewer, activityId: number, input: FeedbackBody) {
  const row = await db
    .selectFrom('activities as a')
    .leftJoin('registrations as r', (join) => join.onRef('r.activity_id', '=', 'a.id').on('r.user_id', '=', viewer.id).on('r.status', '=', 'confirmed'))
    .select(['a.ends_at', 'a.organizer_id', 'r.id as registration_id', 'r.attendance'])
    .where('a.id', '=', activityId)
    .executeTakeFirst();
  if (!row || !row.registration_id) throw new NotFoundError('activity you took part in');
  if (row.organizer_id === viewer.id) throw new ForbiddenError('Organizers do not rate their own activities.');
  if (row.attendance === 'no_show') throw new ForbiddenError('Feedback comes from those who came.');
  if (row.ends_at.getTime() > Date.now()) throw new ConflictError('Feedback opens when the activity ends.');
  if (row.ends_at.getTime() + FEEDBACK_DAYS * DAY < Date.now()) throw new ConflictError(`Feedback closes ${FEEDBACK_DAYS} days after the activity.`);
  const note = (input.note ?? '').trim();
  await refuseFlagged(db, { note });
  await db
    .insertInto('activity_feedback')
    .values({ activity_id: activityId, user_id: viewer.id, rating: input.rating, note })
    .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet({ rating: input.rating, note, created_at: new Date() }))
    .execute();
}

export async function myFeedback(db: Db, viewer: SignedInViewer, activityId: number) {
  const row = await db.selectFrom('activity_feedback').select(['rating', 'note', 'created_at']).where('activity_id', '=', activityId).where('user_id', '=', viewer.id).executeTakeFirst();
  if (!row) throw new NotFoundError('feedback');
  return { rating: row.rating, note: row.note, createdAt: row.created_at.toISOString() };
}

/** The organizer's own dashboard: their activities of the last 90 days with attendance and ratings, and the latest notes unsigned. */
export async function organizerDashboard(db: Db, viewer: SignedInViewer): Promise<OrganizerDashboard> {
  const { rows: activities } = await sql<{
    id: number;
    title: string;
    starts_at: Date;
    confirmed: number;
    attended: number;
    no_shows: number;
    feedback_count: number;
    average_rating: number | null;
  }>`
    select a.id, a.title, a.starts_at,
      (select count(*) from registrations r where r.activity_id = a.id and r.status = 'confirmed')::int as confirmed,
      (select count(*) from registrations r where r.activity_id = a.id and r.attendance = 'attended')::int as attended,
      (select count(*) from registrations r where r.activity_id = a.id and r.attendance = 'no_show')::int as no_shows,
      (select count(*) from activity_feedback f where f.activity_id = a.id)::int as feedback_count,
      (select avg(f.rating)::float8 from activity_feedback f where f.activity_id = a.id) as average_rating
    from activities a
    where a.organizer_id = ${viewer.id} and a.ends_at < now() and a.ends_at > now() - interval '90 days' and a.status <> 'cancelled'
    order by a.starts_at desc`.execute(db);
  const { rows: ratings } = await sql<{ rating: number; n: number }>`
    select f.rating, count(*)::int as n from activity_feedback f join activities a on a.id = f.activity_id
    where a.organizer_id = ${viewer.id} group by f.rating`.execute(db);
  const notes = await db
    .selectFrom('activity_feedback as f')
    .innerJoin('activities as a', 'a.id', 'f.activity_id')
    .select(['f.activity_id', 'f.rating', 'f.note', 'f.created_at'])
    .where('a.organizer_id', '=', viewer.id)
    .where('f.note', '<>', '')
    .orderBy('f.created_at', 'desc')
    .limit(NOTES_SHOWN)
    .execute();
  const counts = [1, 2, 3, 4, 5].map((r) => ratings.find((x) => x.rating === r)?.n ?? 0);
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    activities: activities.map((a) => ({
      id: a.id,
      title: a.title,
      startsAt: a.starts_at.toISOString(),
      confirmed: a.confirmed,
      attended: a.attended,
      noShows: a.no_shows,
      feedbackCount: a.feedback_count,
      averageRating: a.average_rating === null ? null : Math.round(a.average_rating * 10) / 10,
    })),
    averageRating: total ? Math.round((counts.reduce((sum, n, i) => sum + n * (i + 1), 0) / total) * 10) / 10 : null,
    ratings: counts,
    notes: notes.map((n) => ({ activityId: n.activity_id, rating: n.rating, note: n.note, createdAt: n.created_at.toISOString() })),
  };
}
