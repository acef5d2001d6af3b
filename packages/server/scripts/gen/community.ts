import { interestCategories, interests } from '@kindred/contract';
import { addActivity } from './activities.js';
import type { Gen } from './context.js';
import { interestIndexesByCategory, type Members } from './members.js';
import { pickWeighted } from './random.js';
import { groupName, paragraph, postTitle, type Lang } from './text.js';
import { pointNear } from './world.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const kinds = ['guide', 'experience', 'question', 'discussion'] as const;
const kindTotals = [0.1, 0.35, 0.6, 1];

/**
 * Group sizes follow a power law over rank (Zipf, exponent 1), capped at 8%
 * of all members and scaled so they add up to the wanted memberships: a few
 * groups with thousands of members, most with a handful. Bigger groups tend
 * to be older (lower ids).
 */
export function planGroupSizes(gen: Gen): Int32Array {
  const { scale, rng } = gen;
  const g = scale.groups;
  const cap = Math.max(30, Math.floor(scale.members * 0.08));
  const sized = (a: number) => {
    const sizes = new Int32Array(g);
    for (let r = 0; r < g; r++) sizes[r] = Math.min(cap, Math.max(3, Math.round(a * ((r + 1) / g) ** -1)));
    return sizes;
  };
  let lo = 0.01;
  let hi = scale.memberships;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (sized(mid).reduce((sum, s) => sum + s, 0) > scale.memberships) hi = mid;
    else lo = mid;
  }
  const byRank = sized(lo);
  const order = Array.from({ length: g }, (_, r) => ({ r, key: (r / g) * 0.6 + rng.next() * 0.4 })).sort((a, b) => a.key - b.key);
  return Int32Array.from(order, (o) => byRank[o.r]!);
}

interface GroupPlan {
  size: number;
  posts: number;
  activities: number;
  /** Relative engagement: bigger groups get more comments and likes per post. */
  engagement: number;
}

function planGroups(gen: Gen, sizes: Int32Array): GroupPlan[] {
  const { scale, rng } = gen;
  const postWeights = Array.from(sizes, (s) => s ** 1.1);
  const activityWeights = Array.from(sizes, (s) => s ** 0.8);
  const postTotal = postWeights.reduce((a, b) => a + b, 0);
  const activityTotal = activityWeights.reduce((a, b) => a + b, 0);
  const groupActivities = scale.activities * 0.85;
  const plans = Array.from(sizes, (size, i) => ({
    size,
    posts: rng.round((scale.posts * postWeights[i]!) / postTotal),
    activities: rng.round((groupActivities * activityWeights[i]!) / activityTotal),
    engagement: Math.min(2, Math.max(0.3, Math.log10(size + 1) / 2)),
  }));
  // Normalize engagement so comments and likes per post average what the scale asks for.
  const mean = plans.reduce((sum, p) => sum + p.posts * p.engagement, 0) / Math.max(1, plans.reduce((sum, p) => sum + p.posts, 0));
  for (const p of plans) p.engagement /= mean;
  return plans;
}

/**
 * Groups with their members, join requests, posts (comments, replies and
 * likes) and activities, one group at a time so only that group's member list
 * is held. Counters are counted as rows are made, so they match exactly.
 */
export async function generateCommunity(gen: Gen, m: Members, onGroup: (done: number) => Promise<void>) {
  const plans = planGroups(gen, planGroupSizes(gen));
  const cityPopulation = Array.from(gen.cities, (_, c) => m.byCity.offsets[c + 1]! - m.byCity.offsets[c]!);
  const groupSpan = 3 * 365 * DAY;
  for (let gi = 0; gi < plans.length; gi++) {
    const plan = plans[gi]!;
    // Big groups live in big cities: redraw a city too small for the group.
    let cityIndex = pickWeighted(gen.rng, gen.cityShareTotals);
    for (let attempt = 0; attempt < 20 && cityPopulation[cityIndex]! * 0.6 < plan.size; attempt++) cityIndex = pickWeighted(gen.rng, gen.cityShareTotals);
    if (cityPopulation[cityIndex]! * 0.6 < plan.size) cityIndex = 0;
    const createdAt = gen.now - groupSpan + (gi / plans.length) * (groupSpan - 7 * DAY) + gen.rng.next() * DAY;
    await generateGroup(gen, m, plan, cityIndex, createdAt);
    await onGroup(gi + 1);
  }
}

