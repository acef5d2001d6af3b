import {
  ErrorCode,
  type ApplyBody,
  type CompanionCardBody,
  type CompanionInvite,
  type CompanionPerson,
  type CompanionRequest,
  type CompanionRequestSearchQuery,
  type CompanionSearchQuery,
  type CreateCompanionRequestBody,
  type InviteBody,
  type InviteBoxQuery,
  type Match,
  type MyCompanionCard,
  type PageOf,
  type SkillLevel,
} from '@kindred/contract';
import { DateTime, IANAZone } from 'luxon';
import { requireAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, encodeCursor, toPage } from '../../db/pagination.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { cellDistanceKm, snapToGrid, type CellCentre } from '../../lib/coarse-location.js';
import { takeWriteLimit } from '../../auth/write-limits.js';
import { normalizeTag } from '../../lib/tags.js';
import * as accountsRepo from '../accounts/accounts.repository.js';
import { announceOpeningMessage, openConversation, postOpeningMessage } from '../chat/chat.service.js';
import { placeSingleMedia, releaseMedia } from '../media/media.repository.js';
import { notify } from '../notifications/notifications.service.js';
import { slotsToBits, windowBits } from './availability.js';
import * as repo from './companions.repository.js';
import type { CardRow, RequestRow } from './companions.repository.js';
import { accepts, matchPeople, matchRequest, type CardSide, type Filters, type Person, type RequestSide, type Searcher } from './matching.js';
import { dropHeldFields, fileHeld, heldEditsBy, holdEdit, refuseFlagged, screenText, takeHeldEdit } from '../moderation/held.js';
import { ageFrom, presentInvites, presentMyCard, presentPeople, presentRequests, type ScoredCard } from './companions.views.js';

/** Spam limits: pending invites and applications a member may have out at once, and the pause after a decline. */
export const MAX_PENDING_SENT = 10;
export const DECLINE_COOLDOWN_DAYS = 14;
export const MAX_OPEN_REQUESTS = 10;

// ---- Card ----

export async function getMyCard(ctx: AppContext, viewer: SignedInViewer): Promise<MyCompanionCard> {
  const card = await findMyCard(ctx, viewer);
  if (!card) throw new NotFoundError('companion card');
  return card;
}

/** My card, or null: a member without one has simply not made one yet. */
export async function findMyCard(ctx: AppContext, viewer: SignedInViewer): Promise<MyCompanionCard | null> {
  const card = await repo.findCard(ctx.db, viewer.id);
  if (!card) return null;
  const mine = presentMyCard(card, await repo.cardInterests(ctx.db, [viewer.id]));
  // An intro the keyword filter holds is read here by its author; others read the earlier one.
  const change = (await heldEditsBy(ctx.db, 'companion_card', [viewer.id], viewer.id)).get(viewer.id);
  return change?.intro !== undefined ? { ...mine, intro: change.intro, heldForReview: 'change' } : mine;
}

function checkAgeRange(prefs: { ageMin: number | null; ageMax: number | null }, field: string) {
  if (prefs.ageMin !== null && prefs.ageMax !== null && prefs.ageMin > prefs.ageMax) {
    throw new ValidationError('The youngest age is above the oldest.', { [field]: 'ageMin is above ageMax' });
  }
}

