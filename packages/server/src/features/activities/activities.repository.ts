import { sql, type RawBuilder, type SelectQueryBuilder, type Updateable } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { blockedEitherWaySql, notBlockedScanSql, notBlockedSql } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import type { ActivitiesTable, DB, RegistrationStatus } from '../../db/schema.js';
import type { Insertable } from 'kysely';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';
import { startsWithLower } from '../../db/prefix.js';
import { distanceKmSql } from '../../lib/geo.js';
import { cellsAround } from '../../lib/map-cells.js';
import { onGenericPlan, runCached } from '../../db/statement-cache.js';
import { mediaJson, placedMediaJson } from '../media/media.repository.js';
import { friendsOf } from '../social/follows.repository.js';
import { searchVector } from '../../lib/search-vector.js';

export type ActivityRow = Awaited<ReturnType<typeof findActivities>>[number];
export type ActivitySummaryRow = Pick<ActivityRow, (typeof activitySummaryColumns)[number] extends `activities.${infer C}` ? C : never>;

export const activityColumns = [
  'activities.id', 'activities.group_id', 'activities.organizer_id', 'activities.title', 'activities.description',
  'activities.description_html', 'activities.tags', 'activities.starts_at', 'activities.ends_at', 'activities.time_zone',
  'activities.place_name', 'activities.address', 'activities.lat', 'activities.lng', 'activities.meeting_point',
  'activities.difficulty', 'activities.distance_km', 'activities.duration_minutes', 'activities.gear', 'activities.included',
  'activities.fee_amount', 'activities.currency', 'activities.capacity', 'activities.seats_taken', 'activities.waitlist_count',
  'activities.registration_deadline', 'activities.requires_approval', 'activities.questions', 'activities.full_refund_hours',
  'activities.partial_refund_hours', 'activities.partial_refund_percent', 'activities.status', 'activities.view_count',
  'activities.recent_registrations', 'activities.created_at', 'activities.updated_at', 'activities.revision', 'activities.cover_media_id',
  'activities.max_guests', 'activities.cancel_cutoff_hours', 'activities.min_show_up_rate', 'activities.low_show_up',
  'activities.series_id', 'activities.series_index', 'activities.confirmed_at', 'activities.unconfirmed',
] as const;

/** What a list shows of an activity (ActivitySummary): no description, details, questions or refund policy. */
export const activitySummaryColumns = [
  'activities.id', 'activities.group_id', 'activities.organizer_id', 'activities.title', 'activities.tags', 'activities.starts_at',
  'activities.ends_at', 'activities.time_zone', 'activities.place_name', 'activities.address', 'activities.lat', 'activities.lng',
  'activities.meeting_point', 'activities.fee_amount', 'activities.currency', 'activities.capacity', 'activities.seats_taken',
  'activities.waitlist_count', 'activities.registration_deadline', 'activities.requires_approval', 'activities.status', 'activities.created_at',
  'activities.cover_media_id', 'activities.max_guests', 'activities.cancel_cutoff_hours', 'activities.min_show_up_rate', 'activities.low_show_up',
  'activities.series_id', 'activities.unconfirmed',
] as const;

export function findActivities(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('activities').select(activityColumns).where('id', 'in', ids).execute();
}

/**
 * What a member sees of their own registration: its row, the latest charge
 * attempt's status (failed ones included) and, while waitlisted, its place in
 * the queue (1 = next). `r` is the registrations row.
 */
function registrationFacts(db: Db) {
  return db
    .selectFrom('registrations as r')
    .select([
      'r.id', 'r.activity_id', 'r.status', 'r.payment_deadline', 'r.amount_paid', 'r.amount_refunded', 'r.check_in_code', 'r.checked_in_at',
      'r.created_at', 'r.guest_names', 'r.attendance', 'r.late_cancel', 'r.held_until',
      (eb) => eb.selectFrom('payments').select('payments.status').whereRef('payments.registration_id', '=', 'r.id').orderBy('payments.id', 'desc').limit(1).as('payment_status'),
      (eb) => eb.selectFrom('payments').select('payments.id').whereRef('payments.registration_id', '=', 'r.id').orderBy('payments.id', 'desc').limit(1).as('payment_id'),
      sql<number | null>`case when r.status = 'waitlisted' and r.held_until is null then (select count(*) from registrations w
        where w.activity_id = r.activity_id and w.status = 'waitlisted' and w.held_until is null and (w.queued_at, w.id) <= (r.queued_at, r.id))::int end`.as('waitlist_position'),
    ]);
}

