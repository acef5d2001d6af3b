/**
 * Generates recommendation-evaluation datasets with planted structure, in the
 * folder format `npm run recs:eval` reads.
 *
 *   node --import tsx packages/server/scripts/gen-recs-data.ts --out DIR
 *        [--users 20000] [--groups users/25] [--seed 1] [--no-activities]
 *
 * What is planted, so a good recommender has something to find:
 * - Latent interest clusters: the ten taxonomy categories plus two clusters of
 *   free tags (written with stray case and spaces, to exercise normalization).
 *   Each cluster has four "scenes" (sub-communities) with their own focus tags;
 *   members mostly join groups of their scene, which tags alone only hint at.
 * - Cities: the taxonomy's six cities, unevenly sized; members mostly join in
 *   their own city. Some members and groups have no coordinates.
 * - Power-law group sizes (Pareto attractiveness) and heavy-tailed numbers of
 *   memberships per member.
 * - Members who join outside their declared interests: a third of them have a
 *   hidden cluster, 8% of joins go to a random cluster, 15% declare nothing,
 *   and some declare a tag they never act on.
 * - Time: most groups exist when the year starts, some are created late (and
 *   have few members); joins come after creation. Groups host activities; their members, and a
 *   few others from the same city and cluster, RSVP before the start.
 * Deterministic for a given --seed, size and --shape.
 *
 * Shapes (--shape): what mostly drives who joins what.
 * - scenes (the default, described above): interest scenes within a city.
 * - circles: circles of acquaintances (6–30 members in a city) who join the
 *   same handful of local groups of any interest — no tag reveals it, only
 *   co-membership does; declared interests are noisy (a quarter declare
 *   nothing, a quarter add one they never act on).
 * - geo: closeness — members join groups near home whatever they are about
 *   (places spread across each city), interests only now and then.
 * - taste: interest scenes followed across cities, with declared interests
 *   that are often wrong or missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cities, interestCategories, interestKeysInCategory } from '@kindred/contract';

export const shapes = ['scenes', 'circles', 'geo', 'taste'] as const;
export type Shape = (typeof shapes)[number];

export interface GenOptions {
  users: number;
  groups?: number;
  seed?: number;
  activities?: boolean;
  shape?: Shape;
}

export interface GeneratedUser {
  id: string;
  interests: string[];
  lat?: number;
  lng?: number;
}
export interface GeneratedGroup {
  id: string;
  name: string;
  description: string;
  interests: string[];
  lat?: number;
  lng?: number;
  /** Optional extension of the format: when the group was created. */
  created: string;
}
export interface GeneratedMembership {
  user: string;
  group: string;
  at: string;
}
export interface GeneratedActivity {
  id: string;
  group: string;
  interests: string[];
  lat: number;
  lng: number;
  start: string;
}
export interface GeneratedRsvp {
  user: string;
  activity: string;
  at: string;
}
export interface GeneratedDataset {
  users: GeneratedUser[];
  groups: GeneratedGroup[];
  memberships: GeneratedMembership[];
  activities: GeneratedActivity[];
  rsvps: GeneratedRsvp[];
}

/** sfc32: small, fast, and the same sequence on every platform. */
function rng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed;
  let c = 0xb7e15162 ^ (seed * 31);
  let d = 1;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  return next;
}

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2024, 0, 1);
const YEAR = 365 * DAY;
const SCENES = 4;

const freeClusters: { key: string; en: string; tags: string[] }[] = [
  { key: 'founders', en: 'Founders', tags: ['Startups', 'entrepreneurship', 'product management', 'pitch night', 'Venture Capital'] },
  { key: 'families', en: 'Families', tags: ['parenting', 'family outings', 'Kids Crafts', 'playdates', 'homeschool'] },
];

