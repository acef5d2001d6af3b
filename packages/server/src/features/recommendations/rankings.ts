/**
 * Training the group model (and learning the activities' blend weights with
 * it), and computing and storing members' rankings
 * (rec_rankings): what a request reads instead of ranking. A ranking is computed
 *   - after each training, for members with a live session (the ranking pass
 *     of trainGroupModel, the `recs.train` job, bounded per run);
 *   - by the `recs.rank` job a member's own change schedules (join, leave,
 *     register, "not interested", new interests or place);
 *   - once, on a member's first request, when they have none yet.
 * Each is stored as of its inputs (repo.inputsHorizon, taken before they are
 * read: what was created later is new to it, and requests score it in), and a
 * ranking from older inputs never replaces a newer one, so whichever server
 * computes it, the member's latest change wins.
 */
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { greatCircleKm } from '../../lib/geo.js';
import { interestsOf } from '../accounts/accounts.repository.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import {
  addItemToModel,
  groupModelOptions,
  learnedFor,
  memberProfile,
  recommend,
  trainItemModel,
  trainItemModelInSlices,
  type Interaction,
  type ItemModel,
  type LearnedWeights,
  type LearningContext,
  type Neighbour,
  type RecItem,
  type Recommendation,
  type RecUser,
} from './engine.js';
import * as repo from './recommendations.repository.js';
import type { MemberRanking, RankedItem } from './recommendations.repository.js';
import { roundScore } from './recommendations.views.js';

const SKILL = { beginner: 1, intermediate: 2, advanced: 3 } as const;
/** Groups and activities kept per ranking: a page (at most 30) and room for what a request drops. */
const RANKED_ITEMS = 40;
/** Recommended groups whose posts and activities feed the member's discover feed and activity candidates. */
const SOURCE_GROUPS = 8;
/** The member's own most recent groups that feed their discover feed. */
const OWN_SOURCE_GROUPS = 12;
/** Radius of the "nearby" activity candidates, km. */
export const NEARBY_KM = 50;
/** Members ranked together: one set of reads and one write per batch. */
const BATCH_SIZE = 200;
/** Members of a batch whose activity candidates are read at once. */
const PARALLEL_MEMBERS = 4;
/**
 * The most members the pass after a training ranks: it bounds the job. The
 * least recently ranked go first, so members a pass does not reach are the
 * first the next one does (see docs/recommendations.md for the timing).
 */
const MAX_RANKED_PER_TRAINING = 10_000;
/** Groups created since the model's training added to it per use. */
const NEW_GROUPS_PER_READ = 1000;

// ---- The group model

/**
 * The `recs.train` job's work: trains the group model and stores it, then
 * ranks members with a live session with it (rankActiveMembers).
 */
export async function trainGroupModel(ctx: AppContext) {
  const { model, trainedAt, privateIds, readAt } = await trainAndStoreModel(ctx);
  const { neighbours, ...rest } = model;
  await rankActiveMembers(ctx, { model: rest, privateIds, neighbours, readAt }, trainedAt);
}

/**
 * Trains the group model from every membership (the heavy part) and stores
 * it: neighbour lists in rec_neighbors, the rest in rec_models. This server
 * keeps it as its current model.
 */
async function trainAndStoreModel(ctx: AppContext) {
  const started = Date.now();
  const readAt = await repo.inputsHorizon(ctx.db);
  const data = await repo.loadGroupTrainingData(ctx.db);
  const interests = new Map<number, string[]>();
  for (const row of data.interests) (interests.get(row.user_id) ?? interests.set(row.user_id, []).get(row.user_id)!).push(row.tag);
  const users = data.users.map((u) => ({ id: String(u.id), interests: interests.get(u.id) ?? [], lat: u.lat ?? undefined, lng: u.lng ?? undefined }));
  // In slices: this server keeps answering requests while it trains.
  const model = await trainItemModelInSlices(
    data.groups.map((g) => ({ id: String(g.id), tags: g.tags, lat: g.lat ?? undefined, lng: g.lng ?? undefined, createdAt: g.created_at.getTime() })),
    data.engagement.map((e) => ({ user: String(e.user_id), item: String(e.group_id), at: e.at, weight: e.weight })),
    users,
    { ...groupModelOptions, now: Date.now(), popularityHalfLifeDays: 180 },
  );
  // The activities' weights travel with the group model: activities are ranked from a pool model of their own (rankActivities).
  const activities = await learnActivityWeights(ctx.db, users, data.membershipRows);
  if (activities) model.alsoLearned = [activities];
  const trainedAt = await repo.saveGroupModel(ctx.db, model, readAt, {
    groups: data.groups.length,
    memberships: data.memberships,
    interactions: data.engagement.length,
    ms: Date.now() - started,
  });
  const privateIds = new Set(data.groups.filter((g) => g.visibility === 'private').map((g) => String(g.id)));
  const { neighbours: _, ...rest } = model;
  models.set(ctx.db, { trainedAt: trainedAt.getTime(), checkedAt: Date.now(), model: rest, privateIds, groupsReadAt: readAt.getTime() });
  return { model, trainedAt, privateIds, readAt };
}

