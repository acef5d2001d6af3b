import { interestCategories, interests } from '@kindred/contract';
import type { Gen } from './context.js';
import { drawPrivacy } from './follows.js';
import { pickWeighted } from './random.js';
import { bio, person, type Lang } from './text.js';
import { pointNear } from './world.js';

const DAY = 86_400_000;
/** Members signed up over the three years before the generation's "now", in id order. */
export const SIGN_UP_SPAN = 3 * 365 * DAY;
const NO_CATEGORY = 255;
/** Interests per member are kept as up to six interest indexes (plus one; 0 is none). */
export const INTEREST_SLOTS = 6;

export const interestIndexesByCategory: number[][] = interestCategories.map((c) => interests.flatMap((i, index) => (i.category === c.key ? [index] : [])));
const skills = ['beginner', 'intermediate', 'advanced'] as const;
const genders = ['female', 'male', 'nonbinary', 'other'] as const;

/**
 * Members in compact typed arrays (a million fit in tens of megabytes), so
 * later phases can pick members by city and interest without reading them back.
 * Member index i has id firstId + i.
 */
export interface Members {
  count: number;
  firstId: number;
  city: Uint16Array;
  category: Uint8Array;
  secondCategory: Uint8Array;
  interests: Uint8Array;
  lat: Float64Array;
  lng: Float64Array;
  birthYear: Uint16Array;
  /** 1 when the member approves each follower. */
  followApproval: Uint8Array;
  /** Members of one city and category, one city, or one category: items[offsets[k] .. offsets[k + 1]). */
  byCityCategory: Pool;
  byCity: Pool;
  byCategory: Pool;
}

export interface Pool {
  offsets: Int32Array;
  items: Int32Array;
}

/**
 * Members clustered in cities (Zipf-sized), near the centre, with 2–6
 * interests mostly from one or two categories that their city favours.
 */
export async function generateMembers(gen: Gen): Promise<Members> {
  const { rng, scale, now, t, loader, cities } = gen;
  const n = scale.members;
  const m: Members = {
    count: n,
    firstId: gen.ids.users + 1,
    city: new Uint16Array(n),
    category: new Uint8Array(n),
    secondCategory: new Uint8Array(n),
    interests: new Uint8Array(n * INTEREST_SLOTS),
    lat: new Float64Array(n),
    lng: new Float64Array(n),
    birthYear: new Uint16Array(n),
    followApproval: new Uint8Array(n),
    byCityCategory: { offsets: new Int32Array(0), items: new Int32Array(0) },
    byCity: { offsets: new Int32Array(0), items: new Int32Array(0) },
    byCategory: { offsets: new Int32Array(0), items: new Int32Array(0) },
  };
  const chosen: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = ++gen.ids.users;
    const cityIndex = pickWeighted(rng, gen.cityShareTotals);
    const city = cities[cityIndex]!;
    const category = pickWeighted(rng, city.categoryTotals);
    let second = NO_CATEGORY;
    if (rng.chance(0.5)) {
      second = pickWeighted(rng, city.categoryTotals);
      if (second === category) second = NO_CATEGORY;
    }
    chosen.length = 0;
    const wanted = rng.int(2, INTEREST_SLOTS);
    for (let attempt = 0; chosen.length < wanted && attempt < 20; attempt++) {
      const r = rng.next();
      const from = r < 0.7 ? category : r < 0.92 && second !== NO_CATEGORY ? second : rng.int(0, interestCategories.length - 1);
      const interest = rng.pick(interestIndexesByCategory[from]!);
      if (!chosen.includes(interest)) chosen.push(interest);
    }
    const point = pointNear(rng, city, 0.06);
    m.city[i] = cityIndex;
    m.category[i] = category;
    m.secondCategory[i] = second;
    m.lat[i] = point.lat;
    m.lng[i] = point.lng;
    const birthYear = Math.max(1950, Math.min(2008, Math.round(1992 + rng.normal() * 9)));
    m.birthYear[i] = birthYear;
    for (let k = 0; k < chosen.length; k++) {
      m.interests[i * INTEREST_SLOTS + k] = chosen[k]! + 1;
      t.userInterests.add(id, interests[chosen[k]!]!.key, rng.chance(0.7) ? rng.pick(skills) : null);
    }
    const lang: Lang = city.lang === 'zh' ? (rng.chance(0.9) ? 'zh' : 'en') : rng.chance(0.05) ? 'zh' : 'en';
    const who = person(rng, lang, id);
    const r = rng.next();
    const gender = r < 0.48 ? genders[0] : r < 0.95 ? genders[1] : r < 0.97 ? genders[2] : r < 0.98 ? genders[3] : null;
    // Ids follow sign-up order: the earliest members have the lowest ids.
    const createdAt = now - SIGN_UP_SPAN + (i / n) * (SIGN_UP_SPAN - DAY) + rng.next() * 3_600_000;
    const privacy = drawPrivacy(gen.social);
    m.followApproval[i] = privacy.followApproval ? 1 : 0;
    t.users.add(
      id,
      who.username,
      who.displayName,
      bio(rng, lang, interests[chosen[0]!]!.key),
      city.name,
      point.lat,
      point.lng,
      rng.chance(0.85) ? birthYear : null,
      gender,
      createdAt + 300_000,
      createdAt,
      privacy.followApproval,
      privacy.showGroups,
      privacy.showActivities,
      privacy.showFollows,
      privacy.allowInvites,
    );
    if (t.users.full) await loader.flush(t.users);
    if (t.userInterests.full) await loader.flush(t.userInterests);
    if ((i & 1023) === 0) await loader.breathe();
  }

  const categories = interestCategories.length;
  m.byCityCategory = buildPool(n, cities.length * categories, (i, emit) => {
    emit(m.city[i]! * categories + m.category[i]!);
    if (m.secondCategory[i] !== NO_CATEGORY) emit(m.city[i]! * categories + m.secondCategory[i]!);
  });
  m.byCity = buildPool(n, cities.length, (i, emit) => emit(m.city[i]!));
  m.byCategory = buildPool(n, categories, (i, emit) => {
    emit(m.category[i]!);
    if (m.secondCategory[i] !== NO_CATEGORY) emit(m.secondCategory[i]!);
  });
  return m;
}

/** Groups member indexes by key with a counting sort: two passes, no per-key arrays. */
function buildPool(n: number, keys: number, keysOf: (i: number, emit: (key: number) => void) => void): Pool {
  const offsets = new Int32Array(keys + 1);
  for (let i = 0; i < n; i++) keysOf(i, (k) => offsets[k + 1]!++);
  for (let k = 0; k < keys; k++) offsets[k + 1]! += offsets[k]!;
  const items = new Int32Array(offsets[keys]!);
  const fill = offsets.slice(0, keys);
  for (let i = 0; i < n; i++) keysOf(i, (k) => (items[fill[k]!++] = i));
  return { offsets, items };
}

/** The member's interests as taxonomy keys. */
export function memberInterestKeys(m: Members, i: number): string[] {
  const keys: string[] = [];
  for (let k = 0; k < INTEREST_SLOTS; k++) {
    const v = m.interests[i * INTEREST_SLOTS + k]!;
    if (v) keys.push(interests[v - 1]!.key);
  }
  return keys;
}
