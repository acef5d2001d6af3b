import { mediaJson } from '../media/media.repository.js';
import { sql, type Insertable, type Selectable } from 'kysely';
import { blockedEitherWaySql, notBlockedScanSql, notBlockedSql } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import type { CursorValue } from '../../db/pagination.js';
import { onGenericPlan, runCached } from '../../db/statement-cache.js';
import type { CompanionCardsTable, CompanionCellsTable, CompanionInvitesTable, CompanionRequestsTable } from '../../db/schema.js';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { boundingBoxes, distanceKmSql, withinBoxesSql } from '../../lib/geo.js';
import { cellsAround, mapCells } from '../../lib/map-cells.js';
import type { CellCentre } from '../../lib/coarse-location.js';

export type CardRow = NonNullable<Awaited<ReturnType<typeof findCard>>>;
/** A card as a companion list holds it. */
export type ListedCard = Selectable<CompanionCellsTable>;
/** What matching and a search result read of a card: a listed card or the card itself. */
export type CardFacts = Omit<CardRow, 'discoverable' | 'intro' | 'map_cells' | 'created_at' | 'photo' | 'photo_media_id'>;
export type RequestRow = Selectable<CompanionRequestsTable>;
export type InviteRow = Selectable<CompanionInvitesTable>;
export type CardInput = Omit<Insertable<CompanionCardsTable>, 'user_id' | 'map_cells' | 'created_at' | 'updated_at'>;

/** How many cards one search checks: the bounded, already-near set matching then checks both ways. */
const CANDIDATE_CAP = 150;
/** The cells around the searcher read first; the rest only when those hold fewer than the cap. */
const INNER_CELLS = 7;

/** How many requests one search scores: the nearest ones in reach. */
const REQUEST_CAP = 300;

export function findCard(db: Db, userId: number) {
  return db.selectFrom('companion_cards').selectAll().select(mediaJson('companion_cards.photo_media_id').as('photo')).where('user_id', '=', userId).executeTakeFirst();
}

export async function saveCard(tx: Tx, userId: number, input: CardInput, interests: { tag: string; skill: 'beginner' | 'intermediate' | 'advanced' }[]) {
  const card = { ...input, map_cells: mapCells(input.lat, input.lng) };
  await tx
    .insertInto('companion_cards')
    .values({ ...card, user_id: userId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...card, updated_at: new Date() }))
    .execute();
  await tx.deleteFrom('companion_card_interests').where('user_id', '=', userId).execute();
  await tx.insertInto('companion_card_interests').values(interests.map((i) => ({ user_id: userId, ...i }))).execute();
}

export async function deleteCard(db: Db, userId: number) {
  await db.deleteFrom('companion_cards').where('user_id', '=', userId).execute();
}

export function cardInterests(db: Db, userIds: readonly number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('companion_card_interests').selectAll().where('user_id', 'in', [...new Set(userIds)]).execute();
}

/** Interests with skill from members' profiles, for those without a card. */
export function profileInterests(db: Db, userIds: readonly number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('user_interests').select(['user_id', 'tag', 'skill']).where('user_id', 'in', [...new Set(userIds)]).execute();
}

/** Age and gender of members, as matching needs them. */
export function personFacts(db: Db, userIds: readonly number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'birth_year', 'gender', 'lat', 'lng']).where('id', 'in', [...new Set(userIds)]).execute();
}

/** The searcher as the cards' own preferences see them, and what their preferences ask of the cards. */
export interface CandidateScreen {
  age: number | null;
  gender: string | null;
  costSharing: string;
  prefs: { ageMin: number | null; ageMax: number | null; genders: readonly string[] };
  /** The year ages are counted in (ageFrom's). */
  year: number;
}

/**
 * Discoverable cards within `radiusKm` of a cell that share one of `tags`,
 * never the viewer's own and never someone either side has blocked, each with
 * its member's age, gender and card interests: everything matching needs.
 *
 * They come from the lists of the map cells in reach (companion_cells), the
 * nearest cells first and each list newest first, up to CANDIDATE_CAP: in a
 * dense city the few cells around the searcher fill it with one statement.
 * Of those, only the cards `screen` does not rule out are read in full and
 * returned: the ones whose reach, age, gender or cost-sharing preferences
 * exclude the searcher, or that the searcher's own age and gender
 * preferences exclude (matching checks every condition again; these are the
 * ones a row answers alone). The cap counts every card looked at, so which
 * cards are looked at does not depend on the screen.
 */
