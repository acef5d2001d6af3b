import type { RecommendedActivity, RecommendedGroup, RecommendedPost } from '@kindred/contract';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { NotFoundError } from '../../errors.js';
import { requireAccess } from '../../auth/access.js';
import { greatCircleKm } from '../../lib/geo.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { interestsOf } from '../accounts/accounts.repository.js';
import { findUserById } from '../accounts/accounts.repository.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import { presentActivities } from '../activities/activities.views.js';
import * as groupsRepo from '../groups/groups.repository.js';
import { presentGroups } from '../groups/groups.views.js';
import * as postsRepo from '../posts/posts.repository.js';
import { presentPostSummaries } from '../posts/posts.views.js';
import { addItemToModel, recommend, trainItemModel, type ItemModel, type Reason, type RecUser } from './engine.js';
import { cachedRanking, forgetRankings } from './ranking-cache.js';
import * as repo from './recommendations.repository.js';
import { groupsNamedIn, presentReasons } from './recommendations.views.js';

const DAY = 86_400_000;
const SKILL = { beginner: 1, intermediate: 2, advanced: 3 } as const;
/** How often the group model is retrained in the background. */
export const TRAIN_INTERVAL_MS = 15 * 60_000;

/**
 * Trains the group model from every membership (the heavy part, a background
 * job) and stores it: neighbour lists in rec_neighbors, the rest in rec_models.
 */
export async function trainGroupModel(ctx: AppContext) {
  const started = Date.now();
  const data = await repo.loadGroupTrainingData(ctx.db);
  const interests = new Map<number, string[]>();
  for (const row of data.interests) (interests.get(row.user_id) ?? interests.set(row.user_id, []).get(row.user_id)!).push(row.tag);
  const model = trainItemModel(
    data.groups.map((g) => ({ id: String(g.id), tags: g.tags, lat: g.lat ?? undefined, lng: g.lng ?? undefined, createdAt: g.created_at.getTime() })),
    data.engagement.map((e) => ({ user: String(e.user_id), item: String(e.group_id), at: e.at, weight: e.weight })),
    data.users.map((u) => ({ id: String(u.id), interests: interests.get(u.id) ?? [], lat: u.lat ?? undefined, lng: u.lng ?? undefined })),
    { now: Date.now(), popularityHalfLifeDays: 180 },
  );
  await repo.saveGroupModel(ctx.db, model, { groups: data.groups.length, memberships: data.memberships, interactions: data.engagement.length, ms: Date.now() - started });
  models.delete(ctx.db);
}

/** Job: retrain, then schedule the next run (a job row, so it survives restarts). */
export async function trainAndReschedule(ctx: AppContext) {
  await trainGroupModel(ctx);
  await scheduleJob(ctx.db, 'recs.train', 'group', new Date(Date.now() + TRAIN_INTERVAL_MS));
}

interface CachedModel {
  trainedAt: number;
  checkedAt: number;
  model: Omit<ItemModel, 'neighbours'>;
  /** Private groups: in the model for their co-membership signal, never recommended. */
  privateIds: Set<string>;
  /** Creation time of the newest group the model knows; later ones are added on the next request. */
  newestGroupAt: number;
}
// One cache per database (tests run several servers in one process).
const models = new WeakMap<Db, CachedModel>();
const training = new WeakMap<Db, Promise<void>>();

/**
 * The stored model, cached in memory and reloaded when a newer one is trained.
 * Groups created since training are added on load, so a brand-new group with
 * no members can be recommended at once by its tags.
 */
