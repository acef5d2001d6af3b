/**
 * Kindred's recommendation engine: pure TypeScript over in-memory data, no
 * database access, so the API (inputs loaded from PostgreSQL, outputs stored
 * in tables) and the offline evaluation (`npm run recs:eval`) run the same code.
 * One engine serves groups, activities and posts: an "item" is any of them.
 *
 * API
 *   trainItemModel(items, interactions, users?, opts?) → ItemModel
 *     The heavy, periodic part (a background job). Builds, per item, its top-N
 *     co-membership neighbours (shrunk asymmetric cosine, each member's vote
 *     damped by how many items they have), a log-damped popularity, a location
 *     (given, or the median of its located members), an IDF-weighted tag index,
 *     a global popular list, popular-near lists per geographic cell, and a
 *     per-group index of activities/posts. Plain objects and arrays only:
 *     JSON-serializable and one table per field (see ItemModel).
 *   recommend(model, user, history, opts) → Recommendation[]
 *     The cheap per-member part (the server runs it in background jobs and
 *     stores the result, see rankings.ts). Touches only: model.neighbours of the
 *     member's history and "not interested" items, model.tagIndex and
 *     model.tagIdf of their tags, model.popularNear of their cell, model.popular,
 *     model.groupIndex of opts.memberOf, and model.items of the candidates
 *     those produce. A caller may pass a partial model holding just those rows.
 *     Never loops over all items or all members.
 *   memberProfile(model, user, history, opts) → MemberProfile
 *   recommendNewItems(profile, items, opts) → Recommendation[]
 *     A member's tag profile, place, skills and dismissed tags in a storable
 *     form, and the scoring of items created after a stored ranking from it
 *     alone (the server keeps both with each member's ranking).
 *   addItemToModel(model, item)
 *     Between rebuilds a brand-new group enters the tag index, so it can be
 *     recommended with no members. The member's own joins count at once
 *     anyway, because recommend() takes their current history.
 *   recommenderPresets: signal weights for groups, activities and posts.
 *
 * Scoring (all signals in [0, 1], see RecommendWeights):
 *   score = cf·CF + interest·TAG + popularity·POP + local·LOCAL + group·GROUP
 *           + social·SOCIAL + freshness·FRESH
 *   then × distance factor (1 + (km/geoScaleKm)²)^-geo × skill factor
 *        × (1 − "not interested" penalty),
 * then MMR re-ranking over tags for diversity. Each result carries structured
 * reasons, strongest first; the web app renders them in English and Chinese.
 */
import { findInterest, interestKeysInCategory } from '@kindred/contract';
import { greatCircleKm } from '../../lib/geo.js';
import { normalizeTag } from '../../lib/tags.js';

// ---------------------------------------------------------------- inputs

export interface RecUser {
  id: string;
  /** Declared interests: taxonomy keys or free tags (normalized here). */
  interests: string[];
  /** Skill per interest tag, 1 beginner … 3 advanced. */
  skills?: Record<string, number>;
  lat?: number;
  lng?: number;
}

export interface RecItem {
  id: string;
  tags: string[];
  lat?: number;
  lng?: number;
  /** Epoch ms. Groups and posts: when created (drives freshness). */
  createdAt?: number;
  /** Epoch ms. Activities: when it starts (past ones are never recommended when `now` is given). */
  startsAt?: number;
  /** The group an activity or post belongs to. */
  groupId?: string;
  /** Level the item is aimed at, 1 beginner … 3 advanced. */
  level?: number;
}

/** A join, RSVP, like… `weight` defaults to 1 (e.g. a like could be 0.5, a registration 2). */
export interface Interaction {
  user: string;
  item: string;
  at: number;
  weight?: number;
}

// ---------------------------------------------------------------- model

/** [neighbour item id, similarity]. */
export type Neighbour = [itemId: string, similarity: number];

export interface ModelItem {
  tags: string[];
  lat?: number;
  lng?: number;
  /** True when lat/lng is the median of the item's members, not its own. */
  locationInferred?: boolean;
  createdAt?: number;
  startsAt?: number;
  groupId?: string;
  level?: number;
  /** Interaction count (weighted, time-decayed when trained with a half-life). */
  popularity: number;
  /** ‖IDF-weighted tag vector‖, for cosine tag matching. */
  tagNorm: number;
}

export interface ItemModel {
  version: 1;
  builtAt: number;
  cellDeg: number;
  maxPopularity: number;
  items: Record<string, ModelItem>;
  /** Item → its top neighbours by co-membership, strongest first. */
  neighbours: Record<string, Neighbour[]>;
  /** Tag → items carrying it, most popular first, newest ones always included. */
  tagIndex: Record<string, string[]>;
  tagIdf: Record<string, number>;
  /** Group → its activities/posts, by startsAt ?? createdAt ascending. */
  groupIndex: Record<string, string[]>;
  /** Most popular items overall. */
  popular: string[];
  /** Cell key (see cellKey) → [item, share of members around the cell who joined it], best first. */
  popularNear: Record<string, [string, number][]>;
  /** Blend weights learned on a validation split at training (TrainOptions.learn), for items of this kind. */
  learned?: LearnedWeights;
  /**
   * Blend weights learned by another model for another kind of item that is
   * ranked with this one's help (the server's group model carries the
   * activities' weights: activities are ranked from a pool model of their own).
   */
  alsoLearned?: LearnedWeights[];
}

export interface LearnedWeights {
  kind: RecommendKind;
  /** What replaces the preset's weights. */
  weights: Partial<RecommendWeights>;
  /** Validation members the weights were chosen on, and their recall@10 with the preset and with the learned weights. */
  members: number;
  recallBefore: number;
  recallAfter: number;
  /**
   * When set, the EASE neighbour lists had this multiple of the items' RP3β
   * similarity (scaled to EASE's) added to them: two views of co-membership,
   * mixed as learned.
   */
  walkMix?: number;
}

export interface TrainOptions {
  /** Neighbours kept per item. */
  neighbours?: number;
  /** Popularity exponent on the candidate side of the cosine (0.5 = cosine; higher damps big items more). */
  beta?: number;
  /** Shrinkage added to the cosine denominator, so a co-membership of two is not a strong signal. */
  shrink?: number;
  /** Only a member's most recent this-many items feed co-membership (bounds the cost of power users). */
  maxItemsPerUser?: number;
  /** Popularity half-life in days (undefined: no decay). */
  popularityHalfLifeDays?: number;
  /** Size of a popular-near cell, degrees. */
  cellDeg?: number;
  popularSize?: number;
  popularNearSize?: number;
  /** A cell needs this many located members around it to get its own list. */
  minCellUsers?: number;
  tagIndexSize?: number;
  /** Newest items per tag kept in the tag index whatever their popularity (cold-start items). */
  newestPerTag?: number;
  /** Model build time, epoch ms (default: latest interaction). */
  now?: number;
  /**
   * The most popular this-many items get their neighbours from a linear
   * item-to-item model (EASE: the weights that best rebuild each member's items
   * from their other items, with ridge regularisation equal to the mean item
   * degree), the rest keep co-membership cosine. 0: cosine for all. Memory and
   * time grow with its square and cube (2,000: 32 MB, seconds).
   */
  easeItems?: number;
  /**
   * Learn the blend weights for this kind of item on a validation split of
   * `interactions` (see learnSteps) and keep them in the model, so recommend()
   * ranks with them. Training takes about twice as long.
   */
  learn?: { kind: RecommendKind; members?: number; context?: LearningContext; fixed?: Partial<RecommendWeights> };
}

/**
 * What a validation member is ranked with when learning, so that learning
 * scores the candidates the product would consider: called once with the
 * validation split's training interactions and the model trained on them, it
 * returns, for a member, their history before the held-out item and that
 * item, the history recommend() is given (default: the member's items) and
 * the options (memberOf, social, candidates, exclude; `k`, `kind`, `now` and
 * the weights are the learner's). With `learn.fixed`, those weights are held
 * at the given values while learning (a signal the product's ranking lacks).
 */
