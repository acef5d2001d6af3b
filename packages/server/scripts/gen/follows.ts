import type pg from 'pg';
import type { Gen } from './context.js';
import { SIGN_UP_SPAN, type Members } from './members.js';
import type { Random } from './random.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * Who spends time together: each group's members and each activity's
 * confirmed participants, as member indexes, one list ("circle") after
 * another. The follow graph draws most follows from these.
 */
export class Circles {
  /** Circle k is items[offsets[k] .. offsets[k + 1]). */
  offsets = new Int32Array(1024);
  items: Int32Array;
  count = 0;
  size = 0;

  constructor(expectedItems: number) {
    this.items = new Int32Array(Math.max(1024, expectedItems));
  }

  add(members: ArrayLike<number>) {
    if (members.length < 2) return;
    if (this.count + 2 > this.offsets.length) this.offsets = grown(this.offsets, this.offsets.length * 2);
    if (this.size + members.length > this.items.length) this.items = grown(this.items, Math.max(this.items.length * 2, this.size + members.length));
    for (let k = 0; k < members.length; k++) this.items[this.size++] = members[k]!;
    this.offsets[++this.count] = this.size;
  }
}

function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}

/** Shares of each privacy setting; the app's default ('friends') is the most common, as defaults are. */
const audiences = ['everyone', 'friends', 'me'] as const;
const showGroups = [0.35, 0.9, 1];
const showActivities = [0.3, 0.93, 1];
const showFollows = [0.4, 0.9, 1];
const invites = ['everyone', 'friends', 'nobody'] as const;
const allowInvites = [0.7, 0.95, 1];
/** Members who approve each follower ("private" profiles). */
const FOLLOW_APPROVAL = 0.06;

export interface Privacy {
  followApproval: boolean;
  showGroups: (typeof audiences)[number];
  showActivities: (typeof audiences)[number];
  showFollows: (typeof audiences)[number];
  allowInvites: (typeof invites)[number];
}

/** A member's privacy settings, drawn from the social stream so the rest of the data stays as it was for a seed. */
export function drawPrivacy(rng: Random): Privacy {
  const pick = <T>(values: readonly T[], totals: number[]) => {
    const x = rng.next();
    return values[totals.findIndex((t) => x < t)]!;
  };
  return {
    followApproval: rng.chance(FOLLOW_APPROVAL),
    showGroups: pick(audiences, showGroups),
    showActivities: pick(audiences, showActivities),
    showFollows: pick(audiences, showFollows),
    allowInvites: pick(invites, allowInvites),
  };
}

/** Out-degree: how many members someone sets out to follow (Pareto, so a few follow hundreds). */
const OUT_MIN = 4;
const OUT_ALPHA = 1.5;
const OUT_MAX = 1500;
/** Members who never follow anyone (they may still be followed). */
const NEVER_FOLLOW = 0.08;
/** How well known a member is, which draws followers: Pareto, so in-degree has a long tail. */
const FAME_ALPHA = 1.2;
const FAME_MAX = 3000;
/** Where a follow comes from: someone in a shared group or activity, someone in the city, anyone. */
const FROM_CIRCLE = 0.6;
const FROM_CITY = 0.9;
/** Chance the followee follows back, by where the follow came from; the well known follow back less. */
const BACK_CIRCLE = 0.6;
const BACK_CITY = 0.35;
const BACK_ANYONE = 0.08;
const FAME_BACK_SCALE = 6;

export interface FollowStats {
  follows: number;
  pending: number;
}

/**
 * The follow graph over the generated members: each member follows a
 * power-law number of others, mostly people from their groups and
 * activities, then people in their city, now and then anyone, each draw
 * weighted by how well known the other is (a long-tailed "fame"), so
 * in-degree has a long tail too. Many follows are returned (friends), more
 * often between people who met than between strangers. Follows of members
 * who approve their followers are active (accepted earlier) except a few
 * recent requests, still pending. Rows go out sorted by (follower, followee),
 * which the primary key (kept during the load) takes cheaply; the users'
 * counters are set from the same rows afterwards, through `client`.
 */
