import { sql, type SelectQueryBuilder, type Updateable } from 'kysely';
import { blockedEitherWaySql, notBlockedSql } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import type { ActivitiesTable, DB, RegistrationStatus } from '../../db/schema.js';
import type { Insertable } from 'kysely';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';
import { distanceKmSql } from '../../lib/geo.js';
import { runCached } from '../../db/statement-cache.js';

export type ActivityRow = Awaited<ReturnType<typeof findActivities>>[number];

const activityColumns = [
  'activities.id', 'activities.group_id', 'activities.organizer_id', 'activities.title', 'activities.description',
  'activities.description_html', 'activities.tags', 'activities.starts_at', 'activities.ends_at', 'activities.time_zone',
  'activities.place_name', 'activities.address', 'activities.lat', 'activities.lng', 'activities.meeting_point',
  'activities.difficulty', 'activities.distance_km', 'activities.duration_minutes', 'activities.gear', 'activities.included',
  'activities.fee_amount', 'activities.currency', 'activities.capacity', 'activities.seats_taken', 'activities.waitlist_count',
  'activities.registration_deadline', 'activities.requires_approval', 'activities.questions', 'activities.full_refund_hours',
  'activities.partial_refund_hours', 'activities.partial_refund_percent', 'activities.status', 'activities.view_count',
  'activities.recent_registrations', 'activities.created_at', 'activities.updated_at', 'activities.revision',
] as const;

export function findActivities(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('activities').select(activityColumns).where('id', 'in', ids).execute();
}

/**
 * Activity rows (from any query selecting the activity columns, as `a`) with
 * what a viewer's list needs in the same statement: the organizer, the group,
 * the viewer's role in it, and whether either has blocked the other.
 */
function inViewerContext<E>(db: Db, viewerId: number | null, source: SelectQueryBuilder<DB, any, ActivityRow & E>) {
  const viewer = viewerId ?? 0;
  return db
    .selectFrom(source.as('a'))
    .innerJoin('users as o', 'o.id', 'a.organizer_id')
    .leftJoin('groups as g', 'g.id', 'a.group_id')
    .leftJoin('group_members as gm', (join) => join.onRef('gm.group_id', '=', 'a.group_id').on('gm.user_id', '=', viewer))
    .selectAll('a')
    .select([
      'o.username as organizer_username',
      'o.display_name as organizer_display_name',
      'g.name as group_name',
      'g.visibility as group_visibility',
      'g.join_policy as group_join_policy',
      'gm.role as viewer_role',
      blockedEitherWaySql(viewer, 'a.organizer_id').as('hidden'),
    ]);
}

export type ActivityInContext = Awaited<ReturnType<typeof activitiesForViewer>>[number] & { distance_km_from?: number; popularity?: number };

/** Activities by id in the viewer's context (in no particular order). */
export function activitiesForViewer(db: Db, viewerId: number | null, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  // One activity (its page) is the hot case: a fixed statement.
  if (ids.length === 1) {
    return runCached(db, 'activity', [viewerId ?? 0, ids[0]!] as const, ([viewer, id]) =>
      inViewerContext(db, viewer, db.selectFrom('activities').select(activityColumns).where('id', '=', id)),
    );
  }
  return inViewerContext(db, viewerId, db.selectFrom('activities').select(activityColumns).where('id', 'in', ids)).execute();
}

/** Locks the activity row and reads the viewer's access facts with it (their role in its group, blocks with the organizer), in one statement. */
export function lockActivityForViewer(tx: Tx, viewerId: number, id: number) {
  return tx
    .selectFrom('activities')
    .leftJoin('groups as g', 'g.id', 'activities.group_id')
    .leftJoin('group_members as gm', (join) => join.onRef('gm.group_id', '=', 'activities.group_id').on('gm.user_id', '=', viewerId))
    .select([
      ...activityColumns,
      'g.visibility as group_visibility',
      'g.join_policy as group_join_policy',
      'gm.role as viewer_role',
      blockedEitherWaySql(viewerId, 'activities.organizer_id').as('hidden'),
    ])
    .where('activities.id', '=', id)
    .forUpdate('activities')
    .executeTakeFirst();
}