/** Creates or replaces my card; the area's point is snapped to the grid before it is stored. */
export async function saveMyCard(ctx: AppContext, viewer: SignedInViewer, input: CompanionCardBody): Promise<MyCompanionCard> {
  checkAgeRange(input.preferences, 'preferences');
  const held = await screenText(ctx.db, { intro: input.intro });
  const interests = dedupeInterests(input.interests);
  const cell = snapToGrid(input.area.lat, input.area.lng);
  // Moving the card is what trilateration needs, so moves are limited; other edits are not. A new card is a move too.
  const saved = await repo.findCard(ctx.db, viewer.id);
  const intro = input.intro.trim();
  if (!saved || saved.lat !== cell.lat || saved.lng !== cell.lng) await takeWriteLimit(ctx, 'companionLocation', viewer);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.saveCard(
      tx,
      viewer.id,
      {
        discoverable: input.discoverable,
        slots: slotsToBits(input.availability.slots),
        dates: [...new Set(input.availability.dates)].sort(),
        area_name: input.area.name.trim(),
        lat: cell.lat,
        lng: cell.lng,
        travel_km: input.travelKm,
        age_min: input.preferences.ageMin,
        age_max: input.preferences.ageMax,
        genders: input.preferences.genders,
        skills: input.preferences.skills,
        group_size_max: input.groupSizeMax,
        budget: input.budget,
        cost_sharing: input.costSharing,
        // A held intro waits for review; the card keeps the earlier one meanwhile.
        intro: held ? (saved?.intro ?? '') : intro,
      },
      interests,
    );
    if (held) await holdEdit(tx, { kind: 'companion_card', targetId: viewer.id, authorId: viewer.id, fields: { intro } }, held, { kind: 'user', id: viewer.id });
    else await dropHeldFields(tx, 'companion_card', viewer.id, ['intro']);
    if (input.photo !== undefined) {
      const photo = await placeSingleMedia(tx, viewer.id, 'companion_card', viewer.id, input.photo);
      await tx.updateTable('companion_cards').set({ photo_media_id: photo }).where('user_id', '=', viewer.id).execute();
    }
  });
  return getMyCard(ctx, viewer);
}

function dedupeInterests(interests: CompanionCardBody['interests']) {
  const byTag = new Map<string, SkillLevel>();
  for (const i of interests) byTag.set(normalizeTag(i.tag), i.skill);
  return [...byTag].map(([tag, skill]) => ({ tag, skill }));
}

/** A moderator decided on a held intro: it replaces the card's (or is dropped). */
export async function settleHeldCard(db: Db, userId: number, publish: boolean) {
  await db.transaction().execute(async (tx) => {
    const change = await takeHeldEdit(tx, 'companion_card', userId);
    if (publish && change?.fields.intro !== undefined) await tx.updateTable('companion_cards').set({ intro: change.fields.intro }).where('user_id', '=', userId).execute();
  });
}

/** Leaving removes the card and withdraws pending person-to-person invites either way; my requests stay until closed. */
export async function leaveCompanions(ctx: AppContext, viewer: SignedInViewer) {
  await ctx.db.transaction().execute(async (tx) => {
    await repo.deleteCard(tx, viewer.id);
    await releaseMedia(tx, 'companion_card', [viewer.id]);
    await repo.withdrawPendingInvites(tx, viewer.id);
  });
}

// ---- Matching inputs ----

/** Rows grouped by member, in one pass. */
function byUser<T extends { user_id: number }>(rows: readonly T[]): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.user_id);
    if (list) list.push(row);
    else grouped.set(row.user_id, [row]);
  }
  return grouped;
}

function skillMap(rows: readonly { tag: string; skill: SkillLevel | null }[] = []) {
  return new Map(rows.map((r) => [r.tag, r.skill]));
}

/** A card holder as matching sees them, from their card's facts. */
function personOf(card: { user_id: number; birth_year: number | null; gender: Person['gender']; interests: { tag: string; skill: SkillLevel }[] }): Person {
  return { userId: card.user_id, age: ageFrom(card.birth_year), gender: card.gender, skills: skillMap(card.interests) };
}

function cardSide(card: repo.CardFacts, person: Person): CardSide {
  return {
    ...person,
    slots: card.slots,
    dates: card.dates,
    cell: card,
    travelKm: card.travel_km,
    prefs: { ageMin: card.age_min, ageMax: card.age_max, genders: card.genders, skills: card.skills },
    groupSizeMax: card.group_size_max,
    budget: card.budget,
    costSharing: card.cost_sharing,
  };
}

function requestSide(row: RequestRow, author: Person): RequestSide {
  return {
    author,
    tag: row.tag,
    slots: row.slots,
    date: row.local_date,
    until: row.until_date,
    cell: row,
    radiusKm: row.radius_km,
    groupSize: row.spots + 1,
    prefs: { ageMin: row.age_min, ageMax: row.age_max, genders: row.genders, skills: row.skills },
    budget: row.budget,
    costSharing: row.cost_sharing,
  };
}

