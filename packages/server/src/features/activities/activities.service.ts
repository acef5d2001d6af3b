import { MAX_ALBUM_PHOTOS, toMajorUnits, type AlbumBody, type AreaQuery, type CreateActivityBody, type MemberActivitiesQuery, type KnownPlace, type MyActivitiesQuery, type NearbyQuery, type PlaceQuery, type UpdateActivityBody } from '@kindred/contract';
import { sql, type Insertable, type Updateable } from 'kysely';
import { DateTime, IANAZone } from 'luxon';
import { activityAccessFromRow, blockedEitherWaySql, requireAccess, requireAccessOnFacts, requireGroupAccess } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import type { ActivitiesTable } from '../../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { csvDocument } from '../../lib/csv.js';
import { greatCircleKm } from '../../lib/geo.js';
import { searchQuery } from '../../lib/search-vector.js';
import { icsDateTime, icsDocument, icsText } from '../../lib/icalendar.js';
import { mapCells } from '../../lib/map-cells.js';
import { markdownToText, renderMarkdown } from '../../lib/markdown.js';
import { normalizeTags } from '../../lib/tags.js';
import { notify } from '../notifications/notifications.service.js';
import { settleAttendance, showUpOf } from './attendance.js';
import { promptAfterActivity } from './feedback.js';
import { refreshGroupLiveliness, touchGroup } from '../groups/groups.repository.js';
import * as payments from '../payments/payments.service.js';
import { balance } from '../payments/ledger.repository.js';
import { presentUserSummary } from '../accounts/accounts.views.js';
import { followState } from '../social/social.views.js';
import { appendMedia, countPlacedMedia, placeSingleMedia } from '../media/media.repository.js';
import { createRoom } from '../rooms/rooms.repository.js';
import { presentMedia } from '../media/media.views.js';
import * as repo from './activities.repository.js';
import { presentActivity, presentActivitySummaries } from './activities.views.js';
import * as registrations from './registrations.service.js';
import { dropHeldFields, givenText, hasHeldEdit, holdEdit, refuseFlagged, screenText, takeHeldEdit } from '../moderation/held.js';
import * as registrationsRepo from './registrations.repository.js';

const DEFAULT_LIMIT = 20;
const HOUR = 3_600_000;
/** Reminders go out this many hours before the start. */
export const REMINDER_HOURS = [24, 2];

function parseInstant(value: string, field: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new ValidationError(`${field} is not a date-time.`, { [field]: 'must be an ISO 8601 date-time' });
  return at;
}