interface CachedModel {
  trainedAt: number;
  checkedAt: number;
  model: Omit<ItemModel, 'neighbours'>;
  /** Private groups: in the model for their co-membership signal, never recommended. */
  privateIds: Set<string>;
  /** The model knows every group created by then (an inputsHorizon); later ones are added on the next use. */
  groupsReadAt: number;
}
// One cache per database (tests run several servers in one process).
const models = new WeakMap<Db, CachedModel>();
const training = new WeakMap<Db, Promise<void>>();

/**
 * The stored model, cached in memory and reloaded when a newer one is trained.
 * Groups created since training are added on use, so a brand-new group with
 * no members can be recommended at once by its tags.
 */
async function currentModel(ctx: AppContext): Promise<CachedModel> {
  const cached = models.get(ctx.db);
  if (cached && Date.now() - cached.checkedAt < 10_000) {
    await addNewGroups(ctx.db, cached);
    return cached;
  }
  const trainedAt = await repo.modelTrainedAt(ctx.db);
  if (!trainedAt) {
    // First use on a fresh database: train once, inline, single-flight (the job's pass ranks the others later).
    if (!training.has(ctx.db)) training.set(ctx.db, trainAndStoreModel(ctx).then(() => undefined).finally(() => training.delete(ctx.db)));
    await training.get(ctx.db);
    return currentModel(ctx);
  }
  if (cached && cached.trainedAt === trainedAt.getTime()) {
    cached.checkedAt = Date.now();
    await addNewGroups(ctx.db, cached);
    return cached;
  }
  const stored = (await repo.loadGroupModel(ctx.db))!;
  const privateRows = await ctx.db.selectFrom('groups').select('id').where('visibility', '=', 'private').execute();
  const fresh: CachedModel = {
    trainedAt: stored.trainedAt.getTime(),
    checkedAt: Date.now(),
    model: stored.model,
    privateIds: new Set(privateRows.map((r) => String(r.id))),
    groupsReadAt: stored.readAt.getTime(),
  };
  await addNewGroups(ctx.db, fresh);
  models.set(ctx.db, fresh);
  return fresh;
}

async function addNewGroups(db: Db, cached: CachedModel) {
  const readAt = await repo.inputsHorizon(db);
  // Served by groups_new_idx; usually finds nothing.
  const rows = await db
    .selectFrom('groups')
    .select(['id', 'tags', 'lat', 'lng', 'created_at', 'visibility'])
    .where('created_at', '>', new Date(cached.groupsReadAt))
    .orderBy('created_at')
    .limit(NEW_GROUPS_PER_READ)
    .execute();
  for (const g of rows) {
    if (g.visibility === 'private') cached.privateIds.add(String(g.id));
    if (cached.model.items[String(g.id)]) continue;
    addItemToModel(cached.model as ItemModel, { id: String(g.id), tags: g.tags, lat: g.lat ?? undefined, lng: g.lng ?? undefined, createdAt: g.created_at.getTime() });
  }
  // A full read continues from its last group on the next use (the same millisecond read again: known groups are skipped).
  cached.groupsReadAt = rows.length === NEW_GROUPS_PER_READ ? rows.at(-1)!.created_at.getTime() - 1 : readAt.getTime();
}

// ---- The activities' blend weights

/**
 * Learns the activities' blend weights from registrations (see learnSteps in
 * the engine), each validation member ranked as rankActivities ranks them just
 * before the registration held out (activityLearningContext). Undefined, and
 * the preset kept, when too few members have enough registrations.
 */