export type RegistrationFacts = Awaited<ReturnType<typeof registrationById>>;

/** A member's registration by id, with what they see of it. */
export function registrationById(db: Db, id: number) {
  return registrationFacts(db).where('r.id', '=', id).executeTakeFirst();
}

/**
 * Activity rows (from any query selecting the activity columns, as `a`) with
 * what a viewer's list needs in the same statement: the organizer, the group,
 * the viewer's role in it, whether either has blocked the other, the cover
 * photo, and the viewer's newest registration for it (as `registration`, JSON).
 */
export function inViewerContext<E>(db: Db, viewerId: number | null, source: SelectQueryBuilder<DB, any, ActivitySummaryRow & E>) {
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
      'o.avatar_media_id as organizer_avatar_media_id',
      'g.name as group_name',
      'g.visibility as group_visibility',
      'g.join_policy as group_join_policy',
      'gm.role as viewer_role',
      blockedEitherWaySql(viewer, 'a.organizer_id').as('hidden'),
      sql<boolean>`g.removed_at is not null`.as('group_removed'),
      mediaJson('a.cover_media_id').as('cover'),
      // JSON: its timestamps arrive as text.
      jsonObjectFrom(registrationFacts(db).where('r.activity_id', '=', sql<number>`a.id`).where('r.user_id', '=', viewer).orderBy('r.id', 'desc').limit(1)).as('registration'),
      friendsGoingJson(viewer).as('friends_going'),
    ]);
}

export type ActivityInContext = Awaited<ReturnType<typeof activitiesForViewer>>[number] & { distance_km_from?: number; popularity?: number };

/** Activities by id, as lists show them, in the viewer's context (in no particular order). */
export function activitiesForViewer(db: Db, viewerId: number | null, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return runCached(db, 'activities-for-viewer', [viewerId ?? 0, ids] as const, ([viewer, wanted]) =>
    inViewerContext(db, viewer, db.selectFrom('activities').select(activitySummaryColumns).where('id', '=', sql<number>`any(${wanted}::bigint[])`)),
  );
}

/**
 * An activity's page in the viewer's context, with "who's going from my
 * groups" (members of the viewer's groups confirmed for it, not the viewer,
 * nobody either has blocked; the first 51) as `going`, JSON: one fixed statement.
 */
export async function activityPage(db: Db, viewerId: number | null, id: number) {
  const [row] = await runCached(db, 'activity-page', [viewerId ?? 0, id] as const, ([viewer, activity]) =>
    inViewerContext(db, viewer, db.selectFrom('activities').select(activityColumns).where('id', '=', activity)).select([
      placedMediaJson('activity_album', 'a.id').as('album'),
      jsonArrayFrom(
        db
          .selectFrom('registrations as r')
          .innerJoin('users', 'users.id', 'r.user_id')
          .select(['users.id', 'users.username', 'users.display_name', 'users.avatar_media_id'])
          .where('r.activity_id', '=', activity)
          .where('r.status', '=', 'confirmed')
          .where('r.user_id', '!=', viewer)
          .where(notBlockedSql(viewer, 'r.user_id'))
          // The viewer's groups are read once; each registrant's groups are then filtered against them.
          .where(
            sql<boolean>`exists (select 1 from group_members theirs where theirs.user_id = r.user_id
              and theirs.group_id = any (array(select mine.group_id from group_members mine where mine.user_id = ${viewer})))`,
          )
          .orderBy('r.id')
          .limit(51),
      ).as('going'),
      // The viewer's own change of the text waiting for review, if any (only its author sees it).
      sql<Record<string, string> | null>`(select h.fields from held_edits h where h.kind = 'activity' and h.target_id = ${activity} and h.author_id = ${viewer})`.as('held_change'),
    ]),
  );
  return row;
}