/** Members as matching sees them: age, gender, and skills from their card, else from their profile. */
/** Members as matching sees them, with their card's interests (or, without a card, their profile's); also the card interests by member. */
async function loadPeople(db: Db, userIds: number[]) {
  const [facts, cardRows] = await Promise.all([repo.personFacts(db, userIds), repo.cardInterests(db, userIds)]);
  const cardInterests = byUser(cardRows);
  const withoutCard = userIds.filter((id) => !cardInterests.has(id));
  const profileInterests = byUser(await repo.profileInterests(db, withoutCard));
  const people = new Map<number, Person & { home: CellCentre | null }>();
  for (const fact of facts) {
    people.set(fact.id, {
      userId: fact.id,
      age: ageFrom(fact.birth_year),
      gender: fact.gender,
      skills: skillMap(cardInterests.get(fact.id) ?? profileInterests.get(fact.id)),
      home: fact.lat !== null && fact.lng !== null ? snapToGrid(fact.lat, fact.lng) : null,
    });
  }
  return { people, cardInterests };
}

/** The searcher: their card if they have one; their place from the card, else the query's point, else their profile's home. */
async function loadSearcher(db: Db, viewer: SignedInViewer, point?: { lat?: number; lng?: number }): Promise<Searcher | null> {
  const [card, { people }] = await Promise.all([repo.findCard(db, viewer.id), loadPeople(db, [viewer.id])]);
  const person = people.get(viewer.id)!;
  const side = card ? cardSide(card, person) : null;
  const cell = side?.cell ?? (point?.lat !== undefined && point.lng !== undefined ? snapToGrid(point.lat, point.lng) : person.home);
  return cell ? { ...person, cell, card: side } : null;
}

function toFilters(q: CompanionSearchQuery): Filters {
  if (q.ageMin !== undefined && q.ageMax !== undefined && q.ageMin > q.ageMax) {
    throw new ValidationError('The youngest age is above the oldest.', { ageMin: 'is above ageMax' });
  }
  return {
    tag: q.tag !== undefined ? normalizeTag(q.tag) : undefined,
    maxKm: q.maxKm,
    slots: q.slots?.length ? slotsToBits(q.slots) : undefined,
    date: q.date,
    ageMin: q.ageMin,
    ageMax: q.ageMax,
    genders: q.gender,
    skills: q.skill,
    groupSize: q.groupSize,
  };
}

/**
 * Ranked results paged by keyset on (score desc, id asc): the cursor is the
 * last score and id, so a page never repeats or skips when scores tie.
 */
function pageByScore<T>(items: { id: number; score: number; item: T }[], cursor: string | undefined, limit: number) {
  const after = decodeCursor(cursor, 'nn');
  const sorted = items.sort((a, b) => b.score - a.score || a.id - b.id);
  const rest = after ? sorted.filter((s) => s.score < Number(after[0]) || (s.score === Number(after[0]) && s.id > Number(after[1]))) : sorted;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rest.length > limit && last ? encodeCursor([last.score, last.id]) : null };
}

// ---- People ----

/** Discoverable members whose card fits mine both ways and fits my filters, best match first. */
export async function searchPeople(ctx: AppContext, viewer: SignedInViewer, query: CompanionSearchQuery, db: Db = ctx.db): Promise<PageOf<CompanionPerson>> {
  const filters = toFilters(query);
  const mine = await repo.cardWithFacts(db, viewer.id);
  if (!mine) throw new ConflictError('Make your companion card first: matching needs your interests, time and area.', ErrorCode.companionCardRequired);
  const me = cardSide(mine, personOf(mine));
  const tags = filters.tag !== undefined ? [filters.tag] : [...me.skills.keys()];
  const reach = Math.min(me.travelKm, filters.maxKm ?? Infinity);
  const scored: { id: number; score: number; item: ScoredCard }[] = [];
  const screen = { age: me.age, gender: me.gender, costSharing: me.costSharing, prefs: me.prefs, year: new Date().getUTCFullYear() };
  for (const card of await repo.cardCandidates(db, viewer.id, me.cell, reach, tags, screen)) {
    const person = personOf(card);
    const match = matchPeople(me, cardSide(card, person), filters);
    if (!match) continue;
    scored.push({ id: card.user_id, score: match.score, item: { card, interests: card.interests, age: person.age, gender: person.gender, match } });
  }
  const limit = query.limit ?? 20;
  const { page, nextCursor } = pageByScore(scored, query.cursor, limit);
  return { items: await presentPeople(db, viewer, me.cell, page.map((p) => p.item)), nextCursor };
}