/** Locks the activity row: every change to its seats and waitlist happens under this lock. */
export function lockActivity(tx: Tx, id: number) {
  return tx.selectFrom('activities').select(activityColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertActivity(db: Db, row: Insertable<ActivitiesTable>) {
  const { id } = await db.insertInto('activities').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateActivity(db: Db, id: number, patch: Updateable<ActivitiesTable>) {
  await db.updateTable('activities').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Popularity: registrations, their growth this week, views and fill, boosted
 * as the start nears, decaying with distance (half weight at 10 km). `asOf`
 * keeps the score fixed across the pages of one listing.
 */
function popularitySql(lat: number | null, lng: number | null, asOf: Date) {
  const distance = lat === null || lng === null ? sql<number>`0` : distanceKmSql(lat, lng);
  return sql<number>`((
      2.0 * ln(1 + activities.seats_taken + activities.waitlist_count)
    + 1.5 * ln(1 + activities.recent_registrations)
    + 0.5 * ln(1 + activities.view_count)
    + 1.0 * (activities.seats_taken::float8 / activities.capacity)
    + 0.5)
    / (1 + greatest(0, extract(epoch from activities.starts_at - ${asOf}::timestamptz)) / (7 * 86400.0))
    / (1 + ${distance} / 10.0))::float8`;
}

export interface NearbyFilter {
  lat: number;
  lng: number;
  radiusKm: number;
  sort: 'distance' | 'popular';
  tags: string[] | null;
  from: Date;
  to: Date | null;
  maxFee: number | null;
  paidOnly: boolean;
  hasSeats: boolean;
  viewerId: number | null;
  asOf: Date;
  after: CursorValue[] | null;
  limit: number;
}

/** How many of the nearest matching activities a nearby listing ranks (and pages through). */
export const NEARBY_CANDIDATES = 500;

/**
 * Published, upcoming activities within a radius. The GiST index on
 * point(lng, lat) walks them nearest first (bounded by the radius' boxes) and
 * stops at NEARBY_CANDIDATES; the exact great-circle distance filters them,
 * popularity or distance orders them, and only the page's rows are loaded in
 * full. In a dense city centre the listing thus covers the nearest few hundred
 * activities rather than every one in the radius. Private groups' activities
 * only for their members.
 */
export function nearbyActivities(db: Db, f: NearbyFilter) {
  const distance = distanceKmSql(f.lat, f.lng);
  const popularity = popularitySql(f.lat, f.lng, f.asOf);
  let candidates = db
    .selectFrom('activities')
    .leftJoin('groups', 'groups.id', 'activities.group_id')
    .select(['activities.id', distance.as('distance_km_from'), popularity.as('popularity')])
    .where('activities.status', '=', 'published')
    .where('activities.starts_at', '>=', f.from)
    .where((eb) =>
      eb.or([
        eb('activities.group_id', 'is', null),
        eb('groups.visibility', '=', 'public'),
        eb.exists(
          eb.selectFrom('group_members as v').select('v.user_id').whereRef('v.group_id', '=', 'activities.group_id').where('v.user_id', '=', f.viewerId ?? 0),
        ),
      ]),
    )
    .orderBy(sql`point(activities.lng, activities.lat) <-> point(${f.lng}::float8, ${f.lat}::float8)`)
    .limit(NEARBY_CANDIDATES);
  if (f.to) candidates = candidates.where('activities.starts_at', '<', f.to);
  if (f.tags) candidates = candidates.where('activities.tags', '&&', sql<string[]>`${f.tags}::text[]`);
  if (f.maxFee !== null) candidates = candidates.where('activities.fee_amount', '<=', f.maxFee);
  if (f.paidOnly) candidates = candidates.where('activities.fee_amount', '>', 0);
  if (f.hasSeats) candidates = candidates.whereRef('activities.seats_taken', '<', 'activities.capacity');
  const byDistance = f.sort === 'distance';
  const key = byDistance ? 'n.distance_km_from' : 'n.popularity';
  let page = db.selectFrom(candidates.as('n')).selectAll('n').where('n.distance_km_from', '<=', f.radiusKm);
  if (f.after) page = page.where(keysetAfter([sql.ref(key), 'n.id'], byDistance ? '>' : '<', f.after));
  page = (byDistance ? page.orderBy(key, 'asc').orderBy('n.id', 'asc') : page.orderBy(key, 'desc').orderBy('n.id', 'desc')).limit(f.limit + 1);
  const rows = db
    .selectFrom(page.as('pg'))
    .innerJoin('activities', 'activities.id', 'pg.id')
    .select([...activityColumns, 'pg.distance_km_from', 'pg.popularity']);
  const inContext = inViewerContext(db, f.viewerId, rows);
  const outer = byDistance ? 'a.distance_km_from' : 'a.popularity';
  return (byDistance ? inContext.orderBy(outer, 'asc').orderBy('a.id', 'asc') : inContext.orderBy(outer, 'desc').orderBy('a.id', 'desc')).execute();
}

export function groupActivities(db: Db, viewerId: number | null, groupId: number, upcoming: boolean, includeDrafts: boolean, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('activities')
    .select([...activityColumns, timestampCursor('activities.starts_at').as('starts_cursor')])
    .where('group_id', '=', groupId)
    .where('status', 'in', includeDrafts ? ['draft', 'published', 'cancelled', 'completed'] : ['published', 'cancelled', 'completed'])
    .where('ends_at', upcoming ? '>=' : '<', new Date())
    .limit(limit + 1);
  if (after) query = query.where(keysetAfter(['starts_at', 'id'], upcoming ? '>' : '<', after, 'timestamp'));
  query = upcoming ? query.orderBy('starts_at', 'asc').orderBy('id', 'asc') : query.orderBy('starts_at', 'desc').orderBy('id', 'desc');
  const inContext = inViewerContext(db, viewerId, query);
  return (upcoming ? inContext.orderBy('a.starts_at', 'asc').orderBy('a.id', 'asc') : inContext.orderBy('a.starts_at', 'desc').orderBy('a.id', 'desc')).execute();
}

const liveStatuses: RegistrationStatus[] = ['pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted'];

/** "My activities": upcoming (registered, not waitlisted), waitlisted, past, or organized by me. */
export function memberActivities(db: Db, userId: number, tab: 'upcoming' | 'waitlisted' | 'past' | 'organizing', after: CursorValue[] | null, limit: number) {
  const now = new Date();
  const past = tab === 'past';
  let query = db
    .selectFrom('activities')
    .select([...activityColumns, timestampCursor('activities.starts_at').as('starts_cursor')])
    .limit(limit + 1);
  if (tab === 'organizing') {
    query = query.where('organizer_id', '=', userId).where('ends_at', '>=', now);
  } else {
    const statuses: RegistrationStatus[] = tab === 'waitlisted' ? ['waitlisted'] : tab === 'past' ? ['confirmed'] : ['pending_approval', 'awaiting_payment', 'confirmed'];
    query = query
      .where((eb) =>
        eb.exists(
          eb.selectFrom('registrations as r').select('r.id').whereRef('r.activity_id', '=', 'activities.id').where('r.user_id', '=', userId).where('r.status', 'in', statuses),
        ),
      )
      .where('ends_at', past ? '<' : '>=', now);
  }
  if (after) query = query.where(keysetAfter(['starts_at', 'id'], past ? '<' : '>', after, 'timestamp'));
  query = past ? query.orderBy('starts_at', 'desc').orderBy('id', 'desc') : query.orderBy('starts_at', 'asc').orderBy('id', 'asc');
  const inContext = inViewerContext(db, userId, query);
  return (past ? inContext.orderBy('a.starts_at', 'desc').orderBy('a.id', 'desc') : inContext.orderBy('a.starts_at', 'asc').orderBy('a.id', 'asc')).execute();
}

export function registrationsOf(db: Db, userId: number, activityIds: number[]) {
  if (activityIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('registrations')
    .select([
      // The latest charge attempt's status, failed ones included.
      (eb) =>
        eb
          .selectFrom('payments')
          .select('payments.status')
          .whereRef('payments.registration_id', '=', 'registrations.id')
          .orderBy('payments.id', 'desc')
          .limit(1)
          .as('payment_status'),
      'registrations.id', 'registrations.activity_id', 'registrations.status', 'registrations.payment_deadline', 'registrations.amount_paid',
      'registrations.amount_refunded', 'registrations.check_in_code', 'registrations.checked_in_at', 'registrations.created_at',
      'registrations.queued_at',
    ])
    .where('registrations.user_id', '=', userId)
    .where('registrations.activity_id', 'in', activityIds)
    .orderBy('registrations.id', 'desc')
    .execute();
}

/** Place of each waitlisted registration in its activity's queue (1 = next). */
export async function waitlistPositions(db: Db, registrationIds: number[]): Promise<Map<number, number>> {
  if (registrationIds.length === 0) return new Map();
  const rows = await sql<{ id: number; position: number }>`
    select r.id, (select count(*) from registrations w
      where w.activity_id = r.activity_id and w.status = 'waitlisted' and (w.queued_at, w.id) <= (r.queued_at, r.id))::int as position
    from registrations r where r.id in (${sql.join(registrationIds)}) and r.status = 'waitlisted'`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.position]));
}

/** Members of the viewer's groups who are going (confirmed), for "who's going from my groups". */
/** Members of the viewer's groups confirmed for the activity (not the viewer, nobody either has blocked), first 51. */
export function goingFromGroups(db: Db, viewerId: number, activityId: number) {
  return runCached(db, 'going-from-groups', [viewerId, activityId] as const, ([viewer, activity]) =>
    db
      .selectFrom('registrations as r')
      .innerJoin('users', 'users.id', 'r.user_id')
      .select(['users.id', 'users.username', 'users.display_name'])
      .where('r.activity_id', '=', activity)
      .where('r.status', '=', 'confirmed')
      .where('r.user_id', '!=', viewer)
      .where(notBlockedSql(viewer, 'r.user_id'))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('group_members as mine')
            .innerJoin('group_members as theirs', 'theirs.group_id', 'mine.group_id')
            .select('mine.group_id')
            .where('mine.user_id', '=', viewer)
            .whereRef('theirs.user_id', '=', 'r.user_id'),
        ),
      )
      .orderBy('r.id')
      .limit(51),
  );
}

export { liveStatuses };