/** Checks the fields that depend on each other, for a new or edited activity. */
function activityFields(input: UpdateActivityBody, current?: repo.ActivityRow): Updateable<ActivitiesTable> {
  const patch: Updateable<ActivitiesTable> = {};
  const fields: Record<string, string> = {};
  if (input.title !== undefined) {
    if (input.title.trim().length < 3) fields.title = 'must have at least 3 characters';
    patch.title = input.title.trim();
  }
  if (input.description !== undefined) {
    patch.description = input.description;
    patch.description_html = renderMarkdown(input.description);
  }
  if (input.tags !== undefined) patch.tags = normalizeTags(input.tags);
  if (input.timeZone !== undefined) {
    if (!IANAZone.isValidZone(input.timeZone)) fields.timeZone = 'is not a known IANA time zone';
    patch.time_zone = input.timeZone;
  }
  const startsAt = input.startsAt !== undefined ? parseInstant(input.startsAt, 'startsAt') : current?.starts_at;
  const endsAt = input.endsAt !== undefined ? parseInstant(input.endsAt, 'endsAt') : current?.ends_at;
  if (input.startsAt !== undefined) patch.starts_at = startsAt;
  if (input.endsAt !== undefined) patch.ends_at = endsAt;
  if (startsAt && endsAt && endsAt <= startsAt) fields.endsAt = 'must be after the start';
  if (input.startsAt !== undefined && startsAt && startsAt.getTime() < Date.now() - 60_000) fields.startsAt = 'must be in the future';
  if (input.registrationDeadline !== undefined) {
    const deadline = input.registrationDeadline === null ? null : parseInstant(input.registrationDeadline, 'registrationDeadline');
    if (deadline && startsAt && deadline > startsAt) fields.registrationDeadline = 'must not be after the start';
    patch.registration_deadline = deadline;
  }
  if (input.place !== undefined) {
    if (!input.place.name.trim()) fields['place.name'] = 'must not be blank';
    Object.assign(patch, {
      place_name: input.place.name.trim(),
      address: input.place.address ?? '',
      lat: input.place.lat,
      lng: input.place.lng,
      map_cells: mapCells(input.place.lat, input.place.lng),
      meeting_point: input.place.meetingPoint ?? '',
    });
  }
  if (input.details !== undefined) {
    Object.assign(patch, {
      difficulty: input.details.difficulty,
      distance_km: input.details.distanceKm,
      duration_minutes: input.details.durationMinutes,
      gear: input.details.gear ?? [],
      included: input.details.included ?? [],
    });
  }
  if (input.fee !== undefined) {
    patch.fee_amount = input.fee.amount;
    patch.currency = input.fee.currency;
  }
  if (input.capacity !== undefined) {
    if (current && input.capacity < current.seats_taken) fields.capacity = `must be at least the ${current.seats_taken} seats already taken`;
    patch.capacity = input.capacity;
  }
  if (input.requiresApproval !== undefined) patch.requires_approval = input.requiresApproval;
  if (input.maxGuests !== undefined) patch.max_guests = input.maxGuests;
  if (input.cancelCutoffHours !== undefined) patch.cancel_cutoff_hours = input.cancelCutoffHours;
  if (input.minShowUpRate !== undefined) patch.min_show_up_rate = input.minShowUpRate;
  if (input.lowShowUp !== undefined) patch.low_show_up = input.lowShowUp;
  if (input.questions !== undefined) {
    if (new Set(input.questions.map((q) => q.id)).size !== input.questions.length) fields.questions = 'ids must be unique';
    patch.questions = JSON.stringify(input.questions);
  }
  if (input.refundPolicy !== undefined) {
    const p = input.refundPolicy;
    const partial = p.partialRefundHoursBefore ?? null;
    const percent = p.partialRefundPercent ?? null;
    if ((partial === null) !== (percent === null)) fields.refundPolicy = 'a partial refund needs both hours and percent';
    if (partial !== null && partial > p.fullRefundHoursBefore) fields['refundPolicy.partialRefundHoursBefore'] = 'must not exceed fullRefundHoursBefore';
    Object.assign(patch, { full_refund_hours: p.fullRefundHoursBefore, partial_refund_hours: partial, partial_refund_percent: percent });
  }
  if (Object.keys(fields).length > 0) throw new ValidationError('Some activity fields are not valid.', fields);
  return patch;
}

export async function scheduleActivityJobs(ctx: AppContext, id: number, startsAt: Date, endsAt: Date) {
  for (const hours of REMINDER_HOURS) {
    const at = new Date(startsAt.getTime() - hours * HOUR);
    if (at.getTime() > Date.now()) await scheduleJob(ctx.db, 'activity.remind', `${id}:${hours}`, at, { activityId: id, hours });
  }
  await scheduleJob(ctx.db, 'activity.complete', String(id), new Date(endsAt.getTime() + HOUR), { activityId: id });
}

/**
 * An activity's public text beside its title and description: its place, what
 * to bring, what is included and what registration asks. A new activity with
 * a held term in it waits whole, like one with it in its description; an edit
 * of it is refused instead, since only a title and description wait as a held
 * change beside the public text.
 */
function otherText(input: Pick<UpdateActivityBody, 'place' | 'details' | 'questions'>) {
  return {
    'place.name': input.place?.name,
    'place.address': input.place?.address,
    'place.meetingPoint': input.place?.meetingPoint,
    'details.gear': input.details?.gear.join('\n'),
    'details.included': input.details?.included.join('\n'),
    questions: input.questions?.map((q) => q.text).join('\n'),
  };
}

export async function createActivity(ctx: AppContext, viewer: SignedInViewer, input: CreateActivityBody) {
  const held = await screenText(ctx.db, { title: input.title, description: input.description, ...otherText(input) });
  if (input.groupId) await requireAccess(ctx.db, viewer, 'group.moderate', input.groupId);
  const fields = activityFields({ ...input, registrationDeadline: input.registrationDeadline ?? null, refundPolicy: input.refundPolicy ?? { fullRefundHoursBefore: 24 }, questions: input.questions ?? [], details: input.details ?? { difficulty: null, distanceKm: null, durationMinutes: null, gear: [], included: [] }, requiresApproval: input.requiresApproval ?? false });
  const id = await ctx.db.transaction().execute(async (tx) => {
    const activityId = await repo.insertActivity(tx, {
      ...(fields as Required<typeof fields>),
      group_id: input.groupId ?? null,
      organizer_id: viewer.id,
      // Held text keeps a new activity a draft (its organizer and group admins see it) until a moderator lets it through.
      status: held ? 'draft' : (input.status ?? 'published'),
    } as Insertable<ActivitiesTable>);
    if (held) {
      const edit = { kind: 'activity' as const, targetId: activityId, authorId: viewer.id, fields: {}, publish: (input.status ?? 'published') === 'published' };
      await holdEdit(tx, edit, held, { kind: 'activity', id: activityId, groupId: input.groupId ?? null });
    }
    if (input.cover) await repo.updateActivity(tx, activityId, { cover_media_id: await placeSingleMedia(tx, viewer.id, 'activity_cover', activityId, input.cover) });
    // Its chat room, for its organizer and, as they confirm, its participants.
    await createRoom(tx, { activityId });
    if (input.groupId) await touchGroup(tx, input.groupId);
    return activityId;
  });
  const [row] = await repo.findActivities(ctx.db, [id]);
  await scheduleActivityJobs(ctx, id, row!.starts_at, row!.ends_at);
  return getActivity(ctx, viewer, id, false);
}