async function generateGroup(gen: Gen, m: Members, plan: GroupPlan, cityIndex: number, createdAt: number) {
  const { rng, t, loader, now, picker } = gen;
  const city = gen.cities[cityIndex]!;
  const groupId = ++gen.ids.groups;
  const category = pickWeighted(rng, city.categoryTotals);
  const categoryInterests = interestIndexesByCategory[category]!;
  const tags = [interests[rng.pick(categoryInterests)]!.key];
  for (let extra = rng.int(0, 2); extra > 0; extra--) {
    const tag = interests[rng.pick(categoryInterests)]!.key;
    if (!tags.includes(tag)) tags.push(tag);
  }
  const mainTag = tags[0]!;
  const lang: Lang = city.lang === 'zh' ? (rng.chance(0.9) ? 'zh' : 'en') : rng.chance(0.03) ? 'zh' : 'en';
  const cityName = lang === 'zh' ? city.nameZh : city.name;

  // Members: mostly local and into the group's category, some from elsewhere in the city, a few
  // from other cities who share the interest; when a pool runs dry the next one makes up the rest.
  picker.begin();
  const members: number[] = [];
  const local = m.byCityCategory;
  const localKey = cityIndex * gen.cities[0]!.categoryTotals.length + category;
  const size = plan.size;
  const sources: [Int32Array, number, number, number][] = [
    [local.items, local.offsets[localKey]!, local.offsets[localKey + 1]!, Math.round(size * 0.7)],
    [m.byCity.items, m.byCity.offsets[cityIndex]!, m.byCity.offsets[cityIndex + 1]!, Math.round(size * 0.15)],
    [m.byCategory.items, m.byCategory.offsets[category]!, m.byCategory.offsets[category + 1]!, size],
  ];
  for (const [items, from, to, share] of sources) {
    const want = Math.min(share, size - members.length);
    picker.draw(items, from, to, want, members);
  }
  if (members.length < size) picker.draw(m.byCity.items, 0, m.byCity.items.length, size - members.length, members);
  shuffle(gen, members);
  gen.circles.add(members);
  // The owner and admins come first in the list; they post and organize more than the rest.
  const admins = size < 5 ? 0 : Math.min(members.length - 1, 1 + Math.floor(Math.log10(size)));
  for (let i = 0; i < members.length; i++) {
    const joinedAt = i === 0 ? createdAt : createdAt + (now - createdAt) * rng.next() ** 1.3;
    t.groupMembers.add(groupId, m.firstId + members[i]!, i === 0 ? 'owner' : i <= admins ? 'admin' : 'member', joinedAt);
    if (t.groupMembers.full) await loader.flush(t.groupMembers);
  }
  const ownerId = m.firstId + members[0]!;

  const isPrivate = rng.chance(0.08);
  const joinPolicy = isPrivate || rng.chance(0.2) ? 'approval' : 'open';
  if (joinPolicy === 'approval') {
    // Pending requests from people in the city who are not members (still marked from the draw above).
    const hopefuls: number[] = [];
    picker.draw(m.byCity.items, m.byCity.offsets[cityIndex]!, m.byCity.offsets[cityIndex + 1]!, rng.int(0, 3), hopefuls);
    for (const member of hopefuls) {
      t.joinRequests.add(groupId, m.firstId + member, lang === 'zh' ? '你好，想加入一起玩！' : 'Hi! I would love to join.', now - rng.int(1, 14 * 24) * HOUR);
    }
  }

  const livePosts = await generatePosts(gen, m, plan, groupId, members, interestCategories[category]!.key, tags, lang, cityName, createdAt);

  const description = paragraph(rng, lang, interestCategories[category]!.key, rng.int(15, 45));
  const point = pointNear(rng, city, 0.05);
  t.groups.add(
    groupId,
    groupName(rng, lang, mainTag, cityName, groupId),
    description,
    city.name,
    point.lat,
    point.lng,
    tags,
    isPrivate ? 'private' : 'public',
    joinPolicy,
    ownerId,
    members.length,
    livePosts,
    createdAt,
  );
  await loader.flushFull();

  for (let a = 0; a < plan.activities; a++) {
    // Owners and admins organize; anyone else in the group may come.
    const organizer = members[rng.int(0, admins)]!;
    await addActivity(gen, m, { groupId, organizer, cityIndex, tag: rng.pick(tags), lang, candidates: members, from: 0, to: members.length, notBefore: createdAt });
  }
}