async function currentModel(ctx: AppContext): Promise<CachedModel> {
  const cached = models.get(ctx.db);
  if (cached && Date.now() - cached.checkedAt < 10_000) {
    await addNewGroups(ctx, cached);
    return cached;
  }
  const trainedAt = await repo.modelTrainedAt(ctx.db);
  if (!trainedAt) {
    // First use on a fresh database: train once, inline, single-flight.
    if (!training.has(ctx.db)) training.set(ctx.db, trainGroupModel(ctx).finally(() => training.delete(ctx.db)));
    await training.get(ctx.db);
    return currentModel(ctx);
  }
  if (cached && cached.trainedAt === trainedAt.getTime()) {
    cached.checkedAt = Date.now();
    await addNewGroups(ctx, cached);
    return cached;
  }
  const stored = (await repo.loadGroupModel(ctx.db))!;
  const privateRows = await ctx.db.selectFrom('groups').select('id').where('visibility', '=', 'private').execute();
  let newestGroupAt = 0;
  for (const item of Object.values(stored.model.items)) newestGroupAt = Math.max(newestGroupAt, item.createdAt ?? 0);
  const fresh: CachedModel = {
    trainedAt: stored.trainedAt.getTime(),
    checkedAt: Date.now(),
    model: stored.model,
    privateIds: new Set(privateRows.map((r) => String(r.id))),
    newestGroupAt,
  };
  await addNewGroups(ctx, fresh);
  models.set(ctx.db, fresh);
  return fresh;
}

async function addNewGroups(ctx: AppContext, cached: CachedModel) {
  // Served by groups_new_idx; usually finds nothing.
  const since = new Date(cached.newestGroupAt);
  const rows = await ctx.db.selectFrom('groups').select(['id', 'tags', 'lat', 'lng', 'created_at', 'visibility']).where('created_at', '>', since).orderBy('created_at').limit(1000).execute();
  for (const g of rows) {
    if (g.visibility === 'private') cached.privateIds.add(String(g.id));
    cached.newestGroupAt = Math.max(cached.newestGroupAt, g.created_at.getTime());
    if (cached.model.items[String(g.id)]) continue;
    addItemToModel(cached.model as ItemModel, { id: String(g.id), tags: g.tags, lat: g.lat ?? undefined, lng: g.lng ?? undefined, createdAt: g.created_at.getTime() });
  }
}

async function recUser(db: Db, viewer: SignedInViewer): Promise<RecUser> {
  const [user, interests] = await Promise.all([findUserById(db, viewer.id), interestsOf(db, [viewer.id])]);
  if (!user) throw new NotFoundError('member');
  const skills: Record<string, number> = {};
  for (const i of interests) if (i.skill) skills[i.tag] = SKILL[i.skill];
  return { id: String(viewer.id), interests: interests.map((i) => i.tag), skills, lat: user.lat ?? undefined, lng: user.lng ?? undefined };
}