// ---- Requests ----

export async function createRequest(ctx: AppContext, viewer: SignedInViewer, input: CreateCompanionRequestBody): Promise<CompanionRequest> {
  const held = await screenText(ctx.db, { description: input.description });
  checkAgeRange(input.preferences, 'preferences');
  if (!IANAZone.isValidZone(input.timeZone)) throw new ValidationError('Unknown time zone.', { timeZone: 'is not a known IANA time zone' });
  const now = DateTime.now();
  const when = input.when;
  let timing: { local_date: string | null; local_from: string | null; local_to: string | null; until_date: string | null; slots: number; starts_at: Date | null; ends_at: Date | null; closes_at: Date };
  if (when.type === 'once') {
    const start = DateTime.fromISO(`${when.date}T${when.from}`, { zone: input.timeZone });
    const end = DateTime.fromISO(`${when.date}T${when.to}`, { zone: input.timeZone });
    if (!start.isValid || !end.isValid) throw new ValidationError('The date or time is not valid.', { when: 'is not a valid date and time' });
    if (end <= start) throw new ValidationError('The window must end after it starts.', { 'when.to': 'is not after from' });
    if (end <= now) throw new ValidationError('The window has already passed.', { 'when.date': 'is in the past' });
    if (start > now.plus({ years: 1 })) throw new ValidationError('Plan at most a year ahead.', { 'when.date': 'is more than a year ahead' });
    timing = { local_date: when.date, local_from: when.from, local_to: when.to, until_date: null, slots: windowBits(when.date, when.from, when.to), starts_at: start.toJSDate(), ends_at: end.toJSDate(), closes_at: end.toJSDate() };
  } else {
    const until = DateTime.fromISO(when.until, { zone: input.timeZone }).endOf('day');
    if (!until.isValid || until <= now) throw new ValidationError('The last date has already passed.', { 'when.until': 'is in the past' });
    if (until > now.plus({ years: 1 })) throw new ValidationError('Plan at most a year ahead.', { 'when.until': 'is more than a year ahead' });
    timing = { local_date: null, local_from: null, local_to: null, until_date: when.until, slots: slotsToBits(when.slots), starts_at: null, ends_at: null, closes_at: until.toJSDate() };
  }
  const activityId = input.activityId ?? null;
  if (activityId !== null) await requireAccess(ctx.db, viewer, 'activity.read', activityId);
  const open = await repo.requestsBy(ctx.db, viewer.id, null, 200);
  if (open.filter((r) => requestIsOpen(r)).length >= MAX_OPEN_REQUESTS) {
    throw new ConflictError(`You already have ${MAX_OPEN_REQUESTS} open requests; close one first.`, ErrorCode.inviteLimit);
  }
  const cell = snapToGrid(input.area.lat, input.area.lng);
  const row = await repo.insertRequest(ctx.db, {
    // Held text: withdrawn (closed) for everyone but its author until a moderator lets it through.
    ...(held ? { held_at: new Date(), closed_at: new Date() } : {}),
    author_id: viewer.id,
    tag: normalizeTag(input.tag),
    activity_id: activityId,
    when_type: when.type,
    ...timing,
    time_zone: input.timeZone,
    area_name: input.area.name.trim(),
    lat: cell.lat,
    lng: cell.lng,
    radius_km: input.radiusKm,
    spots: input.spots,
    age_min: input.preferences.ageMin,
    age_max: input.preferences.ageMax,
    genders: input.preferences.genders,
    skills: input.preferences.skills,
    budget: input.budget,
    cost_sharing: input.costSharing,
    description: input.description.trim(),
  });
  if (held) await fileHeld(ctx.db, { kind: 'companion_request', id: row.id }, viewer.id, held);
  return (await presentRequests(ctx.db, viewer, [row], null, new Map()))[0]!;
}