/** An activity page: an activity the viewer may not see, or whose organizer either side has blocked, is a 404. */
export async function getActivity(ctx: AppContext, viewer: Viewer, id: number, countView = true) {
  const row = await repo.activityPage(ctx.db, viewer?.id ?? null, id);
  requireAccessOnFacts(viewer, 'activity.read', row);
  const activity = presentActivity(viewer, row);
  const going = row.going;
  if (!activity) throw new NotFoundError('activity');
  // A view is interest from someone not yet involved; organizers and registrants re-reading (or polling a payment) don't count.
  if (countView && !activity.viewer.canManage && !activity.viewer.registration) ctx.views.count(id);
  const detail = {
    ...activity,
    goingFromMyGroups: {
      count: going.length,
      sample: going.slice(0, 8).map(presentUserSummary),
    },
  };
  return withHeldText(detail, row.held_change);
}

/** Its author reads the activity with the text the keyword filter holds (`change`, theirs): a held new draft, or a change waiting while the earlier text stays public. */
function withHeldText<T extends { status: string; title: string; description: string; descriptionHtml: string }>(activity: T, change: Record<string, string> | null): T & { heldForReview?: 'new' | 'change' } {
  if (!change) return activity;
  if (activity.status === 'draft') return { ...activity, heldForReview: 'new' };
  const description = change.description ?? activity.description;
  return { ...activity, title: change.title ?? activity.title, description, descriptionHtml: renderMarkdown(description), heldForReview: 'change' };
}

/**
 * Edits an activity; when time, place or fee change after people registered,
 * they are told. Access, the new fields and the seats already taken are read
 * under the activity's row lock, so a capacity never drops below a seat taken
 * by a registration that raced the edit.
 */
export async function updateActivity(ctx: AppContext, viewer: SignedInViewer, id: number, input: UpdateActivityBody) {
  await refuseFlagged(ctx.db, otherText(input));
  const text = { title: input.title, description: input.description };
  const held = await screenText(ctx.db, text);
  const rescheduled = await ctx.db.transaction().execute(async (tx) => {
    const current = await repo.lockActivity(tx, id);
    await requireAccess(tx, viewer, 'activity.manage', id);
    if (!current) throw new NotFoundError('activity');
    if (current.status === 'cancelled' || current.status === 'completed') throw new ConflictError(`A ${current.status} activity cannot be edited.`);
    if (held) {
      // A draft's text just changes (it waits for review before it can go out); a published one keeps its text public until the change is let through.
      activityFields(text, current); // refuses an invalid title before it is held
      const published = current.status === 'published';
      await holdEdit(tx, { kind: 'activity', targetId: id, authorId: viewer.id, fields: published ? givenText(text) : {} }, held, { kind: 'activity', id, groupId: current.group_id });
      if (published) input = { ...input, title: undefined, description: undefined };
    } else if (current.status === 'published') {
      await dropHeldFields(tx, 'activity', id, Object.keys(givenText(text)));
    }
    const patch = activityFields(input, current);
    if (input.cover !== undefined) patch.cover_media_id = await placeSingleMedia(tx, viewer.id, 'activity_cover', id, input.cover);
    if (Object.keys(patch).length === 0) return null;
    // Registrants hear about changes of time, place or fee — real changes, not fields resent as they were.
    const differs = <T>(next: T | undefined, now: T) => next !== undefined && (next instanceof Date && now instanceof Date ? next.getTime() !== now.getTime() : next !== now);
    const after = { ...current, ...(patch as Partial<repo.ActivityRow>) };
    const changes: { field: 'time' | 'place' | 'fee'; before: unknown; after: unknown }[] = [];
    if (differs(patch.starts_at as Date | undefined, current.starts_at) || differs(patch.ends_at as Date | undefined, current.ends_at) || differs(patch.time_zone, current.time_zone)) {
      changes.push({ field: 'time', before: current.starts_at.toISOString(), after: after.starts_at.toISOString() });
    }
    if (differs(patch.place_name, current.place_name) || differs(patch.lat, current.lat) || differs(patch.lng, current.lng) || differs(patch.address, current.address)) {
      changes.push({ field: 'place', before: current.place_name, after: after.place_name });
    }
    if (differs(patch.fee_amount, current.fee_amount) || differs(patch.currency, current.currency)) changes.push({ field: 'fee', before: current.fee_amount, after: after.fee_amount });
    await repo.updateActivity(tx, id, patch);
    if (changes.length > 0) {
      const people = await tx.selectFrom('registrations').select('user_id').where('activity_id', '=', id).where('status', 'in', repo.liveStatuses).execute();
      await notify(tx, people.map((p) => p.user_id), {
        kind: 'activity.changed',
        actorId: viewer.id,
        subject: { kind: 'activity', id },
        data: { title: after.title, changes, timeZone: after.time_zone, currency: after.currency },
      });
    }
    if (differs(patch.starts_at as Date | undefined, current.starts_at) || differs(patch.cancel_cutoff_hours, current.cancel_cutoff_hours)) await registrations.moveLastCall(tx, after);
    // A larger capacity frees seats for the waitlist.
    if (patch.capacity !== undefined && patch.capacity > current.capacity) {
      await registrations.promoteFromWaitlist(ctx, tx, after);
    }
    return changes.some((c) => c.field === 'time') ? { startsAt: after.starts_at, endsAt: after.ends_at } : null;
  });
  if (rescheduled) await scheduleActivityJobs(ctx, id, rescheduled.startsAt, rescheduled.endsAt);
  return getActivity(ctx, viewer, id, false);
}

