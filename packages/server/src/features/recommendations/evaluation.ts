/**
 * Offline evaluation of recommendations: the protocol, the metrics and the two
 * baselines Kindred's engine must beat. `npm run recs:eval` is a thin CLI over
 * runEvaluation(); the test suite calls it in-process.
 *
 * Protocol (groups): every member with at least 3 memberships has their
 * latest one held out (ties by group id); everything else is training data.
 * Each method ranks every group the member has not joined in training (and,
 * when groups.jsonl has the optional "created" time, that existed at the
 * held-out join's time); a hit is the held-out group in the top 10.
 *
 * Protocol (activities, when the data has RSVPs): every member with at least
 * 3 RSVPs has their latest RSVP held out; "now" is that RSVP's time. The
 * candidates are the activities that start at or after now and that the member
 * has not RSVP'd to in training ("upcoming", which is what the product shows);
 * a held-out activity that had already started at now is a miss for every
 * method. RSVPs to activities missing from activities.jsonl are dropped.
 * What a method may know about the member is only what happened before now
 * (their groups joined by then, their friends' RSVPs made by then); item
 * statistics come from all training data, the same for every method.
 *
 * Metrics at 10: recall (= hit rate, one held-out item), NDCG (1/log2(rank+1)),
 * catalog coverage (share of all items that appear in at least one top-10),
 * intra-list diversity (mean over lists of the mean pairwise 1 − Jaccard of
 * the items' tag sets; two untagged items count as dissimilar).
 *
 * Baselines: (a) popular: most training members/RSVPs first. (b) content:
 * interest-overlap matching of the member's tags (declared interests plus the
 * tags of what they joined/attended in training, each occurrence counting
 * once) against each item's tags, Σ shared weights / √|item tags|, ties and
 * the remainder by popularity. Using joined items' tags makes the baseline
 * stronger than declared interests alone, and it is the only way it can work
 * on data whose members declare nothing (Nashville). (c) hybrid: the plain
 * hybrid a team would build first, with nothing tuned — item-to-item
 * co-membership neighbours (cosine on who joined what, top 100 per item),
 * plus the content score, plus closeness (e^(−km/50) from the member's home,
 * else the median place of what they joined), each of the first two divided
 * by its largest value among the member's candidates and the three summed.
 *
 * Intervals: 95% bootstrap intervals (1,000 resamples of the evaluated
 * members, seeded) on recall@10 and NDCG@10, and on Kindred's recall over the
 * hybrid's (paired: the same resampled members for both).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { greatCircleKm } from '../../lib/geo.js';
import { normalizeTag } from '../../lib/tags.js';
import {
  groupModelOptions,
  holdOutLatest,
  recommend,
  trainItemModel,
  type Holdout,
  type LearnedWeights,
  type Interaction,
  type LearningContext,
  type RecItem,
  type RecUser,
  type RecommendOptions,
  type TrainOptions,
  type RecommendWeights,
} from './engine.js';

export const K = 10;

export interface Dataset {
  users: RecUser[];
  /** Groups: tags are the normalized interests. */
  groups: RecItem[];
  memberships: Interaction[];
  /** Activities: tags are their interests (else their group's), startsAt, groupId. */
  activities: RecItem[];
  rsvps: Interaction[];
  /** Lines skipped while reading, with why. */
  warnings: string[];
}

export interface Metrics {
  'recall@10': number;
  'ndcg@10': number;
  coverage: number;
  diversity: number;
  /** 95% bootstrap intervals over the evaluated members. */
  ci: { 'recall@10': [number, number]; 'ndcg@10': [number, number] };
}

export type MethodName = 'popular' | 'content' | 'hybrid' | 'kindred';
export const methodNames: readonly MethodName[] = ['popular', 'content', 'hybrid', 'kindred'];
export type MethodMetrics = Record<MethodName, Metrics>;

/** The JSON written by `recs:eval --out`. */
export interface EvalReport {
  /** Absent when only activities were evaluated (EvalOptions.only). */
  groups?: MethodMetrics;
  activities?: MethodMetrics;
}

