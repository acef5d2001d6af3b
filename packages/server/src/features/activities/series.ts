import type { CreateSeriesBody, Series, UpdateSeriesBody } from '@kindred/contract';
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import { requireAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { createRoom } from '../rooms/rooms.repository.js';
import { hasHeldEdit } from '../moderation/held.js';
import { wallClock } from '../../lib/wall-clock.js';
import { notify } from '../notifications/notifications.service.js';
import * as activities from './activities.service.js';

const HOUR = 3_600_000;
/** Occurrences kept made ahead: about four weeks of a weekly series, three months of a monthly one. */
const AHEAD = { weekly: 4, monthly: 3 } as const;
/** The organizer is asked "still on?" this long before an occurrence, and it is unconfirmed if not answered by the second. */
const ASK_BEFORE_MS = 72 * HOUR;
const CONFIRM_BY_MS = 48 * HOUR;
const DAILY = 24 * HOUR;

/** The fields an occurrence copies from the series' template; the rest (seats, registrations, photos) are its own. */
const copied = [
  'group_id', 'organizer_id', 'title', 'description', 'description_html', 'tags', 'time_zone', 'place_name', 'address', 'lat', 'lng',
  'meeting_point', 'difficulty', 'distance_km', 'duration_minutes', 'gear', 'included', 'fee_amount', 'currency', 'capacity',
  'requires_approval', 'questions', 'full_refund_hours', 'partial_refund_hours', 'partial_refund_percent', 'max_guests',
  'cancel_cutoff_hours', 'min_show_up_rate', 'low_show_up', 'map_cells', 'search_vector',
] as const;

type SeriesRow = NonNullable<Awaited<ReturnType<typeof findSeries>>>;

/** A series, its dates as text (YYYY-MM-DD): calendar dates, not instants. */
function findSeries(db: Db, id: number) {
  return db
    .selectFrom('activity_series')
    .select([
      'id', 'organizer_id', 'freq', 'time_zone', 'local_time', 'duration_minutes', 'template_activity_id', 'paused_at',
      sql<string>`anchor_date::text`.as('anchor_date'),
      sql<string | null>`until_date::text`.as('until_date'),
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The start of occurrence `index`: the anchor's local date moved by weeks or months, at the local time, in the zone (DST kept). */
export function occurrenceStart(series: Pick<SeriesRow, 'freq' | 'anchor_date' | 'local_time' | 'time_zone'>, index: number): DateTime {
  const [hour, minute] = series.local_time.split(':').map(Number) as [number, number];
  const anchor = DateTime.fromISO(series.anchor_date, { zone: series.time_zone }).set({ hour, minute, second: 0, millisecond: 0 });
  return series.freq === 'weekly' ? anchor.plus({ weeks: index }) : anchor.plus({ months: index });
}

/** Creates a series: its first occurrence as an ordinary activity (the template), then the next few. */
export async function createSeries(ctx: AppContext, viewer: SignedInViewer, input: CreateSeriesBody) {
  const first = await activities.createActivity(ctx, viewer, input.activity);
  const start = DateTime.fromISO(input.activity.startsAt, { zone: input.activity.timeZone });
  const duration = Math.round((Date.parse(input.activity.endsAt) - Date.parse(input.activity.startsAt)) / 60_000);
  if (input.until && input.until < start.toISODate()!) throw new ValidationError('The series ends before it begins.', { until: 'is before the first occurrence' });
  const series = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('activity_series')
      .values({
        organizer_id: viewer.id,
        group_id: input.activity.groupId ?? null,
        freq: input.freq,
        time_zone: input.activity.timeZone,
        anchor_date: start.toISODate()!,
        local_time: start.toFormat('HH:mm'),
        duration_minutes: duration,
        until_date: input.until ?? null,
        template_activity_id: first.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('series_slots').values({ series_id: row.id, series_index: 0 }).execute();
    await tx.updateTable('activities').set({ series_id: row.id, series_index: 0 }).where('id', '=', first.id).execute();
    await scheduleStillOn(tx, first.id, new Date(first.startsAt));
    return row.id;
  });
  await materialize(ctx, series);
  await scheduleJob(ctx.db, 'series.materialize', String(series), new Date(Date.now() + DAILY), { seriesId: series });
  return getSeries(ctx.db, viewer, series);
}

/** Asks "still on?" 72 h before an occurrence and checks for the answer 48 h before. */
async function scheduleStillOn(tx: Tx, activityId: number, startsAt: Date) {
  const now = Date.now();
  await scheduleJob(tx, 'series.ask', String(activityId), new Date(Math.max(now, startsAt.getTime() - ASK_BEFORE_MS)), { activityId });
  await scheduleJob(tx, 'series.check', String(activityId), new Date(Math.max(now, startsAt.getTime() - CONFIRM_BY_MS)), { activityId });
}

/**
 * Job (daily, and when a series is made or changed): makes the occurrences
 * that should exist ahead and do not yet, copying the template; a paused or
 * ended series makes none.
 */
export async function materialize(ctx: AppContext, seriesId: number) {
  const series = await findSeries(ctx.db, seriesId);
  if (!series || series.paused_at) return;
  // A template whose text the keyword filter holds is copied once it is let through (settleHeldActivity asks again).
  if (await hasHeldEdit(ctx.db, 'activity', series.template_activity_id)) return;
  const made = await ctx.db
    .selectFrom('activities')
    .select([(eb) => eb.fn.max('series_index').as('last'), sql<number>`count(*) filter (where starts_at > now() and status = 'published')::int`.as('ahead')])
    .where('series_id', '=', seriesId)
    .executeTakeFirstOrThrow();
  let index = Number(made.last ?? 0);
  let ahead = made.ahead;
  while (ahead < AHEAD[series.freq]) {
    index += 1;
    const start = occurrenceStart(series, index);
    if (series.until_date && start.toISODate()! > series.until_date) break;
    const startsAt = start.toJSDate();
    if (startsAt.getTime() <= Date.now()) continue;
    const endsAt = new Date(startsAt.getTime() + series.duration_minutes * 60_000);
    const id = await ctx.db.transaction().execute(async (tx) => {
      // Whoever claims the index first makes its occurrence; a concurrent run waits here, then finds it taken.
      const claimed = await tx.insertInto('series_slots').values({ series_id: seriesId, series_index: index }).onConflict((oc) => oc.doNothing()).returning('series_id').executeTakeFirst();
      if (!claimed) return null;
      const columns = sql.join(copied.map((c) => sql.ref(c)));
      const { rows } = await sql<{ id: number }>`
        insert into activities (${columns}, starts_at, ends_at, status, series_id, series_index)
        select ${columns}, ${startsAt}, ${endsAt}, 'published', ${seriesId}::bigint, ${index}::int from activities where id = ${series.template_activity_id}
        returning id`.execute(tx);
      if (!rows[0]) return null;
      await createRoom(tx, { activityId: rows[0].id });
      await scheduleStillOn(tx, rows[0].id, startsAt);
      return rows[0].id;
    });
    if (id !== null) await activities.scheduleActivityJobs(ctx, id, startsAt, endsAt);
    ahead += 1;
  }
}

/** Job: asks the organizer whether an occurrence is still on (unless they said so already). */
export async function askStillOn(ctx: AppContext, activityId: number) {
  const row = await ctx.db.selectFrom('activities').select(['organizer_id', 'title', 'status', 'confirmed_at', 'starts_at']).where('id', '=', activityId).executeTakeFirst();
  if (!row || row.status !== 'published' || row.confirmed_at || row.starts_at.getTime() <= Date.now()) return;
  await notify(ctx.db, [row.organizer_id], { kind: 'series.still_on', subject: { kind: 'activity', id: activityId }, data: { title: row.title, startsAt: row.starts_at.toISOString() } });
}

/**
 * Job, 48 h before an occurrence: not confirmed, it is marked unconfirmed to
 * members; when the series' previous occurrence went unconfirmed too, the
 * series pauses itself and tells its organizer.
 */
export async function checkStillOn(ctx: AppContext, activityId: number) {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('activities')
      .select(['series_id', 'series_index', 'organizer_id', 'title', 'status', 'confirmed_at'])
      .where('id', '=', activityId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.series_id === null || row.status !== 'published' || row.confirmed_at) return;
    await tx.updateTable('activities').set({ unconfirmed: true }).where('id', '=', activityId).execute();
    const previous = await tx
      .selectFrom('activities')
      .select('unconfirmed')
      .where('series_id', '=', row.series_id)
      .where('series_index', '<', row.series_index!)
      .where('status', '<>', 'cancelled')
      .orderBy('series_index', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!previous?.unconfirmed) return;
    const paused = await tx.updateTable('activity_series').set({ paused_at: new Date() }).where('id', '=', row.series_id).where('paused_at', 'is', null).returning('id').executeTakeFirst();
    if (paused) await notify(tx, [row.organizer_id], { kind: 'series.paused', subject: { kind: 'activity', id: activityId }, data: { title: row.title, seriesId: row.series_id } });
  });
}

/** The organizer confirms an occurrence is on ("still on?": yes). */
export async function confirmOccurrence(ctx: AppContext, viewer: SignedInViewer, activityId: number) {
  await requireAccess(ctx.db, viewer, 'activity.manage', activityId);
  const row = await ctx.db
    .updateTable('activities')
    .set({ confirmed_at: new Date(), unconfirmed: false })
    .where('id', '=', activityId)
    .where('status', '=', 'published')
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new ConflictError('Only a published activity is confirmed.');
}

async function seriesForManager(db: Db, viewer: SignedInViewer, id: number) {
  const series = await findSeries(db, id);
  if (!series) throw new NotFoundError('series');
  await requireAccess(db, viewer, 'activity.manage', series.template_activity_id);
  return series;
}

export async function getSeries(db: Db, viewer: SignedInViewer, id: number): Promise<Series> {
  const series = await seriesForManager(db, viewer, id);
  const occurrences = await db
    .selectFrom('activities')
    .select(['id', 'starts_at', 'time_zone', 'status', 'unconfirmed', 'confirmed_at'])
    .where('series_id', '=', id)
    .orderBy('series_index')
    .execute();
  return {
    id: series.id,
    freq: series.freq,
    timeZone: series.time_zone,
    localTime: series.local_time,
    durationMinutes: series.duration_minutes,
    until: series.until_date,
    paused: series.paused_at !== null,
    occurrences: occurrences.map((o) => ({
      id: o.id,
      startsAt: o.starts_at.toISOString(),
      startsAtLocal: wallClock(o.starts_at, o.time_zone).local,
      status: o.status,
      unconfirmed: o.unconfirmed,
      confirmed: o.confirmed_at !== null,
    })),
  };
}

/**
 * "This and following": the changes apply to occurrence `from` and every
 * later one not yet begun (each as an ordinary edit: registrants hear of time,
 * place and fee changes), and `from` becomes the template of those to come.
 */
export async function updateSeries(ctx: AppContext, viewer: SignedInViewer, id: number, input: UpdateSeriesBody) {
  const series = await seriesForManager(ctx.db, viewer, id);
  const from = await ctx.db.selectFrom('activities').select(['series_index']).where('id', '=', input.from).where('series_id', '=', id).executeTakeFirst();
  if (!from) throw new ValidationError('That activity is not an occurrence of this series.', { from: 'is not in this series' });
  const localTime = input.localTime ?? series.local_time;
  const duration = input.durationMinutes ?? series.duration_minutes;
  await ctx.db.updateTable('activity_series').set({ local_time: localTime, duration_minutes: duration, template_activity_id: input.from }).where('id', '=', id).execute();
  const following = await ctx.db
    .selectFrom('activities')
    .select(['id', 'series_index'])
    .where('series_id', '=', id)
    .where('series_index', '>=', from.series_index!)
    .where('status', '=', 'published')
    .where('starts_at', '>', new Date())
    .orderBy('series_index')
    .execute();
  const retimed = { ...series, local_time: localTime };
  for (const occurrence of following) {
    const start = occurrenceStart(retimed, occurrence.series_index!).toJSDate();
    const { from: _from, localTime: _t, durationMinutes: _d, ...fields } = input;
    await activities.updateActivity(ctx, viewer, occurrence.id, {
      ...fields,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + duration * 60_000).toISOString(),
    });
  }
  return getSeries(ctx.db, viewer, id);
}

/** The organizer resumes a paused series: occurrences are made again. */
export async function resumeSeries(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await seriesForManager(ctx.db, viewer, id);
  await ctx.db.updateTable('activity_series').set({ paused_at: null }).where('id', '=', id).execute();
  await materialize(ctx, id);
  return getSeries(ctx.db, viewer, id);
}

/** Job, daily per series: keeps its occurrences made ahead. */
export async function materializeDaily(ctx: AppContext, seriesId: number) {
  await materialize(ctx, seriesId);
  if (await findSeries(ctx.db, seriesId)) await scheduleJob(ctx.db, 'series.materialize', String(seriesId), new Date(Date.now() + DAILY), { seriesId });
}