export function generateDataset(opts: GenOptions): GeneratedDataset {
  const shape = opts.shape ?? 'scenes';
  // Other shapes draw from their own stream, so the default world is the same as it always was.
  const random = rng((opts.seed ?? 1) + (shape === 'scenes' ? 0 : 7919 * (shapes.indexOf(shape) + 1)));
  /** How far places spread around a city's centre, degrees: wide where closeness is what matters. */
  const spread = shape === 'geo' ? 0.15 : 0.06;
  /** Declared interests: the share who declare nothing, and who add one they never act on. */
  const noise = shape === 'scenes' ? { none: 0.15, aspirational: 0.1 } : shape === 'geo' ? { none: 0.2, aspirational: 0.15 } : { none: 0.25, aspirational: 0.25 };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const weighted = (weights: readonly number[]): number => {
    let r = random() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  const iso = (t: number) => new Date(Math.round(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const round2 = (x: number) => Math.round(x * 100) / 100;

  const clusters = [
    ...interestCategories.map((c) => ({ key: c.key, en: c.en, tags: interestKeysInCategory(c.key) })),
    ...freeClusters,
  ];
  const clusterWeight = clusters.map(() => 0.5 + random());
  const scenes = clusters.map((c) => Array.from({ length: SCENES }, () => [pick(c.tags), pick(c.tags)]));
  const cityWeight = [0.3, 0.25, 0.15, 0.12, 0.1, 0.08].slice(0, cities.length);

  // Groups.
  const nGroups = opts.groups ?? Math.max(20, Math.round(opts.users / 25));
  interface G {
    id: string;
    cluster: number;
    scene: number;
    city: number;
    attractiveness: number;
    createdAt: number;
    lat?: number;
    lng?: number;
    tags: string[];
    members: { user: number; at: number }[];
  }
  const groups: G[] = [];
  const bucket = new Map<string, number[]>();
  const bucketKey = (cluster: number, scene: number | '*', city: number | '*') => `${cluster}/${scene}/${city}`;
  for (let g = 0; g < nGroups; g++) {
    const cluster = weighted(clusterWeight);
    const scene = Math.floor(random() * SCENES);
    const city = weighted(cityWeight);
    const c = clusters[cluster]!;
    const tags = new Set<string>();
    tags.add(random() < 0.7 ? pick(scenes[cluster]![scene]!) : pick(c.tags));
    while (random() < 0.45 && tags.size < 3) tags.add(pick(c.tags));
    if (random() < 0.15) tags.add(pick(pick(clusters).tags));
    const late = random() < 0.08;
    const group: G = {
      id: `g${g + 1}`,
      cluster,
      scene,
      city,
      attractiveness: Math.min(300, (1 - random()) ** (-1 / 1.1)),
      createdAt: YEAR_START + (late ? 0.9 + 0.08 * random() : -1 + 1.85 * random()) * YEAR,
      tags: random() < 0.04 ? [] : [...tags].map((t) => (random() < 0.2 ? ` ${t[0]!.toUpperCase()}${t.slice(1)} ` : t)),
      members: [],
    };
    if (random() > 0.08) {
      group.lat = round2(cities[city]!.lat + spread * gauss());
      group.lng = round2(cities[city]!.lng + spread * gauss());
    }
    groups.push(group);
    for (const key of [bucketKey(cluster, scene, city), bucketKey(cluster, '*', city), bucketKey(cluster, scene, '*'), bucketKey(cluster, '*', '*'), `*/*/${city}`])
      (bucket.get(key) ?? bucket.set(key, []).get(key)!).push(g);
  }
  const cumulative = new Map<string, Float64Array>();
  for (const [key, list] of bucket) {
    const cum = new Float64Array(list.length);
    let s = 0;
    list.forEach((g, i) => (cum[i] = s += groups[g]!.attractiveness));
    cumulative.set(key, cum);
  }
  const drawFrom = (key: string, at: number, taken: Set<number>): number | undefined => {
    const list = bucket.get(key);
    const cum = cumulative.get(key);
    if (!list || !cum) return undefined;
    for (let attempt = 0; attempt < 12; attempt++) {
      const r = random() * cum[cum.length - 1]!;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! <= r) lo = mid + 1;
        else hi = mid;
      }
      const g = list[lo]!;
      if (groups[g]!.createdAt <= at && !taken.has(g)) return g;
    }
    return undefined;
  };

  // Members and their joins.
  interface U {
    id: string;
    city: number;
    clusters: number[];
    hidden?: number;
    scene: number[];
    engagement: number;
    out: GeneratedUser;
    joins: { group: number; at: number }[];
  }
  const users: U[] = [];
  const byCityCluster = new Map<string, number[]>();
  // Circles of acquaintances, per city: the one filling up, and each circle's local groups (any interest).
  const openCircle = new Map<number, { favourites: number[]; left: number }>();
  const circleOf = (city: number) => {
    let circle = openCircle.get(city);
    if (!circle || circle.left === 0) {
      const favourites = new Set<number>();
      for (let i = 0, n = 3 + Math.floor(random() * 6); i < 40 && favourites.size < n; i++) {
        const g = drawFrom(`*/*/${city}`, Infinity, favourites);
        if (g !== undefined) favourites.add(g);
      }
      circle = { favourites: [...favourites], left: 6 + Math.floor(random() * 25) };
      openCircle.set(city, circle);
    }
    circle.left--;
    return circle;
  };
  /** A group near a point, by attractiveness damped with distance (3 km scale), existing at `at`. */
  const nearby = (city: number, lat: number, lng: number, at: number, taken: Set<number>): number | undefined => {
    const list = bucket.get(`*/*/${city}`) ?? [];
    const weights = list.map((g) => {
      const group = groups[g]!;
      if (group.createdAt > at || taken.has(g) || group.lat === undefined || group.lng === undefined) return 0;
      const km = Math.hypot(group.lat - lat, (group.lng - lng) * Math.cos((lat * Math.PI) / 180)) * 111;
      return group.attractiveness * Math.exp(-km / 3);
    });
    if (!weights.some((w) => w > 0)) return undefined;
    return list[weighted(weights)];
  };
  for (let u = 0; u < opts.users; u++) {
    const city = weighted(cityWeight);
    const c1 = weighted(clusterWeight);
    const cs = [c1];
    if (random() < 0.6) {
      const c2 = weighted(clusterWeight);
      if (c2 !== c1) cs.push(c2);
    }
    const hiddenDraw = random() < 0.33 ? weighted(clusterWeight) : undefined;
    const hidden = hiddenDraw !== undefined && !cs.includes(hiddenDraw) ? hiddenDraw : undefined;
    const scene = clusters.map(() => Math.floor(random() * SCENES));
    const interests = new Set<string>();
    if (random() >= noise.none) {
      for (const c of cs) {
        const n = 1 + Math.floor(random() * 2.5);
        for (let i = 0; i < n; i++) interests.add(random() < 0.6 ? pick(scenes[c]![scene[c]!]!) : pick(clusters[c]!.tags));
      }
      if (random() < noise.aspirational) interests.add(pick(pick(clusters).tags)); // declared, never acted on
    }
    const out: GeneratedUser = { id: `u${u + 1}`, interests: [...interests] };
    // Where they live (unknown for some: the city's centre stands in for drawing their joins).
    let home = { lat: cities[city]!.lat, lng: cities[city]!.lng };
    if (random() > 0.1) {
      home = { lat: home.lat + (spread + 0.02) * gauss(), lng: home.lng + (spread + 0.02) * gauss() };
      out.lat = round2(home.lat);
      out.lng = round2(home.lng);
    }
    const circle = shape === 'circles' ? circleOf(city) : undefined;
    const user: U = { id: out.id, city, clusters: cs, scene, engagement: random() ** 2, out, joins: [] };
    if (hidden !== undefined) user.hidden = hidden;
    users.push(user);
    for (const c of hidden === undefined ? cs : [...cs, hidden]) {
      const key = `${city}/${c}`;
      (byCityCluster.get(key) ?? byCityCluster.set(key, []).get(key)!).push(u);
    }

    const wanted = Math.min(40, Math.floor((1 - random()) ** (-1 / 1.3)));
    let t = YEAR_START + random() * YEAR * 0.9;
    const taken = new Set<number>();
    for (let j = 0; j < wanted; j++) {
      t += -Math.log(1 - random()) * 20 * DAY;
      if (t > YEAR_START + YEAR) break;
      const driver = shape === 'scenes' ? 1 : random();
      let g: number | undefined;
      if (circle && driver < 0.6) {
        // What their circle joins.
        const open = circle.favourites.filter((f) => !taken.has(f) && groups[f]!.createdAt <= t);
        g = open.length > 0 ? pick(open) : undefined;
      } else if (shape === 'geo' && driver < 0.7) {
        g = nearby(city, home.lat, home.lng, t, taken);
      } else if (circle && driver > 0.9) {
        g = drawFrom(`*/*/${city}`, t, taken);
      }
      if (g === undefined) {
        const r = random();
        const cluster = r < 0.55 ? c1 : r < 0.8 ? (cs[1] ?? c1) : r < 0.92 ? (hidden ?? c1) : Math.floor(random() * clusters.length);
        const sceneOf = random() < 0.75 ? scene[cluster]! : Math.floor(random() * SCENES);
        // Mostly at home (taste travels further); when nothing of the cluster exists there yet, they don't join rather than fly elsewhere.
        const cityOf = random() < (shape === 'taste' ? 0.6 : 0.95) ? city : weighted(cityWeight);
        g = drawFrom(bucketKey(cluster, sceneOf, cityOf), t, taken) ?? drawFrom(bucketKey(cluster, '*', cityOf), t, taken);
      }
      if (g === undefined) continue;
      taken.add(g);
      user.joins.push({ group: g, at: t });
      groups[g]!.members.push({ user: u, at: t });
    }
  }

  const memberships: GeneratedMembership[] = [];
  for (const u of users) for (const j of u.joins) memberships.push({ user: u.id, group: groups[j.group]!.id, at: iso(j.at) });
  memberships.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  // Activities and RSVPs.
  const activities: GeneratedActivity[] = [];
  const rsvps: GeneratedRsvp[] = [];
  if (opts.activities !== false) {
    for (const g of groups) {
      if (g.members.length < 2) continue;
      // Busy groups meet weekly; each member goes to some of the meetings.
      const n = Math.min(52, 2 + Math.floor(g.members.length / 2));
      const centre = { lat: g.lat ?? cities[g.city]!.lat, lng: g.lng ?? cities[g.city]!.lng };
      for (let e = 0; e < n; e++) {
        const from = Math.max(g.createdAt, YEAR_START) + 7 * DAY;
        const start = from + random() * (YEAR_START + YEAR + 30 * DAY - from);
        const activity: GeneratedActivity = {
          id: `a${activities.length + 1}`,
          group: g.id,
          interests: g.tags,
          lat: round2(centre.lat + 0.02 * gauss()),
          lng: round2(centre.lng + 0.02 * gauss()),
          start: iso(start),
        };
        activities.push(activity);
        const going = new Set<number>();
        for (const m of g.members) {
          if (m.at > start - DAY) continue;
          if (random() < 0.03 + 0.3 * users[m.user]!.engagement) going.add(m.user);
        }
        // A few people from the same city and cluster who are not (yet) members.
        const nearby = byCityCluster.get(`${g.city}/${g.cluster}`) ?? [];
        for (let i = 0; i < 2 && nearby.length > 0; i++) if (random() < 0.5) going.add(pick(nearby));
        for (const u of going) {
          const member = g.members.find((m) => m.user === u);
          const earliest = Math.max(member?.at ?? YEAR_START, start - 14 * DAY);
          rsvps.push({ user: users[u]!.id, activity: activity.id, at: iso(earliest + random() * (start - earliest - 3600_000)) });
        }
      }
    }
    rsvps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  return {
    users: users.map((u) => u.out),
    groups: groups.map((g) => {
      const c = clusters[g.cluster]!;
      const city = cities[g.city]!;
      const out: GeneratedGroup = {
        id: g.id,
        name: `${city.en} ${c.en} ${g.id}`,
        description: `A ${c.en.toLowerCase()} group in ${city.en}.`,
        interests: g.tags,
        created: iso(g.createdAt),
      };
      if (g.lat !== undefined && g.lng !== undefined) Object.assign(out, { lat: g.lat, lng: g.lng });
      return out;
    }),
    memberships,
    activities,
    rsvps,
  };
}

/** Write a dataset as the JSON-lines folder recs:eval reads, with how it was made (world.json, printed by recs:eval). */
export function writeDataset(dir: string, data: GeneratedDataset, made?: { shape: Shape; seed: number; users: number }): void {
  fs.mkdirSync(dir, { recursive: true });
  if (made) fs.writeFileSync(path.join(dir, 'world.json'), `${JSON.stringify({ generator: 'gen-recs-data', ...made })}\n`);
  else fs.rmSync(path.join(dir, 'world.json'), { force: true });
  const write = (name: string, rows: readonly object[]) =>
    fs.writeFileSync(path.join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  write('users.jsonl', data.users);
  write('groups.jsonl', data.groups);
  write('memberships.jsonl', data.memberships);
  for (const name of ['activities.jsonl', 'rsvps.jsonl']) fs.rmSync(path.join(dir, name), { force: true });
  if (data.activities.length > 0) {
    write('activities.jsonl', data.activities);
    write('rsvps.jsonl', data.rsvps);
  }
}

function main(): void {
  const usage = `usage: gen-recs-data.ts --out DIR [--users 20000] [--groups N] [--seed 1] [--shape ${shapes.join('|')}] [--no-activities]`;
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      users: { type: 'string', default: '20000' },
      groups: { type: 'string' },
      seed: { type: 'string', default: '1' },
      shape: { type: 'string', default: 'scenes' },
      'no-activities': { type: 'boolean', default: false },
    },
  });
  const users = Number(values.users);
  const groups = values.groups === undefined ? undefined : Number(values.groups);
  const seed = Number(values.seed);
  const shape = values.shape as Shape;
  if (!values.out || !Number.isInteger(users) || users < 10 || (groups !== undefined && (!Number.isInteger(groups) || groups < 1)) || !Number.isInteger(seed) || !shapes.includes(shape)) {
    console.error(usage);
    process.exit(2);
  }
  const t0 = performance.now();
  const data = generateDataset({ users, seed, shape, activities: !values['no-activities'], ...(groups === undefined ? {} : { groups }) });
  writeDataset(values.out, data, { shape, seed, users });
  console.log(
    `wrote ${values.out}: ${data.users.length} members, ${data.groups.length} groups, ${data.memberships.length} memberships, ` +
      `${data.activities.length} activities, ${data.rsvps.length} RSVPs in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