export interface TaskDetails {
  /** Members evaluated (with a held-out item). */
  users: number;
  /** Kindred's recall@10 over the plain hybrid's, with its paired 95% bootstrap interval. */
  liftOverHybrid: { ratio: number; ci: [number, number] };
  /** The hybrid's weights, picked on the validation split. */
  hybridWeights: HybridWeights;
  /** The blend weights Kindred's model learned on the validation split, when it learned them. */
  learned?: LearnedWeights;
  items: number;
  trainInteractions: number;
  ms: number;
}

export interface EvalResult {
  report: EvalReport;
  details: { groups?: TaskDetails; activities?: TaskDetails };
}

export interface EvalOptions {
  /**
   * 'test' (default): hold out each member's latest item. 'validation': first
   * remove those test items altogether, then hold out the latest of what
   * remains — for choosing hyperparameters without ever seeing test items.
   */
  split?: 'test' | 'validation';
  /** Evaluate one task alone (default: both). */
  only?: 'groups' | 'activities';
  train?: TrainOptions;
  groupWeights?: Partial<RecommendWeights>;
  activityWeights?: Partial<RecommendWeights>;
}

// ---------------------------------------------------------------- reading

async function* jsonLines(file: string): AsyncGenerator<[Record<string, unknown>, number]> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`${file}:${line}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}:${line}: expected an object`);
    yield [value as Record<string, unknown>, line];
  }
}

function str(v: unknown, where: string, field: string): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new Error(`${where}: "${field}" must be a non-empty string`);
}

function time(v: unknown, where: string, field: string): number {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  if (!Number.isFinite(t)) throw new Error(`${where}: "${field}" must be an ISO date`);
  return t;
}

function tagsOf(v: unknown, where: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((t) => typeof t !== 'string')) throw new Error(`${where}: "interests" must be an array of strings`);
  return [...new Set((v as string[]).map(normalizeTag).filter((t) => t !== ''))];
}

function coords(o: Record<string, unknown>): { lat?: number; lng?: number } {
  const { lat, lng } = o;
  // (0, 0) is how several exports spell "unknown".
  if (typeof lat === 'number' && typeof lng === 'number' && Number.isFinite(lat) && Number.isFinite(lng) && !(lat === 0 && lng === 0)) return { lat, lng };
  return {};
}

/** Read a dataset folder in the JSON-lines format of docs/recommendations.md. */
export async function readDataset(dir: string): Promise<Dataset> {
  const file = (name: string) => path.join(dir, name);
  for (const name of ['users.jsonl', 'groups.jsonl', 'memberships.jsonl']) if (!fs.existsSync(file(name))) throw new Error(`${file(name)} is missing`);
  const warnings: string[] = [];
  const users = new Map<string, RecUser>();
  for await (const [o, line] of jsonLines(file('users.jsonl'))) {
    const where = `users.jsonl:${line}`;
    const id = str(o.id, where, 'id');
    users.set(id, { id, interests: tagsOf(o.interests, where), ...coords(o) });
  }
  const groups = new Map<string, RecItem>();
  for await (const [o, line] of jsonLines(file('groups.jsonl'))) {
    const where = `groups.jsonl:${line}`;
    const id = str(o.id, where, 'id');
    const group: RecItem = { id, tags: tagsOf(o.interests, where), ...coords(o) };
    if (o.created !== undefined && o.created !== null) group.createdAt = time(o.created, where, 'created');
    groups.set(id, group);
  }
  /** Reads user→item interactions, skipping (and counting) those naming an unknown item. */
  const readInteractions = async (name: string, itemField: string, known: Map<string, RecItem>, what: string) => {
    const result: Interaction[] = [];
    let unknown = 0;
    for await (const [o, line] of jsonLines(file(name))) {
      const where = `${name}:${line}`;
      const user = str(o.user, where, 'user');
      const item = str(o[itemField], where, itemField);
      const at = time(o.at, where, 'at');
      if (!known.has(item)) {
        unknown++;
        continue;
      }
      if (!users.has(user)) users.set(user, { id: user, interests: [] });
      result.push({ user, item, at });
    }
    if (unknown) warnings.push(`${unknown} ${what} name a ${itemField} that is not listed (skipped)`);
    return result;
  };
  const memberships = await readInteractions('memberships.jsonl', 'group', groups, 'memberships');

  const activities = new Map<string, RecItem>();
  let rsvps: Interaction[] = [];
  if (fs.existsSync(file('activities.jsonl'))) {
    for await (const [o, line] of jsonLines(file('activities.jsonl'))) {
      const where = `activities.jsonl:${line}`;
      const id = str(o.id, where, 'id');
      const groupId = o.group === undefined || o.group === null ? undefined : str(o.group, where, 'group');
      let tags = tagsOf(o.interests, where);
      if (tags.length === 0 && groupId !== undefined) tags = groups.get(groupId)?.tags ?? [];
      const a: RecItem = { id, tags, startsAt: time(o.start, where, 'start'), ...coords(o) };
      if (groupId !== undefined) a.groupId = groupId;
      activities.set(id, a);
    }
    if (fs.existsSync(file('rsvps.jsonl'))) rsvps = await readInteractions('rsvps.jsonl', 'activity', activities, 'RSVPs');
  }
  return { users: [...users.values()], groups: [...groups.values()], memberships, activities: [...activities.values()], rsvps, warnings };
}