export async function publishActivity(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await requireAccess(ctx.db, viewer, 'activity.manage', id);
  if (await hasHeldEdit(ctx.db, 'activity', id)) throw new ConflictError('This activity waits for a moderator’s review; it goes out when they let it through.');
  const updated = await ctx.db.updateTable('activities').set({ status: 'published', updated_at: new Date() }).where('id', '=', id).where('status', '=', 'draft').returning('id').executeTakeFirst();
  if (!updated) throw new ConflictError('Only a draft can be published.');
  return getActivity(ctx, viewer, id, false);
}

/**
 * A moderator decided on an activity's held text: a waiting change is applied
 * and a held new activity published if its organizer meant it to go out (or
 * both dropped; the draft stays with its organizer).
 */
export async function settleHeldActivity(ctx: AppContext, id: number, publish: boolean) {
  await ctx.db.transaction().execute(async (tx) => {
    const current = await repo.lockActivity(tx, id);
    const change = await takeHeldEdit(tx, 'activity', id);
    if (!current || !change || !publish) return;
    const patch = activityFields(change.fields, current);
    if (change.publish && current.status === 'draft') patch.status = 'published';
    if (Object.keys(patch).length > 0) await repo.updateActivity(tx, id, { ...patch, updated_at: new Date() });
    // Its series makes the occurrences it held back.
    if (current.series_id !== null) await scheduleJob(tx, 'series.materialize', String(current.series_id), new Date(), { seriesId: current.series_id });
  });
}

/** The organizer calls the activity off: every registration is cancelled and every fee refunded in full. */
export async function cancelActivity(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await ctx.db.transaction().execute(async (tx) => {
    const activity = await repo.lockActivity(tx, id);
    await requireAccess(tx, viewer, 'activity.manage', id);
    if (!activity) throw new NotFoundError('activity');
    if (activity.status === 'cancelled' || activity.status === 'completed') throw new ConflictError(`The activity is already ${activity.status}.`);
    await tx.updateTable('activities').set({ status: 'cancelled', updated_at: new Date() }).where('id', '=', id).execute();
    await registrations.cancelActivityRegistrations(ctx, tx, activity);
  });
  return getActivity(ctx, viewer, id, false);
}

/**
 * A group operators removed: its activities not over yet are cancelled, every
 * place refunded in full, and its series make no more. Their members are told
 * without a link, as the activity went with its group. In the caller's
 * transaction (the one that removes the group); returns how many were cancelled.
 */
export async function cancelGroupActivities(ctx: AppContext, tx: Tx, groupId: number) {
  const upcoming = await tx
    .selectFrom('activities')
    .select('id')
    .where('group_id', '=', groupId)
    .where('status', 'in', ['draft', 'published'])
    .where('ends_at', '>', new Date())
    .orderBy('id')
    .execute();
  let cancelled = 0;
  for (const { id } of upcoming) {
    const activity = await repo.lockActivity(tx, id);
    if (!activity || (activity.status !== 'draft' && activity.status !== 'published')) continue;
    await tx.updateTable('activities').set({ status: 'cancelled', updated_at: new Date() }).where('id', '=', id).execute();
    await registrations.cancelActivityRegistrations(ctx, tx, activity, { unlinked: true });
    cancelled += 1;
  }
  await tx.updateTable('activity_series').set({ paused_at: new Date() }).where('group_id', '=', groupId).where('paused_at', 'is', null).execute();
  return cancelled;
}

