import { sql, type Expression, type RawBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db } from '../../db/database.js';
import { onGenericPlan, runCached } from '../../db/statement-cache.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import { activitySummaryColumns, type ActivityInContext } from '../activities/activities.repository.js';
import { groupSummaryColumns, viewerColumns, type ViewerGroupSummaryRow } from '../groups/groups.repository.js';
import type { ItemModel, MemberProfile, Neighbour, Reason } from './engine.js';
import { friendsOf } from '../social/follows.repository.js';

/**
 * Everything the group model trains on: groups; engagement with them —
 * memberships, plus likes on their posts and registrations for their
 * activities (a member engaged with a group's content is a weaker join);
 * members' interests and areas.
 */
export async function loadGroupTrainingData(db: Db) {
  // The engine counts a member's repeated interactions with a group once, at
  // the latest time, so likes and registrations are reduced to one row per
  // (member, group) in SQL; times travel as epoch milliseconds.
  const epochMs = (column: string) => sql<number>`(extract(epoch from max(${sql.ref(column)})) * 1000)::float8`;
  const [groups, memberships, likes, registrations, users, interests] = await Promise.all([
    db.selectFrom('groups').select(['id', 'tags', 'lat', 'lng', 'created_at', 'visibility']).execute(),
    db
      .selectFrom('group_members')
      .select(['user_id', 'group_id', sql<number>`(extract(epoch from joined_at) * 1000)::float8`.as('at')])
      .execute(),
    db
      .selectFrom('post_likes')
      .innerJoin('posts', (join) => join.onRef('posts.group_id', '=', 'post_likes.group_id').onRef('posts.id', '=', 'post_likes.post_id'))
      .select(['post_likes.user_id', 'posts.group_id', epochMs('post_likes.created_at').as('at')])
      .where('posts.deleted_at', 'is', null)
      .groupBy(['post_likes.user_id', 'posts.group_id'])
      .execute(),
    db
      .selectFrom('registrations')
      .innerJoin('activities', 'activities.id', 'registrations.activity_id')
      .select(['registrations.user_id', 'activities.group_id', epochMs('registrations.created_at').as('at')])
      .where('activities.group_id', 'is not', null)
      .where('registrations.status', 'in', ['confirmed', 'awaiting_payment', 'waitlisted'])
      .groupBy(['registrations.user_id', 'activities.group_id'])
      .execute(),
    db.selectFrom('users').select(['id', 'lat', 'lng']).execute(),
    db.selectFrom('user_interests').select(['user_id', 'tag']).execute(),
  ]);
  const engagement = [
    ...memberships.map((m) => ({ ...m, weight: 1 })),
    ...registrations.map((r) => ({ user_id: r.user_id, group_id: r.group_id!, at: r.at, weight: 0.8 })),
    ...likes.map((l) => ({ ...l, weight: 0.3 })),
  ];
  return { groups, engagement, memberships: memberships.length, membershipRows: memberships, users, interests };
}

/**
 * What learning the activities' blend weights trains on: activities that were
 * or are published, and registrations for them (one row per member and
 * activity, at its creation; times as epoch milliseconds).
 */
export async function loadActivityTrainingData(db: Db) {
  const [activities, registrations] = await Promise.all([
    db
      .selectFrom('activities')
      .select(['id', 'group_id', 'organizer_id', 'tags', 'lat', 'lng', sql<number>`(extract(epoch from starts_at) * 1000)::float8`.as('starts_at')])
      .where('status', 'in', ['published', 'completed'])
      .execute(),
    db
      .selectFrom('registrations')
      .select(['user_id', 'activity_id', sql<number>`(extract(epoch from min(created_at)) * 1000)::float8`.as('at')])
      .where('status', 'in', ['confirmed', 'awaiting_payment', 'waitlisted'])
      .groupBy(['user_id', 'activity_id'])
      .execute(),
  ]);
  return { activities, registrations };
}

/** The model without its neighbour lists (those go to rec_neighbors, read for the members being ranked). */
export type StoredModel = Omit<ItemModel, 'neighbours'>;

/**
 * Stores a model just trained from groups read as of `readAt` (an
 * inputsHorizon); returns the time it is stored under.
 */