/** An activity's album, oldest first. */
export async function albumOf(db: Db, id: number) {
  const row = await db.selectFrom('activities as a').select(placedMediaJson('activity_album', 'a.id').as('album')).where('a.id', '=', id).executeTakeFirst();
  return row?.album ?? [];
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
      sql<boolean>`g.removed_at is not null`.as('group_removed'),
    ])
    .where('activities.id', '=', id)
    .forUpdate('activities')
    .executeTakeFirst();
}

/** Locks the activity row: every change to its seats and waitlist happens under this lock. */
export function lockActivity(tx: Tx, id: number) {
  return tx.selectFrom('activities').select(activityColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The words search finds an activity by: its title above its description and tags. */
function activitySearchVector(row: { title: string; description: string; tags: string[] }) {
  return searchVector(row.title, `${row.description} ${row.tags.join(' ')}`) as unknown as string;
}

export async function insertActivity(db: Db, row: Insertable<ActivitiesTable>) {
  const { id } = await db
    .insertInto('activities')
    .values({ ...row, search_vector: activitySearchVector({ title: row.title, description: row.description, tags: row.tags }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateActivity(db: Db, id: number, patch: Updateable<ActivitiesTable>) {
  const text = await db.updateTable('activities').set({ ...patch, updated_at: new Date() }).where('id', '=', id).returning(['title', 'description', 'tags']).executeTakeFirst();
  // Its search words follow its text (segmentation happens here, not in SQL).
  if (text && (patch.title !== undefined || patch.description !== undefined || patch.tags !== undefined)) {
    await db.updateTable('activities').set({ search_vector: activitySearchVector(text) }).where('id', '=', id).execute();
  }
}

/** How many activities the `search.activities` job indexes per statement. */
const INDEX_BATCH = 500;

/** Whether some activity has no search words yet (rows from before activity search). */
export async function hasActivitiesWithoutSearchWords(db: Db) {
  return (await db.selectFrom('activities').select('id').where('search_vector', 'is', null).limit(1).executeTakeFirst()) !== undefined;
}

/** Job: writes the search words of activities that have none (those from before activity search, bulk loads). */
export async function indexActivitiesForSearch(db: Db) {
  for (;;) {
    const rows = await db.selectFrom('activities').select(['id', 'title', 'description', 'tags']).where('search_vector', 'is', null).limit(INDEX_BATCH).execute();
    if (rows.length === 0) return;
    for (const row of rows) await db.updateTable('activities').set({ search_vector: activitySearchVector(row) }).where('id', '=', row.id).execute();
  }
}

export interface AreaBox {
  south: number;
  west: number;
  north: number;
  east: number;
}

export interface NearbyFilter {
  lat: number;
  lng: number;
  radiusKm: number;
  /** Only what is inside this box (which the circle must contain), by plain popularity, not weighted by distance. */
  box?: AreaBox;
  sort: 'distance' | 'popular';
  tags: string[] | null;
  from: Date;
  to: Date | null;
  maxFee: number | null;
  /** The currency of a maxFee above 0: free activities pass, paid ones only in it. */
  feeCurrency: string | null;
  paidOnly: boolean;
  hasSeats: boolean;
  viewerId: number | null;
  after: CursorValue[] | null;
  limit: number;
}

/** How many upcoming activities of each of the viewer's private groups a nearby listing considers. */
const PRIVATE_PER_GROUP = 50;

/**
 * Published, upcoming activities within a radius (or a map's view), by popularity or distance.
 *
 * It reads the precomputed lists of the map cells around the centre
 * (activity_cells, kept by triggers and the popularity job): from each cell,
 * the page's worth of best rows after the cursor, by the (cell, score) index,
 * with the filters and the exact radius applied as it walks. Popularity near
 * the viewer is the activity's popularity weighted by the distance to its
 * cell (half at 10 km), so within a cell the list's own order holds and the
 * merged page is exact. The viewer's private groups' activities are never in
 * those lists; they are added here, a bounded number per group. A map's
 * view reads the cells of the circle around it and keeps what is inside.
 */
export function nearbyActivities(db: Db, f: NearbyFilter) {
  const around = cellsAround(f.lat, f.lng, f.radiusKm);
  const weights = around.map((c) => (f.box ? 1 : 1 / (1 + c.distanceKm / 10)));
  const byDistance = f.sort === 'distance';
  // One compiled statement per combination of filters (the values change, the SQL does not).
  const shape = [
    'nearby',
    f.box ? 'box' : 'circle',
    f.sort,
    f.to ? 'to' : '',
    f.tags ? 'tags' : '',
    f.maxFee !== null ? (f.feeCurrency ? 'fee-in' : 'fee') : '',
    f.paidOnly ? 'paid' : '',
    f.hasSeats ? 'seats' : '',
    f.after ? 'after' : '',
    f.viewerId !== null ? 'viewer' : '',
  ].join(':');
  const [afterKey, afterId] = (f.after ?? [null, null]) as [number | null, number | null];
  const values = [
    around.map((c) => c.cell), weights, f.lat, f.lng, f.radiusKm, f.from, f.to, f.tags, f.maxFee, afterKey, afterId, f.viewerId ?? 0, f.limit + 1,
    f.box?.south ?? null, f.box?.west ?? null, f.box?.north ?? null, f.box?.east ?? null, f.feeCurrency,
  ] as const;
  return runCached(db, shape, values, ([cellIds, cellWeights, lat, lng, radiusKm, from, to, tags, maxFee, afterScore, afterActivity, viewerId, take, south, west, north, east, feeCurrency]) => {
    const cells = sql`unnest(${cellIds}::text[], ${cellWeights}::float8[]) as c(cell, weight)`;
    const candidates = (alias: 'l' | 'a', score: RawBuilder<number>) => {
      const t = sql.ref(alias);
      const distance = distanceKmSql(lat, lng, alias);
      const popularity = sql<number>`${score} * c.weight`;
      const where = [
        sql`${t}.starts_at >= ${from}`,
        f.box
          ? sql`${t}.lat between ${south}::float8 and ${north}::float8 and ${t}.lng between ${west}::float8 and ${east}::float8`
          : sql`${distance} <= ${radiusKm}::float8`,
      ];
      if (f.to) where.push(sql`${t}.starts_at < ${to}`);
      if (f.tags) where.push(sql`${t}.tags && ${tags}::text[]`);
      if (f.maxFee !== null) {
        where.push(f.feeCurrency ? sql`(${t}.fee_amount = 0 or (${t}.currency = ${feeCurrency} and ${t}.fee_amount <= ${maxFee}))` : sql`${t}.fee_amount <= ${maxFee}`);
      }
      if (f.paidOnly) where.push(sql`${t}.fee_amount > 0`);
      if (f.hasSeats) where.push(alias === 'l' ? sql`l.has_seats` : sql`a.seats_taken < a.capacity`);
      const id = sql.ref(alias === 'l' ? 'l.activity_id' : 'a.id');
      if (f.after) {
        if (byDistance) where.push(sql`(${distance} > ${afterScore}::float8 or (${distance} = ${afterScore}::float8 and ${id} > ${afterActivity}))`);
        else where.push(sql`(${popularity} < ${afterScore}::float8 or (${popularity} = ${afterScore}::float8 and ${id} < ${afterActivity}))`);
      }
      return { distance, popularity, where: sql.join(where, sql` and `), id };
    };
    const order = byDistance ? sql`distance_km_from, id` : sql`popularity desc, id desc`;
    const list = candidates('l', sql`l.score`);
    // The bound on l.score lets the index start at the cursor instead of the top of the list.
    const listBound = f.after && !byDistance ? sql` and l.score <= ${afterScore}::float8 / c.weight * (1 + 1e-9)` : sql``;
    const publicPart = sql`select l.id, l.popularity, l.distance_km_from from ${cells} cross join lateral (
        select ${list.id} as id, ${list.popularity} as popularity, ${list.distance} as distance_km_from
        from activity_cells l where l.cell = c.cell and ${list.where}${listBound}
        order by ${byDistance ? sql`distance_km_from, id` : sql`l.score desc, l.activity_id desc`} limit ${take}) l`;
    let union = publicPart;
    if (f.viewerId !== null) {
      const own = candidates(
        'a',
        sql`activity_popularity(a.seats_taken, a.waitlist_count, a.recent_registrations, a.view_count, a.capacity, a.starts_at, now())`,
      );
      union = sql`${publicPart} union all
        select a.id, ${own.popularity}, ${own.distance} from group_members m
        join groups g on g.id = m.group_id and g.visibility = 'private'
        cross join lateral (select * from activities a where a.group_id = m.group_id and a.status = 'published' and a.starts_at >= ${from}
          order by a.starts_at limit ${PRIVATE_PER_GROUP}) a
        join ${cells} on c.cell = any (a.map_cells)
        where m.user_id = ${viewerId} and ${own.where}`;
    }
    const page = sql<{ id: number; popularity: number; distance_km_from: number }>`(select * from (${union}) u order by ${order} limit ${take})`;
    const rows = db
      .selectFrom(page.as('pg'))
      .innerJoin('activities', 'activities.id', 'pg.id')
      .select([...activitySummaryColumns, 'pg.distance_km_from', 'pg.popularity']);
    const inContext = inViewerContext(db, f.viewerId === null ? null : viewerId, rows);
    const outer = byDistance ? 'a.distance_km_from' : 'a.popularity';
    return byDistance ? inContext.orderBy(outer, 'asc').orderBy('a.id', 'asc') : inContext.orderBy(outer, 'desc').orderBy('a.id', 'desc');
  });
}

export function groupActivities(db: Db, viewerId: number | null, groupId: number, upcoming: boolean, includeDrafts: boolean, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('activities')
    .select([...activitySummaryColumns, timestampCursor('activities.starts_at').as('starts_cursor')])
    .where('group_id', '=', groupId)
    .where('status', 'in', includeDrafts ? ['draft', 'published', 'cancelled', 'completed'] : ['published', 'cancelled', 'completed'])
    .where('ends_at', upcoming ? '>=' : '<', new Date())
    .limit(limit + 1);
  if (after) query = query.where(keysetAfter(['starts_at', 'id'], upcoming ? '>' : '<', after, 'timestamp'));
  query = upcoming ? query.orderBy('starts_at', 'asc').orderBy('id', 'asc') : query.orderBy('starts_at', 'desc').orderBy('id', 'desc');
  const inContext = inViewerContext(db, viewerId, query);
  return (upcoming ? inContext.orderBy('a.starts_at', 'asc').orderBy('a.id', 'asc') : inContext.orderBy('a.starts_at', 'desc').orderBy('a.id', 'desc')).execute();
}

/** How many of the soonest matching upcoming activities a search ranks (as posts' SEARCH_CANDIDATES): ranking is the costly part. */
export const SEARCH_CANDIDATES = 200;

/**
 * Full-text search over upcoming activities a viewer may be shown: published
 * ones of no group, of public groups or of the viewer's groups, and drafts
 * they manage; none of an organizer either has blocked, or who is suspended,
 * nor of a removed group. This only narrows the candidates so that pages come
 * out full: what the viewer may see is decided on each row by the one access
 * rule (activities.views → auth/access.ts). The soonest SEARCH_CANDIDATES
 * matches (activities_search_idx) are ranked by relevance and paged by (rank, id).
 */
/**
 * Published and past activities whose place name or address starts with `q`
 * (whatever its case), most recent first: the venue search's candidates, from
 * the prefix indexes on both. Who may see each is decided by the caller.
 */
export function activitiesAtPlacesStarting(db: Db, q: string, limit: number) {
  return db
    .selectFrom('activities')
    .select('id')
    .where('status', 'in', ['published', 'completed'])
    .where((eb) => eb.or([startsWithLower('place_name', q), eb.and([sql<boolean>`address <> ''`, startsWithLower('address', q)])]))
    .orderBy('starts_at', 'desc')
    .limit(limit)
    .execute();
}

export function searchActivities(db: Db, viewerId: number | null, query: RawBuilder<string>, after: CursorValue[] | null, limit: number) {
  const viewer = viewerId ?? 0;
  const candidates = db
    .selectFrom('activities as s')
    .leftJoin('groups as sg', 'sg.id', 's.group_id')
    .leftJoin('group_members as sm', (join) => join.onRef('sm.group_id', '=', 's.group_id').on('sm.user_id', '=', viewer))
    .select('s.id')
    .where(sql<boolean>`s.search_vector @@ ${query}`)
    // Written out, not bound, so that a generic plan still sees the partial index's predicate.
    .where(sql<boolean>`s.status in ('draft', 'published')`)
    .where('s.ends_at', '>=', sql<Date>`now()`)
    .where('sg.removed_at', 'is', null)
    .where((eb) =>
      eb.and([
        eb.or([eb('s.status', '=', 'published'), eb('s.organizer_id', '=', viewer), eb('sm.role', 'in', ['owner', 'admin'])]),
        eb.or([eb('s.group_id', 'is', null), eb('sg.visibility', '=', 'public'), eb('sm.user_id', 'is not', null)]),
      ]),
    )
    .where(notBlockedScanSql(viewer, 's.organizer_id'))
    .orderBy('s.starts_at')
    .orderBy('s.id')
    .limit(SEARCH_CANDIDATES);
  const rank = sql<number>`ts_rank_cd(activities.search_vector, ${query})::real`;
  let ranked = db
    .selectFrom('activities')
    .select([...activitySummaryColumns, rank.as('rank')])
    .where('activities.id', 'in', candidates)
    .orderBy(rank, 'desc')
    .orderBy('activities.id', 'desc')
    .limit(limit + 1);
  if (after) ranked = ranked.where(keysetAfter([rank, 'activities.id'], '<', after, 'real'));
  return inViewerContext(db, viewerId, ranked).orderBy('a.rank', 'desc').orderBy('a.id', 'desc').execute();
}

const liveStatuses: RegistrationStatus[] = ['pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted'];

/** "My activities": upcoming (registered, not waitlisted), waitlisted, past, or organized by me. */
/** A member's activities by tab; `going` is `upcoming` with a confirmed seat only (what others may be shown). */
export function memberActivities(db: Db, userId: number, tab: 'upcoming' | 'going' | 'waitlisted' | 'past' | 'organizing', after: CursorValue[] | null, limit: number) {
  const now = new Date();
  const past = tab === 'past';
  let query = db
    .selectFrom('activities')
    .select([...activitySummaryColumns, timestampCursor('activities.starts_at').as('starts_cursor')])
    .limit(limit + 1);
  if (tab === 'organizing') {
    query = query.where('organizer_id', '=', userId).where('ends_at', '>=', now);
  } else {
    const statuses: RegistrationStatus[] = tab === 'waitlisted' ? ['waitlisted'] : tab === 'past' || tab === 'going' ? ['confirmed'] : ['pending_approval', 'awaiting_payment', 'confirmed'];
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

export { liveStatuses };

/** A friend holding a confirmed seat at an activity. */
export type FriendGoing = { id: number; username: string; display_name: string; avatar_media_id: number | null };

/**
 * The viewer's friends (those who show their activities) holding a confirmed
 * seat at the activity `a`, earliest first, as a JSON column: the friends are
 * read once for the statement, then each row's registrations are probed for
 * each of them by (activity, member).
 */
function friendsGoingJson(viewerId: number) {
  return sql<FriendGoing[]>`coalesce((select json_agg(json_build_object('id', u.id, 'username', u.username, 'display_name', u.display_name, 'avatar_media_id', u.avatar_media_id) order by r.created_at, u.id)
    from unnest(array(${friendsOf(viewerId, 'show_activities')})) fr(id)
    join registrations r on r.activity_id = a.id and r.user_id = fr.id and r.status = 'confirmed'
    join users u on u.id = fr.id), '[]')`;
}