/** Job (and organizer action after the end): marks the activity completed and pays the organizer what escrow holds. */
export async function completeActivity(ctx: AppContext, id: number) {
  await ctx.db.transaction().execute(async (tx) => {
    const activity = await repo.lockActivity(tx, id);
    if (!activity || activity.status !== 'published' || activity.ends_at.getTime() > Date.now()) return;
    await tx.updateTable('activities').set({ status: 'completed', updated_at: new Date() }).where('id', '=', id).execute();
    await settleAttendance(tx, id);
    await promptAfterActivity(tx, activity);
    const held = -(await balance(tx, payments.accounts.activityEscrow(id)));
    await payments.recordPayout(tx, id, activity.organizer_id, activity.currency, held);
  });
}

export async function remindParticipants(ctx: AppContext, activityId: number, hours: number) {
  const [activity] = await repo.findActivities(ctx.db, [activityId]);
  if (!activity || activity.status !== 'published' || activity.starts_at.getTime() < Date.now()) return;
  const people = await ctx.db.selectFrom('registrations').select('user_id').where('activity_id', '=', activityId).where('status', '=', 'confirmed').execute();
  await notify(ctx.db, people.map((p) => p.user_id), {
    kind: 'activity.reminder',
    subject: { kind: 'activity', id: activityId },
    data: { title: activity.title, hours, startsAt: activity.starts_at.toISOString(), timeZone: activity.time_zone },
  });
}

/** "Today", "this weekend", … as a [from, to) window in the given zone. */
function timeWindow(query: NearbyQuery | AreaQuery): { from: Date; to: Date | null } {
  const now = new Date();
  const zone = query.timeZone && IANAZone.isValidZone(query.timeZone) ? query.timeZone : 'UTC';
  if (query.timeZone && !IANAZone.isValidZone(query.timeZone)) throw new ValidationError('Unknown time zone.', { timeZone: 'is not a known IANA time zone' });
  let from = query.from ? new Date(query.from) : now;
  let to = query.to ? new Date(query.to) : null;
  if (from < now) from = now;
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  if (query.when === 'today') to = today.plus({ days: 1 }).toJSDate();
  if (query.when === 'week') to = today.plus({ days: 7 }).toJSDate();
  if (query.when === 'month') to = today.plus({ days: 30 }).toJSDate();
  if (query.when === 'weekend') {
    // Saturday 00:00 to Monday 00:00; during the weekend, from now.
    const saturday = today.weekday >= 6 ? today.minus({ days: today.weekday - 6 }) : today.plus({ days: 6 - today.weekday });
    const start = saturday.toJSDate();
    if (start > from) from = start;
    to = saturday.plus({ days: 2 }).toJSDate();
  }
  if (to && to <= from) throw new ValidationError('The date range is empty.', { to: 'must be after from' });
  return { from, to };
}

/** An amount means something in a currency: a maxFee above 0 needs one, and is compared only with fees in it. */
function feeFilter(query: NearbyQuery | AreaQuery): { maxFee: number | null; feeCurrency: string | null } {
  if (query.free) return { maxFee: 0, feeCurrency: null };
  if (query.maxFee === undefined || query.maxFee === 0) return { maxFee: query.maxFee ?? null, feeCurrency: null };
  if (!query.currency) throw new ValidationError('A maximum fee needs its currency.', { currency: 'required with maxFee' });
  return { maxFee: query.maxFee, feeCurrency: query.currency };
}

/** The filters a listing of upcoming activities shares, read from its query. */
function listFilters(viewer: Viewer, query: NearbyQuery | AreaQuery) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  return {
    ...timeWindow(query),
    tags: query.interest ? normalizeTags([query.interest]) : null,
    ...feeFilter(query),
    paidOnly: query.free === false,
    hasSeats: query.hasSeats ?? false,
    viewerId: viewer?.id ?? null,
    after: decodeCursor(query.cursor, 'nn'),
    limit,
  };
}