async function learnActivityWeights(db: Db, users: RecUser[], memberships: { user_id: number; group_id: number; at: number }[]): Promise<LearnedWeights | undefined> {
  const data = await repo.loadActivityTrainingData(db);
  const items: RecItem[] = data.activities.map((a) => ({ id: String(a.id), tags: a.tags, lat: a.lat, lng: a.lng, startsAt: a.starts_at, groupId: a.group_id ? String(a.group_id) : undefined }));
  const registrations: Interaction[] = data.registrations.map((r) => ({ user: String(r.user_id), item: String(r.activity_id), at: r.at }));
  const organizers = new Map(data.activities.map((a) => [String(a.id), String(a.organizer_id)]));
  const context = activityLearningContext(items, organizers, memberships.map((m) => ({ user: String(m.user_id), item: String(m.group_id), at: m.at })));
  // The pool model rankActivities ranks with has no interactions: no co-registration, popularity or local signal to weigh.
  const model = await trainItemModelInSlices(items, registrations, users, { learn: { kind: 'activities', context, fixed: { cf: 0, popularity: 0, local: 0 } } });
  return model.learned;
}

/** Degrees of the cells the nearby activities are found in while learning (3 × 3 of them hold a NEARBY_KM circle up to about 60° of latitude). */
const LEARNING_CELL_DEG = 1;

/**
 * What rankActivities gives the engine for a member, as of a registration held
 * out at `now`: no history (only their registrations excluded, and activities
 * they organize), their groups as of then, the 80 most registered-for upcoming
 * activities within NEARBY_KM and the 80 soonest in their groups as candidates,
 * and, per candidate, how many members sharing a group with them had registered.
 * (The product also draws on their recommended groups' activities, which
 * depend on the group model: learning leaves those out.)
 */
export function activityLearningContext(items: readonly RecItem[], organizers: ReadonlyMap<string, string>, memberships: readonly Interaction[]): LearningContext {
  const cellOf = (lat: number, lng: number) => `${Math.floor(lat / LEARNING_CELL_DEG)}:${Math.floor(lng / LEARNING_CELL_DEG)}`;
  const cells = new Map<string, RecItem[]>();
  const byGroup = new Map<string, RecItem[]>();
  for (const it of items) {
    if (it.lat !== undefined && it.lng !== undefined) (cells.get(cellOf(it.lat, it.lng)) ?? cells.set(cellOf(it.lat, it.lng), []).get(cellOf(it.lat, it.lng))!).push(it);
    if (it.groupId !== undefined) (byGroup.get(it.groupId) ?? byGroup.set(it.groupId, []).get(it.groupId)!).push(it);
  }
  for (const list of byGroup.values()) list.sort((a, b) => a.startsAt! - b.startsAt!);
  const groupsOf = new Map<string, Interaction[]>();
  for (const m of memberships) (groupsOf.get(m.user) ?? groupsOf.set(m.user, []).get(m.user)!).push(m);
  const groupsAt = (user: string, now: number) => (groupsOf.get(user) ?? []).filter((m) => m.at <= now).map((m) => m.item);
  return (train) => {
    const registered = new Map<string, Interaction[]>();
    for (const x of train) (registered.get(x.item) ?? registered.set(x.item, []).get(x.item)!).push(x);
    const count = (id: string) => registered.get(id)?.length ?? 0;
    return (user, history, held) => {
      const now = held.at;
      const upcoming = (it: RecItem) => it.startsAt !== undefined && it.startsAt > now;
      const memberOf = groupsAt(user.id, now);
      const nearby: RecItem[] = [];
      if (user.lat !== undefined && user.lng !== undefined) {
        const [y, x] = [Math.floor(user.lat / LEARNING_CELL_DEG), Math.floor(user.lng / LEARNING_CELL_DEG)];
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++)
            for (const it of cells.get(`${y + dy}:${x + dx}`) ?? []) if (upcoming(it) && greatCircleKm(user.lat, user.lng, it.lat!, it.lng!) <= NEARBY_KM) nearby.push(it);
        nearby.sort((a, b) => count(b.id) - count(a.id) || (a.id < b.id ? -1 : 1)).splice(80);
      }
      const inGroups = memberOf.flatMap((g) => (byGroup.get(g) ?? []).filter(upcoming).slice(0, 80));
      inGroups.sort((a, b) => a.startsAt! - b.startsAt!).splice(80);
      const candidates = [...new Set([...nearby, ...inGroups].map((it) => it.id))];
      const mine = new Set(memberOf);
      const social = new Map<string, number>();
      for (const id of candidates) {
        const going = new Set<string>();
        for (const r of registered.get(id) ?? [])
          if (r.user !== user.id && r.at <= now && !going.has(r.user) && groupsAt(r.user, now).some((g) => mine.has(g))) going.add(r.user);
        if (going.size > 0) social.set(id, going.size);
      }
      const exclude = new Set([...history.map((x) => x.item), ...candidates.filter((id) => organizers.get(id) === user.id)]);
      return { history: [], options: { memberOf, candidates, social, exclude } };
    };
  };
}