/** A moderator decided on a held request: open to everyone now (or withdrawn for good). */
export async function settleHeldRequest(db: Db, id: number, publish: boolean) {
  await db
    .updateTable('companion_requests')
    .set(publish ? { held_at: null, closed_at: null } : { held_at: null })
    .where('id', '=', id)
    .where('held_at', 'is not', null)
    .execute();
}

function requestIsOpen(row: RequestRow) {
  return !row.closed_at && row.accepted < row.spots && row.closes_at > new Date();
}

/** A request by id: any member not hidden from its author may see it, with how well it fits them. */
export async function getRequest(ctx: AppContext, viewer: SignedInViewer, id: number): Promise<CompanionRequest> {
  await requireAccess(ctx.db, viewer, 'companionRequest.read', id);
  const [row] = await repo.findRequests(ctx.db, [id]);
  if (!row) throw new NotFoundError('companion request');
  const searcher = await loadSearcher(ctx.db, viewer);
  const matches = new Map<number, Match>();
  if (searcher && row.author_id !== viewer.id) {
    const author = (await loadPeople(ctx.db, [row.author_id])).people.get(row.author_id);
    const match = author ? matchRequest(searcher, requestSide(row, author), {}) : null;
    if (match) matches.set(row.id, match);
  }
  const [request] = await presentRequests(ctx.db, viewer, [row], searcher?.cell ?? null, matches);
  if (!request) throw new NotFoundError('companion request');
  return request;
}

/** Open requests by others near me that fit me, my card and my filters, best match first. */
export async function searchRequests(ctx: AppContext, viewer: SignedInViewer, query: CompanionRequestSearchQuery): Promise<PageOf<CompanionRequest>> {
  const filters = toFilters(query);
  if ((query.lat === undefined) !== (query.lng === undefined)) throw new ValidationError('Give both lat and lng, or neither.', { location: 'needs both lat and lng' });
  const searcher = await loadSearcher(ctx.db, viewer, query);
  if (!searcher) throw new ValidationError('Where are you? Set your area on your card or profile, or pass lat and lng.', { location: 'is unknown' });
  const reach = Math.min(searcher.card?.travelKm ?? 100, filters.maxKm ?? 100);
  const rows = await repo.requestCandidates(ctx.db, viewer.id, searcher.cell, reach, filters.tag);
  const { people: authors } = await loadPeople(ctx.db, rows.map((r) => r.author_id));
  const scored: { id: number; score: number; item: RequestRow }[] = [];
  const matches = new Map<number, Match>();
  for (const row of rows) {
    const author = authors.get(row.author_id);
    const match = author ? matchRequest(searcher, requestSide(row, author), filters) : null;
    if (!match) continue;
    matches.set(row.id, match);
    scored.push({ id: row.id, score: match.score, item: row });
  }
  const { page, nextCursor } = pageByScore(scored, query.cursor, query.limit ?? 20);
  return { items: await presentRequests(ctx.db, viewer, page.map((p) => p.item), searcher.cell, matches), nextCursor };
}

export async function myRequests(ctx: AppContext, viewer: SignedInViewer, query: { cursor?: string; limit?: number }): Promise<PageOf<CompanionRequest>> {
  const limit = query.limit ?? 20;
  const rows = await repo.requestsBy(ctx.db, viewer.id, decodeCursor(query.cursor, 'n'), limit);
  const page = toPage(rows, limit, (r) => [r.id]);
  return { items: await presentRequests(ctx.db, viewer, page.rows, null, new Map()), nextCursor: page.nextCursor };
}

export async function closeRequest(ctx: AppContext, viewer: SignedInViewer, id: number): Promise<CompanionRequest> {
  await requireAccess(ctx.db, viewer, 'companionRequest.manage', id);
  await repo.closeRequest(ctx.db, id);
  return getRequest(ctx, viewer, id);
}

// ---- Invites and applications ----