/** Returns the number of posts not deleted. */
async function generatePosts(gen: Gen, m: Members, plan: GroupPlan, groupId: number, members: number[], category: string, tags: string[], lang: Lang, cityName: string, createdAt: number) {
  const { rng, t, loader, now, picker, scale } = gen;
  const count = plan.posts;
  if (count === 0) return 0;
  // Posts over the last year (or since the group began), more of them recently.
  const start = Math.max(createdAt + HOUR, now - 365 * DAY);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = start + (now - 10 * MINUTE - start) * rng.next() ** 0.75;
  times.sort();
  const commentMean = scale.commentsPerPost * plan.engagement;
  const likeMean = scale.likesPerPost * plan.engagement;
  const pinAt = count >= 10 && rng.chance(0.4) ? rng.int(0, Math.min(count - 1, 20)) : -1;
  const topLevel: number[] = [];
  const likers: number[] = [];
  let live = 0;
  for (let i = 0; i < count; i++) {
    const postId = ++gen.ids.posts;
    const at = times[i]!;
    const author = m.firstId + members[Math.floor(members.length * rng.next() ** 2)]!;
    const kind = i === pinAt ? 'guide' : kinds[pickWeighted(rng, kindTotals)]!;
    const postLang: Lang = rng.chance(0.92) ? lang : lang === 'zh' ? 'en' : 'zh';
    const postTags = tags.length > 1 && rng.chance(0.3) ? [tags[0]!, rng.pick(tags.slice(1))] : [tags[0]!];
    const title = postTitle(rng, postLang, postTags[0]!, cityName);
    // Mostly short, now and then a long write-up.
    const body = paragraph(rng, postLang, category, rng.int(8, 30) + (rng.chance(0.2) ? rng.int(10, 60) : 0));
    const deleted = rng.chance(0.004);
    if (!deleted) live++;

    // Comments in time order; some reply to an earlier top-level comment (one level deep).
    const comments = Math.min(200, rng.geometric(commentMean));
    topLevel.length = 0;
    let commentAt = at;
    for (let c = 0; c < comments; c++) {
      commentAt = Math.min(now - 1000, commentAt + MINUTE + rng.next() ** 3 * 2 * DAY);
      const commentId = ++gen.ids.comments;
      const reply = topLevel.length > 0 && rng.chance(0.3);
      const parent = reply ? rng.pick(topLevel) : null;
      if (!reply) topLevel.push(commentId);
      const commentBody = paragraph(rng, postLang, category, rng.int(4, 30));
      const commentLikes = Math.min(members.length, rng.geometric(0.25));
      likers.length = 0;
      if (commentLikes > 0) {
        picker.begin();
        picker.draw(members, 0, members.length, commentLikes, likers);
        for (const liker of likers) t.commentLikes.add(groupId, commentId, m.firstId + liker, Math.min(now, commentAt + rng.next() * DAY));
        if (t.commentLikes.full) await loader.flush(t.commentLikes);
      }
      t.comments.add(commentId, groupId, postId, parent, m.firstId + members[Math.floor(rng.next() * members.length)]!, commentBody, likers.length, commentAt);
      if (t.comments.full) await loader.flush(t.comments);
    }

    // Likes: heavy-tailed per post, from distinct members.
    const wantedLikes = Math.min(members.length, Math.round(likeMean * Math.exp(rng.normal() - 0.5)));
    likers.length = 0;
    if (wantedLikes > 0) {
      picker.begin();
      picker.draw(members, 0, members.length, wantedLikes, likers);
      for (const liker of likers) t.postLikes.add(groupId, postId, m.firstId + liker, Math.min(now, at + MINUTE + rng.next() ** 2 * 3 * DAY));
      if (t.postLikes.full) await loader.flush(t.postLikes);
    }

    // Most guides and experiences carry a gallery (up to four photos here); its first photo is the cover.
    let cover: number | null = null;
    if (!deleted && (kind === 'guide' || kind === 'experience') && rng.chance(0.6)) {
      const photos = rng.int(1, 4);
      for (let position = 0; position < photos; position++) {
        const mediaId = ++gen.ids.media;
        cover ??= mediaId;
        t.media.add(mediaId, author, postId, position, at - MINUTE);
        if (t.media.full) await loader.flush(t.media);
      }
    }

    t.posts.add(
      postId,
      cover,
      groupId,
      author,
      kind,
      title,
      body,
      postTags,
      likers.length,
      comments,
      i === pinAt && !deleted ? at + HOUR : null,
      at,
      deleted ? Math.min(now, at + DAY) : null,
    );
    if (t.posts.full) await loader.flush(t.posts);
    if ((i & 255) === 0) await loader.breathe();
  }
  return live;
}

function shuffle(gen: Gen, items: number[]) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(gen.rng.next() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}