export async function generateFollows(gen: Gen, m: Members, client: pg.Client): Promise<FollowStats> {
  const { circles } = gen;
  const approval = m.followApproval;
  const rng = gen.social.fork(2);
  const n = m.count;
  if (n < 2) return { follows: 0, pending: 0 };

  // Each member's circles (counting sort over the circles' items).
  const memberCircleOffsets = new Int32Array(n + 1);
  for (let k = 0; k < circles.size; k++) memberCircleOffsets[circles.items[k]! + 1]!++;
  for (let i = 0; i < n; i++) memberCircleOffsets[i + 1]! += memberCircleOffsets[i]!;
  const memberCircles = new Int32Array(circles.size);
  const fill = memberCircleOffsets.slice(0, n);
  for (let c = 0; c < circles.count; c++) for (let k = circles.offsets[c]!; k < circles.offsets[c + 1]!; k++) memberCircles[fill[circles.items[k]!]!++] = c;

  // Fame, a little higher for those who are out and about more.
  const fame = new Float64Array(n);
  for (let i = 0; i < n; i++) fame[i] = Math.min(FAME_MAX, (1 - rng.next()) ** (-1 / FAME_ALPHA)) * Math.sqrt(1 + memberCircleOffsets[i + 1]! - memberCircleOffsets[i]!);
  // Running totals of fame along each pool, for weighted draws inside any slice of it.
  const totalsAlong = (items: Int32Array, length: number) => {
    const totals = new Float64Array(length);
    let sum = 0;
    for (let k = 0; k < length; k++) totals[k] = sum += fame[items[k]!]!;
    return totals;
  };
  const circleTotals = totalsAlong(circles.items, circles.size);
  const cityTotals = totalsAlong(m.byCity.items, m.byCity.items.length);
  const draw = (items: Int32Array, totals: Float64Array, from: number, to: number) => {
    const base = from === 0 ? 0 : totals[from - 1]!;
    const x = base + rng.next() * (totals[to - 1]! - base);
    let lo = from;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (totals[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };

  // Follows as keys follower * n + followee (exact in a double up to 2^53), sorted and deduplicated below.
  let keys = new Float64Array(Math.max(1024, n * 16));
  let edges = 0;
  const push = (follower: number, followee: number) => {
    if (edges === keys.length) keys = grown(keys, keys.length * 2);
    keys[edges++] = follower * n + followee;
  };
  const marks = new Int32Array(n);
  let stamp = 0;
  for (let i = 0; i < n; i++) {
    if (rng.chance(NEVER_FOLLOW)) continue;
    const wanted = Math.min(OUT_MAX, n - 1, Math.floor(OUT_MIN * (1 - rng.next()) ** (-1 / OUT_ALPHA)));
    const firstCircle = memberCircleOffsets[i]!;
    const ownCircles = memberCircleOffsets[i + 1]! - firstCircle;
    const city = m.city[i]!;
    const cityFrom = m.byCity.offsets[city]!;
    const cityTo = m.byCity.offsets[city + 1]!;
    marks[i] = ++stamp;
    let got = 0;
    for (let attempt = 0; got < wanted && attempt < wanted * 3 + 10; attempt++) {
      const r = rng.next();
      let other: number;
      let back: number;
      if (r < FROM_CIRCLE && ownCircles > 0) {
        const c = memberCircles[firstCircle + Math.floor(rng.next() * ownCircles)]!;
        other = draw(circles.items, circleTotals, circles.offsets[c]!, circles.offsets[c + 1]!);
        back = BACK_CIRCLE;
      } else if (r < FROM_CITY) {
        other = draw(m.byCity.items, cityTotals, cityFrom, cityTo);
        back = BACK_CITY;
      } else {
        other = draw(m.byCity.items, cityTotals, 0, m.byCity.items.length);
        back = BACK_ANYONE;
      }
      if (marks[other] === stamp) continue;
      marks[other] = stamp;
      got++;
      push(i, other);
      if (rng.chance(back * Math.min(1, FAME_BACK_SCALE / fame[other]!))) push(other, i);
    }
    if ((i & 4095) === 0) await gen.loader.breathe();
  }

  const sorted = keys.subarray(0, edges).sort();
  let unique = 0;
  for (let k = 0; k < edges; k++) if (k === 0 || sorted[k] !== sorted[unique - 1]) sorted[unique++] = sorted[k]!;

  const followers = new Int32Array(n);
  for (let k = 0; k < unique; k++) followers[sorted[k]! % n]!++;
  const following = new Int32Array(n);
  const activeFollowers = new Int32Array(n);
  const { t, loader, now } = gen;
  let pending = 0;
  for (let k = 0; k < unique; k++) {
    const key = sorted[k]!;
    const followee = key % n;
    const follower = (key - followee) / n;
    // A few recent requests to each member who approves followers; the rest were accepted.
    const asked = approval[followee] === 1 && rng.chance(Math.min(0.3, 2 / followers[followee]!));
    let at: number;
    if (asked) {
      pending++;
      at = now - rng.next() * 14 * DAY;
    } else {
      following[follower]!++;
      activeFollowers[followee]!++;
      const since = now - SIGN_UP_SPAN + (Math.max(follower, followee) / n) * (SIGN_UP_SPAN - DAY) + 2 * HOUR;
      at = since + (now - HOUR - since) * rng.next() ** 0.6;
    }
    t.follows.add(m.firstId + follower, m.firstId + followee, asked ? 'pending' : 'active', at);
    if (t.follows.full) await loader.flush(t.follows);
    if ((k & 4095) === 0) await loader.breathe();
  }
  await loader.flush(t.follows);

  // The counters, for the members who have any (users rows are all stored by now).
  const ids: number[] = [];
  const outs: number[] = [];
  const ins: number[] = [];
  const update = async () => {
    if (ids.length === 0) return;
    await client.query(
      `update users u set following_count = c.following, follower_count = c.followers
       from unnest($1::bigint[], $2::int[], $3::int[]) as c(id, following, followers) where u.id = c.id`,
      [ids, outs, ins],
    );
    ids.length = outs.length = ins.length = 0;
  };
  for (let i = 0; i < n; i++) {
    if (following[i] === 0 && activeFollowers[i] === 0) continue;
    ids.push(m.firstId + i);
    outs.push(following[i]!);
    ins.push(activeFollowers[i]!);
    if (ids.length === 50_000) await update();
  }
  await update();
  return { follows: unique, pending };
}
