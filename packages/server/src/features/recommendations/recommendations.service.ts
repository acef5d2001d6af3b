import type { RecommendedActivity, RecommendedGroup, RecommendedPost } from '@kindred/contract';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { QueryCreator } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import { allows, requireAccess } from '../../auth/access.js';
import { greatCircleKm } from '../../lib/geo.js';
import { scheduleJob, scheduleJobWithin } from '../../jobs/jobs.repository.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import { presentActivitySummaries } from '../activities/activities.views.js';
import * as groupsRepo from '../groups/groups.repository.js';
import { groupAccessOf, presentGroupSummary, withFriendsInGroups } from '../groups/groups.views.js';
import * as postsRepo from '../posts/posts.repository.js';
import { presentPostSummaries } from '../posts/posts.views.js';
import { recommendNewItems, type Recommendation } from './engine.js';
import { NEARBY_KM, rankMembers, trainGroupModel } from './rankings.js';
import * as repo from './recommendations.repository.js';
import type { RankedItem } from './recommendations.repository.js';
import { liftByFriends, presentReasons, roundScore, weighByLiveliness } from './recommendations.views.js';

export { trainGroupModel };

/** How often the group model is retrained (and active members ranked again) in the background. */
export const TRAIN_INTERVAL_MS = 15 * 60_000;
/** Recommended activities read beyond a page, for those hidden from the member since their ranking. */
const PAGE_SLACK = 5;

/** Job: retrain and rank, then schedule the next run (a job row, so it survives restarts). */
export async function trainAndReschedule(ctx: AppContext) {
  await trainGroupModel(ctx);
  await scheduleJob(ctx.db, 'recs.train', 'group', new Date(Date.now() + TRAIN_INTERVAL_MS));
}

/** How long after a member joins, leaves or registers their ranking is refreshed; their further changes meanwhile share that run. */
export const RANKING_DELAY_MS = 30_000;

/**
 * After a member's own change that alters their recommendations (joining or
 * leaving a group, registering, "not interested", new interests or place):
 * ranks them again in the background, on whichever server's job runner takes
 * the job. Joins and registrations come in bursts and each ranking costs tens
 * of milliseconds of CPU, so by default the run waits RANKING_DELAY_MS and
 * serves the whole burst; a new interest or place asks for 0 (the member is
 * looking for what it brings). Until then requests serve their stored ranking
 * without what they must not show now (groups joined since, items dismissed since).
 */
export async function refreshRankingSoon(db: Db, userId: number, delayMs = RANKING_DELAY_MS) {
  await rankingRefresh(db, userId, delayMs).execute();
}

/** refreshRankingSoon's statement, unrun, for a write to carry along (one round trip for both). */
export function rankingRefresh(db: QueryCreator<DB>, userId: number, delayMs = RANKING_DELAY_MS) {
  return scheduleJobWithin(db, 'recs.rank', `member:${userId}`, delayMs, { userId });
}

/** Job: ranks one member again (see refreshRankingSoon). */
export async function refreshRanking(ctx: AppContext, userId: number) {
  await rankMembers(ctx, [userId]);
}

// One ranking at a time per member on this server, for members requesting before they have one.
const firstRankings = new WeakMap<Db, Map<number, Promise<void>>>();

/**
 * A member's stored ranking of one kind, read as `read` reads it from `reads`
 * (the read replica, when the request may use it). A member with none yet
 * (new, or never signed in since rankings were stored) is ranked once, here,
 * and stored on the primary, and read back from the primary (a replica has
 * not replayed it yet), so their next requests read it too.
 */
async function storedRanking<T>(ctx: AppContext, reads: Db, userId: number, read: (db: Db, userId: number) => Promise<T | undefined>): Promise<T> {
  const stored = await read(reads, userId);
  if (stored) return stored;
  let pending = firstRankings.get(ctx.db);
  if (!pending) firstRankings.set(ctx.db, (pending = new Map()));
  const inFlight = pending;
  let ranking = inFlight.get(userId);
  if (!ranking) {
    ranking = rankMembers(ctx, [userId]).finally(() => inFlight.delete(userId));
    inFlight.set(userId, ranking);
  }
  await ranking;
  const ranked = await read(ctx.db, userId);
  if (!ranked) throw new NotFoundError('member');
  return ranked;
}

/**
 * Items created since a ranking, scored from the member's stored profile,
 * merged into it: each goes before the first ranked item scoring lower. The
 * ranked order (diversified) is otherwise kept.
 */
function withNewItems(ranked: RankedItem[], fresh: Recommendation[]): RankedItem[] {
  const pending = fresh.map((r): RankedItem => [Number(r.itemId), roundScore(r.score), r.reasons]);
  const merged: RankedItem[] = [];
  for (const item of ranked) {
    while (pending.length > 0 && pending[0]![1] > item[1]) merged.push(pending.shift()!);
    merged.push(item);
  }
  return [...merged, ...pending];
}