export async function nearby(ctx: AppContext, viewer: Viewer, query: NearbyQuery, db: Db = ctx.db) {
  const sort = query.sort ?? 'popular';
  const filters = listFilters(viewer, query);
  const rows = await repo.nearbyActivities(db, { ...filters, lat: query.lat, lng: query.lng, radiusKm: query.radiusKm ?? 25, sort });
  const page = toPage(rows, filters.limit, (r) => [sort === 'distance' ? r.distance_km_from : r.popularity, r.id]);
  return { items: presentActivitySummaries(viewer, page.rows), nextCursor: page.nextCursor };
}

/** How far a map's view may reach from its centre to a corner: past that, the map is zoomed out too far to list what is in it. */
export const MAX_AREA_KM = 500;

/**
 * The most popular upcoming activities inside a map's view, from the same
 * per-cell lists as "nearby": the cells of the circle around the view, kept
 * to what is inside it. Distances are left out (there is no "from" point).
 */
export async function inArea(ctx: AppContext, viewer: Viewer, query: AreaQuery, db: Db = ctx.db) {
  const { south, west, north, east } = query;
  if (south >= north) throw new ValidationError('The area is empty.', { north: 'must be north of south' });
  if (west >= east) throw new ValidationError('The area is empty or crosses the antimeridian.', { east: 'must be east of west (split a view across the antimeridian in two)' });
  const lat = (south + north) / 2;
  const lng = (west + east) / 2;
  const reachKm = Math.max(...[south, north].flatMap((cornerLat) => [west, east].map((cornerLng) => greatCircleKm(lat, lng, cornerLat, cornerLng))));
  if (reachKm > MAX_AREA_KM) throw new ValidationError('The area is too large: zoom in.', { north: `the view may reach at most ${MAX_AREA_KM} km from its centre` });
  const filters = listFilters(viewer, query);
  const rows = await repo.nearbyActivities(db, { ...filters, lat, lng, radiusKm: reachKm, box: { south, west, north, east }, sort: 'popular' });
  const page = toPage(rows, filters.limit, (r) => [r.popularity, r.id]);
  return { items: presentActivitySummaries(viewer, page.rows.map(({ distance_km_from: _distance, ...row }) => row)), nextCursor: page.nextCursor };
}

export async function groupActivities(ctx: AppContext, viewer: Viewer, groupId: number, query: { past?: boolean; cursor?: string; limit?: number }) {
  const access = await requireGroupAccess(ctx.db, viewer, groupId, 'read');
  const limit = query.limit ?? DEFAULT_LIMIT;
  const upcoming = !query.past;
  const manage = access.role === 'owner' || access.role === 'admin';
  const rows = await repo.groupActivities(ctx.db, viewer?.id ?? null, groupId, upcoming, manage, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.starts_cursor, r.id]);
  return { items: presentActivitySummaries(viewer, page.rows), nextCursor: page.nextCursor };
}

/**
 * Upcoming activities matching the words (interest synonyms included), best
 * match first, as the viewer may see them: the same rule as every activity
 * list (private groups' to their members, drafts to who manages them, none of
 * an organizer either has blocked).
 */
export async function searchActivities(ctx: AppContext, viewer: Viewer, query: { q: string; cursor?: string; limit?: number }, db: Db = ctx.db) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.searchActivities(db, viewer?.id ?? null, searchQuery(query.q), decodeCursor(query.cursor, 'nn'), limit);
  const page = toPage(rows, limit, (r) => [r.rank, r.id]);
  return { items: presentActivitySummaries(viewer, page.rows), nextCursor: page.nextCursor };
}

/** Activities read per venue search: enough for a page of distinct places among those the member may see. */
const PLACE_CANDIDATES = 60;

/**
 * The activity form's venue search: the places of published and past
 * activities the member may see whose name or address starts with what they
 * typed, one per place (name, address and spot, to about 10 m), those whose
 * name matches first, then the most used.
 */
export async function searchPlaces(ctx: AppContext, viewer: SignedInViewer, query: PlaceQuery): Promise<{ items: KnownPlace[] }> {
  const q = query.q.trim();
  const ids = (await repo.activitiesAtPlacesStarting(ctx.db, q, PLACE_CANDIDATES)).map((r) => r.id);
  const places = new Map<string, KnownPlace>();
  for (const row of await repo.activitiesForViewer(ctx.db, viewer.id, ids)) {
    if (!activityAccessFromRow(viewer, row).canView) continue;
    const lat = Math.round(row.lat * 1e4) / 1e4;
    const lng = Math.round(row.lng * 1e4) / 1e4;
    const key = JSON.stringify([row.place_name, row.address, lat, lng]);
    const place = places.get(key);
    if (place) place.uses++;
    else places.set(key, { name: row.place_name, address: row.address, lat, lng, uses: 1 });
  }
  const lowered = q.toLowerCase();
  const byName = (p: KnownPlace) => (p.name.toLowerCase().startsWith(lowered) ? 1 : 0);
  const items = [...places.values()].sort((a, b) => byName(b) - byName(a) || b.uses - a.uses || a.name.localeCompare(b.name));
  return { items: items.slice(0, query.limit ?? 8) };
}