async function checkSpamLimits(db: Db, fromId: number, toId: number) {
  if ((await repo.pendingSentCount(db, fromId)) >= MAX_PENDING_SENT) {
    throw new ConflictError(`You have ${MAX_PENDING_SENT} invites waiting for an answer; wait for replies or withdraw some.`, ErrorCode.inviteLimit);
  }
  const since = new Date(Date.now() - DECLINE_COOLDOWN_DAYS * 86_400_000);
  if (await repo.declinedSince(db, fromId, toId, since)) {
    throw new ConflictError(`They declined recently; you can ask again ${DECLINE_COOLDOWN_DAYS} days after.`, ErrorCode.inviteCooldown);
  }
}

async function insertPendingInvite(db: Db, values: Parameters<typeof repo.insertInvite>[1]) {
  try {
    return await repo.insertInvite(db, values);
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new ConflictError('There is already a pending invite.');
    throw error;
  }
}

/** Invite a discoverable member (optionally to one of my open requests). */
export async function invitePerson(ctx: AppContext, viewer: SignedInViewer, input: InviteBody): Promise<CompanionInvite> {
  await refuseFlagged(ctx.db, { message: input.message });
  const target = await accountsRepo.findUserByUsername(ctx.db, input.username);
  if (!target || target.id === viewer.id) throw new NotFoundError('companion');
  // Their privacy setting may take invites from friends only, or from nobody.
  await requireAccess(ctx.db, viewer, 'member.invite', target.id);
  const card = await repo.findCard(ctx.db, target.id);
  if (!card?.discoverable) throw new NotFoundError('companion');
  const requestId = input.requestId ?? null;
  if (requestId !== null) {
    const [request] = await repo.findRequests(ctx.db, [requestId]);
    if (!request || request.author_id !== viewer.id) throw new NotFoundError('companion request');
    if (!requestIsOpen(request)) throw new ConflictError('That request is no longer open.', ErrorCode.requestClosed);
  }
  await checkSpamLimits(ctx.db, viewer.id, target.id);
  const invite = await insertPendingInvite(ctx.db, { kind: 'invite', from_id: viewer.id, to_id: target.id, request_id: requestId, message: input.message.trim() });
  await notify(ctx.db, [target.id], { kind: 'companion.invite', actorId: viewer.id, subject: { kind: 'invite', id: invite.id }, data: { requestId, excerpt: input.message.trim().slice(0, 80) } });
  return (await presentInvites(ctx.db, viewer, [invite]))[0]!;
}

/** Apply to an open request whose preferences I meet. */
export async function applyToRequest(ctx: AppContext, viewer: SignedInViewer, requestId: number, input: ApplyBody): Promise<CompanionInvite> {
  await refuseFlagged(ctx.db, { message: input.message });
  const [request] = await repo.findRequests(ctx.db, [requestId]);
  if (request?.author_id === viewer.id) throw new ValidationError('You cannot apply to your own request.', { id: 'is your own request' });
  await requireAccess(ctx.db, viewer, 'companionRequest.apply', requestId);
  if (!request) throw new NotFoundError('companion request');
  if (!requestIsOpen(request)) throw new ConflictError('That request is no longer open.', ErrorCode.requestClosed);
  // The author's side of the match: their preferences and radius (my own card's wishes are mine to waive).
  const me = await loadSearcher(ctx.db, viewer);
  const person = me ?? (await loadPeople(ctx.db, [viewer.id])).people.get(viewer.id)!;
  const prefs = { ageMin: request.age_min, ageMax: request.age_max, genders: request.genders, skills: request.skills };
  if (!accepts(prefs, person, [request.tag])) throw new ForbiddenError('The request asks for companions of another age, gender or skill level.');
  if (me && cellDistanceKm(me.cell, request) > request.radius_km) throw new ForbiddenError('You are outside the area the request is for.');
  await checkSpamLimits(ctx.db, viewer.id, request.author_id);
  const invite = await insertPendingInvite(ctx.db, { kind: 'application', from_id: viewer.id, to_id: request.author_id, request_id: requestId, message: input.message.trim() });
  await notify(ctx.db, [request.author_id], {
    kind: 'companion.application',
    actorId: viewer.id,
    subject: { kind: 'invite', id: invite.id },
    data: { requestId, excerpt: input.message.trim().slice(0, 80) },
  });
  return (await presentInvites(ctx.db, viewer, [invite]))[0]!;
}