/** Ranked groups for a member: engine output, filtered to public groups, with reasons. */
async function rankGroups(ctx: AppContext, viewer: SignedInViewer, k: number) {
  const [{ model, privateIds }, user, history, notInterested] = await Promise.all([
    currentModel(ctx),
    recUser(ctx.db, viewer),
    repo.memberHistory(ctx.db, viewer.id),
    repo.feedbackOf(ctx.db, viewer.id, 'group'),
  ]);
  const historyIds = history.map((h) => String(h.group_id));
  const neighbours = await repo.neighboursOf(ctx.db, [...historyIds.slice(-50), ...notInterested].map(Number));
  const recs = recommend({ ...(model as ItemModel), neighbours }, user, historyIds, { k: k + 5, kind: 'groups', notInterested, exclude: privateIds, now: Date.now() });
  const rows = await groupsRepo.findGroups(ctx.db, recs.map((r) => Number(r.itemId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Private groups are not advertised (their members invite or approve newcomers); re-checked for ones made private since.
  const kept = recs.filter((r) => byId.get(Number(r.itemId))?.visibility === 'public').slice(0, k);
  return { kept, byId, history: historyIds.map(Number) };
}

export async function recommendGroups(ctx: AppContext, viewer: SignedInViewer, limit: number): Promise<RecommendedGroup[]> {
  const { kept, names } = await cachedRanking(ctx.db, viewer.id, `groups:${limit}`, async () => {
    const { kept } = await rankGroups(ctx, viewer, limit);
    return { kept, names: await groupNames(ctx.db, kept.map((r) => r.reasons)) };
  });
  const rows = await groupsRepo.findGroups(ctx.db, kept.map((r) => Number(r.itemId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const shown = kept.filter((r) => byId.get(Number(r.itemId))?.visibility === 'public');
  const groups = await presentGroups(ctx.db, viewer, shown.map((r) => byId.get(Number(r.itemId))!));
  return shown.map((r, i) => ({ group: groups[i]!, reasons: presentReasons(r.reasons, names, groups[i]!.tags), score: round(r.score) }));
}

/**
 * Discover feed: fresh, hot posts from the groups recommended to the member
 * (carrying the group's reason) and from their own groups, interleaved group
 * by group so no single group fills the page.
 */
export async function recommendPosts(ctx: AppContext, viewer: SignedInViewer, limit: number): Promise<RecommendedPost[]> {
  const { picked, names } = await cachedRanking(ctx.db, viewer.id, `posts:${limit}`, () => rankPosts(ctx, viewer, limit));
  const rows = await postsRepo.findPosts(ctx.db, viewer.id, picked.map((p) => p.id));
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const ordered = picked.map((p) => rowById.get(p.id)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  const pickedById = new Map(picked.map((p) => [p.id, p]));
  return presentPostSummaries(viewer, ordered).map((post) => {
    const p = pickedById.get(post.id)!;
    return { post, reasons: presentReasons(p.reasons, names), score: round(p.score) };
  });
}

async function rankPosts(ctx: AppContext, viewer: SignedInViewer, limit: number) {
  const [{ kept, history }, notInterested] = await Promise.all([rankGroups(ctx, viewer, 8), repo.feedbackOf(ctx.db, viewer.id, 'post')]);
  const recGroups = kept.map((r) => ({ id: Number(r.itemId), reasons: r.reasons, weight: 0.5 + 0.5 * (r.score / (kept[0]?.score || 1)) }));
  const ownGroups = history.slice(-12).map((id) => ({ id, reasons: [{ kind: 'in_your_group', groupId: String(id) } as Reason], weight: 0.8 }));
  const sources = new Map([...ownGroups, ...recGroups].map((g) => [g.id, g]));
  const posts = (await repo.freshPostsOf(ctx.db, [...sources.keys()], 3, new Date(Date.now() - 60 * DAY))).filter(
    (p) => !notInterested.has(String(p.id)) && p.author_id !== viewer.id,
  );
  const maxHot = Math.max(1e-9, ...posts.map((p) => p.hot_score));
  const scored = posts
    .map((p) => ({ ...p, score: sources.get(p.group_id)!.weight * (0.6 + 0.4 * Math.max(0, p.hot_score) / maxHot) }))
    .sort((a, b) => b.score - a.score);
  // Round-robin over groups, best first, for diversity.
  const byGroup = new Map<number, typeof scored>();
  for (const p of scored) (byGroup.get(p.group_id) ?? byGroup.set(p.group_id, []).get(p.group_id)!).push(p);
  const picked: typeof scored = [];
  while (picked.length < limit && byGroup.size > 0) {
    for (const [groupId, list] of byGroup) {
      const next = list.shift();
      if (next) picked.push(next);
      if (list.length === 0) byGroup.delete(groupId);
      if (picked.length >= limit) break;
    }
  }
  const names = await groupNames(ctx.db, picked.map((p) => sources.get(p.group_id)!.reasons));
  return { picked: picked.map((p) => ({ id: p.id, score: p.score, reasons: sources.get(p.group_id)!.reasons })), names };
}

/**
 * Upcoming activities near the member and in their (and recommended) groups,
 * ranked by the engine's activity preset: their groups, people from their
 * groups going, interests, popularity, distance and how soon it starts.
 */
export async function recommendActivities(ctx: AppContext, viewer: SignedInViewer, limit: number): Promise<RecommendedActivity[]> {
  const { recs, names, at } = await cachedRanking(ctx.db, viewer.id, `activities:${limit}`, () => rankActivities(ctx, viewer, limit));
  const rows = await activitiesRepo.activitiesForViewer(ctx.db, viewer.id, recs.map((r) => Number(r.itemId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const presented = presentActivities(
    viewer,
    recs.flatMap((r) => {
      const row = byId.get(Number(r.itemId));
      if (!row) return [];
      return [at ? { ...row, distance_km_from: greatCircleKm(at.lat, at.lng, row.lat, row.lng) } : row];
    }),
  );
  const presentedById = new Map(presented.map((a) => [a.id, a]));
  return recs
    .filter((r) => presentedById.has(Number(r.itemId)))
    .map((r) => {
      const activity = presentedById.get(Number(r.itemId))!;
      return { activity, reasons: presentReasons(r.reasons, names, activity.tags), score: round(r.score) };
    });
}

async function rankActivities(ctx: AppContext, viewer: SignedInViewer, limit: number) {
  const [user, { kept, history }, notInterested] = await Promise.all([
    recUser(ctx.db, viewer),
    rankGroups(ctx, viewer, 8),
    repo.feedbackOf(ctx.db, viewer.id, 'activity'),
  ]);
  const now = new Date();
  const nearby =
    user.lat !== undefined && user.lng !== undefined
      ? await activitiesRepo.nearbyActivities(ctx.db, {
          lat: user.lat, lng: user.lng, radiusKm: 50, sort: 'popular', tags: null, from: now, to: null, maxFee: null,
          paidOnly: false, hasSeats: false, viewerId: viewer.id, after: null, limit: 80,
        })
      : [];
  const groupIds = [...new Set([...history, ...kept.map((r) => Number(r.itemId))])];
  const inGroups = groupIds.length
    ? await ctx.db
        .selectFrom('activities')
        .select('id')
        .where('group_id', 'in', groupIds)
        .where('status', '=', 'published')
        .where('starts_at', '>', now)
        .orderBy('starts_at')
        .limit(80)
        .execute()
    : [];
  const ids = [...new Set([...nearby.map((a) => a.id), ...inGroups.map((a) => a.id)])];
  const rows = await activitiesRepo.findActivities(ctx.db, ids);
  const mine = await ctx.db.selectFrom('registrations').select('activity_id').where('user_id', '=', viewer.id).where('activity_id', 'in', ids.length ? ids : [0]).execute();
  const going = await repo.goingFromMyGroups(ctx.db, viewer.id, ids);
  const items = rows.map((a) => ({ id: String(a.id), tags: a.tags, lat: a.lat, lng: a.lng, startsAt: a.starts_at.getTime(), groupId: a.group_id ? String(a.group_id) : undefined }));
  const model = trainItemModel(items, []);
  const recs = recommend(model, user, [], {
    k: limit,
    kind: 'activities',
    now: now.getTime(),
    memberOf: history.map(String),
    social: new Map([...going].map(([id, n]) => [String(id), n])),
    candidates: items.map((i) => i.id),
    exclude: new Set([...mine.map((m) => String(m.activity_id)), ...rows.filter((a) => a.organizer_id === viewer.id).map((a) => String(a.id))]),
    notInterested,
  });
  const names = await groupNames(ctx.db, recs.map((r) => r.reasons));
  const at = user.lat !== undefined && user.lng !== undefined ? { lat: user.lat, lng: user.lng } : null;
  return { recs, names, at };
}

export async function markNotInterested(ctx: AppContext, viewer: SignedInViewer, kind: 'group' | 'post' | 'activity', id: number, notInterested: boolean) {
  // Only something the member can see can be hidden.
  await requireAccess(ctx.db, viewer, kind === 'group' ? 'group.view' : kind === 'post' ? 'post.read' : 'activity.read', id);
  if (notInterested) await repo.addFeedback(ctx.db, viewer.id, kind, id);
  else await repo.removeFeedback(ctx.db, viewer.id, kind, id);
  forgetRankings(ctx.db, viewer.id);
}

async function groupNames(db: Db, reasons: Reason[][]) {
  const rows = await groupsRepo.findGroups(db, groupsNamedIn(reasons));
  return new Map(rows.map((g) => [g.id, g.name]));
}

function round(x: number) {
  return Math.round(x * 10000) / 10000;
}