export type LearningContext = (
  train: readonly Interaction[],
  model: ItemModel,
) => (user: RecUser, history: readonly Interaction[], held: Interaction) => { history?: readonly string[]; options?: Partial<RecommendOptions> };

export const defaultTrainOptions: Required<Omit<TrainOptions, 'popularityHalfLifeDays' | 'now' | 'learn'>> = {
  neighbours: 50,
  beta: 0.5,
  shrink: 10,
  maxItemsPerUser: 300,
  cellDeg: 0.5,
  popularSize: 100,
  popularNearSize: 60,
  minCellUsers: 20,
  tagIndexSize: 100,
  newestPerTag: 10,
  easeItems: 0,
};

// ---------------------------------------------------------------- output

export type Reason =
  | { kind: 'interest'; tag: string }
  | { kind: 'also_joined'; viaItemId: string }
  | { kind: 'in_your_group'; groupId: string }
  | { kind: 'friends_going'; count: number }
  | { kind: 'popular_near' }
  | { kind: 'popular' };

export interface Recommendation {
  itemId: string;
  score: number;
  /** Strongest first; never empty. */
  reasons: Reason[];
}

export interface RecommendWeights {
  /** Co-membership neighbours of the member's items. */
  cf: number;
  /** IDF-weighted cosine between the member's tags and the item's. */
  interest: number;
  /** Log-damped global popularity (the guard against the rich getting richer is the log and the small weight). */
  popularity: number;
  /** Share of members around the member's cell who joined the item. */
  local: number;
  /** The item belongs to a group the member is in (activities, posts). */
  group: number;
  /** People the member knows are going (opts.social). */
  social: number;
  /** Starts soon / created recently. */
  freshness: number;
  /** Exponent of the distance factor (1 + (km / geoScaleKm)²)^-geo; 0 ignores distance. */
  geo: number;
  /** Distance up to which the factor stays near 1. */
  geoScaleKm: number;
  /** Weight of the member's history tags in the tag profile, relative to declared interests. */
  historyTags: number;
  /** Weight given to the other interests of a declared interest's taxonomy category. */
  categoryExpansion: number;
  /** Days over which freshness decays (e-folding). */
  freshnessDays: number;
  /** MMR trade-off, 0 = pure relevance, 1 = pure novelty. */
  diversity: number;
}

/**
 * Signal weights per kind of item. Groups and activities were fixed on the
 * validation splits described in docs/recommendations.md; posts have no
 * offline data yet and start from the group weights with faster freshness.
 */
export const recommenderPresets: Record<'groups' | 'activities' | 'posts', RecommendWeights> = {
  groups: {
    cf: 1,
    interest: 0.35,
    popularity: 0.12,
    local: 0.12,
    group: 0,
    social: 0.3,
    freshness: 0.3,
    geo: 0.5,
    geoScaleKm: 30,
    historyTags: 1,
    categoryExpansion: 0.25,
    freshnessDays: 60,
    diversity: 0.15,
  },
  activities: {
    cf: 0.2,
    interest: 0.2,
    popularity: 0.2,
    local: 0.1,
    group: 0.8,
    social: 0.6,
    freshness: 0.8,
    geo: 0.25,
    geoScaleKm: 30,
    historyTags: 1,
    categoryExpansion: 0.25,
    freshnessDays: 14,
    diversity: 0.1,
  },
  posts: {
    cf: 1,
    interest: 0.35,
    popularity: 0.12,
    local: 0.12,
    group: 0.3,
    social: 0.3,
    freshness: 0.6,
    geo: 0.3,
    geoScaleKm: 30,
    historyTags: 1,
    categoryExpansion: 0.25,
    freshnessDays: 3,
    diversity: 0.2,
  },
};

export type RecommendKind = keyof typeof recommenderPresets;

/**
 * How groups are trained, in the product and in the evaluation alike: EASE
 * neighbours for the 1,000 most joined groups, with a learned share of their
 * RP3β neighbours mixed in (LearnedWeights.walkMix), and blend weights learned
 * on a validation split; with too few members to learn from (see learnSteps),
 * cosine neighbours and the preset.
 */
export const groupModelOptions: TrainOptions = { easeItems: 1000, learn: { kind: 'groups' } };

export interface RecommendOptions {
  k: number;
  /** Which preset of weights to start from (default 'groups'). */
  kind?: RecommendKind;
  /** Never recommend these (hidden, blocked authors' content, invisible private groups…). */
  exclude?: ReadonlySet<string>;
  /** Marked "not interested": excluded, and their neighbours and tag-mates demoted. */
  notInterested?: ReadonlySet<string>;
  /** Epoch ms; enables freshness, drops activities that already started and items created later. */
  now?: number;
  /** Overrides weights.diversity. */
  diversity?: number;
  /** Overrides of the preset's weights. */
  weights?: Partial<RecommendWeights>;
  /** Groups the member is in (for activities and posts of those groups). */
  memberOf?: readonly string[];
  /** Item → how many people the member knows are going / joined. Also adds candidates. */
  social?: ReadonlyMap<string, number>;
  /** Extra candidate ids the caller already has (e.g. upcoming activities nearby). */
  candidates?: readonly string[];
}

// ---------------------------------------------------------------- helpers