export async function cardCandidates(db: Db, viewerId: number, cell: CellCentre, radiusKm: number, tags: readonly string[], screen: CandidateScreen) {
  if (tags.length === 0) return [];
  const around = cellsAround(cell.lat, cell.lng, radiusKm).sort((a, b) => a.distanceKm - b.distanceKm);
  const cards: ListedCard[] = [];
  let looked = 0;
  const { age, gender, costSharing, prefs, year } = screen;
  for (const batch of [around.slice(0, INNER_CELLS), around.slice(INNER_CELLS)]) {
    const want = CANDIDATE_CAP - looked;
    if (batch.length === 0 || want <= 0) break;
    const { rows } = await onGenericPlan(sql<ListedCard & { fits: boolean; looked: number; rn: string }>`select x.* from (
      select f.*, count(*) over ()::int as looked, row_number() over (order by n.d, n.updated_at desc, n.user_id) as rn,
        ${distanceKmSql(cell.lat, cell.lng, 'f')} <= f.travel_km + 0.001
          and (f.age_min is null or ${age}::int >= f.age_min) and (f.age_max is null or ${age}::int <= f.age_max)
          and (cardinality(f.genders) = 0 or ${gender}::text = any (f.genders))
          and (${costSharing}::text = 'either' or f.cost_sharing in ('either', ${costSharing}::text))
          and (${prefs.ageMin}::int is null or ${year}::int - f.birth_year >= ${prefs.ageMin}::int)
          and (${prefs.ageMax}::int is null or ${year}::int - f.birth_year <= ${prefs.ageMax}::int)
          and (cardinality(${[...prefs.genders]}::text[]) = 0 or f.gender = any (${[...prefs.genders]}::text[])) as fits
      from (
        select l.user_id, l.cell, l.updated_at, c.d
        from unnest(${batch.map((c) => c.cell)}::text[], ${batch.map((c) => c.distanceKm)}::float8[]) as c(cell, d)
        cross join lateral (
          -- From the list's index alone: the row itself is read only for the chosen.
          select l.user_id, l.cell, l.updated_at from companion_cells l
          where l.cell = c.cell and l.tags && ${[...tags]}::text[] and l.user_id <> ${viewerId}
            and ${distanceKmSql(cell.lat, cell.lng, 'l')} <= ${radiusKm}::float8 and ${notBlockedScanSql(viewerId, 'l.user_id')}
          order by l.updated_at desc, l.user_id limit ${want}) l
        order by c.d, l.updated_at desc, l.user_id limit ${want}) n
      join companion_cells f on f.user_id = n.user_id and f.cell = n.cell) x
      -- The first row comes even when ruled out: it carries how many were looked at.
      where x.fits is true or x.rn = 1
      order by x.rn`).execute(db);
    looked += rows[0]?.looked ?? 0;
    for (const { fits, looked: _looked, rn: _rn, ...card } of rows) if (fits) cards.push(card);
  }
  return cards;
}

/** A member's own card with what matching needs of them (age, gender, the card's interests), as the lists hold it. */
export async function cardWithFacts(db: Db, userId: number) {
  const [card] = await runCached(db, 'companion-card-with-facts', [userId] as const, ([user]) =>
    db
      .selectFrom('companion_cards as c')
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .selectAll('c')
      .select((eb) => [
        'u.birth_year',
        'u.gender',
        jsonArrayFrom(eb.selectFrom('companion_card_interests as i').select(['i.tag', 'i.skill']).whereRef('i.user_id', '=', 'c.user_id').orderBy('i.tag')).as('interests'),
      ])
      .where('c.user_id', '=', user),
  );
  return card;
}

/** The intros of members' cards (lists leave them out). */
/**
 * What a page of people shows besides their cards, in one statement: each
 * member's name, card intro, whether they and the viewer have blocked each
 * other, and the latest pending or accepted invite between the two.
 */
export function peopleFacts(db: Db, viewerId: number, userIds: readonly number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return runCached(db, 'companion-people-facts', [viewerId, [...new Set(userIds)]] as const, ([viewer, ids]) =>
    db
      .selectFrom('users as u')
      .leftJoin('companion_cards as c', 'c.user_id', 'u.id')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('companion_invites as i')
            .select(['i.id', 'i.status', 'i.from_id'])
            .where('i.status', 'in', ['pending', 'accepted'])
            .where(sql<boolean>`((i.from_id = ${viewer} and i.to_id = u.id) or (i.to_id = ${viewer} and i.from_id = u.id))`)
            .orderBy('i.id', 'desc')
            .limit(1)
            .as('inv'),
        (join) => join.onTrue(),
      )
      .select([
        'u.id',
        'u.username',
        'u.display_name',
        'u.avatar_media_id',
        'c.intro',
        mediaJson('c.photo_media_id').as('photo'),
        blockedEitherWaySql(viewer, 'u.id').as('hidden'),
        'inv.id as invite_id',
        'inv.status as invite_status',
        'inv.from_id as invite_from_id',
      ])
      .where('u.id', '=', sql<number>`any(${ids}::bigint[])`),
  );
}