// ---- Ranking members

interface RankingModel {
  model: Omit<ItemModel, 'neighbours'>;
  privateIds: ReadonlySet<string>;
  /** Every item's neighbours when the caller has them (right after training); otherwise read for each batch. */
  neighbours?: Record<string, Neighbour[]>;
  /**
   * The inputsHorizon taken before the model's groups were read. Rankings are stored as of it: groups
   * created since are "new" to them, and a request scores them in (otherwise a group created while the
   * model was read and the member ranked would be in neither).
   */
  readAt: Date;
}

interface MemberInputs {
  id: number;
  user: RecUser;
  /** Group ids, oldest membership first. */
  history: number[];
  notInterested: Record<'group' | 'post' | 'activity', Set<string>>;
}

/**
 * Ranks these members with the current model (training a first one on a
 * database that has none) and stores their rankings. Members that don't exist
 * are skipped.
 */
export async function rankMembers(ctx: AppContext, userIds: number[]) {
  const readAt = await repo.inputsHorizon(ctx.db);
  const { model, privateIds } = await currentModel(ctx);
  for (let i = 0; i < userIds.length; i += BATCH_SIZE) await rankBatch(ctx, { model, privateIds, readAt }, userIds.slice(i, i + BATCH_SIZE));
}

/**
 * The pass after a training: ranks members with a live session whose ranking
 * predates the model trained at `trainedAt`, at most MAX_RANKED_PER_TRAINING,
 * with that model (its neighbour lists still in memory).
 */
async function rankActiveMembers(ctx: AppContext, source: RankingModel, trainedAt: Date) {
  const members = await repo.membersToRank(ctx.db, trainedAt, MAX_RANKED_PER_TRAINING);
  for (let i = 0; i < members.length; i += BATCH_SIZE) await rankBatch(ctx, source, members.slice(i, i + BATCH_SIZE));
}

async function rankBatch(ctx: AppContext, source: RankingModel, userIds: number[]) {
  // Before any input was read (the model's groups included), so a change committed after an input was read is later than the ranking.
  const computedAt = source.readAt;
  const [places, interests, histories, feedback] = await Promise.all([
    repo.placesOf(ctx.db, userIds),
    interestsOf(ctx.db, userIds),
    repo.historiesOf(ctx.db, userIds),
    repo.feedbackOfMembers(ctx.db, userIds),
  ]);
  const interestsByMember = new Map<number, typeof interests>();
  for (const i of interests) (interestsByMember.get(i.user_id) ?? interestsByMember.set(i.user_id, []).get(i.user_id)!).push(i);
  const members: MemberInputs[] = [];
  for (const id of userIds) {
    const place = places.get(id);
    if (!place) continue;
    const mine = interestsByMember.get(id) ?? [];
    const skills: Record<string, number> = {};
    for (const i of mine) if (i.skill) skills[i.tag] = SKILL[i.skill];
    members.push({
      id,
      user: { id: String(id), interests: mine.map((i) => i.tag), skills, lat: place.lat ?? undefined, lng: place.lng ?? undefined },
      history: histories.get(id) ?? [],
      notInterested: feedback.get(id) ?? { group: new Set(), post: new Set(), activity: new Set() },
    });
  }
  // The engine reads the neighbours of a member's 50 most recent groups and of the groups they dismissed.
  const neighbours =
    source.neighbours ?? (await repo.neighboursOf(ctx.db, [...new Set(members.flatMap((m) => [...m.history.slice(-50), ...[...m.notInterested.group].map(Number)]))]));
  const model: ItemModel = { ...source.model, neighbours };
  const rankings = new Map<number, MemberRanking>();
  for (let i = 0; i < members.length; i += PARALLEL_MEMBERS) {
    const ranked = await Promise.all(members.slice(i, i + PARALLEL_MEMBERS).map((m) => rankMember(ctx.db, model, source.privateIds, m, computedAt)));
    ranked.forEach((r, j) => rankings.set(members[i + j]!.id, r));
  }
  await repo.storeRankings(ctx.db, computedAt, rankings);
}