/** Whether the `search.activities` job has work: asked at start, so a database already indexed schedules nothing. */
export function activitiesNeedSearchWords(ctx: { db: Db }) {
  return repo.hasActivitiesWithoutSearchWords(ctx.db);
}

/** Job: gives search words to activities written without them. */
export async function indexActivitiesForSearch(ctx: AppContext) {
  await repo.indexActivitiesForSearch(ctx.db);
}

export async function myActivities(ctx: AppContext, viewer: SignedInViewer, query: MyActivitiesQuery) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.memberActivities(ctx.db, viewer.id, query.tab ?? 'upcoming', decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.starts_cursor, r.id]);
  return { items: presentActivitySummaries(viewer, page.rows), nextCursor: page.nextCursor };
}

/**
 * The activities a member is going to or went to, as their privacy setting
 * allows the viewer (403 otherwise), each as the viewer may see it (an
 * activity of a private group the viewer is not in is left out).
 */
export async function memberActivities(ctx: AppContext, viewer: Viewer, userId: number, query: MemberActivitiesQuery) {
  await requireAccess(ctx.db, viewer, 'member.activities', userId);
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.memberActivities(ctx.db, userId, query.tab === 'went' ? 'past' : 'going', decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.starts_cursor, r.id]);
  const mine = new Map((await repo.activitiesForViewer(ctx.db, viewer?.id ?? null, page.rows.map((r) => r.id))).map((r) => [r.id, r]));
  const inOrder = page.rows.flatMap((r) => (mine.has(r.id) ? [mine.get(r.id)!] : []));
  return { items: presentActivitySummaries(viewer, inOrder), nextCursor: page.nextCursor };
}