export async function insertRequest(db: Db, values: Insertable<CompanionRequestsTable>) {
  return db.insertInto('companion_requests').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findRequests(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('companion_requests').selectAll().where('id', 'in', [...new Set(ids)]).execute();
}

/** Locks a request by its whole key (its author and id), so the lock is taken on its author's shard alone. */
export function lockRequest(tx: Tx, key: { authorId: number; id: number }) {
  return tx.selectFrom('companion_requests').selectAll().where('author_id', '=', key.authorId).where('id', '=', key.id).forUpdate().executeTakeFirst();
}

/** Open requests by others (not closed, not full, not past) within `radiusKm` of a cell, minus blocked authors. */
export function requestCandidates(db: Db, viewerId: number, cell: CellCentre, radiusKm: number, tag: string | undefined) {
  let query = db
    .selectFrom('companion_requests as r')
    .selectAll('r')
    .where('r.closed_at', 'is', null)
    .where('r.closes_at', '>', new Date())
    .whereRef('r.accepted', '<', 'r.spots')
    .where('r.author_id', '<>', viewerId)
    .where(withinBoxesSql(boundingBoxes(cell.lat, cell.lng, radiusKm), 'r'))
    .where(notBlockedSql(viewerId, 'r.author_id'));
  if (tag !== undefined) query = query.where('r.tag', '=', tag);
  return query
    .orderBy(sql`point(r.lng, r.lat) <-> point(${cell.lng}::float8, ${cell.lat}::float8)`)
    .limit(REQUEST_CAP)
    .execute();
}

export function requestsBy(db: Db, authorId: number, after: CursorValue[] | null, limit: number) {
  let query = db.selectFrom('companion_requests').selectAll().where('author_id', '=', authorId).orderBy('id', 'desc').limit(limit + 1);
  if (after) query = query.where('id', '<', Number(after[0]));
  return query.execute();
}

/** Closes a request (a held one too: its author withdrew it, so nothing waits for review). */
export async function closeRequest(db: Db, id: number) {
  await db
    .updateTable('companion_requests')
    .set({ closed_at: sql`coalesce(closed_at, now())`, held_at: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('closed_at', 'is', null), eb('held_at', 'is not', null)]))
    .execute();
}

export async function countAcceptance(tx: Tx, key: { authorId: number; id: number }) {
  await tx.updateTable('companion_requests').set((eb) => ({ accepted: eb('accepted', '+', 1) })).where('author_id', '=', key.authorId).where('id', '=', key.id).execute();
}

export function insertInvite(db: Db, values: Insertable<CompanionInvitesTable>) {
  return db.insertInto('companion_invites').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findInvite(db: Db, id: number) {
  return db.selectFrom('companion_invites').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks an invite by its whole key (its recipient and id), so the lock is taken on the recipient's shard alone. */
export function lockInvite(tx: Tx, key: { toId: number; id: number }) {
  return tx.selectFrom('companion_invites').selectAll().where('to_id', '=', key.toId).where('id', '=', key.id).forUpdate().executeTakeFirst();
}

export async function setInviteStatus(db: Db, key: { toId: number; id: number }, status: 'accepted' | 'declined' | 'withdrawn') {
  return db
    .updateTable('companion_invites')
    .set({ status, decided_at: new Date() })
    .where('to_id', '=', key.toId)
    .where('id', '=', key.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function pendingSentCount(db: Db, fromId: number) {
  const row = await db
    .selectFrom('companion_invites')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('from_id', '=', fromId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** When `toId` last declined something from `fromId`, if since `since`. */
export function declinedSince(db: Db, fromId: number, toId: number, since: Date) {
  return db
    .selectFrom('companion_invites')
    .select('decided_at')
    .where('from_id', '=', fromId)
    .where('to_id', '=', toId)
    .where('status', '=', 'declined')
    .where('decided_at', '>', since)
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function inviteBox(db: Db, userId: number, box: 'incoming' | 'outgoing', filter: { status?: string; requestId?: number }, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('companion_invites')
    .selectAll()
    .where(box === 'incoming' ? 'to_id' : 'from_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status as InviteRow['status']);
  if (filter.requestId) query = query.where('request_id', '=', filter.requestId);
  if (after) query = query.where('id', '<', Number(after[0]));
  return query.execute();
}

/** The viewer's latest application to each of these requests. */
export function applicationsTo(db: Db, viewerId: number, requestIds: readonly number[]) {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('companion_invites')
    .select(['id', 'request_id', 'status'])
    .where('from_id', '=', viewerId)
    .where('kind', '=', 'application')
    .where('request_id', 'in', [...requestIds])
    .orderBy('id', 'desc')
    .execute();
}

/** Pending invites between two members (either way) end when one blocks the other. */
export async function withdrawPendingBetween(db: Db, a: number, b: number) {
  await db
    .updateTable('companion_invites')
    .set({ status: 'withdrawn', decided_at: new Date() })
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb.and([eb('from_id', '=', a), eb('to_id', '=', b)]), eb.and([eb('from_id', '=', b), eb('to_id', '=', a)])]))
    .execute();
}

/** Pending person-to-person invites to or from a member who leaves companions. */
export async function withdrawPendingInvites(db: Db, userId: number) {
  await db
    .updateTable('companion_invites')
    .set({ status: 'withdrawn', decided_at: new Date() })
    .where('status', '=', 'pending')
    .where('kind', '=', 'invite')
    .where((eb) => eb.or([eb('from_id', '=', userId), eb('to_id', '=', userId)]))
    .execute();
}