export async function saveGroupModel(db: Db, model: ItemModel, readAt: Date, figures: Record<string, unknown>): Promise<Date> {
  const { neighbours, ...rest } = model;
  const trainedAt = new Date();
  const stats = JSON.stringify({ ...figures, readAt, model: rest });
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('rec_neighbors').where('kind', '=', 'group').execute();
    const rows = Object.entries(neighbours).flatMap(([item, list]) => list.map(([neighbor, score]) => ({ kind: 'group', item_id: Number(item), neighbor_id: Number(neighbor), score })));
    for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('rec_neighbors').values(rows.slice(i, i + 1000)).execute();
    await tx
      .insertInto('rec_models')
      .values({ kind: 'group', trained_at: trainedAt, stats })
      .onConflict((oc) => oc.column('kind').doUpdateSet({ trained_at: trainedAt, stats }))
      .execute();
  });
  return trainedAt;
}

export async function loadGroupModel(db: Db): Promise<{ trainedAt: Date; readAt: Date; model: StoredModel } | null> {
  const row = await db.selectFrom('rec_models').select(['trained_at', 'stats']).where('kind', '=', 'group').executeTakeFirst();
  if (!row) return null;
  const stats = row.stats as { model: StoredModel; readAt?: string };
  // A model stored before readAt was kept: as of its training, less the ten minutes a transaction may have been open.
  return { trainedAt: row.trained_at, readAt: stats.readAt ? new Date(stats.readAt) : new Date(row.trained_at.getTime() - 600_000), model: stats.model };
}

export async function modelTrainedAt(db: Db): Promise<Date | null> {
  const row = await db.selectFrom('rec_models').select('trained_at').where('kind', '=', 'group').executeTakeFirst();
  return row?.trained_at ?? null;
}

/** Neighbour lists of some groups (the groups of the members being ranked): one indexed read. */
export async function neighboursOf(db: Db, groupIds: number[]): Promise<Record<string, Neighbour[]>> {
  if (groupIds.length === 0) return {};
  const rows = await db
    .selectFrom('rec_neighbors')
    .select(['item_id', 'neighbor_id', 'score'])
    .where('kind', '=', 'group')
    .where('item_id', 'in', groupIds)
    .orderBy('item_id')
    .orderBy('score', 'desc')
    .execute();
  const result: Record<string, Neighbour[]> = {};
  for (const r of rows) (result[String(r.item_id)] ??= []).push([String(r.neighbor_id), r.score]);
  return result;
}

export async function addFeedback(db: Db, userId: number, kind: 'group' | 'post' | 'activity', itemId: number) {
  await db.insertInto('rec_feedback').values({ user_id: userId, kind, item_id: itemId }).onConflict((oc) => oc.doNothing()).execute();
}

export async function removeFeedback(db: Db, userId: number, kind: 'group' | 'post' | 'activity', itemId: number) {
  await db.deleteFrom('rec_feedback').where('user_id', '=', userId).where('kind', '=', kind).where('item_id', '=', itemId).execute();
}

/** Members' groups, each member's oldest membership first (the engine's history order). */
export async function historiesOf(db: Db, userIds: number[]): Promise<Map<number, number[]>> {
  const rows = await db.selectFrom('group_members').select(['user_id', 'group_id']).where('user_id', 'in', userIds).orderBy('user_id').orderBy('joined_at').execute();
  const result = new Map<number, number[]>();
  for (const r of rows) (result.get(r.user_id) ?? result.set(r.user_id, []).get(r.user_id)!).push(r.group_id);
  return result;
}

/** Members' "not interested" items by kind, as the engine's ids. */
export async function feedbackOfMembers(db: Db, userIds: number[]) {
  const rows = await db.selectFrom('rec_feedback').select(['user_id', 'kind', 'item_id']).where('user_id', 'in', userIds).execute();
  const result = new Map<number, Record<'group' | 'post' | 'activity', Set<string>>>();
  for (const r of rows) {
    let mine = result.get(r.user_id);
    if (!mine) result.set(r.user_id, (mine = { group: new Set(), post: new Set(), activity: new Set() }));
    mine[r.kind].add(String(r.item_id));
  }
  return result;
}