/** The organizer's participant list, with answers (only organizers see answers). */
export async function participantList(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await requireAccess(ctx.db, viewer, 'activity.manage', id);
  const rows = await registrationsRepo.participants(ctx.db, id);
  // An activity that chooses its participants sees their show-up records.
  const [activity] = await repo.findActivities(ctx.db, [id]);
  const records = activity!.requires_approval || activity!.min_show_up_rate !== null ? await showUpOf(ctx.db, rows.map((r) => r.user_id)) : null;
  let waitlistPosition = 0;
  return rows.map((r) => ({
    registrationId: r.id,
    user: presentUserSummary({ ...r, id: r.user_id }),
    status: r.status,
    waitlistPosition: r.status === 'waitlisted' && r.held_until === null ? ++waitlistPosition : null,
    heldUntil: r.held_until?.toISOString() ?? null,
    answers: r.answers,
    guests: r.guest_names,
    amountPaid: r.amount_paid,
    checkedIn: r.checked_in_at !== null,
    attendance: r.attendance,
    contest: r.contested_at ? { note: r.contest_note ?? '', at: r.contested_at.toISOString() } : null,
    showUp: records?.get(r.user_id) ?? null,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function participantsCsv(ctx: AppContext, viewer: SignedInViewer, id: number) {
  const [activity] = await repo.findActivities(ctx.db, [id]);
  const list = await participantList(ctx, viewer, id);
  const questions = activity!.questions;
  const header = ['username', 'display name', 'status', 'waitlist position', 'guests', 'amount paid', 'currency', 'checked in', 'registered at', ...questions.map((q) => q.text)];
  const rows = list.map((p) => [
    p.user.username,
    p.user.displayName,
    p.status,
    p.waitlistPosition,
    p.guests.join('; '),
    toMajorUnits(p.amountPaid, activity!.currency),
    activity!.currency,
    p.checkedIn,
    p.createdAt,
    ...questions.map((q) => p.answers[q.id] ?? ''),
  ]);
  return csvDocument(header, rows);
}

/**
 * An iCalendar file with the activity, times in UTC (calendars show them in the
 * reader's zone). `webOrigin` is where members open the web app, for its URL.
 */
export async function calendarFile(ctx: AppContext, viewer: Viewer, id: number, webOrigin: string) {
  await requireAccess(ctx.db, viewer, 'activity.read', id);
  const [a] = await repo.findActivities(ctx.db, [id]);
  const description = [a!.meeting_point && `Meeting point: ${a!.meeting_point}`, markdownToText(a!.description)].filter(Boolean).join('\n\n');
  const body = icsDocument([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Kindred//Activities//EN',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    // Stable across edits and hosts, so a re-import replaces the event instead of adding one.
    `UID:activity-${a!.id}@kindred`,
    // Without METHOD, DTSTAMP is when the event was last revised (RFC 5545 §3.8.7.2); SEQUENCE counts the revisions.
    `DTSTAMP:${icsDateTime(a!.updated_at)}`,
    `CREATED:${icsDateTime(a!.created_at)}`,
    `LAST-MODIFIED:${icsDateTime(a!.updated_at)}`,
    `SEQUENCE:${a!.revision}`,
    `DTSTART:${icsDateTime(a!.starts_at)}`,
    `DTEND:${icsDateTime(a!.ends_at)}`,
    `SUMMARY:${icsText(a!.title)}`,
    `LOCATION:${icsText([a!.place_name, a!.address].filter(Boolean).join(', '))}`,
    `GEO:${a!.lat};${a!.lng}`,
    `DESCRIPTION:${icsText(description)}`,
    `URL:${new URL(`/activities/${a!.id}`, webOrigin).href}`,
    `STATUS:${a!.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    'BEGIN:VALARM',
    'TRIGGER:-PT2H',
    'ACTION:DISPLAY',
    `DESCRIPTION:${icsText(a!.title)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
  return { filename: `kindred-activity-${a!.id}.ics`, body };
}

/**
 * Job: recounts each upcoming activity's registrations of the last 7 days (the
 * growth signal of popularity, bumped on each registration) so that it decays,
 * re-scores the nearby lists as start times near and drops what has started;
 * then schedules the next run in an hour.
 */
export async function refreshPopularity(ctx: AppContext) {
  await sql`update activities a set recent_registrations = r.n from (
      select a.id, (select count(*) from registrations r where r.activity_id = a.id and r.created_at > now() - interval '7 days')::int as n
      from activities a where a.status = 'published' and a.starts_at > now()) r
    where a.id = r.id and a.recent_registrations <> r.n`.execute(ctx.db);
  await sql`delete from activity_cells where starts_at <= now()`.execute(ctx.db);
  // Scores drift as start times near; rows are rewritten only when theirs moved by more than 1%.
  await sql`update activity_cells l set score = s.score from (
      select a.id, activity_popularity(a.seats_taken, a.waitlist_count, a.recent_registrations, a.view_count, a.capacity, a.starts_at, now()) as score
      from activities a where a.status = 'published' and a.starts_at > now()) s
    where s.id = l.activity_id and abs(l.score - s.score) > 0.01 * abs(l.score)`.execute(ctx.db);
  await refreshGroupLiveliness(ctx.db);
  await scheduleJob(ctx.db, 'activity.popularity', 'all', new Date(Date.now() + HOUR));
}

/**
 * Participants add photos to an activity's album once it has begun (see
 * access.ts, activity.album), after those already there, up to
 * MAX_ALBUM_PHOTOS. Under the activity's row lock, so two members adding at
 * once cannot overfill it.
 */
export async function addToAlbum(ctx: AppContext, viewer: SignedInViewer, id: number, input: AlbumBody) {
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockActivity(tx, id);
    await requireAccess(tx, viewer, 'activity.album', id);
    if ((await countPlacedMedia(tx, 'activity_album', id)) + input.photos.length > MAX_ALBUM_PHOTOS) {
      throw new ConflictError(`The album holds at most ${MAX_ALBUM_PHOTOS} photos.`);
    }
    await appendMedia(tx, viewer.id, 'activity_album', id, input.photos);
  });
  return { items: (await repo.albumOf(ctx.db, id)).map(presentMedia) };
}

/**
 * "You went with …": once an activity has begun, its organizer and the members
 * with a confirmed seat see who else was there (the organizer and confirmed
 * participants, leaving out anyone either has blocked), and whether they
 * follow each, to keep in touch.
 */
export async function wentWith(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await requireAccess(ctx.db, viewer, 'activity.wentWith', id);
  const { rows } = await sql<{ id: number; username: string; display_name: string; avatar_media_id: number | null; following: 'active' | 'pending' | null }>`
    select u.id, u.username, u.display_name, u.avatar_media_id, f.status as following
    from (
      select organizer_id as user_id from activities where id = ${id}
      union
      select user_id from registrations where activity_id = ${id} and status = 'confirmed'
    ) people
    join users u on u.id = people.user_id and u.deleted_at is null
    left join follows f on f.follower_id = ${viewer.id} and f.followee_id = u.id
    where u.id <> ${viewer.id} and not ${blockedEitherWaySql(viewer.id, 'u.id')}
    order by u.display_name, u.id
    limit 200`.execute(ctx.db);
  return { items: rows.map((r) => ({ user: presentUserSummary(r), following: followState(r.following ?? undefined) })) };
}