async function rankMember(db: Db, model: ItemModel, privateIds: ReadonlySet<string>, m: MemberInputs, now: Date): Promise<MemberRanking> {
  const history = m.history.map(String);
  const groups = recommend(model, m.user, history, { k: RANKED_ITEMS, kind: 'groups', notInterested: m.notInterested.group, exclude: privateIds, now: now.getTime() });
  // The discover feed draws on the best recommended groups (weighted by score) and on the member's own recent groups.
  const top = groups.slice(0, SOURCE_GROUPS);
  const best = top[0]?.score || 1;
  const own = m.history.slice(-OWN_SOURCE_GROUPS).map((id): RankedItem => [id, 0.8, [{ kind: 'in_your_group', groupId: String(id) }]]);
  const recommended = top.map((r): RankedItem => [Number(r.itemId), roundScore(0.5 + 0.5 * (r.score / best)), r.reasons]);
  const topIds = recommended.map(([id]) => id);
  return {
    groups: { ranked: groups.map(item), profile: memberProfile(model, m.user, history, { kind: 'groups', notInterested: m.notInterested.group }) },
    posts: { sources: [...own, ...recommended] },
    activities: { ...(await rankActivities(db, m, topIds, now, learnedFor(model, 'activities'))), groups: topIds },
  };
}

/**
 * Upcoming activities near the member and in their (and their recommended)
 * groups, ranked by the activities' weights learned at training (the preset
 * when none were): their groups, people from their groups going, interests,
 * distance and how soon it starts.
 */
async function rankActivities(db: Db, m: MemberInputs, recommendedGroups: number[], now: Date, learned: LearnedWeights | undefined) {
  const { user } = m;
  const nearby =
    user.lat !== undefined && user.lng !== undefined
      ? await activitiesRepo.nearbyActivities(db, {
          lat: user.lat, lng: user.lng, radiusKm: NEARBY_KM, sort: 'popular', tags: null, from: now, to: null, maxFee: null, feeCurrency: null,
          paidOnly: false, hasSeats: false, viewerId: m.id, after: null, limit: 80,
        })
      : [];
  const inGroups = await repo.upcomingActivitiesOf(db, [...new Set([...m.history, ...recommendedGroups])], now, 80);
  const ids = [...new Set([...nearby.map((a) => a.id), ...inGroups.map((a) => a.id)])];
  const [rows, registered, going] = await Promise.all([activitiesRepo.findActivities(db, ids), repo.registeredAmong(db, m.id, ids), repo.goingFromMyGroups(db, m.id, ids)]);
  const items = rows.map((a) => ({ id: String(a.id), tags: a.tags, lat: a.lat, lng: a.lng, startsAt: a.starts_at.getTime(), groupId: a.group_id ? String(a.group_id) : undefined }));
  const pool = trainItemModel(items, []);
  if (learned) pool.learned = learned;
  const recs = recommend(pool, user, [], {
    k: RANKED_ITEMS,
    kind: 'activities',
    now: now.getTime(),
    memberOf: m.history.map(String),
    social: new Map([...going].map(([id, n]) => [String(id), n])),
    candidates: items.map((i) => i.id),
    exclude: new Set([...[...registered].map(String), ...rows.filter((a) => a.organizer_id === m.id).map((a) => String(a.id))]),
    notInterested: m.notInterested.activity,
  });
  return { ranked: recs.map(item), profile: memberProfile(pool, user, [], { kind: 'activities', notInterested: m.notInterested.activity }) };
}

function item(r: Recommendation): RankedItem {
  return [Number(r.itemId), roundScore(r.score), r.reasons];
}