async function loadOwnInvite(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await requireAccess(ctx.db, viewer, 'invite.read', id);
  return (await repo.findInvite(ctx.db, id))!;
}

/**
 * The invited member (or the request's author) answers. Accepting counts a
 * place on the request under its row lock, so a request never takes more
 * companions than it asked for, and opens the two members' conversation.
 */
export async function answerInvite(ctx: AppContext, viewer: SignedInViewer, id: number, answer: 'accept' | 'decline'): Promise<CompanionInvite> {
  const invite = await loadOwnInvite(ctx, viewer, id);
  if (invite.to_id !== viewer.id) throw new ForbiddenError('Only the member it was sent to answers it.');
  const { updated, conversationId, opening } = await ctx.db.transaction().execute(async (tx) => {
    const key = { toId: invite.to_id, id };
    const current = await repo.lockInvite(tx, key);
    if (current?.status !== 'pending') throw new ConflictError('This invite has already been answered or withdrawn.');
    if (answer === 'decline') return { updated: await repo.setInviteStatus(tx, key, 'declined'), conversationId: null, opening: null };
    let activityId: number | null = null;
    if (current.request_id !== null) {
      // An invite names its request by the request's key (its author is the generated request_author_id).
      const requestKey = { authorId: current.request_author_id!, id: current.request_id };
      const request = await repo.lockRequest(tx, requestKey);
      if (!request || !requestIsOpen(request)) throw new ConflictError('The request is full, closed or past.', ErrorCode.requestClosed);
      await repo.countAcceptance(tx, requestKey);
      activityId = request.activity_id;
    }
    const opened = await openConversation(tx, current.from_id, current.to_id, activityId);
    // What the sender wrote starts the conversation, so neither has to look for it elsewhere.
    const opening = await postOpeningMessage(tx, opened, current.from_id, current.message, id);
    return { updated: await repo.setInviteStatus(tx, key, 'accepted'), conversationId: opened, opening };
  });
  if (opening) await announceOpeningMessage(ctx, opening);
  // A yes leads straight into the chat it opened; a no to the invites the sender has out.
  await notify(ctx.db, [invite.from_id], {
    kind: answer === 'accept' ? 'companion.accepted' : 'companion.declined',
    actorId: viewer.id,
    subject: { kind: 'invite', id },
    data: { requestId: invite.request_id, ...(conversationId === null ? {} : { conversationId }) },
  });
  return (await presentInvites(ctx.db, viewer, [updated]))[0]!;
}

export async function withdrawInvite(ctx: AppContext, viewer: SignedInViewer, id: number): Promise<CompanionInvite> {
  const invite = await loadOwnInvite(ctx, viewer, id);
  if (invite.from_id !== viewer.id) throw new ForbiddenError('Only its sender withdraws an invite.');
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const key = { toId: invite.to_id, id };
    const current = await repo.lockInvite(tx, key);
    if (current?.status !== 'pending') throw new ConflictError('This invite has already been answered or withdrawn.');
    return repo.setInviteStatus(tx, key, 'withdrawn');
  });
  return (await presentInvites(ctx.db, viewer, [updated]))[0]!;
}

export async function inviteBox(ctx: AppContext, viewer: SignedInViewer, query: InviteBoxQuery): Promise<PageOf<CompanionInvite>> {
  const limit = query.limit ?? 20;
  const rows = await repo.inviteBox(ctx.db, viewer.id, query.box, { status: query.status, requestId: query.requestId }, decodeCursor(query.cursor, 'n'), limit);
  const page = toPage(rows, limit, (r) => [r.id]);
  return { items: await presentInvites(ctx.db, viewer, page.rows), nextCursor: page.nextCursor };
}

/** Blocking ends what is pending between the two. */
export async function onMemberBlocked(db: Db, blockerId: number, blockedId: number) {
  await repo.withdrawPendingBetween(db, blockerId, blockedId);
}