// ---------------------------------------------------------------- metrics

/** Share of the relevant items found in the first k. */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k = K): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  for (const id of ranked.slice(0, k)) if (relevant.has(id)) hits++;
  return hits / Math.min(relevant.size, k);
}

/** Binary-relevance NDCG: DCG of the first k over the DCG of an ideal ranking. */
export function ndcgAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k = K): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** Share of the catalog that appears in at least one list. */
export function catalogCoverage(lists: readonly (readonly string[])[], catalogSize: number): number {
  if (catalogSize === 0) return 0;
  const seen = new Set<string>();
  for (const list of lists) for (const id of list) seen.add(id);
  return seen.size / catalogSize;
}

/** Mean pairwise (1 − Jaccard of tag sets) within one list; 0 for lists shorter than 2. */
export function intraListDiversity(list: readonly string[], tagsOf: (id: string) => readonly string[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < list.length; i++) {
    const a = tagsOf(list[i]!);
    for (let j = i + 1; j < list.length; j++) {
      const b = tagsOf(list[j]!);
      let shared = 0;
      for (const t of a) if (b.includes(t)) shared++;
      const union = a.length + b.length - shared;
      sum += 1 - (union === 0 ? 0 : shared / union);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

// ---------------------------------------------------------------- protocol

export { holdOutLatest, type Holdout };

function historyByUser(train: readonly Interaction[]): Map<string, Interaction[]> {
  const by = new Map<string, Interaction[]>();
  for (const x of train) (by.get(x.user) ?? by.set(x.user, []).get(x.user)!).push(x);
  for (const list of by.values()) list.sort((a, b) => a.at - b.at);
  return by;
}

function countBy(train: readonly Interaction[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const x of train) counts.set(x.item, (counts.get(x.item) ?? 0) + 1);
  return counts;
}

interface Ranker {
  /** Top-K ids for this member at this time, excluding their training items. */
  (user: RecUser, history: readonly Interaction[], now: number): string[];
}

/** Items by training popularity, ties by id. */
function popularityOrder(items: readonly RecItem[], counts: Map<string, number>): RecItem[] {
  return [...items].sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function popularRanker(items: readonly RecItem[], counts: Map<string, number>, eligible: (item: RecItem, now: number) => boolean): Ranker {
  const order = popularityOrder(items, counts);
  return (_user, history, now) => {
    const seen = new Set(history.map((x) => x.item));
    const out: string[] = [];
    for (const it of order) {
      if (out.length === K) break;
      if (!seen.has(it.id) && eligible(it, now)) out.push(it.id);
    }
    return out;
  };
}

function contentRanker(items: readonly RecItem[], counts: Map<string, number>, eligible: (item: RecItem, now: number) => boolean): Ranker {
  const byId = new Map(items.map((it) => [it.id, it]));
  const rank = new Map(popularityOrder(items, counts).map((it, i) => [it.id, i]));
  const byTag = new Map<string, RecItem[]>();
  for (const it of items) for (const t of it.tags) (byTag.get(t) ?? byTag.set(t, []).get(t)!).push(it);
  const order = popularityOrder(items, counts);
  return (user, history, now) => {
    const profile = new Map<string, number>();
    for (const t of user.interests) profile.set(t, (profile.get(t) ?? 0) + 1);
    for (const x of history) for (const t of byId.get(x.item)?.tags ?? []) profile.set(t, (profile.get(t) ?? 0) + 1);
    const seen = new Set(history.map((x) => x.item));
    const score = new Map<string, number>();
    for (const [t, w] of profile) for (const it of byTag.get(t) ?? []) if (!seen.has(it.id) && eligible(it, now)) score.set(it.id, (score.get(it.id) ?? 0) + w);
    const matched = [...score]
      .map(([id, s]) => [id, s / Math.sqrt(byId.get(id)!.tags.length)] as const)
      .sort((a, b) => b[1] - a[1] || rank.get(a[0])! - rank.get(b[0])!)
      .slice(0, K)
      .map(([id]) => id);
    // Fewer than K matches: fill with the most popular of the rest.
    const have = new Set(matched);
    for (const it of order) {
      if (matched.length >= K) break;
      if (!have.has(it.id) && !seen.has(it.id) && eligible(it, now)) matched.push(it.id);
    }
    return matched;
  };
}

/** How much the plain hybrid adds of tag overlap and of closeness to co-membership (each 0, ½ or 1, picked on the validation split). */
export interface HybridWeights {
  tags: number;
  near: number;
}
const hybridGrid: HybridWeights[] = [0, 0.5, 1].flatMap((tags) => [0, 0.5, 1].map((near) => ({ tags, near })));

/**
 * The plain hybrid (see the top of this file): what Kindred's engine must
 * clearly beat to be worth its complexity.
 */
function hybridRanker(items: readonly RecItem[], train: readonly Interaction[], counts: Map<string, number>, eligible: (item: RecItem, now: number) => boolean): (weights: HybridWeights) => Ranker {
  const neighbours = cosineNeighbours(items, train, 200);
  const byId = new Map(items.map((it) => [it.id, it]));
  const byTag = new Map<string, RecItem[]>();
  for (const it of items) for (const t of it.tags) (byTag.get(t) ?? byTag.set(t, []).get(t)!).push(it);
  const order = popularityOrder(items, counts);
  const rank = new Map(order.map((it, i) => [it.id, i]));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return (weights) => (user, history, now) => {
    const seen = new Set(history.map((x) => x.item));
    const cf = new Map<string, number>();
    for (const x of history) for (const [j, s] of neighbours.get(x.item) ?? []) if (!seen.has(j)) cf.set(j, (cf.get(j) ?? 0) + s);
    const profile = new Map<string, number>();
    for (const t of user.interests) profile.set(t, (profile.get(t) ?? 0) + 1);
    for (const x of history) for (const t of byId.get(x.item)?.tags ?? []) profile.set(t, (profile.get(t) ?? 0) + 1);
    const tag = new Map<string, number>();
    if (weights.tags > 0) for (const [t, w] of profile) for (const it of byTag.get(t) ?? []) if (!seen.has(it.id)) tag.set(it.id, (tag.get(it.id) ?? 0) + w / Math.sqrt(it.tags.length));
    let home: { lat: number; lng: number } | undefined = user.lat !== undefined && user.lng !== undefined ? { lat: user.lat, lng: user.lng } : undefined;
    if (!home) {
      const placed = history.map((x) => byId.get(x.item)).filter((it): it is RecItem => it?.lat !== undefined && it.lng !== undefined);
      if (placed.length > 0) home = { lat: median(placed.map((it) => it.lat!)), lng: median(placed.map((it) => it.lng!)) };
    }
    const maxCf = Math.max(0, ...cf.values()) || 1;
    const maxTag = Math.max(0, ...tag.values()) || 1;
    const scored: [string, number][] = [];
    for (const id of new Set([...cf.keys(), ...tag.keys()])) {
      const it = byId.get(id);
      if (!it || !eligible(it, now)) continue;
      const near = weights.near > 0 && home && it.lat !== undefined && it.lng !== undefined ? Math.exp(-greatCircleKm(home.lat, home.lng, it.lat, it.lng) / 50) : 0;
      scored.push([id, (cf.get(id) ?? 0) / maxCf + (weights.tags * (tag.get(id) ?? 0)) / maxTag + weights.near * near]);
    }
    const top = scored
      .sort((a, b) => b[1] - a[1] || rank.get(a[0])! - rank.get(b[0])!)
      .slice(0, K)
      .map(([id]) => id);
    const have = new Set(top);
    for (const it of order) {
      if (top.length >= K) break;
      if (!have.has(it.id) && !seen.has(it.id) && eligible(it, now)) top.push(it.id);
    }
    return top;
  };
}

/**
 * The hybrid's two weights, picked for the best recall@10 on the latest item
 * of each member's training data (never the reported items), from hybridGrid;
 * at most 2,000 of those members are enough to choose.
 */
function pickHybridWeights(ds: Dataset, items: readonly RecItem[], train: readonly Interaction[], eligible: (item: RecItem, now: number) => boolean): HybridWeights {
  const { train: inner, test } = holdOutLatest(train);
  const hybrid = hybridRanker(items, inner, countBy(inner), eligible);
  const history = historyByUser(inner);
  const users = new Map(ds.users.map((u) => [u.id, u]));
  let best = { weights: hybridGrid[0]!, hits: -1 };
  for (const weights of hybridGrid) {
    const rank = hybrid(weights);
    let hits = 0;
    for (const [userId, held] of [...test].slice(0, 2000)) if (rank(users.get(userId) ?? { id: userId, interests: [] }, history.get(userId) ?? [], held.at).includes(held.item)) hits++;
    if (hits > best.hits) best = { weights, hits };
  }
  return best.weights;
}

/** Each item's `n` strongest co-membership neighbours by plain cosine (binary: joined or not). */
function cosineNeighbours(items: readonly RecItem[], train: readonly Interaction[], n: number): Map<string, [string, number][]> {
  const index = new Map(items.map((it, i) => [it.id, i]));
  const itemsOf = new Map<string, Set<number>>();
  for (const x of train) {
    const i = index.get(x.item);
    if (i !== undefined) (itemsOf.get(x.user) ?? itemsOf.set(x.user, new Set()).get(x.user)!).add(i);
  }
  const usersOf: number[][] = items.map(() => []);
  const baskets = [...itemsOf.values()].map((s) => [...s]);
  baskets.forEach((basket, u) => basket.forEach((i) => usersOf[i]!.push(u)));
  const acc = new Float64Array(items.length);
  const out = new Map<string, [string, number][]>();
  for (let i = 0; i < items.length; i++) {
    const touched: number[] = [];
    for (const u of usersOf[i]!)
      for (const j of baskets[u]!) {
        if (j === i) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j]! += 1;
      }
    const list = touched.map((j): [string, number] => [items[j]!.id, acc[j]! / Math.sqrt(usersOf[i]!.length * usersOf[j]!.length)]);
    for (const j of touched) acc[j] = 0;
    out.set(items[i]!.id, list.sort((a, b) => b[1] - a[1]).slice(0, n));
  }
  return out;
}

const BOOTSTRAP_RESAMPLES = 1000;

/** The same resamples of member indices for every method (a fixed seed), so intervals and paired ratios agree run to run. */
function resamples(n: number): Uint32Array[] {
  let seed = 0x2545f491;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  return Array.from({ length: BOOTSTRAP_RESAMPLES }, () => Uint32Array.from({ length: n }, () => Math.floor(next() * n)));
}

function percentiles(values: number[]): [number, number] {
  const sorted = values.sort((a, b) => a - b);
  return [r4(sorted[Math.floor(0.025 * (sorted.length - 1))]!), r4(sorted[Math.ceil(0.975 * (sorted.length - 1))]!)];
}

function meanOver(values: Float64Array, sample: Uint32Array): number {
  let s = 0;
  for (const i of sample) s += values[i]!;
  return s / Math.max(1, sample.length);
}

function summarize(
  lists: Map<MethodName, string[][]>,
  targets: readonly string[],
  catalog: number,
  tagsOf: (id: string) => readonly string[],
): [MethodMetrics, TaskDetails['liftOverHybrid']] {
  const out = {} as MethodMetrics;
  const samples = resamples(targets.length);
  const recalls = new Map<MethodName, Float64Array>();
  for (const [name, all] of lists) {
    const recall = new Float64Array(all.length);
    const ndcg = new Float64Array(all.length);
    let diversity = 0;
    all.forEach((list, u) => {
      const relevant = new Set([targets[u]!]);
      recall[u] = recallAtK(list, relevant);
      ndcg[u] = ndcgAtK(list, relevant);
      diversity += intraListDiversity(list, tagsOf);
    });
    recalls.set(name, recall);
    const n = Math.max(1, all.length);
    const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / n;
    out[name] = {
      'recall@10': r4(mean(recall)),
      'ndcg@10': r4(mean(ndcg)),
      coverage: r4(catalogCoverage(all, catalog)),
      diversity: r4(diversity / n),
      ci: { 'recall@10': percentiles(samples.map((s) => meanOver(recall, s))), 'ndcg@10': percentiles(samples.map((s) => meanOver(ndcg, s))) },
    };
  }
  const ours = recalls.get('kindred')!;
  const plain = recalls.get('hybrid')!;
  const ratio = (s: Uint32Array) => meanOver(ours, s) / Math.max(1e-9, meanOver(plain, s));
  const lift = { ratio: r4(out.kindred['recall@10'] / Math.max(1e-9, out.hybrid['recall@10'])), ci: percentiles(samples.map(ratio)) };
  return [out, lift];
}

function r4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function evaluateGroups(ds: Dataset, holdout: Holdout, opts: EvalOptions): [MethodMetrics, TaskDetails] {
  const t0 = performance.now();
  const { train, test } = holdout;
  const counts = countBy(train);
  // When the data says when groups were created, a group that did not exist yet is no candidate for anyone.
  const existing = (it: RecItem, now: number) => it.createdAt === undefined || it.createdAt <= now;
  const history = historyByUser(train);
  const users = new Map(ds.users.map((u) => [u.id, u]));
  const byId = new Map(ds.groups.map((g) => [g.id, g]));
  const model = trainItemModel(ds.groups, train, ds.users, { ...groupModelOptions, ...opts.train });
  const weights = opts.groupWeights ?? {};
  const hybridWeights = pickHybridWeights(ds, ds.groups, train, existing);
  const rankers: [MethodName, Ranker][] = [
    ['popular', popularRanker(ds.groups, counts, existing)],
    ['content', contentRanker(ds.groups, counts, existing)],
    ['hybrid', hybridRanker(ds.groups, train, counts, existing)(hybridWeights)],
    [
      'kindred',
      (user, hist, now) => recommend(model, user, hist.map((x) => x.item), { k: K, kind: 'groups', now, weights }).map((r) => r.itemId),
    ],
  ];
  const lists = new Map<MethodName, string[][]>(rankers.map(([name]) => [name, []]));
  const targets: string[] = [];
  for (const [userId, held] of test) {
    const user = users.get(userId) ?? { id: userId, interests: [] };
    const hist = history.get(userId) ?? [];
    targets.push(held.item);
    for (const [name, rank] of rankers) lists.get(name)!.push(rank(user, hist, held.at));
  }
  const [metrics, liftOverHybrid] = summarize(lists, targets, ds.groups.length, (id) => byId.get(id)?.tags ?? []);
  return [metrics, { users: test.size, liftOverHybrid, hybridWeights, learned: model.learned, items: ds.groups.length, trainInteractions: train.length, ms: Math.round(performance.now() - t0) }];
}

/**
 * What Kindred's activity ranking is given for a member at `now`, from these
 * training RSVPs: their groups joined by then, how many of the people who went
 * to their activities had RSVP'd to each upcoming activity by then, and the
 * pool the activities feature serves anyway (the 200 most popular upcoming
 * activities they have not RSVP'd to). The evaluation ranks with it, and
 * learning the activities' weights ranks its validation members with it on
 * the validation split's own training RSVPs.
 */
function activityOptions(ds: Dataset, train: readonly Interaction[]): (user: RecUser, hist: readonly Interaction[], now: number) => Partial<RecommendOptions> {
  const counts = countBy(train);
  const upcoming = (it: RecItem, now: number) => (it.startsAt ?? Infinity) >= now;
  const history = historyByUser(train);
  const byId = new Map(ds.activities.map((a) => [a.id, a]));
  // A member's groups as of `now` (filtered below): memberships are their own task, not held out here.
  const joined = historyByUser(ds.memberships);
  const attendees = new Map<string, Interaction[]>();
  for (const x of train) (attendees.get(x.item) ?? attendees.set(x.item, []).get(x.item)!).push(x);
  const popularUpcoming = popularityOrder(ds.activities, counts);

  /** People who went to the member's activities (strongest 50), and which upcoming activities they had RSVP'd to by `now`. */
  function friendsGoing(userId: string, hist: readonly Interaction[], now: number): Map<string, number> {
    const shared = new Map<string, number>();
    for (const x of hist) for (const y of attendees.get(x.item) ?? []) if (y.user !== userId && y.at <= now) shared.set(y.user, (shared.get(y.user) ?? 0) + 1);
    const friends = [...shared].sort((a, b) => b[1] - a[1]).slice(0, 50);
    const going = new Map<string, number>();
    for (const [f] of friends)
      for (const y of history.get(f) ?? []) {
        if (y.at > now) break; // history is sorted by time
        const a = byId.get(y.item);
        if (a && upcoming(a, now)) going.set(y.item, (going.get(y.item) ?? 0) + 1);
      }
    return going;
  }

  return (user, hist, now) => {
    const seen = new Set(hist.map((x) => x.item));
    const pool: string[] = [];
    for (const a of popularUpcoming) {
      if (pool.length === 200) break;
      if (upcoming(a, now) && !seen.has(a.id)) pool.push(a.id);
    }
    const memberOf = (joined.get(user.id) ?? []).filter((m) => m.at <= now).map((m) => m.item);
    return { memberOf, social: friendsGoing(user.id, hist, now), candidates: pool };
  };
}

function evaluateActivities(ds: Dataset, holdout: Holdout, opts: EvalOptions): [MethodMetrics, TaskDetails] {
  const t0 = performance.now();
  const { train, test } = holdout;
  const counts = countBy(train);
  const upcoming = (it: RecItem, now: number) => (it.startsAt ?? Infinity) >= now;
  const history = historyByUser(train);
  const users = new Map(ds.users.map((u) => [u.id, u]));
  const byId = new Map(ds.activities.map((a) => [a.id, a]));

  // The weights are learned on a validation split of the training RSVPs alone, each member ranked as below.
  const context: LearningContext = (inner) => {
    const options = activityOptions(ds, inner);
    return (user, hist, held) => ({ options: options(user, hist, held.at) });
  };
  const model = trainItemModel(ds.activities, train, ds.users, { learn: { kind: 'activities', context }, ...opts.train });
  const weights = opts.activityWeights ?? {};
  const hybridWeights = pickHybridWeights(ds, ds.activities, train, upcoming);
  const options = activityOptions(ds, train);

  const rankers: [MethodName, Ranker][] = [
    ['popular', popularRanker(ds.activities, counts, upcoming)],
    ['content', contentRanker(ds.activities, counts, upcoming)],
    ['hybrid', hybridRanker(ds.activities, train, counts, upcoming)(hybridWeights)],
    [
      'kindred',
      (user, hist, now) =>
        recommend(model, user, hist.map((x) => x.item), { ...options(user, hist, now), k: K, kind: 'activities', now, weights }).map((r) => r.itemId),
    ],
  ];
  const lists = new Map<MethodName, string[][]>(rankers.map(([name]) => [name, []]));
  const targets: string[] = [];
  for (const [userId, held] of test) {
    const user = users.get(userId) ?? { id: userId, interests: [] };
    const hist = history.get(userId) ?? [];
    targets.push(held.item);
    for (const [name, rank] of rankers) lists.get(name)!.push(rank(user, hist, held.at));
  }
  const [metrics, liftOverHybrid] = summarize(lists, targets, ds.activities.length, (id) => byId.get(id)?.tags ?? []);
  return [
    metrics,
    { users: test.size, liftOverHybrid, hybridWeights, learned: model.learned, items: ds.activities.length, trainInteractions: train.length, ms: Math.round(performance.now() - t0) },
  ];
}

/** Run the whole protocol on a dataset: groups always, activities when there are RSVPs. */
export function runEvaluation(ds: Dataset, opts: EvalOptions = {}): EvalResult {
  let groupHoldout = holdOutLatest(ds.memberships);
  let rsvpHoldout = ds.rsvps.length > 0 ? holdOutLatest(ds.rsvps) : undefined;
  if (opts.split === 'validation') {
    groupHoldout = holdOutLatest(groupHoldout.train);
    if (rsvpHoldout) rsvpHoldout = holdOutLatest(rsvpHoldout.train);
  }
  const result: EvalResult = { report: {}, details: {} };
  if (opts.only !== 'activities') [result.report.groups, result.details.groups] = evaluateGroups(ds, groupHoldout, opts);
  if (opts.only !== 'groups' && rsvpHoldout && rsvpHoldout.test.size > 0) {
    const [activities, details] = evaluateActivities(ds, rsvpHoldout, opts);
    result.report.activities = activities;
    result.details.activities = details;
  }
  return result;
}

/** The figures as a plain-text table, with Kindred's lift over the better baseline. */
export function formatReport(result: EvalResult): string {
  const lines: string[] = [];
  const tasks: ['groups' | 'activities', MethodMetrics | undefined, TaskDetails | undefined][] = [
    ['groups', result.report.groups, result.details.groups],
    ['activities', result.report.activities, result.details.activities],
  ];
  for (const [task, m, d] of tasks) {
    if (!m || !d) continue;
    lines.push(`${task}: ${d.users} members evaluated, ${d.items} items, ${d.trainInteractions} training interactions, ${(d.ms / 1000).toFixed(1)} s`);
    const interval = ([lo, hi]: [number, number]) => `[${lo.toFixed(3)}, ${hi.toFixed(3)}]`.padStart(16);
    lines.push(`  ${'method'.padEnd(9)}${'recall@10'.padStart(11)}${'95% CI'.padStart(16)}${'ndcg@10'.padStart(11)}${'95% CI'.padStart(16)}${['coverage', 'diversity'].map((h) => h.padStart(11)).join('')}`);
    for (const name of methodNames) {
      const x = m[name];
      lines.push(
        `  ${name.padEnd(9)}${x['recall@10'].toFixed(4).padStart(11)}${interval(x.ci['recall@10'])}${x['ndcg@10'].toFixed(4).padStart(11)}${interval(x.ci['ndcg@10'])}` +
          [x.coverage, x.diversity].map((v) => v.toFixed(4).padStart(11)).join(''),
      );
    }
    const best = Math.max(m.popular['recall@10'], m.content['recall@10']);
    const lift = best > 0 ? m.kindred['recall@10'] / best : Infinity;
    const { ratio, ci } = d.liftOverHybrid;
    lines.push(`  hybrid weights (picked on the validation split): tags ${d.hybridWeights.tags}, closeness ${d.hybridWeights.near}`);
    if (d.learned) {
      const { weights, members, recallBefore, recallAfter, walkMix } = d.learned;
      const shown = Object.entries(weights).map(([k, v]) => `${k} ${v}`).join(', ') + (walkMix ? `; RP3β mixed into EASE ×${walkMix}` : '');
      lines.push(`  kindred weights (learned on ${members} validation members, recall@10 ${recallBefore.toFixed(3)} → ${recallAfter.toFixed(3)} there): ${shown}`);
    }
    lines.push(`  kindred recall@10 = ${ratio.toFixed(2)} × the plain hybrid (95% CI ${ci[0].toFixed(2)}–${ci[1].toFixed(2)}), ${lift.toFixed(2)} × the better of popular and content; coverage ${m.kindred.coverage >= m.content.coverage ? '≥' : '<'} content's`);
    lines.push('');
  }
  return lines.join('\n');
}