/** Where members live (their stored, coarse point), by id. */
export async function placesOf(db: Db, userIds: number[]) {
  const rows = await db.selectFrom('users').select(['id', 'lat', 'lng']).where('id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Upcoming published activities of some groups, soonest first (activities_group_idx). */
export async function upcomingActivitiesOf(db: Db, groupIds: number[], now: Date, limit: number) {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('activities')
    .select('id')
    .where('group_id', 'in', groupIds)
    .where('status', '=', 'published')
    .where('starts_at', '>', now)
    .orderBy('starts_at')
    .limit(limit)
    .execute();
}

/** Of these activities, the ones the member has a registration for, in any state. */
export async function registeredAmong(db: Db, userId: number, activityIds: number[]): Promise<Set<number>> {
  if (activityIds.length === 0) return new Set();
  const rows = await db.selectFrom('registrations').select('activity_id').where('user_id', '=', userId).where('activity_id', 'in', activityIds).execute();
  return new Set(rows.map((r) => r.activity_id));
}

/** For each activity, how many members who share a group with the viewer are going. */
export async function goingFromMyGroups(db: Db, userId: number, activityIds: number[]): Promise<Map<number, number>> {
  if (activityIds.length === 0) return new Map();
  const rows = await sql<{ activity_id: number; n: number }>`
    select r.activity_id, count(distinct r.user_id)::int as n from registrations r
    where r.activity_id = any(${activityIds}::bigint[]) and r.status = 'confirmed' and r.user_id <> ${userId}
      and exists (select 1 from group_members mine join group_members theirs on theirs.group_id = mine.group_id
                  where mine.user_id = ${userId} and theirs.user_id = r.user_id)
    group by r.activity_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.activity_id, r.n]));
}

// ---- Stored rankings (rec_rankings)

/** An item of a stored ranking: its id, its score (or a source's weight) and its reasons, strongest first. */
export type RankedItem = [id: number, score: number, reasons: Reason[]];

/** A member's ranking, per kind, as computed (see the rec_rankings migration). */
export interface MemberRanking {
  groups: { ranked: RankedItem[]; profile: MemberProfile };
  posts: { sources: RankedItem[] };
  /** `groups`: the recommended groups whose activities were candidates besides the member's own. */
  activities: { ranked: RankedItem[]; profile: MemberProfile; groups: number[] };
}

// Reasons are stored as short codes, the bulk of a ranking's bytes otherwise:
// i:<tag>, a:<group it is also joined with>, g:<group it is in>, f:<people going>, n (popular near), p (popular).
function encodeReason(reason: Reason): string {
  switch (reason.kind) {
    case 'interest':
      return `i:${reason.tag}`;
    case 'also_joined':
      return `a:${reason.viaItemId}`;
    case 'in_your_group':
      return `g:${reason.groupId}`;
    case 'friends_going':
      return `f:${reason.count}`;
    case 'popular_near':
      return 'n';
    case 'popular':
      return 'p';
  }
}

function decodeReason(code: string): Reason {
  const value = code.slice(2);
  switch (code[0]) {
    case 'i':
      return { kind: 'interest', tag: value };
    case 'a':
      return { kind: 'also_joined', viaItemId: value };
    case 'g':
      return { kind: 'in_your_group', groupId: value };
    case 'f':
      return { kind: 'friends_going', count: Number(value) };
    case 'n':
      return { kind: 'popular_near' };
    default:
      return { kind: 'popular' };
  }
}

type StoredItem = [id: number, score: number, reasons: string[]];

// Only the two reasons a recommendation shows are kept.
const encodeItems = (items: RankedItem[]): StoredItem[] => items.map(([id, score, reasons]) => [id, score, reasons.slice(0, 2).map(encodeReason)]);
const decodeItems = (items: StoredItem[]): RankedItem[] => items.map(([id, score, reasons]) => [id, score, reasons.map(decodeReason)]);

/**
 * The time a ranking's inputs are "as of", on the database's clock (rankings
 * are ordered by it, whichever server computed them): now, or the start of the
 * oldest transaction of this database still running, if earlier. A row's
 * created_at is its transaction's start, and that transaction may commit after
 * the inputs are read; dated this way, every row the inputs could not see has
 * a later created_at, so it is "new" to the ranking. A transaction left open
 * (idle or stuck) holds the time back by ten minutes at most.
 */
export async function inputsHorizon(db: Db): Promise<Date> {
  const { rows } = await sql<{ at: Date }>`
    select greatest(least(now(), (select min(xact_start) from pg_stat_activity where datname = current_database())) - interval '1 millisecond', now() - interval '10 minutes') as at`.execute(db);
  return rows[0]!.at;
}

/**
 * Stores members' rankings computed from inputs read at `computedAt`. A
 * member's stored ranking read from later inputs (another server's, or a
 * refresh that overtook this one) is kept.
 */
export async function storeRankings(db: Db, computedAt: Date, rankings: Map<number, MemberRanking>) {
  if (rankings.size === 0) return;
  const rows = [...rankings].map(([userId, r]) => ({
    user_id: userId,
    computed_at: computedAt,
    groups: JSON.stringify({ ranked: encodeItems(r.groups.ranked), profile: r.groups.profile }),
    posts: JSON.stringify({ sources: encodeItems(r.posts.sources) }),
    activities: JSON.stringify({ ranked: encodeItems(r.activities.ranked), profile: r.activities.profile, groups: r.activities.groups }),
  }));
  await db
    .insertInto('rec_rankings')
    .values(rows)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet((eb) => ({
          computed_at: eb.ref('excluded.computed_at'),
          groups: eb.ref('excluded.groups'),
          posts: eb.ref('excluded.posts'),
          activities: eb.ref('excluded.activities'),
        }))
        .where('rec_rankings.computed_at', '<=', eb => eb.ref('excluded.computed_at')),
    )
    .execute();
}

/**
 * Members with a live session whose ranking was computed before `before`
 * (or who have none), least recently ranked first: the ranking pass after a
 * training takes the first `limit`, so a pass that can't reach everyone
 * reaches the rest first next time.
 */
export async function membersToRank(db: Db, before: Date, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom((eb) => eb.selectFrom('sessions').select('user_id').distinct().where('expires_at', '>', sql<Date>`now()`).as('s'))
    .leftJoin('rec_rankings as r', 'r.user_id', 's.user_id')
    .select('s.user_id')
    .where((eb) => eb.or([eb('r.computed_at', 'is', null), eb('r.computed_at', '<', before)]))
    .orderBy(sql`r.computed_at nulls first`)
    .orderBy('s.user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * For the stored-page statements (rec_rankings `r` left-joined to its `page`):
 * `value` on the page's first row, or on the lone row of an empty page; null
 * on the others, so what is read once per request is read and sent once.
 */
function onFirstRow<T>(value: Expression<T> | RawBuilder<T>) {
  return sql<T | null>`case when page.page_row is null or page.page_row = 1 then ${value} end`;
}

/** SQL condition: the item in `column` is not in the stored ranking's `kind`.ranked. */
function notRankedSql(kind: 'groups' | 'activities', column: string) {
  return sql<boolean>`${sql.ref(column)} not in (select (e ->> 0)::bigint from jsonb_array_elements(r.${sql.raw(kind)} -> 'ranked') e)`;
}

/** SQL condition: the member of the ranking `r` did not dismiss the item of this kind in `column`. */
function notDismissedSql(kind: 'group' | 'post' | 'activity', column: string) {
  return sql<boolean>`not exists (select 1 from rec_feedback f where f.user_id = r.user_id and f.kind = ${kind} and f.item_id = ${sql.ref(column)})`;
}

/** A member's "not interested" items of a kind, read in the ranking's own statement. */
function dismissedSql(kind: 'group' | 'post' | 'activity') {
  return sql<number[]>`coalesce((select json_agg(f.item_id) from rec_feedback f where f.user_id = r.user_id and f.kind = ${kind}), '[]')`;
}

/** Groups a member can be recommended now: public ones they are not in. `id` is the group's id column. */
function recommendableGroupSql(id: string) {
  const group = sql.ref(id);
  return sql<boolean>`exists (select 1 from groups g where g.id = ${group} and g.visibility = 'public' and g.removed_at is null)
    and not exists (select 1 from group_members m where m.group_id = ${group} and m.user_id = r.user_id)`;
}

/**
 * Activities a member can be recommended now: published, not started, not
 * theirs, not registered for. `a` is the activity's row. Whether they may see
 * it (its group, blocks) is decided on the rows loaded to present it.
 */
function openActivity(alias: string) {
  const a = sql.raw(alias);
  return sql<boolean>`${a}.status = 'published' and ${a}.starts_at > now() and ${a}.organizer_id <> r.user_id
    and not exists (select 1 from registrations reg where reg.activity_id = ${a}.id and reg.user_id = r.user_id)`;
}
const openActivitySql = openActivity('a');

/** How many items created since a ranking a request considers. */
const FRESH_LIMIT = 50;

/** Stored reasons → reasons. */
function decodeReasons(codes: string[]): Reason[] {
  return codes.map(decodeReason);
}

/**
 * A page of a member's stored group ranking, in one statement (its primary
 * key): the first `limit` groups of the ranking they can be recommended now
 * (public, not joined, not dismissed), in ranked order and in their context,
 * with the names of the groups their reasons mention; after them, the groups
 * friends bring (friendsGroupsSql, `brought`). With the page's first
 * row (or alone, when the page is empty): the ranking's profile and the
 * public groups created since it was computed, not in it, that they are not
 * in and did not dismiss (newest first by groups_new_idx, at most
 * FRESH_LIMIT). No rows: the member has no stored ranking.
 */
export async function storedGroupPage(db: Db, userId: number, limit: number) {
  const rows = await runCached(db, 'stored-group-page', [userId, limit] as const, ([user, take]) =>
    db
      .selectFrom('rec_rankings as r')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom(
              sql<{ id: number; score: number | null; reasons: string[] | null; ord: number }>`(
                (select k.id, (e.value ->> 1)::float8 as score, e.value -> 2 as reasons, e.ordinality as ord
                  from jsonb_array_elements(r.groups -> 'ranked') with ordinality e
                  cross join lateral (select (e.value ->> 0)::bigint as id) k
                  where ${recommendableGroupSql('k.id')} and ${notDismissedSql('group', 'k.id')}
                  order by e.ordinality
                  limit ${take})
                union all
                (select b.id, null, null, ${BROUGHT_ORDER} + row_number() over (order by b.friends desc, b.id)
                  from (${friendsGroupsSql(user, take)}) b)
              )`.as('i'),
            )
            .innerJoin('groups', 'groups.id', 'i.id')
            .select([
              ...groupSummaryColumns,
              ...viewerColumns(user),
              sql<number | null>`i.score`.as('rank_score'),
              sql<string[] | null>`i.reasons`.as('rank_reasons'),
              sql<[id: number, name: string][] | null>`(select json_agg(json_build_array(n.id, n.name)) from groups n
                where n.id in (select substr(c, 3)::bigint from jsonb_array_elements_text(i.reasons) c where c like 'a:%' or c like 'g:%'))`.as('reason_names'),
              sql<number>`row_number() over (order by i.ord)`.as('page_row'),
            ])
            .orderBy('i.ord')
            .as('page'),
        (join) => join.onTrue(),
      )
      .selectAll('page')
      .select((eb) => [
        'r.computed_at',
        onFirstRow(sql<MemberProfile>`r.groups -> 'profile'`).as('profile'),
        onFirstRow(
          jsonArrayFrom(
            eb
              .selectFrom('groups as fresh')
              .select(['fresh.id', 'fresh.tags', 'fresh.lat', 'fresh.lng', 'fresh.created_at'])
              .whereRef('fresh.created_at', '>', 'r.computed_at')
              .where(recommendableGroupSql('fresh.id'))
              .where(notDismissedSql('group', 'fresh.id'))
              .where(notRankedSql('groups', 'fresh.id'))
              .orderBy('fresh.created_at', 'desc')
              .orderBy('fresh.id', 'desc')
              .limit(FRESH_LIMIT),
          ),
        ).as('fresh'),
      ])
      .where('r.user_id', '=', user)
      .orderBy('page.page_row'),
  );
  if (rows.length === 0) return undefined;
  const first = rows[0]!;
  return {
    computedAt: first.computed_at,
    profile: first.profile!,
    // JSON: its timestamps arrive as text.
    fresh: (first.fresh ?? []).map((g) => ({ ...g, created_at: new Date(g.created_at) })),
    page: rows
      .filter((row) => row.id !== null && row.rank_score !== null)
      .map((row) => ({
        group: row as ViewerGroupSummaryRow,
        item: [row.id!, row.rank_score!, decodeReasons(row.rank_reasons!)] as RankedItem,
        reasonNames: row.reason_names ?? [],
      })),
    brought: rows.filter((row) => row.id !== null && row.rank_score === null).map((row) => row as ViewerGroupSummaryRow),
  };
}

/** How far back the discover feed looks for posts. */
const POST_HORIZON = sql`interval '60 days'`;
/** Posts per source group the discover feed considers. */
const POSTS_PER_SOURCE = 3;

/**
 * A member's discover feed inputs, in one statement: their stored sources
 * (their own recent groups and their recommended ones, with weights and
 * reasons), their "not interested" posts, the freshest hot posts of each
 * source (a LATERAL probe of posts_group_hot_idx per group, at most
 * POSTS_PER_SOURCE, from the last POST_HORIZON), and the names of the groups
 * the reasons mention.
 */
export async function discoverFeedInputs(db: Db, userId: number) {
  const [row] = await runCached(db, 'discover-feed-inputs', [userId] as const, ([user]) =>
    db
      .selectFrom('rec_rankings as r')
      .select([
        'r.computed_at',
        'r.posts',
        dismissedSql('post').as('dismissed'),
        sql<[id: number, groupId: number, hot: number, authorId: number][]>`coalesce((
          select json_agg(json_build_array(p.id, p.group_id, p.hot_score, p.author_id))
          from jsonb_array_elements(r.posts -> 'sources') s
          cross join lateral (
            select id, group_id, hot_score, author_id from posts
            where posts.group_id = (s ->> 0)::bigint and posts.deleted_at is null and posts.created_at >= now() - ${POST_HORIZON}
            order by hot_score desc, id desc limit ${sql.lit(POSTS_PER_SOURCE)}
          ) p), '[]')`.as('candidates'),
        sql<[id: number, name: string][]>`coalesce((
          select json_agg(json_build_array(g.id, g.name)) from groups g
          where g.id in (select substr(code, 3)::bigint from jsonb_array_elements(r.posts -> 'sources') s, jsonb_array_elements_text(s -> 2) code
                         where code like 'a:%' or code like 'g:%')), '[]')`.as('names'),
      ])
      .where('r.user_id', '=', user),
  );
  if (!row) return undefined;
  return {
    computedAt: row.computed_at,
    sources: decodeItems((row.posts as { sources: StoredItem[] }).sources),
    dismissed: new Set(row.dismissed),
    candidates: row.candidates.map(([id, groupId, hot, authorId]) => ({ id, group_id: groupId, hot_score: hot, author_id: authorId })),
    names: new Map(row.names),
  };
}

/**
 * A page of a member's stored activity ranking, in one statement (its
 * primary key): the first `limit` stored activities still open to them (see
 * openActivitySql) and not dismissed, in ranked order, then the activities
 * friends bring (friendsActivitiesSql; no score, `brought`), in their context
 * (whether they may see each is decided on these rows). With the page's first
 * row (or alone, when the page is empty): the ranking's profile and
 * recommended groups, and the activities published since it was computed
 * that are open to them and not in it (activities_new_idx, at most
 * FRESH_LIMIT), each with whether it belongs to one of their groups. No
 * rows: the member has no stored ranking.
 */
export async function storedActivityPage(db: Db, userId: number, limit: number) {
  const rows = await runCached(db, 'stored-activity-page', [userId, limit] as const, ([user, take]) => {
    const ranked = db
      .selectFrom(sql<{ value: unknown; ordinality: number }>`jsonb_array_elements(r.activities -> 'ranked') with ordinality`.as('i'))
      .innerJoin('activities', (join) => join.on(sql<boolean>`activities.id = (i.value ->> 0)::bigint`))
      .select([
        ...activitySummaryColumns,
        sql<number>`i.ordinality`.as('rank_order'),
        sql<number | null>`(i.value ->> 1)::float8`.as('rank_score'),
        sql<string[] | null>`i.value -> 2`.as('rank_reasons'),
      ])
      .where(openActivity('activities'))
      .where(notDismissedSql('activity', 'activities.id'))
      .orderBy('i.ordinality')
      .limit(take);
    const brought = db
      .selectFrom(sql<{ id: number; rn: number }>`(${friendsActivitiesSql(user, take)})`.as('b'))
      .innerJoin('activities', 'activities.id', 'b.id')
      .select([
        ...activitySummaryColumns,
        sql<number>`${BROUGHT_ORDER} + b.rn`.as('rank_order'),
        sql<number | null>`null::float8`.as('rank_score'),
        sql<string[] | null>`null::jsonb`.as('rank_reasons'),
      ]);
    const candidates = db.selectFrom(ranked.as('ranked')).selectAll().unionAll(db.selectFrom(brought.as('brought')).selectAll());
    const page = activitiesRepo
      .inViewerContext(db, user, candidates)
      .select(sql<number>`row_number() over (order by a.rank_order)`.as('page_row'))
      .orderBy('a.rank_order');
    return db
      .selectFrom('rec_rankings as r')
      .leftJoinLateral(page.as('page'), (join) => join.onTrue())
      .selectAll('page')
      .select((eb) => [
        'r.computed_at',
        onFirstRow(sql<{ profile: MemberProfile; groups: number[] }>`r.activities - 'ranked'`).as('meta'),
        onFirstRow(
          jsonArrayFrom(
            eb
              .selectFrom('activities as a')
              .select([
                'a.id',
                'a.tags',
                'a.lat',
                'a.lng',
                'a.starts_at',
                'a.group_id',
                sql<boolean>`exists (select 1 from group_members m where m.group_id = a.group_id and m.user_id = r.user_id)`.as('in_my_group'),
              ])
              .whereRef('a.created_at', '>', 'r.computed_at')
              .where(openActivitySql)
              .where(notDismissedSql('activity', 'a.id'))
              .where(notRankedSql('activities', 'a.id'))
              .orderBy('a.created_at', 'desc')
              .orderBy('a.id', 'desc')
              .limit(FRESH_LIMIT),
          ),
        ).as('fresh'),
      ])
      .where('r.user_id', '=', user)
      .orderBy('page.page_row');
  });
  if (rows.length === 0) return undefined;
  const first = rows[0]!;
  return {
    computedAt: first.computed_at,
    profile: first.meta!.profile,
    groups: first.meta!.groups,
    // JSON: its timestamps arrive as text.
    fresh: (first.fresh ?? []).map((a) => ({ ...a, starts_at: new Date(a.starts_at) })),
    page: rows
      .filter((row) => row.id !== null && row.rank_score !== null)
      .map((row) => ({ activity: row as ActivityInContext, item: [row.id!, row.rank_score!, decodeReasons(row.rank_reasons!)] as RankedItem })),
    brought: rows.filter((row) => row.id !== null && row.rank_score === null).map((row) => row as ActivityInContext),
  };
}

/** Where the items friends bring start in a stored page's order (after every ranked one). */
const BROUGHT_ORDER = 1_000_000;

/**
 * Public groups the member's friends belong to and the member does not (nor
 * asked to leave out), most friends first (`friends`): candidates friends
 * bring, whatever the stored ranking holds.
 */
function friendsGroupsSql(viewerId: number, limit: number) {
  return sql<{ id: number; friends: number }>`
    select m.group_id as id, count(*) as friends
    from (${friendsOf(viewerId, 'show_groups')}) fr
    join group_members m on m.user_id = fr.id
    join groups g on g.id = m.group_id and g.visibility = 'public' and g.removed_at is null
    where not exists (select 1 from group_members mine where mine.group_id = m.group_id and mine.user_id = ${viewerId})
      and not exists (select 1 from rec_feedback d where d.user_id = ${viewerId} and d.kind = 'group' and d.item_id = m.group_id)
    group by m.group_id
    order by count(*) desc, m.group_id
    limit ${limit}`;
}

/**
 * Upcoming activities the member's friends hold a confirmed seat at (friends
 * who show their activities), that the member has not registered for nor
 * asked to leave out, most friends first (`rn`, from 1): candidates friends
 * bring, whatever the stored ranking holds.
 */
function friendsActivitiesSql(viewerId: number, limit: number) {
  return sql<{ id: number; rn: number }>`
    select r.activity_id as id, row_number() over (order by count(*) desc, r.activity_id) as rn
    from (${friendsOf(viewerId, 'show_activities')}) fr
    join registrations r on r.user_id = fr.id and r.status = 'confirmed'
    join activities a on a.id = r.activity_id and a.status = 'published' and a.starts_at > now()
    where not exists (select 1 from registrations mine where mine.activity_id = r.activity_id and mine.user_id = ${viewerId})
      and not exists (select 1 from rec_feedback d where d.user_id = ${viewerId} and d.kind = 'activity' and d.item_id = r.activity_id)
    group by r.activity_id
    order by count(*) desc, r.activity_id
    limit ${limit}`;
}