/** Own-property lookup: tags are free text, and "constructor" must not find Object.prototype's. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Own-property write: `record["__proto__"] = x` would replace the prototype instead. */
function setOwn<T>(record: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

function hasLocation(p: { lat?: number; lng?: number }): p is { lat: number; lng: number } {
  return typeof p.lat === 'number' && typeof p.lng === 'number' && Number.isFinite(p.lat) && Number.isFinite(p.lng);
}

/** The popular-near cell of a point; longitude wraps at the antimeridian. */
export function cellKey(lat: number, lng: number, cellDeg: number): string {
  const n = Math.round(360 / cellDeg);
  const x = (((Math.floor((lng + 180) / cellDeg)) % n) + n) % n;
  return `${Math.floor(lat / cellDeg)}:${x}`;
}

function neighbourCellKeys(lat: number, lng: number, cellDeg: number): string[] {
  const keys = new Set<string>();
  for (const dy of [-1, 0, 1]) for (const dx of [-1, 0, 1]) keys.add(cellKey(lat + dy * cellDeg, lng + dx * cellDeg, cellDeg));
  return [...keys];
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Indices of the `n` largest values, largest first (ties: lower index first). */
function topIndices(indices: Iterable<number>, value: (i: number) => number, n: number): number[] {
  return [...indices].sort((a, b) => value(b) - value(a) || a - b).slice(0, n);
}

const DAY_MS = 86_400_000;

/**
 * EASE (Steck 2019) on the `limit` most-joined items: B = I − P·diag(1/diag P),
 * P = (XᵀX + λI)⁻¹, λ the mean degree of those items; each item keeps its
 * `keep` largest positive weights as neighbours (the candidate side: a member's
 * score for j is Σ over their items i of B_ij, as with cosine neighbours).
 */
function* easeNeighbours(items: readonly RecItem[], degree: Int32Array, userLists: readonly Int32Array[], limit: number, keep: number): Generator<void, Record<string, Neighbour[]>> {
  const chosen = easeChoice(degree, limit);
  const n = chosen.length;
  const out: Record<string, Neighbour[]> = {};
  if (n < 2) return out;
  const slot = new Int32Array(degree.length).fill(-1);
  chosen.forEach((i, s) => (slot[i] = s));
  // The Gram matrix XᵀX over the chosen items, then its regularised inverse (Gauss–Jordan, in place).
  const g = new Float64Array(n * n);
  const present: number[] = [];
  for (let u = 0; u < userLists.length; u++) {
    if (u % 5_000 === 0) yield;
    const list = userLists[u]!;
    present.length = 0;
    for (const i of list) if (slot[i]! >= 0) present.push(slot[i]!);
    for (const a of present) for (const b of present) g[a * n + b]! += 1;
  }
  let trace = 0;
  for (let a = 0; a < n; a++) trace += g[a * n + a]!;
  const lambda = Math.max(1, trace / n);
  for (let a = 0; a < n; a++) g[a * n + a]! += lambda;
  const p = new Float64Array(n * n);
  for (let a = 0; a < n; a++) p[a * n + a] = 1;
  for (let c = 0; c < n; c++) {
    if (c % 16 === 0) yield;
    const pivot = g[c * n + c]!;
    const gc = g.subarray(c * n, c * n + n);
    const pc = p.subarray(c * n, c * n + n);
    for (let j = 0; j < n; j++) {
      gc[j]! /= pivot;
      pc[j]! /= pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = g[r * n + c]!;
      if (f === 0) continue;
      const gr = g.subarray(r * n, r * n + n);
      const pr = p.subarray(r * n, r * n + n);
      for (let j = c; j < n; j++) gr[j]! -= f * gc[j]!;
      for (let j = 0; j < n; j++) pr[j]! -= f * pc[j]!;
    }
  }
  for (let a = 0; a < n; a++) {
    if (a % 64 === 0) yield;
    const weight = (b: number) => (b === a ? 0 : -p[a * n + b]! / p[b * n + b]!);
    const best = topIndices(Array.from({ length: n }, (_, b) => b).filter((b) => weight(b) > 0), weight, keep);
    setOwn(out, items[chosen[a]!]!.id, best.map((b): Neighbour => [items[chosen[b]!]!.id, round(weight(b))]));
  }
  return out;
}

// ---------------------------------------------------------------- training

/**
 * Build the item model from items, interactions and (for locations and
 * popular-near lists) members. Interactions with unknown items are ignored;
 * repeated interactions of a member with an item count once, at the highest weight.
 */
export function trainItemModel(
  items: readonly RecItem[],
  interactions: readonly Interaction[],
  users: readonly RecUser[] = [],
  options: TrainOptions = {},
): ItemModel {
  return runToEnd(trainSteps(items, interactions, users, options));
}

/** Runs a generator of the training (which yields only to give others a turn) to its end, at once. */
function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * trainItemModel in slices of about `sliceMs` of work, giving the event loop
 * its turn between them: what a server's training job calls, so requests keep
 * being answered while it trains.
 */
export async function trainItemModelInSlices(
  items: readonly RecItem[],
  interactions: readonly Interaction[],
  users: readonly RecUser[] = [],
  options: TrainOptions = {},
  sliceMs = 20,
): Promise<ItemModel> {
  const steps = trainSteps(items, interactions, users, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** The training, yielding every little while (see trainItemModelInSlices). */
function* trainSteps(
  items: readonly RecItem[],
  interactions: readonly Interaction[],
  users: readonly RecUser[],
  options: TrainOptions,
): Generator<void, ItemModel> {
  // The presets were set for cosine neighbours: a model that learns its weights uses EASE only when there is enough to learn from.
  const validation = options.learn ? yield* holdOutSteps(interactions, 3) : undefined;
  const useEase = !(validation && validation.test.size < MIN_LEARNING_MEMBERS);
  const { model, walks } = yield* buildSteps(items, interactions, users, options, useEase);
  if (options.learn && validation) {
    const learned = yield* learnSteps(items, validation, users, options, options.learn);
    if (learned) {
      model.learned = learned;
      if (learned.walkMix) mixNeighbours(model.neighbours, walks, learned.walkMix, options.neighbours ?? defaultTrainOptions.neighbours);
    }
  }
  return model;
}

/**
 * The model, and (when EASE gave the most joined items their neighbours) those
 * items' RP3β neighbour lists, scaled to EASE's: what learning may mix in.
 */
function* buildSteps(
  items: readonly RecItem[],
  interactions: readonly Interaction[],
  users: readonly RecUser[],
  options: TrainOptions,
  useEase: boolean,
): Generator<void, { model: ItemModel; walks: Record<string, Neighbour[]> }> {
  const o = { ...defaultTrainOptions, ...options };
  const n = items.length;
  const index = new Map<string, number>();
  items.forEach((it, i) => index.set(it.id, i));
  const tags = items.map((it) => [...new Set(it.tags.map(normalizeTag).filter((t) => t !== ''))]);

  let latest = -Infinity;
  for (const x of interactions) if (x.at > latest) latest = x.at;
  const now = options.now ?? (Number.isFinite(latest) ? latest : 0);
  const decay = options.popularityHalfLifeDays ? Math.LN2 / (options.popularityHalfLifeDays * DAY_MS) : 0;

  // Per member: their items (deduplicated), most recent last.
  const byUser = new Map<string, Map<number, { w: number; at: number }>>();
  let seen = 0;
  for (const x of interactions) {
    if (++seen % 20_000 === 0) yield;
    const i = index.get(x.item);
    if (i === undefined) continue;
    let m = byUser.get(x.user);
    if (!m) byUser.set(x.user, (m = new Map()));
    const w = x.weight ?? 1;
    const prev = m.get(i);
    if (!prev) m.set(i, { w, at: x.at });
    else m.set(i, { w: Math.max(prev.w, w), at: Math.max(prev.at, x.at) });
  }

  const popularity = new Float64Array(n);
  const userLists: Int32Array[] = [];
  const userWeights: number[] = [];
  const userIds: string[] = [];
  for (const [user, m] of byUser) {
    if (userLists.length % 2_000 === 0) yield;
    const entries = [...m.entries()];
    for (const [i, { w, at }] of entries) popularity[i]! += decay ? w * Math.exp(-decay * Math.max(0, now - at)) : w;
    entries.sort((a, b) => a[1].at - b[1].at);
    const kept = entries.slice(-o.maxItemsPerUser).map(([i]) => i);
    userLists.push(Int32Array.from(kept));
    // A member who joined two groups says more about them than one who joined two hundred.
    userWeights.push(1 / Math.log2(1 + Math.max(2, kept.length)));
    userIds.push(user);
  }

  // Item → members (CSR), and the weighted degree of each item.
  const degree = new Int32Array(n);
  for (const list of userLists) for (const i of list) degree[i]!++;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + degree[i]!;
  const members = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  const weightedDegree = new Float64Array(n);
  userLists.forEach((list, u) => {
    for (const i of list) {
      members[fill[i]!++] = u;
      weightedDegree[i]! += userWeights[u]!;
    }
  });

  // Co-membership neighbours with a sparse accumulator: cost Σ_members |items|², memory O(items).
  const acc = new Float64Array(n);
  const touched: number[] = [];
  const neighbours: Record<string, Neighbour[]> = {};
  // For the items EASE will cover, also their RP3β neighbours (a two-step walk item → member → item, each step
  // spread evenly, the destination damped by √degree), a second view of co-membership that learning may mix in.
  const easeCount = useEase ? o.easeItems : 0;
  const inEase = new Uint8Array(n);
  if (easeCount > 0) for (const i of easeChoice(degree, easeCount)) inEase[i] = 1;
  const acc2 = new Float64Array(easeCount > 0 ? n : 0);
  const rp3: Record<string, Neighbour[]> = {};
  for (let i = 0; i < n; i++) {
    const walk = inEase[i] === 1;
    if (i % 64 === 0 || walk) yield; // the EASE items are the most joined: the costliest
    touched.length = 0;
    for (let p = start[i]!; p < start[i + 1]!; p++) {
      const u = members[p]!;
      const uw = userWeights[u]!;
      const list = userLists[u]!;
      for (const j of list) {
        if (j === i) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j]! += uw;
        if (walk) acc2[j]! += 1 / list.length;
      }
    }
    if (touched.length === 0) continue;
    if (inEase[i] === 1) {
      const score = (j: number) => acc2[j]! / (degree[i]! * degree[j]! ** 0.5);
      setOwn(rp3, items[i]!.id, topIndices(touched, score, o.neighbours).map((j): Neighbour => [items[j]!.id, score(j)]));
      for (const j of touched) acc2[j] = 0;
    }
    const di = weightedDegree[i]!;
    const sim = (j: number) => acc[j]! / (di ** (1 - o.beta) * weightedDegree[j]! ** o.beta + o.shrink);
    const best = topIndices(touched, sim, o.neighbours);
    setOwn(neighbours, items[i]!.id, best.map((j): Neighbour => [items[j]!.id, round(sim(j))]));
    for (const j of touched) acc[j] = 0;
  }

  const walks: Record<string, Neighbour[]> = {};
  if (easeCount > 0) {
    const ease = yield* easeNeighbours(items, degree, userLists, easeCount, o.neighbours);
    // The EASE items' RP3β lists on EASE's scale (their strongest links alike on average), for learning to mix in.
    let easeTop = 0;
    let walkTop = 0;
    for (const [id, list] of Object.entries(ease)) {
      const c = own(rp3, id);
      if (!c || c.length === 0 || list.length === 0) continue;
      easeTop += list[0]![1];
      walkTop += c[0]![1];
    }
    const scale = walkTop > 0 ? easeTop / walkTop : 1;
    for (const id of Object.keys(ease)) {
      const c = own(rp3, id);
      if (c) setOwn(walks, id, c.map(([j, x]): Neighbour => [j, round(x * scale)]));
    }
    Object.assign(neighbours, ease);
  }

  // Locations: the item's own, or the median of its located members.
  const userById = new Map(users.map((u) => [u.id, u]));
  const located = userIds.map((id) => {
    const u = userById.get(id);
    return u && hasLocation(u) ? u : undefined;
  });

  const df = new Map<string, number>();
  for (const ts of tags) for (const t of ts) df.set(t, (df.get(t) ?? 0) + 1);
  const tagIdf: Record<string, number> = {};
  for (const [t, d] of df) setOwn(tagIdf, t, round(Math.log(1 + n / d)));

  const modelItems: Record<string, ModelItem> = {};
  let maxPopularity = 0;
  for (const [i, it] of items.entries()) {
    if (i % 1_000 === 0) yield;
    const mi: ModelItem = { tags: tags[i]!, popularity: round(popularity[i]!), tagNorm: round(Math.hypot(...tags[i]!.map((t) => tagIdf[t]!))) };
    if (hasLocation(it)) {
      mi.lat = it.lat;
      mi.lng = it.lng;
    } else {
      const lats: number[] = [];
      const lngs: number[] = [];
      for (let p = start[i]!; p < start[i + 1]!; p++) {
        const u = located[members[p]!];
        if (u) {
          lats.push(u.lat!);
          lngs.push(u.lng!);
        }
      }
      if (lats.length >= 3) {
        mi.lat = round(median(lats));
        mi.lng = round(median(lngs));
        mi.locationInferred = true;
      }
    }
    if (it.createdAt !== undefined) mi.createdAt = it.createdAt;
    if (it.startsAt !== undefined) mi.startsAt = it.startsAt;
    if (it.groupId !== undefined) mi.groupId = it.groupId;
    if (it.level !== undefined) mi.level = it.level;
    setOwn(modelItems, it.id, mi);
    maxPopularity = Math.max(maxPopularity, mi.popularity);
  }

  const byPopularity = topIndices(items.keys(), (i) => popularity[i]!, n);
  const popular = byPopularity.slice(0, o.popularSize).filter((i) => popularity[i]! > 0).map((i) => items[i]!.id);

  // Tag index: most popular first, plus the newest items so a group with no members can still be found.
  const tagIndex: Record<string, string[]> = {};
  const rankOf = new Int32Array(n);
  byPopularity.forEach((i, r) => (rankOf[i] = r));
  const perTag = new Map<string, number[]>();
  tags.forEach((ts, i) => ts.forEach((t) => (perTag.get(t) ?? perTag.set(t, []).get(t)!).push(i)));
  for (const [t, list] of perTag) {
    list.sort((a, b) => rankOf[a]! - rankOf[b]!);
    const chosen = new Set(list.slice(0, o.tagIndexSize));
    const newest = list.filter((i) => items[i]!.createdAt !== undefined).sort((a, b) => items[b]!.createdAt! - items[a]!.createdAt!);
    for (const i of newest.slice(0, o.newestPerTag)) chosen.add(i);
    setOwn(tagIndex, t, [...chosen].map((i) => items[i]!.id));
  }

  // Group index (activities, posts), by time ascending.
  const groupIndex: Record<string, string[]> = {};
  const timeOf = (it: RecItem) => it.startsAt ?? it.createdAt ?? 0;
  for (const it of items) if (it.groupId !== undefined) (own(groupIndex, it.groupId) ?? setOwn(groupIndex, it.groupId, [])).push(it.id);
  for (const list of Object.values(groupIndex)) list.sort((a, b) => timeOf(items[index.get(a)!]!) - timeOf(items[index.get(b)!]!));

  // Popular near: per cell, what members in the 3×3 cells around it joined.
  const cellUsers = new Map<string, number>();
  const cellCounts = new Map<string, Map<number, number>>();
  for (let u = 0; u < userLists.length; u++) {
    if (u % 5_000 === 0) yield;
    const list = userLists[u]!;
    const loc = located[u];
    if (!loc) continue;
    const key = cellKey(loc.lat!, loc.lng!, o.cellDeg);
    cellUsers.set(key, (cellUsers.get(key) ?? 0) + 1);
    let counts = cellCounts.get(key);
    if (!counts) cellCounts.set(key, (counts = new Map()));
    for (const i of list) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const popularNear: Record<string, [string, number][]> = {};
  const centre = (key: string): [number, number] => {
    const [y, x] = key.split(':').map(Number) as [number, number];
    return [(y + 0.5) * o.cellDeg, (x + 0.5) * o.cellDeg - 180];
  };
  for (const key of cellUsers.keys()) {
    const [lat, lng] = centre(key);
    let usersAround = 0;
    const counts = new Map<number, number>();
    for (const k2 of neighbourCellKeys(lat, lng, o.cellDeg)) {
      usersAround += cellUsers.get(k2) ?? 0;
      for (const [i, c] of cellCounts.get(k2) ?? []) counts.set(i, (counts.get(i) ?? 0) + c);
    }
    if (usersAround < o.minCellUsers) continue;
    const best = topIndices(counts.keys(), (i) => counts.get(i)!, o.popularNearSize);
    setOwn(popularNear, key, best.map((i): [string, number] => [items[i]!.id, round(counts.get(i)! / usersAround)]));
  }

  const model: ItemModel = { version: 1, builtAt: now, cellDeg: o.cellDeg, maxPopularity, items: modelItems, neighbours, tagIndex, tagIdf, groupIndex, popular, popularNear };
  return { model, walks };
}

/** The items easeNeighbours() covers: the `limit` most joined, of those joined at least twice. */
function easeChoice(degree: Int32Array, limit: number): number[] {
  return topIndices(
    [...degree.keys()].filter((i) => degree[i]! >= 2),
    (i) => degree[i]!,
    limit,
  );
}

/** Each EASE list becomes EASE + mix × RP3β (scaled), strongest `keep` first: what cf sums at serving. */
function mixNeighbours(neighbours: Record<string, Neighbour[]>, walks: Record<string, Neighbour[]>, mix: number, keep: number): void {
  for (const [id, extra] of Object.entries(walks)) {
    const merged = new Map<string, number>(own(neighbours, id) ?? []);
    for (const [j, x] of extra) merged.set(j, (merged.get(j) ?? 0) + mix * x);
    const list = [...merged].filter(([, x]) => x > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, keep);
    setOwn(neighbours, id, list.map(([j, x]): Neighbour => [j, round(x)]));
  }
}

// ---------------------------------------------------------------- learning the blend

/** A split of interactions: each member's latest item held out, the rest to train on. */
export interface Holdout {
  train: Interaction[];
  /** Member → their held-out interaction. */
  test: Map<string, Interaction>;
}

/**
 * Leave-latest-out: duplicates (same member and item) are merged at their
 * earliest time, then each member with at least `minPerUser` distinct items
 * has the latest held out (ties broken by item id, so the split is deterministic).
 */
export function holdOutLatest(interactions: readonly Interaction[], minPerUser = 3): Holdout {
  return runToEnd(holdOutSteps(interactions, minPerUser));
}

function* holdOutSteps(interactions: readonly Interaction[], minPerUser: number): Generator<void, Holdout> {
  const byUser = new Map<string, Map<string, Interaction>>();
  let seen = 0;
  for (const x of interactions) {
    if (++seen % 20_000 === 0) yield;
    let m = byUser.get(x.user);
    if (!m) byUser.set(x.user, (m = new Map()));
    const prev = m.get(x.item);
    if (!prev || x.at < prev.at) m.set(x.item, x);
  }
  const train: Interaction[] = [];
  const test = new Map<string, Interaction>();
  for (const [user, m] of byUser) {
    if (test.size % 2_000 === 0) yield;
    const list = [...m.values()].sort((a, b) => a.at - b.at || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
    if (list.length >= minPerUser) test.set(user, list.pop()!);
    train.push(...list);
  }
  return { train, test };
}

/** The weights learning may change, and the signal each multiplies (the distance exponent is `geo`). */
const LEARNABLE = [
  ['cf', 'cf'],
  ['interest', 'tag'],
  ['popularity', 'pop'],
  ['local', 'local'],
  ['group', 'group'],
  ['social', 'social'],
  ['freshness', 'fresh'],
] as const satisfies readonly (readonly [keyof RecommendWeights, keyof Scored])[];
/** Fewer validation members than this and the preset stays: too few to choose weights on. */
const MIN_LEARNING_MEMBERS = 200;
/** Fewer validation members than this and the neighbour lists stay EASE's alone (see LearnedWeights.walkMix). */
const MIN_MIXING_MEMBERS = 1000;

/**
 * Learns the blend weights (the seven signal weights and the distance
 * exponent) for one kind of item, on a validation split that the model being
 * trained never sees: each member's latest interaction is held out, a model is
 * trained on the rest, and for up to `members` of those members (a fixed,
 * evenly spaced sample) every candidate recommend() would consider is scored
 * once, keeping its signals. Coordinate ascent then multiplies one weight at a
 * time by 0, ¼, ½, 2 or 4 (a weight at 0 tries small absolute values) and
 * keeps a change when it puts more held-out items in the top 10 (with rank as
 * the tie-break), for up to three rounds. Rescoring the kept signals is cheap,
 * so the search costs little next to the second training. Returns undefined
 * when there are too few validation members to learn from.
 */
function* learnSteps(
  items: readonly RecItem[],
  { train, test }: Holdout,
  users: readonly RecUser[],
  options: TrainOptions,
  learn: NonNullable<TrainOptions['learn']>,
): Generator<void, LearnedWeights | undefined> {
  if (test.size < MIN_LEARNING_MEMBERS) return undefined;
  const { model: inner, walks } = yield* buildSteps(items, train, users, { ...options, learn: undefined }, true);
  const ids = [...test.keys()].sort();
  const stride = Math.max(1, ids.length / (learn.members ?? 2000));
  const sample: string[] = [];
  for (let at = 0; at < ids.length; at += stride) sample.push(ids[Math.floor(at)]!);
  const history = new Map<string, Interaction[]>(sample.map((id) => [id, []]));
  let seen = 0;
  for (const x of train) {
    if (++seen % 20_000 === 0) yield;
    history.get(x.user)?.push(x);
  }
  const userById = new Map(users.map((u) => [u.id, u]));
  const preset = { ...recommenderPresets[learn.kind], ...learn.fixed };
  const contextOf = learn.context?.(train, inner);
  // Per member: the candidates' signals (LEARNABLE order), near and other, and the raw EASE and RP3β sums; and the held-out item's row.
  const width = LEARNABLE.length + 4;
  const NEAR = LEARNABLE.length;
  const OTHER = NEAR + 1;
  const EASE = NEAR + 2;
  const WALK = NEAR + 3;
  const members: { rows: Float64Array; held: number; scored: Scored[]; mix: number }[] = [];
  let anyWalk = false;
  /** Which signals any candidate has: one none has (e.g. friends going, when learning knows no friends) keeps its preset weight. */
  const present = LEARNABLE.map(() => false);
  for (const id of sample) {
    yield;
    const held = test.get(id)!;
    const earlier = history.get(id)!.sort((a, b) => a.at - b.at);
    const user = userById.get(id) ?? { id, interests: [] };
    const context = contextOf?.(user, earlier, held) ?? {};
    const hist = context.history ?? earlier.map((x) => x.item);
    const { scored } = scoredCandidates(inner, user, hist, { ...context.options, k: 10, kind: learn.kind, now: held.at, weights: preset }, walks);
    const heldRow = scored.findIndex((c) => c.id === held.item);
    if (heldRow < 0) continue; // no weights can find it: the same miss whatever is learned
    const rows = new Float64Array(scored.length * width);
    scored.forEach((c, r) => {
      LEARNABLE.forEach(([, signal], k) => {
        rows[r * width + k] = c[signal] as number;
        if (c[signal] !== 0) present[k] = true;
      });
      rows[r * width + NEAR] = c.near;
      rows[r * width + OTHER] = c.other;
      rows[r * width + EASE] = c.cfRaw;
      rows[r * width + WALK] = c.cfWalk;
      if (c.cfWalk > 0) anyWalk = true;
    });
    members.push({ rows, held: heldRow, scored, mix: -1 });
  }
  if (sample.length < MIN_LEARNING_MEMBERS) return undefined;

  /** A candidate's score from its kept signals, as scoreCandidate() computes it. */
  const rowScore = (rows: Float64Array, r: number, weights: readonly number[], geo: number) => {
    let linear = 0;
    for (let k = 0; k < weights.length; k++) linear += weights[k]! * rows[r * width + k]!;
    return rows[r * width + NEAR]! ** -geo * rows[r * width + OTHER]! * linear;
  };
  /** The cf signal with `mix` × RP3β added to EASE, divided by its largest among the member's candidates (as recommend() does). */
  const CF = LEARNABLE.findIndex(([key]) => key === 'cf');
  const setMix = (m: (typeof members)[number], mix: number) => {
    if (m.mix === mix) return;
    const { rows } = m;
    const raw = (r: number) => rows[r * width + EASE]! + mix * rows[r * width + WALK]!;
    let max = 0;
    for (let r = 0; r < rows.length / width; r++) max = Math.max(max, raw(r));
    for (let r = 0; r < rows.length / width; r++) rows[r * width + CF] = max > 0 ? raw(r) / max : 0;
    m.mix = mix;
  };
  let mix = 0;
  /** Held-out items in the top 10 (`hits`), and with a hundredth of their NDCG added to break ties (`value`). */
  function* objective(w: RecommendWeights): Generator<void, { hits: number; value: number }> {
    const weights = LEARNABLE.map(([key]) => w[key]);
    let hits = 0;
    let ndcg = 0;
    for (const [m, member] of members.entries()) {
      if (m % 100 === 0) yield;
      setMix(member, mix);
      const { rows, held } = member;
      const target = rowScore(rows, held, weights, w.geo);
      let above = 0;
      for (let r = 0; r < rows.length / width && above < 10; r++) if (r !== held && rowScore(rows, r, weights, w.geo) >= target) above++;
      if (above < 10) {
        hits++;
        ndcg += 1 / Math.log2(above + 2);
      }
    }
    return { hits, value: hits + 0.01 * ndcg };
  }
  /** Held-out items in the top 10 as recommend() makes it, diversity re-ranking included. */
  function* diversifiedHits(w: RecommendWeights): Generator<void, number> {
    const weights = LEARNABLE.map(([key]) => w[key]);
    let hits = 0;
    for (const [m, member] of members.entries()) {
      if (m % 20 === 0) yield;
      setMix(member, mix);
      const { rows, held, scored } = member;
      scored.forEach((c, r) => (c.score = rowScore(rows, r, weights, w.geo)));
      const ranked = [...scored].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
      if (diversify(ranked.slice(0, 40), 10, w.diversity).includes(scored[held]!)) hits++;
    }
    return hits;
  }
  const before = yield* diversifiedHits(preset);
  let best = { ...preset };
  let bestOutcome = yield* objective(best);
  const keys: (keyof RecommendWeights)[] = [...LEARNABLE.filter((_, k) => present[k]).map(([key]) => key), 'geo' as const].filter((key) => learn.fixed?.[key] === undefined);
  for (let round = 0; round < 3; round++) {
    let changed = false;
    for (const key of keys) {
      const current = best[key];
      const tries = current > 0 ? [0, current / 4, current / 2, current * 2, current * 4] : [0.05, 0.2, 0.5];
      for (const value of tries) {
        const w = { ...best, [key]: value };
        const outcome = yield* objective(w);
        if (outcome.value > bestOutcome.value + 0.5) {
          best = w;
          bestOutcome = outcome;
          changed = true;
        }
      }
    }
    // How much of the RP3β co-membership signal to add to EASE's: it changes every list, so only on a sample large enough to tell.
    if (anyWalk && sample.length >= MIN_MIXING_MEMBERS) {
      let bestMix = mix;
      for (const value of [0, 0.25, 0.5, 1, 2, 4]) {
        if (value === bestMix) continue;
        mix = value;
        const outcome = yield* objective(best);
        if (outcome.value > bestOutcome.value + 0.5) {
          bestOutcome = outcome;
          bestMix = value;
          changed = true;
        }
      }
      mix = bestMix;
    }
    if (!changed) break;
  }
  // Last, the diversity trade-off, on the final top 10.
  let diversityHits = yield* diversifiedHits(best);
  for (const value of [0, best.diversity / 2, best.diversity * 2]) {
    const w = { ...best, diversity: value };
    const hits = yield* diversifiedHits(w);
    if (hits > diversityHits) {
      best = w;
      diversityHits = hits;
    }
  }
  return {
    kind: learn.kind,
    weights: Object.fromEntries([...keys, 'diversity' as const].map((key) => [key, round(best[key])])),
    members: sample.length,
    recallBefore: round(before / sample.length),
    recallAfter: round(diversityHits / sample.length),
    ...(mix > 0 ? { walkMix: mix } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Add a new item (e.g. a group just created) so it can be recommended before the next rebuild. */
export function addItemToModel(model: ItemModel, item: RecItem): void {
  const tags = [...new Set(item.tags.map(normalizeTag).filter((t) => t !== ''))];
  const n = Object.keys(model.items).length + 1;
  for (const t of tags) if (own(model.tagIdf, t) === undefined) setOwn(model.tagIdf, t, round(Math.log(1 + n)));
  const mi: ModelItem = { tags, popularity: 0, tagNorm: round(Math.hypot(...tags.map((t) => model.tagIdf[t]!))) };
  if (hasLocation(item)) Object.assign(mi, { lat: item.lat, lng: item.lng });
  for (const key of ['createdAt', 'startsAt', 'groupId', 'level'] as const) if (item[key] !== undefined) Object.assign(mi, { [key]: item[key] });
  setOwn(model.items, item.id, mi);
  for (const t of tags) {
    const list = own(model.tagIndex, t) ?? setOwn(model.tagIndex, t, []);
    if (!list.includes(item.id)) list.push(item.id);
  }
  if (item.groupId !== undefined) {
    const list = own(model.groupIndex, item.groupId) ?? setOwn(model.groupIndex, item.groupId, []);
    if (!list.includes(item.id)) list.push(item.id);
  }
}

// ---------------------------------------------------------------- serving

interface TagProfile {
  /** Tag → weight. */
  weight: Map<string, number>;
  /** Tag → the declared interest it came from (for reasons), when it came from one. */
  origin: Map<string, string>;
  norm: number;
}

/** `idfOf` is the model's IDF unless a caller gives tags no item carries yet one too. */
function tagProfile(
  model: ItemModel,
  user: RecUser,
  history: readonly string[],
  w: RecommendWeights,
  idfOf: (tag: string) => number | undefined = (t) => own(model.tagIdf, t),
): TagProfile {
  const weight = new Map<string, number>();
  const origin = new Map<string, string>();
  const add = (t: string, x: number, from?: string) => {
    if (idfOf(t) === undefined) return; // a tag no item carries cannot match anything
    weight.set(t, (weight.get(t) ?? 0) + x);
    if (from && (!origin.has(t) || from === t)) origin.set(t, from);
  };
  const declared = [...new Set(user.interests.map(normalizeTag).filter((t) => t !== ''))];
  for (const t of declared) {
    add(t, 1, t);
    const curated = findInterest(t);
    if (curated && w.categoryExpansion > 0) for (const k of interestKeysInCategory(curated.category)) if (k !== t) add(k, w.categoryExpansion, t);
  }
  const known = history.map((h) => own(model.items, h)).filter((x): x is ModelItem => x !== undefined);
  for (const mi of known) for (const t of mi.tags) add(t, w.historyTags / known.length);
  let sq = 0;
  for (const [t, x] of weight) sq += (x * idfOf(t)!) ** 2;
  return { weight, origin, norm: Math.sqrt(sq) };
}

interface Scored {
  id: string;
  item: ModelItem;
  cf: number;
  /** cf before it is divided by the largest among the candidates. */
  cfRaw: number;
  /** Σ scaled RP3β similarity from the member's items (learning only: see LearnedWeights.walkMix). */
  cfWalk: number;
  via?: string;
  viaSim: number;
  tag: number;
  bestTag?: string;
  pop: number;
  local: number;
  group: number;
  social: number;
  socialCount: number;
  fresh: number;
  /** 1 + (km / geoScaleKm)²: the distance factor is near^-geo. */
  near: number;
  /** Distance from the member, when both places are known. */
  km?: number;
  /** The rest of the factor: skill match and "not interested" demotion. */
  other: number;
  factor: number;
  score: number;
}

/** What scoring a candidate needs besides the candidate: built by recommend(), or from a stored MemberProfile. */
interface Scorer {
  w: RecommendWeights;
  profile: TagProfile;
  /** IDF of a tag of the profile. */
  idf: (tag: string) => number;
  /** The member's place, when known. */
  at?: { lat: number; lng: number };
  skills: Map<string, number>;
  /** Candidate → demotion from being a neighbour of something marked "not interested". */
  penalty: Map<string, number>;
  /** Tag → how many items marked "not interested" carry it. */
  dismissedTags: Map<string, number>;
  now?: number;
}

/** Fills in a candidate's tag, popularity and freshness signals, its factor and its score. */
function scoreCandidate(s: Scored, c: Scorer, maxCf: number, logMaxPop: number): void {
  const { w, profile, skills } = c;
  const it = s.item;
  if (profile.norm > 0 && it.tagNorm > 0) {
    let dot = 0;
    let best = 0;
    for (const t of it.tags) {
      const x = profile.weight.get(t);
      if (x === undefined) continue;
      const contribution = x * c.idf(t) ** 2;
      dot += contribution;
      if (contribution > best) {
        best = contribution;
        s.bestTag = profile.origin.get(t) ?? t;
      }
    }
    s.tag = dot / (profile.norm * it.tagNorm);
  }
  s.pop = Math.log1p(it.popularity) / logMaxPop;
  if (maxCf > 0) s.cf /= maxCf;
  if (c.now !== undefined) {
    if (it.startsAt !== undefined) s.fresh = Math.exp(-Math.max(0, it.startsAt - c.now) / (w.freshnessDays * DAY_MS));
    else if (it.createdAt !== undefined) s.fresh = Math.exp(-Math.max(0, c.now - it.createdAt) / (w.freshnessDays * DAY_MS));
  }
  // Flat within a neighbourhood, then falling: a bus ride is fine, another city is not.
  // Unknown location counts as half a scale away: neither rewarded nor ruled out.
  if (c.at && hasLocation(it)) s.km = greatCircleKm(c.at.lat, c.at.lng, it.lat, it.lng);
  s.near = 1 + ((s.km ?? w.geoScaleKm / 2) / w.geoScaleKm) ** 2;
  let factor = 1;
  if (it.level !== undefined && skills.size > 0) {
    const levels = it.tags.map((t) => skills.get(t)).filter((x): x is number => x !== undefined);
    if (levels.length > 0) factor *= [1, 0.85, 0.5][Math.min(2, Math.abs(Math.max(...levels) - it.level))]!;
  }
  let pen = c.penalty.get(s.id) ?? 0;
  if (c.dismissedTags.size > 0 && it.tags.length > 0) {
    // One dismissed hiking group is a hint, three are a verdict.
    let shared = 0;
    for (const t of it.tags) shared += c.dismissedTags.get(t) ?? 0;
    pen = Math.max(pen, 0.3 * (shared / it.tags.length));
  }
  factor *= 1 - Math.min(0.9, pen);
  s.other = factor;
  s.factor = s.near ** -w.geo * factor;
  s.score = s.factor * (w.cf * s.cf + w.interest * s.tag + w.popularity * s.pop + w.local * s.local + w.group * s.group + w.social * s.social + w.freshness * s.fresh);
}

function dismissedTagCounts(model: ItemModel, notInterested: Iterable<string> = []): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of notInterested) for (const t of own(model.items, id)?.tags ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** The weights recommend() uses: the kind's preset, what the model learned for that kind, then the caller's overrides. */
function weightsFor(model: Pick<ItemModel, 'learned' | 'alsoLearned'>, kind: RecommendKind, overrides?: Partial<RecommendWeights>): RecommendWeights {
  return { ...recommenderPresets[kind], ...learnedFor(model, kind)?.weights, ...overrides };
}

/** What the model learned for this kind of item, itself or carried for another model (ItemModel.alsoLearned). */
export function learnedFor(model: Pick<ItemModel, 'learned' | 'alsoLearned'>, kind: RecommendKind): LearnedWeights | undefined {
  return model.learned?.kind === kind ? model.learned : model.alsoLearned?.find((l) => l.kind === kind);
}

/** Recommend `opts.k` items for a member, with reasons. `history` is what they joined/attended, most recent last. */
export function recommend(model: ItemModel, user: RecUser, history: readonly string[], opts: RecommendOptions): Recommendation[] {
  const { scored, w, nearKnown } = scoredCandidates(model, user, history, opts);
  const ranked = scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const chosen = diversify(ranked.slice(0, Math.max(opts.k * 4, 40)), opts.k, opts.diversity ?? w.diversity);
  return chosen.map((s) => ({ itemId: s.id, score: round(s.score), reasons: reasonsFor(s, w, nearKnown) }));
}

/** Every candidate recommend() considers for the member, scored, in no particular order. */
function scoredCandidates(
  model: ItemModel,
  user: RecUser,
  history: readonly string[],
  opts: RecommendOptions,
  walks?: Record<string, Neighbour[]>,
): { scored: Scored[]; w: RecommendWeights; nearKnown: boolean } {
  const w = weightsFor(model, opts.kind ?? 'groups', opts.weights);
  const seen = new Set(history);
  const blocked = (id: string) => seen.has(id) || opts.exclude?.has(id) === true || opts.notInterested?.has(id) === true;
  const recent = history.slice(-50);
  const profile = tagProfile(model, user, recent, w);
  const located = hasLocation(user);
  const skills = new Map(Object.entries(user.skills ?? {}).map(([t, level]) => [normalizeTag(t), level]));

  const candidates = new Map<string, Scored>();
  const candidate = (id: string): Scored | undefined => {
    let s = candidates.get(id);
    if (s) return s;
    if (blocked(id)) return undefined;
    const item = own(model.items, id);
    if (!item) return undefined;
    if (opts.now !== undefined && ((item.startsAt !== undefined && item.startsAt < opts.now) || (item.createdAt !== undefined && item.createdAt > opts.now))) return undefined;
    s = { id, item, cf: 0, cfRaw: 0, cfWalk: 0, viaSim: 0, tag: 0, pop: 0, local: 0, group: 0, social: 0, socialCount: 0, fresh: 0, near: 1, other: 1, factor: 1, score: 0 };
    candidates.set(id, s);
    return s;
  };

  // 1. Co-membership neighbours of the member's items.
  for (const h of recent) {
    for (const [j, sim] of own(model.neighbours, h) ?? []) {
      const s = candidate(j);
      if (!s) continue;
      s.cf += sim;
      if (sim > s.viaSim) {
        s.viaSim = sim;
        s.via = h;
      }
    }
    for (const [j, sim] of (walks && own(walks, h)) ?? []) {
      const s = candidate(j);
      if (s) s.cfWalk += sim;
    }
  }
  // 2. Items carrying the member's strongest tags.
  const topTags = [...profile.weight].sort((a, b) => b[1] * model.tagIdf[b[0]]! - a[1] * model.tagIdf[a[0]]!).slice(0, 12);
  for (const [t] of topTags) for (const id of own(model.tagIndex, t) ?? []) candidate(id);
  // 3. Popular near the member, and overall.
  const nearList = located ? own(model.popularNear, cellKey(user.lat!, user.lng!, model.cellDeg)) : undefined;
  if (nearList) {
    const top = nearList[0]?.[1] ?? 1;
    for (const [id, share] of nearList) {
      const s = candidate(id);
      if (s) s.local = share / top;
    }
  }
  for (const id of model.popular) candidate(id);
  // 4. Activities/posts of the member's groups, what their people are going to, and the caller's own pool.
  for (const g of opts.memberOf ?? []) {
    const list = own(model.groupIndex, g) ?? [];
    let from = 0;
    if (opts.now !== undefined && list.length > 0 && own(model.items, list[0]!)?.startsAt !== undefined) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((own(model.items, list[mid]!)?.startsAt ?? 0) < opts.now) lo = mid + 1;
        else hi = mid;
      }
      from = lo;
    } else from = Math.max(0, list.length - 30);
    for (const id of list.slice(from, from + 30)) {
      const s = candidate(id);
      if (s) s.group = 1;
    }
  }
  for (const [id, count] of opts.social ?? []) {
    const s = candidate(id);
    if (s && count > 0) {
      s.socialCount = count;
      s.social = 1 - Math.exp(-count / 2);
    }
  }
  for (const id of opts.candidates ?? []) candidate(id);
  if (candidates.size === 0) return { scored: [], w, nearKnown: false };

  // "Not interested": demote neighbours and items sharing tags with what was dismissed.
  const penalty = new Map<string, number>();
  for (const id of opts.notInterested ?? []) {
    const list = own(model.neighbours, id) ?? [];
    const top = list[0]?.[1] ?? 1;
    for (const [j, sim] of list) penalty.set(j, Math.max(penalty.get(j) ?? 0, 0.6 * (sim / top)));
  }
  const scorer: Scorer = {
    w,
    profile,
    idf: (t) => model.tagIdf[t]!,
    at: located ? { lat: user.lat!, lng: user.lng! } : undefined,
    skills,
    penalty,
    dismissedTags: dismissedTagCounts(model, opts.notInterested),
    now: opts.now,
  };
  let maxCf = 0;
  for (const s of candidates.values()) {
    s.cfRaw = s.cf;
    maxCf = Math.max(maxCf, s.cf);
  }
  const logMaxPop = Math.log1p(model.maxPopularity) || 1;
  for (const s of candidates.values()) scoreCandidate(s, scorer, maxCf, logMaxPop);
  return { scored: [...candidates.values()], w, nearKnown: located && nearList !== undefined };
}

/**
 * What scoring an item the model has not seen needs to know of a member, in a
 * plain, storable form: their tag profile with the IDF of its tags, their
 * place and skills, and the tags of what they marked "not interested". Kept
 * with a member's stored ranking, so items created after it was computed (a
 * brand-new group, an activity announced since) are scored as recommend()
 * would score them, without the model.
 */
export interface MemberProfile {
  kind: RecommendKind;
  /**
   * [tag, weight in the profile, its IDF, the declared interest it came from or ''], as recommend() builds them,
   * plus the member's interests no item carries yet (at a new tag's IDF).
   */
  tags: [string, number, number, string][];
  norm: number;
  /**
   * IDF assumed for an item's tag the profile does not hold (the mean over the
   * model's tags). It only enters the item's norm, so an approximation there
   * shifts a new item's interest match a little until the next ranking.
   */
  otherIdf: number;
  lat?: number;
  lng?: number;
  skills: [string, number][];
  dismissedTags: [string, number][];
  /** The weights the model learned for this kind, when it did (see LearnedWeights). */
  weights?: Partial<RecommendWeights>;
}

/** The member's profile as recommend() sees it with these inputs (see MemberProfile). */
export function memberProfile(
  model: ItemModel,
  user: RecUser,
  history: readonly string[],
  opts: { kind?: RecommendKind; notInterested?: ReadonlySet<string> } = {},
): MemberProfile {
  const kind = opts.kind ?? 'groups';
  // An interest no item carries yet is kept, with the IDF addItemToModel gives a new tag, so the first item carrying it matches.
  const newTagIdf = round(Math.log(2 + Object.keys(model.items).length));
  const idfOf = (t: string) => own(model.tagIdf, t) ?? newTagIdf;
  const profile = tagProfile(model, user, history.slice(-50), recommenderPresets[kind], idfOf);
  const idfs = Object.values(model.tagIdf);
  const result: MemberProfile = {
    kind,
    tags: [...profile.weight].map(([t, x]) => [t, round(x), idfOf(t), profile.origin.get(t) ?? '']),
    norm: round(profile.norm),
    otherIdf: idfs.length > 0 ? round(idfs.reduce((a, b) => a + b, 0) / idfs.length) : 0,
    skills: Object.entries(user.skills ?? {}).map(([t, level]): [string, number] => [normalizeTag(t), level]),
    dismissedTags: [...dismissedTagCounts(model, opts.notInterested)],
  };
  const learned = learnedFor(model, kind);
  if (learned) result.weights = learned.weights;
  if (hasLocation(user)) Object.assign(result, { lat: user.lat, lng: user.lng });
  return result;
}

/**
 * Scores items the member's ranking has not seen (created since it was
 * computed) from their stored profile, as recommend() would score an item no
 * one has joined yet: interest match, distance, skill, freshness and, with
 * `memberOf`, being in one of the member's groups. Best first, with reasons.
 */
export function recommendNewItems(profile: MemberProfile, items: readonly RecItem[], opts: { now?: number; memberOf?: ReadonlySet<string> } = {}): Recommendation[] {
  const w = { ...recommenderPresets[profile.kind], ...profile.weights };
  const idf = new Map(profile.tags.map(([t, , x]) => [t, x]));
  const idfOf = (t: string) => idf.get(t) ?? profile.otherIdf;
  const scorer: Scorer = {
    w,
    profile: {
      weight: new Map(profile.tags.map(([t, x]) => [t, x])),
      origin: new Map(profile.tags.filter(([, , , from]) => from !== '').map(([t, , , from]) => [t, from])),
      norm: profile.norm,
    },
    idf: idfOf,
    at: hasLocation(profile) ? { lat: profile.lat, lng: profile.lng } : undefined,
    skills: new Map(profile.skills),
    penalty: new Map(),
    dismissedTags: new Map(profile.dismissedTags),
    now: opts.now,
  };
  const scored: Scored[] = [];
  for (const item of items) {
    if (opts.now !== undefined && ((item.startsAt !== undefined && item.startsAt < opts.now) || (item.createdAt !== undefined && item.createdAt > opts.now))) continue;
    const tags = [...new Set(item.tags.map(normalizeTag).filter((t) => t !== ''))];
    const mi: ModelItem = { tags, popularity: 0, tagNorm: Math.hypot(...tags.map(idfOf)) };
    if (hasLocation(item)) Object.assign(mi, { lat: item.lat, lng: item.lng });
    for (const key of ['createdAt', 'startsAt', 'groupId', 'level'] as const) if (item[key] !== undefined) Object.assign(mi, { [key]: item[key] });
    const group = item.groupId !== undefined && opts.memberOf?.has(item.groupId) === true ? 1 : 0;
    const s: Scored = { id: item.id, item: mi, cf: 0, cfRaw: 0, cfWalk: 0, viaSim: 0, tag: 0, pop: 0, local: 0, group, social: 0, socialCount: 0, fresh: 0, near: 1, other: 1, factor: 1, score: 0 };
    scoreCandidate(s, scorer, 0, 1);
    scored.push(s);
  }
  return scored
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .map((s) => ({ itemId: s.id, score: round(s.score), reasons: reasonsFor(s, w, false) }));
}

/** Tag-set similarity used by MMR (items of the same group count as similar too). */
export function itemSimilarity(a: { tags: readonly string[]; groupId?: string }, b: { tags: readonly string[]; groupId?: string }): number {
  let shared = 0;
  for (const t of a.tags) if (b.tags.includes(t)) shared++;
  const union = a.tags.length + b.tags.length - shared;
  const jaccard = union === 0 ? 0 : shared / union;
  return a.groupId !== undefined && a.groupId === b.groupId ? Math.max(jaccard, 0.5) : jaccard;
}

/** Maximal marginal relevance: relevance traded against the closest already-chosen item. */
function diversify(pool: Scored[], k: number, lambda: number): Scored[] {
  if (lambda <= 0 || pool.length <= 1) return pool.slice(0, k);
  const top = pool[0]!.score || 1;
  const chosen: Scored[] = [];
  const maxSim = new Float64Array(pool.length);
  const taken = new Uint8Array(pool.length);
  while (chosen.length < k && chosen.length < pool.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let i = 0; i < pool.length; i++) {
      if (taken[i]) continue;
      const v = (1 - lambda) * (pool[i]!.score / top) - lambda * maxSim[i]!;
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    taken[best] = 1;
    const picked = pool[best]!;
    chosen.push(picked);
    for (let i = 0; i < pool.length; i++) if (!taken[i]) maxSim[i] = Math.max(maxSim[i]!, itemSimilarity(pool[i]!.item, picked.item));
  }
  return chosen;
}

/** An item farther than this is never "popular with people near you", however many of them joined it. */
const NEAR_REASON_KM = 50;

/**
 * The signals that ranked the item, strongest contribution first: each one
 * that gave at least a quarter of the strongest's share. What members around
 * the member joined counts as "near you" only for an item near them.
 */
function reasonsFor(s: Scored, w: RecommendWeights, nearKnown: boolean): Reason[] {
  const parts: [number, Reason][] = [];
  if (s.via !== undefined && s.cf > 0) parts.push([w.cf * s.cf, { kind: 'also_joined', viaItemId: s.via }]);
  if (s.bestTag !== undefined && s.tag > 0) parts.push([w.interest * s.tag, { kind: 'interest', tag: s.bestTag }]);
  if (s.group > 0 && s.item.groupId !== undefined) parts.push([w.group * s.group, { kind: 'in_your_group', groupId: s.item.groupId }]);
  if (s.socialCount > 0) parts.push([w.social * s.social, { kind: 'friends_going', count: s.socialCount }]);
  const popularity = w.local * s.local + w.popularity * s.pop;
  if (nearKnown && s.local > 0 && s.km !== undefined && s.km <= NEAR_REASON_KM) parts.push([popularity, { kind: 'popular_near' }]);
  else if (popularity > 0) parts.push([popularity, { kind: 'popular' }]);
  parts.sort((a, b) => b[0] - a[0]);
  const top = parts[0]?.[0] ?? 0;
  const reasons = parts.filter(([x], i) => x > 0 && (i === 0 || x >= 0.25 * top)).map(([, r]) => r);
  return reasons.length > 0 ? reasons : [{ kind: 'popular' }];
}