/**
 * The first `limit` of these ids that `present` keeps (it loads and presents
 * a chunk, dropping what the viewer may not see), in their order: a page and
 * a few more are loaded at a time, so dropped ones rarely cost a second round.
 */
async function firstPresented<P extends { id: number }>(ids: number[], limit: number, present: (ids: number[]) => Promise<P[]>): Promise<P[]> {
  const shown: P[] = [];
  for (let from = 0; from < ids.length && shown.length < limit; ) {
    const chunk = ids.slice(from, from + limit + 5);
    from += chunk.length;
    const presented = new Map((await present(chunk)).map((p) => [p.id, p]));
    for (const id of chunk) if (presented.has(id) && shown.length < limit) shown.push(presented.get(id)!);
  }
  return shown;
}

/**
 * Groups to join: a page of the stored ranking and the groups friends bring,
 * read with the groups in the viewer's context in one statement (their
 * friends in them in a second), and the public groups created since, scored from the
 * member's stored profile and merged in (their rows are read only when one
 * makes the page). Dismissed, joined and private groups are left out by that
 * statement (private groups are not advertised: their members invite or
 * approve newcomers).
 */
export async function recommendGroups(ctx: AppContext, viewer: SignedInViewer, limit: number, reads: Db = ctx.db): Promise<RecommendedGroup[]> {
  const stored = await storedRanking(ctx, reads, viewer.id, (db, userId) => repo.storedGroupPage(db, userId, limit));
  const rows = new Map([...stored.page.map(({ group }) => group), ...stored.brought].map((group) => [group.id, group]));
  const names = new Map(stored.page.flatMap(({ reasonNames }) => reasonNames));
  let shown = stored.page.map(({ item }) => item);
  if (stored.fresh.length > 0) {
    const fresh = recommendNewItems(
      stored.profile,
      stored.fresh.map((g) => ({ id: String(g.id), tags: g.tags, lat: g.lat ?? undefined, lng: g.lng ?? undefined, createdAt: g.created_at.getTime() })),
      { now: Date.now() },
    );
    shown = withNewItems(shown, fresh).slice(0, limit);
    for (const row of await groupsRepo.findGroupSummaries(reads, viewer.id, shown.map(([id]) => id).filter((id) => !rows.has(id)))) rows.set(row.id, row);
  }
  // Groups friends are in join the candidates, just below the ranking's last, for friends to lift.
  const floor = Math.min(1, ...shown.map(([, score]) => score)) * 0.9;
  const brought = stored.brought.map((group) => group.id).filter((id) => !shown.some(([shownId]) => shownId === id));
  shown = [...shown, ...brought.map((id): (typeof shown)[number] => [id, floor, []])];
  const items = shown
    .filter(([id]) => rows.has(id) && allows(viewer, 'group.view', groupAccessOf(rows.get(id)!)))
    .map(([id, score, reasons]) => {
      const group = presentGroupSummary(viewer, rows.get(id)!);
      return { group, reasons: presentReasons(reasons, names, group.tags), score: roundScore(score) };
    });
  await withFriendsInGroups(reads, viewer, items.map((i) => i.group));
  return liftByFriends(weighByLiveliness(items), (i) => i.group.friends.count, false).slice(0, limit);
}

/**
 * Discover feed: fresh, hot posts from the groups recommended to the member
 * (carrying the group's reason) and from their own groups, as stored with
 * their ranking, interleaved group by group so no single group fills the page.
 */
export async function recommendPosts(ctx: AppContext, viewer: SignedInViewer, limit: number, reads: Db = ctx.db): Promise<RecommendedPost[]> {
  const { sources: stored, candidates, dismissed, names } = await storedRanking(ctx, reads, viewer.id, repo.discoverFeedInputs);
  const sources = new Map(stored.map(([id, weight, reasons]) => [id, { weight, reasons }]));
  const posts = candidates.filter((p) => !dismissed.has(p.id) && p.author_id !== viewer.id);
  const maxHot = Math.max(1e-9, ...posts.map((p) => p.hot_score));
  const scored = posts
    .map((p) => ({ ...p, score: sources.get(p.group_id)!.weight * (0.6 + 0.4 * Math.max(0, p.hot_score) / maxHot) }))
    .sort((a, b) => b.score - a.score);
  // Round-robin over groups, best first, for diversity.
  const byGroup = new Map<number, typeof scored>();
  for (const p of scored) (byGroup.get(p.group_id) ?? byGroup.set(p.group_id, []).get(p.group_id)!).push(p);
  const ordered: typeof scored = [];
  while (byGroup.size > 0) {
    for (const [groupId, list] of byGroup) {
      ordered.push(list.shift()!);
      if (list.length === 0) byGroup.delete(groupId);
    }
  }
  const byId = new Map(ordered.map((p) => [p.id, p]));
  // Posts the member may not see now (a group they left, an author either side blocked) are dropped.
  const shown = await firstPresented(ordered.map((p) => p.id), limit, async (ids) => presentPostSummaries(viewer, await postsRepo.findPosts(reads, viewer.id, ids)));
  return shown.map((post) => {
    const p = byId.get(post.id)!;
    return { post, reasons: presentReasons(sources.get(p.group_id)!.reasons, names), score: roundScore(p.score) };
  });
}

