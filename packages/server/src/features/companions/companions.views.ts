import { presentOptionalMedia } from '../media/media.views.js';
import type { CompanionInvite, CompanionPerson, CompanionRequest, Match, MyCompanionCard, RequestWhen } from '@kindred/contract';
import { allows, checkAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { cellDistanceKm, distanceBucket, type CellCentre } from '../../lib/coarse-location.js';
import { loadUserSummaries, presentUserSummary } from '../accounts/accounts.views.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import * as chatRepo from '../chat/chat.repository.js';
import { presentAvailability } from './availability.js';
import * as repo from './companions.repository.js';
import type { CardFacts, CardRow, InviteRow, RequestRow } from './companions.repository.js';

export function ageFrom(birthYear: number | null, now = new Date()): number | null {
  return birthYear === null ? null : now.getUTCFullYear() - birthYear;
}

function preferences(row: CardFacts | RequestRow) {
  return { ageMin: row.age_min, ageMax: row.age_max, genders: row.genders, skills: row.skills };
}

export function presentMyCard(card: CardRow, interests: { tag: string; skill: 'beginner' | 'intermediate' | 'advanced' }[]): MyCompanionCard {
  return {
    discoverable: card.discoverable,
    interests: interests.map((i) => ({ tag: i.tag, skill: i.skill })),
    availability: presentAvailability(card.slots, card.dates),
    area: { name: card.area_name, lat: card.lat, lng: card.lng },
    travelKm: card.travel_km,
    preferences: preferences(card),
    groupSizeMax: card.group_size_max,
    budget: card.budget,
    costSharing: card.cost_sharing,
    intro: card.intro,
    photo: presentOptionalMedia(card.photo),
    updatedAt: card.updated_at.toISOString(),
  };
}

export interface ScoredCard {
  card: CardFacts;
  interests: { tag: string; skill: 'beginner' | 'intermediate' | 'advanced' }[];
  age: number | null;
  gender: CompanionPerson['gender'];
  match: Match;
}

/** Other members' cards for a searcher: never a coordinate, only the area's name and a distance bucket between grid cells. */
export async function presentPeople(db: Db, viewer: SignedInViewer, from: CellCentre, scored: ScoredCard[]): Promise<CompanionPerson[]> {
  const facts = new Map((await repo.peopleFacts(db, viewer.id, scored.map((s) => s.card.user_id))).map((f) => [f.id, f]));
  return scored.flatMap(({ card, interests, age, gender, match }) => {
    const person = facts.get(card.user_id);
    if (!person || !allows(viewer, 'member.interact', { hidden: person.hidden })) return [];
    return [
      {
        user: presentUserSummary(person),
        age,
        gender,
        interests: interests.map((i) => ({ tag: i.tag, skill: i.skill })),
        availability: presentAvailability(card.slots, card.dates),
        area: card.area_name,
        distance: distanceBucket(cellDistanceKm(from, card)),
        travelKm: card.travel_km,
        preferences: preferences(card),
        groupSizeMax: card.group_size_max,
        budget: card.budget,
        costSharing: card.cost_sharing,
        intro: person.intro ?? '',
        photo: presentOptionalMedia(person.photo),
        match,
        invite:
          person.invite_id !== null
            ? { id: person.invite_id, status: person.invite_status!, direction: person.invite_from_id === viewer.id ? ('sent' as const) : ('received' as const) }
            : null,
      },
    ];
  });
}

export function requestStatus(row: RequestRow, now = new Date()): CompanionRequest['status'] {
  if (row.closed_at) return 'closed';
  if (row.accepted >= row.spots) return 'full';
  if (row.closes_at <= now) return 'expired';
  return 'open';
}

function requestWhen(row: RequestRow): RequestWhen {
  if (row.when_type === 'once') return { type: 'once', date: row.local_date!, from: row.local_from!, to: row.local_to! };
  return { type: 'recurring', slots: presentAvailability(row.slots, []).slots, until: row.until_date! };
}

/**
 * Requests for a viewer, in the given order, minus those they may not see
 * (an author hidden by a block). `from` is the viewer's cell (null when unknown), `matches`
 * the fit of each request to the viewer.
 */
export async function presentRequests(
  db: Db,
  viewer: SignedInViewer,
  rows: RequestRow[],
  from: CellCentre | null,
  matches: Map<number, Match>,
): Promise<CompanionRequest[]> {
  const authorIds = rows.map((r) => r.author_id);
  const activityIds = rows.flatMap((r) => (r.activity_id ? [r.activity_id] : []));
  const [users, visible, facts, activities, visibleActivities, applications] = await Promise.all([
    loadUserSummaries(db, authorIds),
    checkAccess(db, viewer, 'companionRequest.read', rows.map((r) => r.id)),
    repo.personFacts(db, authorIds),
    activitiesRepo.findActivities(db, activityIds),
    checkAccess(db, viewer, 'activity.read', activityIds),
    repo.applicationsTo(db, viewer.id, rows.map((r) => r.id)),
  ]);
  return rows.flatMap((row) => {
    const author = users.get(row.author_id);
    if (!author || !visible.has(row.id)) return [];
    const mine = row.author_id === viewer.id;
    const fact = facts.find((f) => f.id === row.author_id);
    // A linked activity shows only to those who may see it (a private group's stays with its members).
    const activity = activities.find((a) => a.id === row.activity_id && visibleActivities.has(a.id));
    const application = applications.find((a) => a.request_id === row.id);
    return [
      {
        id: row.id,
        author,
        age: ageFrom(fact?.birth_year ?? null),
        gender: fact?.gender ?? null,
        tag: row.tag,
        activity: activity ? { id: activity.id, title: activity.title, startsAt: activity.starts_at.toISOString() } : null,
        when: requestWhen(row),
        timeZone: row.time_zone,
        startsAt: row.starts_at?.toISOString() ?? null,
        endsAt: row.ends_at?.toISOString() ?? null,
        area: row.area_name,
        distance: mine || !from ? null : distanceBucket(cellDistanceKm(from, row)),
        radiusKm: row.radius_km,
        spots: row.spots,
        accepted: row.accepted,
        preferences: preferences(row),
        budget: row.budget,
        costSharing: row.cost_sharing,
        description: row.description,
        status: requestStatus(row),
        closesAt: row.closes_at.toISOString(),
        createdAt: row.created_at.toISOString(),
        mine,
        myApplication: application ? { id: application.id, status: application.status } : null,
        match: mine ? null : (matches.get(row.id) ?? null),
        ...(mine && row.held_at ? { heldForReview: 'new' as const } : {}),
      },
    ];
  });
}

/** Invites and applications for one of their two members; the conversation once accepted. */
export async function presentInvites(db: Db, viewer: SignedInViewer, rows: InviteRow[]): Promise<CompanionInvite[]> {
  const people = rows.flatMap((r) => [r.from_id, r.to_id]);
  const [users, visible, requests] = await Promise.all([
    loadUserSummaries(db, people),
    checkAccess(db, viewer, 'invite.read', rows.map((r) => r.id)),
    repo.findRequests(db, rows.flatMap((r) => (r.request_id ? [r.request_id] : []))),
  ]);
  const conversations = await Promise.all(
    rows.map((r) => (r.status === 'accepted' ? chatRepo.findConversationBetween(db, Math.min(r.from_id, r.to_id), Math.max(r.from_id, r.to_id)) : undefined)),
  );
  return rows.flatMap((row, i) => {
    const from = users.get(row.from_id);
    const to = users.get(row.to_id);
    if (!from || !to || !visible.has(row.id)) return [];
    const request = requests.find((r) => r.id === row.request_id);
    return [
      {
        id: row.id,
        kind: row.kind,
        from,
        to,
        request: request ? { id: request.id, tag: request.tag, description: request.description } : null,
        message: row.message,
        status: row.status,
        createdAt: row.created_at.toISOString(),
        decidedAt: row.decided_at?.toISOString() ?? null,
        conversationId: conversations[i]?.id ?? null,
      },
    ];
  });
}