/**
 * Upcoming activities for the member: a page of the stored ranking
 * (activities near them and in their and their recommended groups, by the
 * engine's activity preset) without what is no longer open to them (past,
 * cancelled, registered for) or dismissed, read in their context in one
 * statement, and the ones announced since among those, scored from the
 * stored profile and merged in (their rows are read only when one makes the
 * page). What the member may not see now (a private group's, an organizer
 * either side blocked) is dropped as the page is presented; the statement
 * reads PAGE_SLACK more than the page for it, so a page is short only when
 * more than that many of its items were hidden since the ranking.
 */
export async function recommendActivities(ctx: AppContext, viewer: SignedInViewer, limit: number, reads: Db = ctx.db): Promise<RecommendedActivity[]> {
  const stored = await storedRanking(ctx, reads, viewer.id, (db, userId) => repo.storedActivityPage(db, userId, limit + PAGE_SLACK));
  const { profile } = stored;
  const at = profile.lat !== undefined && profile.lng !== undefined ? { lat: profile.lat, lng: profile.lng } : null;
  const rows = new Map(stored.page.map(({ activity }) => [activity.id, activity]));
  let candidates = stored.page.map(({ item }) => item);
  const recommendedGroups = new Set(stored.groups);
  // New ones the ranking would have had as candidates: near the member, or in their or their recommended groups.
  const fresh = stored.fresh.filter(
    (a) => a.in_my_group || (a.group_id !== null && recommendedGroups.has(a.group_id)) || (at !== null && greatCircleKm(at.lat, at.lng, a.lat, a.lng) <= NEARBY_KM),
  );
  if (fresh.length > 0) {
    const scoredFresh = recommendNewItems(
      profile,
      fresh.map((a) => ({ id: String(a.id), tags: a.tags, lat: a.lat, lng: a.lng, startsAt: a.starts_at.getTime(), groupId: a.group_id === null ? undefined : String(a.group_id) })),
      { now: Date.now(), memberOf: new Set(fresh.filter((a) => a.in_my_group).map((a) => String(a.group_id))) },
    );
    candidates = withNewItems(candidates, scoredFresh).slice(0, limit + PAGE_SLACK);
    const missing = candidates.map(([id]) => id).filter((id) => !rows.has(id));
    for (const row of await activitiesRepo.activitiesForViewer(reads, viewer.id, missing)) rows.set(row.id, row);
  }
  // Activities friends are going to join the candidates, just below the ranking's last, for friends to lift.
  const floor = Math.min(1, ...candidates.map(([, score]) => score)) * 0.9;
  for (const row of stored.brought) if (!rows.has(row.id)) rows.set(row.id, row);
  const brought = stored.brought.map((row) => row.id).filter((id) => !candidates.some(([candidate]) => candidate === id));
  candidates = [...candidates, ...brought.map((id): (typeof candidates)[number] => [id, floor, []])];
  const names = new Map<number, string>();
  for (const r of rows.values()) if (r.group_id !== null && r.group_name !== null) names.set(r.group_id, r.group_name);
  const page = candidates.flatMap(([id]) => {
    const row = rows.get(id);
    return row ? [at ? { ...row, distance_km_from: greatCircleKm(at.lat, at.lng, row.lat, row.lng) } : row] : [];
  });
  // presentActivitySummaries drops what the member may not see.
  const shown = presentActivitySummaries(viewer, page);
  const ranked = new Map(candidates.map(([id, score, reasons]) => [id, { score, reasons }]));
  const items = shown.map((activity) => {
    const { score, reasons } = ranked.get(activity.id)!;
    return { activity, reasons: presentReasons(reasons, names, activity.tags), score: roundScore(score) };
  });
  return liftByFriends(items, (i) => i.activity.friendsGoing.count, true).slice(0, limit);
}

/**
 * "Not interested" (or its undo). Marking hides the item at once (requests
 * drop dismissed items) and ranks the member again in the background, to
 * demote what is like it. Undoing ranks them again here: a stored ranking
 * left the item out, and only a new one can bring it back.
 */
export async function markNotInterested(ctx: AppContext, viewer: SignedInViewer, kind: 'group' | 'post' | 'activity', id: number, notInterested: boolean) {
  // Only something the member can see can be hidden.
  await requireAccess(ctx.db, viewer, kind === 'group' ? 'group.view' : kind === 'post' ? 'post.read' : 'activity.read', id);
  if (notInterested) {
    await repo.addFeedback(ctx.db, viewer.id, kind, id);
    await refreshRankingSoon(ctx.db, viewer.id);
  } else {
    await repo.removeFeedback(ctx.db, viewer.id, kind, id);
    await rankMembers(ctx, [viewer.id]);
  }
}
