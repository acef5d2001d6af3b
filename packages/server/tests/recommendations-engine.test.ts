import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { generateDataset, writeDataset } from '../scripts/gen-recs-data.js';
import {
  addItemToModel,
  groupModelOptions,
  recommend,
  recommenderPresets,
  trainItemModel,
  trainItemModelInSlices,
  type Interaction,
  type ItemModel,
  type LearningContext,
  type RecItem,
  type RecUser,
  type Recommendation,
} from '../src/features/recommendations/engine.js';
import { activityLearningContext } from '../src/features/recommendations/rankings.js';
import {
  catalogCoverage,
  holdOutLatest,
  intraListDiversity,
  ndcgAtK,
  readDataset,
  recallAtK,
  runEvaluation,
  type EvalReport,
} from '../src/features/recommendations/evaluation.js';

const SHANGHAI = { lat: 31.23, lng: 121.47 };
const BEIJING = { lat: 39.9, lng: 116.4 };
const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);

/**
 * A small town: hiking, cooking, tech and photography groups in Shanghai, a
 * very popular hiking group and a yoga group in Beijing. Co-memberships are
 * planted: Shanghai hikers of hike-a1 also join hike-a2, some of them go on to
 * photography; tech people join both tech groups.
 */
const groups: RecItem[] = [
  { id: 'hike-a1', tags: ['hiking'], ...SHANGHAI },
  { id: 'hike-a2', tags: ['hiking', 'camping'], ...SHANGHAI },
  { id: 'hike-a3', tags: ['Hiking '], ...SHANGHAI },
  { id: 'hike-a4', tags: ['hiking'], ...SHANGHAI },
  { id: 'hike-b1', tags: ['hiking'], ...BEIJING },
  { id: 'cook-a1', tags: ['cooking'], ...SHANGHAI },
  { id: 'cook-a2', tags: ['cooking', 'baking'], ...SHANGHAI },
  { id: 'tech-a1', tags: ['programming'], ...SHANGHAI },
  { id: 'tech-a2', tags: ['programming', 'ai'], ...SHANGHAI },
  { id: 'photo-a1', tags: ['photography'], ...SHANGHAI },
  { id: 'yoga-b1', tags: ['yoga'], ...BEIJING },
];

function town(): { users: RecUser[]; interactions: Interaction[] } {
  const users: RecUser[] = [];
  const interactions: Interaction[] = [];
  let n = 0;
  const cohort = (count: number, where: { lat: number; lng: number }, items: string[]) => {
    for (let i = 0; i < count; i++) {
      const id = `m${++n}`;
      users.push({ id, interests: [], lat: where.lat + (i % 5) * 0.01, lng: where.lng });
      items.forEach((item, j) => interactions.push({ user: id, item, at: NOW - 100 * DAY + j * DAY + i }));
    }
  };
  cohort(30, BEIJING, ['hike-b1']);
  cohort(10, BEIJING, ['hike-b1', 'yoga-b1']);
  cohort(6, SHANGHAI, ['hike-a1', 'hike-a2', 'photo-a1']);
  cohort(6, SHANGHAI, ['hike-a1', 'hike-a2']);
  cohort(8, SHANGHAI, ['hike-a3', 'hike-a1']);
  cohort(5, SHANGHAI, ['hike-a4']);
  cohort(10, SHANGHAI, ['tech-a1', 'tech-a2']);
  cohort(4, SHANGHAI, ['cook-a1', 'cook-a2']);
  cohort(3, SHANGHAI, ['cook-a1']);
  return { users, interactions };
}

const tagsOf = (id: string) => groups.find((g) => g.id === id)!.tags.map((t) => t.trim().toLowerCase());
const ids = (recs: Recommendation[]) => recs.map((r) => r.itemId);

describe('metrics on hand-made cases', () => {
  test('recall@k and NDCG@k', () => {
    assert.equal(recallAtK(['a', 'b', 'c'], new Set(['b'])), 1);
    assert.equal(recallAtK(['a', 'b', 'c'], new Set(['z'])), 0);
    assert.equal(recallAtK(['a', 'b', 'c'], new Set(['c']), 2), 0, 'only the first k count');
    assert.equal(recallAtK(['a', 'b', 'c'], new Set(['a', 'z'])), 0.5);
    assert.equal(ndcgAtK(['a', 'b', 'c'], new Set(['a'])), 1);
    assert.ok(Math.abs(ndcgAtK(['a', 'b', 'c'], new Set(['b'])) - 1 / Math.log2(3)) < 1e-12);
    const twoRelevant = (1 + 1 / Math.log2(4)) / (1 + 1 / Math.log2(3));
    assert.ok(Math.abs(ndcgAtK(['a', 'b', 'c'], new Set(['a', 'c'])) - twoRelevant) < 1e-12);
    assert.equal(ndcgAtK([], new Set(['a'])), 0);
  });

  test('catalog coverage and intra-list diversity', () => {
    assert.equal(catalogCoverage([['a', 'b'], ['b', 'c']], 4), 0.75);
    assert.equal(catalogCoverage([], 4), 0);
    const tags: Record<string, string[]> = { x: ['hiking'], y: ['hiking'], z: ['cooking'], w: ['hiking', 'cooking'] };
    const of = (id: string) => tags[id]!;
    assert.ok(Math.abs(intraListDiversity(['x', 'y', 'z'], of) - 2 / 3) < 1e-12);
    assert.equal(intraListDiversity(['x', 'y'], of), 0);
    assert.equal(intraListDiversity(['x', 'w'], of), 0.5);
    assert.equal(intraListDiversity(['x'], of), 0);
  });

  test('leave-latest-out holds out each active member’s latest item, deterministically', () => {
    const { train, test: held } = holdOutLatest([
      { user: 'u1', item: 'a', at: 1 },
      { user: 'u1', item: 'b', at: 3 },
      { user: 'u1', item: 'c', at: 3 },
      { user: 'u1', item: 'a', at: 5 }, // a repeat counts once, at its first time
      { user: 'u2', item: 'a', at: 1 },
      { user: 'u2', item: 'b', at: 2 },
    ]);
    assert.deepEqual(held.get('u1'), { user: 'u1', item: 'c', at: 3 });
    assert.equal(held.has('u2'), false, 'fewer than 3 items: nothing held out');
    assert.deepEqual(train.map((x) => `${x.user}:${x.item}`).sort(), ['u1:a', 'u1:b', 'u2:a', 'u2:b']);
  });
});

describe('recommendation engine', () => {
  const { users, interactions } = town();
  const model = trainItemModel(groups, interactions, users);
  const shanghaiHiker: RecUser = { id: 'new', interests: [], ...SHANGHAI };

  test('never recommends joined, excluded or dismissed items, and every item has reasons', () => {
    const recs = recommend(model, shanghaiHiker, ['hike-a1'], {
      k: 10,
      exclude: new Set(['tech-a1']),
      notInterested: new Set(['photo-a1']),
    });
    assert.ok(recs.length >= 5);
    for (const id of ['hike-a1', 'tech-a1', 'photo-a1']) assert.ok(!ids(recs).includes(id), id);
    assert.equal(new Set(ids(recs)).size, recs.length, 'no duplicates');
    for (const r of recs) assert.ok(r.reasons.length > 0, r.itemId);
  });

  test('the linear item model (EASE) gives the most joined items neighbours from what best predicts them among themselves; the rest keep cosine', () => {
    const ease = trainItemModel(groups, interactions, users, { easeItems: 4 });
    const changed = Object.keys(ease.neighbours).filter((id) => JSON.stringify(ease.neighbours[id]) !== JSON.stringify(model.neighbours[id]));
    assert.ok(changed.length >= 2 && changed.length <= 4, JSON.stringify(changed));
    const joins = (id: string) => new Set(interactions.filter((x) => x.item === id).map((x) => x.user)).size;
    const fewestChanged = Math.min(...changed.map(joins));
    for (const id of Object.keys(model.neighbours)) if (!changed.includes(id)) assert.ok(joins(id) <= fewestChanged, `${id} (${joins(id)} members) is less joined than the chosen`);
    for (const id of changed) {
      const list = ease.neighbours[id]!;
      assert.ok(list.every(([j, w]) => j !== id && w > 0 && changed.includes(j)), `${id}: ${JSON.stringify(list)}`);
      assert.ok(list.every(([, w], k) => k === 0 || w <= list[k - 1]![1]), 'strongest first');
    }
  });

  test('co-membership: what members of my group also joined comes first, and says so', () => {
    const recs = recommend(model, shanghaiHiker, ['hike-a1'], { k: 3 });
    assert.deepEqual(ids(recs), ['hike-a2', 'hike-a3', 'photo-a1']);
    for (const r of recs) assert.deepEqual(r.reasons[0], { kind: 'also_joined', viaItemId: 'hike-a1' });
  });

  test('cold start: a member with only interests and an area gets relevant, nearby groups', () => {
    const newcomer: RecUser = { id: 'newcomer', interests: ['  Hiking'], ...SHANGHAI };
    const recs = recommend(model, newcomer, [], { k: 5 });
    assert.equal(recs.length, 5);
    const top3 = ids(recs).slice(0, 3);
    for (const id of top3) assert.ok(tagsOf(id).includes('hiking'), `${id} is a hiking group`);
    assert.ok(recs[0]!.reasons.some((r) => r.kind === 'interest' && r.tag === 'hiking'));
    // Beijing's hiking group is the most popular of all, but it is 1,000 km away.
    const rank = (id: string) => ids(recs).indexOf(id);
    assert.ok(rank('hike-b1') === -1 || rank('hike-b1') > rank('hike-a1'));
    // Someone in Beijing with the same interest is shown Beijing's group first.
    const inBeijing = recommend(model, { ...newcomer, ...BEIJING }, [], { k: 5 });
    assert.equal(inBeijing[0]!.itemId, 'hike-b1');
  });

  test('cold start: a member with nothing at all still gets the popular groups', () => {
    const recs = recommend(model, { id: 'blank', interests: [] }, [], { k: 3 });
    assert.equal(recs.length, 3);
    assert.equal(recs[0]!.itemId, 'hike-b1');
    assert.deepEqual(recs[0]!.reasons, [{ kind: 'popular' }]);
  });

  test('a brand-new group with no members reaches the right people', () => {
    const fresh = structuredClone(model);
    const newcomer: RecUser = { id: 'newcomer', interests: ['birdwatching'], ...SHANGHAI };
    assert.ok(!ids(recommend(fresh, newcomer, [], { k: 5, now: NOW })).includes('birds-a1'));
    addItemToModel(fresh, { id: 'birds-a1', tags: ['Birdwatching'], ...SHANGHAI, createdAt: NOW - DAY });
    const recs = recommend(fresh, newcomer, [], { k: 5, now: NOW });
    assert.equal(recs[0]!.itemId, 'birds-a1');
    assert.deepEqual(recs[0]!.reasons[0], { kind: 'interest', tag: 'birdwatching' });
    // A taxonomy neighbour of birdwatching (same category) is matched more weakly, by the member's own interest.
    const hiker = recommend(fresh, { id: 'h', interests: ['hiking'], ...SHANGHAI }, [], { k: 11, now: NOW });
    assert.ok(ids(hiker).includes('birds-a1'));
    assert.ok(ids(hiker).indexOf('birds-a1') > ids(hiker).indexOf('hike-a1'));
    // It is also in a model trained from scratch with it, before anyone joined.
    const trained = trainItemModel([...groups, { id: 'birds-a1', tags: ['birdwatching'], ...SHANGHAI }], interactions, users);
    assert.equal(recommend(trained, newcomer, [], { k: 5 })[0]!.itemId, 'birds-a1');
  });

  test('diversity: a member who likes hiking and cooking does not get only hiking', () => {
    // They are in a hiking group, so co-membership pulls hiking groups up.
    const both: RecUser = { id: 'both', interests: ['hiking', 'cooking'], ...SHANGHAI };
    const plain = recommend(model, both, ['hike-a3'], { k: 3, diversity: 0 });
    const diverse = recommend(model, both, ['hike-a3'], { k: 3 });
    assert.deepEqual(plain.map((r) => tagsOf(r.itemId).includes('hiking')), [true, true, true], 'without diversification the top 3 are all hiking');
    assert.ok(diverse.some((r) => tagsOf(r.itemId).includes('cooking')), JSON.stringify(ids(diverse)));
    assert.ok(intraListDiversity(ids(diverse), tagsOf) > intraListDiversity(ids(plain), tagsOf));
  });

  test('skill: a beginner is steered to the beginners’ group', () => {
    const m = trainItemModel(
      [...groups, { id: 'peaks', tags: ['hiking'], level: 3, ...SHANGHAI }, { id: 'strolls', tags: ['hiking'], level: 1, ...SHANGHAI }],
      interactions,
      users,
    );
    const rank = (skill: number) => ids(recommend(m, { id: 's', interests: ['hiking'], skills: { Hiking: skill }, ...SHANGHAI }, [], { k: 11 }));
    const beginner = rank(1);
    const expert = rank(3);
    assert.ok(beginner.indexOf('strolls') < beginner.indexOf('peaks'), JSON.stringify(beginner));
    assert.ok(expert.indexOf('peaks') < expert.indexOf('strolls'), JSON.stringify(expert));
  });

  test('"popular with people near you" is said only of an item near the member, and reasons come strongest first', () => {
    const locals = Array.from({ length: 30 }, (_, i): RecUser => ({ id: `t${i}`, interests: [], ...BEIJING }));
    // Beijing members joined a Beijing group and, as often, a Shanghai one.
    const joins = locals.flatMap((u, i): Interaction[] => [
      { user: u.id, item: 'hike-b1', at: NOW - DAY + i },
      { user: u.id, item: 'hike-a1', at: NOW - DAY + i },
    ]);
    const m = trainItemModel(groups, joins, locals, { minCellUsers: 5 });
    const recs = recommend(m, { id: 'b', interests: ['hiking'], ...BEIJING }, [], { k: 10, weights: { geo: 0 } });
    const near = recs.find((r) => r.itemId === 'hike-b1');
    const far = recs.find((r) => r.itemId === 'hike-a1');
    assert.ok(near && far, JSON.stringify(recs));
    assert.ok(near.reasons.some((r) => r.kind === 'popular_near'), JSON.stringify(near));
    assert.ok(!far.reasons.some((r) => r.kind === 'popular_near'), `Shanghai is not near Beijing: ${JSON.stringify(far)}`);
    assert.ok(far.reasons.some((r) => r.kind === 'popular'), JSON.stringify(far));
    assert.ok(far.reasons.some((r) => r.kind === 'interest'), `the hiking interest ranked it too: ${JSON.stringify(far)}`);
  });

  test('"not interested" removes the item and demotes its neighbours and tag-mates', () => {
    const before = recommend(model, shanghaiHiker, ['hike-a3'], { k: 10 });
    const after = recommend(model, shanghaiHiker, ['hike-a3'], { k: 10, notInterested: new Set(['hike-a1']) });
    assert.equal(before[0]!.itemId, 'hike-a1');
    assert.ok(!ids(after).includes('hike-a1'));
    const score = (recs: Recommendation[], id: string) => recs.find((r) => r.itemId === id)?.score ?? 0;
    assert.ok(score(after, 'hike-a2') < score(before, 'hike-a2'), 'hike-a1’s neighbour is demoted');
    assert.ok(score(after, 'hike-a4') < score(before, 'hike-a4'), 'another hiking group is demoted');
    assert.ok(score(after, 'tech-a1') === score(before, 'tech-a1'), 'unrelated groups are untouched');
  });

  test('the model survives JSON (it is stored in tables) and free tags cannot reach Object.prototype', () => {
    const odd: RecItem[] = [...groups, { id: 'proto', tags: ['__proto__', 'constructor', 'Board Game Café'] }];
    const m = trainItemModel(odd, [...interactions, { user: 'm1', item: 'proto', at: NOW }], users);
    const copy = JSON.parse(JSON.stringify(m)) as ItemModel;
    const fan: RecUser = { id: 'fan', interests: ['Constructor', 'board game café', 'toString'] };
    const a = recommend(m, fan, [], { k: 5 });
    assert.deepEqual(recommend(copy, fan, [], { k: 5 }), a);
    assert.equal(a[0]!.itemId, 'proto');
    assert.deepEqual(recommend(copy, shanghaiHiker, ['hike-a1'], { k: 5 }), recommend(m, shanghaiHiker, ['hike-a1'], { k: 5 }));
    addItemToModel(copy, { id: '__proto__', tags: ['__proto__'] });
    assert.ok(Object.prototype.hasOwnProperty.call(copy.items, '__proto__'));
    assert.equal(Object.getPrototypeOf(copy.tagIndex), Object.prototype);
  });
});

describe('activities', () => {
  const activities: RecItem[] = [
    { id: 'past-hike', tags: ['hiking'], groupId: 'hike-a1', startsAt: NOW - 2 * DAY, ...SHANGHAI },
    { id: 'next-hike', tags: ['hiking'], groupId: 'hike-a1', startsAt: NOW + 2 * DAY, ...SHANGHAI },
    { id: 'later-hike', tags: ['hiking'], groupId: 'hike-a1', startsAt: NOW + 40 * DAY, ...SHANGHAI },
    { id: 'meetup', tags: ['programming'], groupId: 'tech-a1', startsAt: NOW + 3 * DAY, ...SHANGHAI },
    { id: 'bake-off', tags: ['baking'], groupId: 'cook-a2', startsAt: NOW + 5 * DAY, ...SHANGHAI },
  ];
  const rsvps: Interaction[] = [
    ...['x1', 'x2', 'x3', 'x4'].map((user) => ({ user, item: 'past-hike', at: NOW - 5 * DAY })),
    ...['x1', 'x2'].map((user) => ({ user, item: 'meetup', at: NOW - DAY })),
  ];
  const model = trainItemModel(activities, rsvps, []);
  const member: RecUser = { id: 'me', interests: [], ...SHANGHAI };

  test('upcoming activities of my groups, soonest first; never one that has started', () => {
    const recs = recommend(model, member, [], { k: 5, kind: 'activities', now: NOW, memberOf: ['hike-a1'] });
    assert.ok(!ids(recs).includes('past-hike'));
    assert.equal(recs[0]!.itemId, 'next-hike');
    assert.deepEqual(recs[0]!.reasons[0], { kind: 'in_your_group', groupId: 'hike-a1' });
  });

  test('people I know who are going make an activity a "friends going" recommendation', () => {
    const recs = recommend(model, member, ['past-hike'], { k: 5, kind: 'activities', now: NOW, social: new Map([['bake-off', 3]]) });
    const bake = recs.find((r) => r.itemId === 'bake-off');
    assert.ok(bake, JSON.stringify(ids(recs)));
    assert.deepEqual(bake.reasons[0], { kind: 'friends_going', count: 3 });
  });
});

describe('learning the activities\u2019 weights', () => {
  /**
   * Five interests, each with three small activities a day and a big one every
   * ten days. Members register three weeks ahead for their interest's big
   * events, which others go to too: the preset's "starts soon" (freshness 0.8
   * over 14 days) ranks the small activities of the next days first.
   */
  const topics = ['hiking', 'cooking', 'chess', 'yoga', 'painting'];
  const START = NOW - 200 * DAY;
  const items: RecItem[] = [];
  for (const t of topics) {
    for (let d = 0; d < 160; d++) for (let j = 0; j < 3; j++) items.push({ id: `${t}-s${d}-${j}`, tags: [t], startsAt: START + d * DAY + j * 0.3 * DAY, ...SHANGHAI });
    for (let k = 1; k <= 15; k++) items.push({ id: `${t}-big${k}`, tags: [t], startsAt: START + (10 * k + 5) * DAY, ...SHANGHAI });
  }
  const world = (perTopic: number) => {
    const users: RecUser[] = [];
    const rsvps: Interaction[] = [];
    topics.forEach((t, ti) => {
      for (let i = 0; i < perTopic; i++) {
        const id = `${t}-m${i}`;
        users.push({ id, interests: [t], ...SHANGHAI });
        const first = 1 + ((i + ti) % 8);
        for (let k = first; k < first + 4; k++) rsvps.push({ user: id, item: `${t}-big${k}`, at: START + (10 * k + 5 - 20) * DAY + i * 60_000 });
      }
    });
    return { users, rsvps };
  };
  /** The candidates the product would consider: what starts within the next 30 days. */
  const context: LearningContext = () => (_user, _history, held) => ({
    options: { candidates: items.filter((it) => it.startsAt! >= held.at && it.startsAt! < held.at + 30 * DAY).map((it) => it.id) },
  });

  test('with enough members, the weights are learned where the preset misranks, and recommend() uses them', () => {
    const { users, rsvps } = world(60);
    const model = trainItemModel(items, rsvps, users, { learn: { kind: 'activities', context } });
    const learned = model.learned;
    assert.ok(learned, 'enough members to learn from');
    assert.equal(learned.kind, 'activities');
    assert.ok(learned.members >= 200, `${learned.members} validation members`);
    const preset = recommenderPresets.activities;
    const moved = Object.entries(learned.weights).filter(([key, value]) => preset[key as keyof typeof preset] !== value);
    assert.ok(moved.length > 0, `the search moved some weight: ${JSON.stringify(learned)}`);
    assert.ok(learned.recallBefore < 0.5, `the preset misranks: ${JSON.stringify(learned)}`);
    assert.ok(learned.recallAfter > learned.recallBefore + 0.3, `learning finds the big events: ${JSON.stringify(learned)}`);
    const member = users[0]!;
    const opts = { k: 10, kind: 'activities' as const, now: START + 40 * DAY, candidates: items.map((it) => it.id) };
    const { learned: _, ...unlearned } = model;
    assert.deepEqual(ids(recommend(model, member, [], opts)), ids(recommend(unlearned, member, [], { ...opts, weights: learned.weights })), 'recommend() ranks with what was learned');
    // Each member just before their latest registration: the learned weights find it where the preset does not.
    const byUser = new Map<string, Interaction[]>();
    for (const x of rsvps) (byUser.get(x.user) ?? byUser.set(x.user, []).get(x.user)!).push(x);
    let hitsLearned = 0;
    let hitsPreset = 0;
    for (const user of users) {
      const mine = byUser.get(user.id)!.sort((a, b) => a.at - b.at);
      const held = mine.at(-1)!;
      const { options } = context([], model)(user, mine.slice(0, -1), held);
      const args = [user, mine.slice(0, -1).map((x) => x.item), { ...options, k: 10, kind: 'activities' as const, now: held.at }] as const;
      if (ids(recommend(model, ...args)).includes(held.item)) hitsLearned++;
      if (ids(recommend(unlearned, ...args)).includes(held.item)) hitsPreset++;
    }
    assert.ok(hitsLearned > hitsPreset + users.length / 4, `latest registrations in the top 10: learned ${hitsLearned}, preset ${hitsPreset} of ${users.length}`);
    // Weights held fixed (a signal the product's ranking lacks) stay out of what is learned.
    const fixed = trainItemModel(items, rsvps, users, { learn: { kind: 'activities', context, fixed: { freshness: 0 } } }).learned;
    assert.ok(fixed, 'learned with a fixed weight');
    assert.equal(fixed.weights.freshness, undefined, JSON.stringify(fixed));
  });

  test('the server learns from what rankActivities would give the member as they registered', () => {
    const at = NOW - 10 * DAY;
    const acts: RecItem[] = [
      { id: 'in-group', tags: ['hiking'], groupId: 'g1', startsAt: at + DAY, ...SHANGHAI },
      { id: 'near', tags: ['chess'], startsAt: at + 2 * DAY, lat: SHANGHAI.lat + 0.1, lng: SHANGHAI.lng },
      { id: 'far', tags: ['chess'], startsAt: at + DAY, ...BEIJING },
      { id: 'started', tags: ['hiking'], groupId: 'g1', startsAt: at - DAY, ...SHANGHAI },
      { id: 'mine', tags: ['hiking'], startsAt: at + DAY, ...SHANGHAI },
      { id: 'held', tags: ['hiking'], groupId: 'g1', startsAt: at + 3 * DAY, ...SHANGHAI },
    ];
    const memberships: Interaction[] = [
      { user: 'me', item: 'g1', at: at - 30 * DAY },
      { user: 'friend', item: 'g1', at: at - 30 * DAY },
      { user: 'late', item: 'g1', at: at + DAY },
    ];
    const train: Interaction[] = [
      { user: 'friend', item: 'near', at: at - 3600_000 },
      { user: 'stranger', item: 'near', at: at - 3600_000 },
      { user: 'late', item: 'near', at: at - 3600_000 },
      { user: 'friend', item: 'in-group', at: at + 3600_000 },
      { user: 'me', item: 'started', at: at - 5 * DAY },
    ];
    const context = activityLearningContext(acts, new Map([['mine', 'me']]), memberships)(train, trainItemModel(acts, train));
    const me: RecUser = { id: 'me', interests: [], ...SHANGHAI };
    const { history, options } = context(me, [train[4]!], { user: 'me', item: 'held', at });
    assert.deepEqual(history, [], 'ranked without history, as rankActivities ranks');
    assert.deepEqual(options?.memberOf, ['g1'], 'their groups as of then');
    assert.deepEqual([...(options?.candidates ?? [])].sort(), ['held', 'in-group', 'mine', 'near'], 'upcoming within 50 km or in their groups');
    assert.deepEqual([...(options?.exclude ?? [])].sort(), ['mine', 'started'], 'what they registered for and organize is excluded');
    assert.deepEqual([...(options?.social ?? [])], [['near', 1]], 'only members sharing a group with them by then, registered by then, count');
  });

  test('with too few validation members, the preset stays', () => {
    const { users, rsvps } = world(30);
    const model = trainItemModel(items, rsvps, users, { learn: { kind: 'activities', context } });
    assert.equal(model.learned, undefined, `150 validation members are too few: ${JSON.stringify(model.learned)}`);
    const opts = { k: 10, kind: 'activities' as const, now: START + 40 * DAY, candidates: items.map((it) => it.id) };
    assert.deepEqual(ids(recommend(model, users[0]!, [], opts)), ids(recommend(model, users[0]!, [], { ...opts, weights: recommenderPresets.activities })), 'ranked by the preset');
  });
});

describe('offline evaluation end to end', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-recs-'));
    writeDataset(path.join(dir, 'town'), generateDataset({ users: 6000, seed: 7 }));
    writeDataset(path.join(dir, 'village'), generateDataset({ users: 1000, seed: 7 }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('generated data is deterministic for a seed', () => {
    const a = generateDataset({ users: 300, seed: 3 });
    const b = generateDataset({ users: 300, seed: 3 });
    const c = generateDataset({ users: 300, seed: 4 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.memberships, c.memberships);
  });

  test('Kindred beats the better baseline by ≥30% on recall@10, with at least the content baseline’s coverage', async () => {
    const ds = await readDataset(path.join(dir, 'town'));
    const { report, details } = runEvaluation(ds);
    assert.ok(details.groups!.users > 500, `${details.groups!.users} members evaluated`);
    for (const task of ['groups', 'activities'] as const) {
      const m = report[task];
      assert.ok(m, task);
      const best = Math.max(m.popular['recall@10'], m.content['recall@10']);
      assert.ok(m.kindred['recall@10'] >= 1.3 * best, `${task}: ${JSON.stringify(m)}`);
      assert.ok(m.kindred.coverage >= m.content.coverage, `${task}: ${JSON.stringify(m)}`);
      assert.ok(m.kindred['ndcg@10'] > m.content['ndcg@10'], task);
    }
  });

  /**
   * The gate on data the engine was not tuned on: a world of the `circles`
   * shape (joins through acquaintances no tag reveals; no preset was chosen
   * on it) and the real Nashville data when the shared datasets are present.
   * Kindred must at least match the plain hybrid, which picks its own two
   * weights on the validation split, and beat it by 5% on Nashville (where it
   * leads by 8–13%); figures in docs/recommendations.md.
   */
  test('on data it was not tuned on, Kindred at least matches the plain hybrid, and beats it on Nashville', async (t) => {
    const circles = path.join(dir, 'circles');
    writeDataset(circles, generateDataset({ users: 6000, seed: 11, shape: 'circles', activities: false }), { shape: 'circles', seed: 11, users: 6000 });
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const nashville = path.resolve(root, '../shared/datasets/meetup-nashville/eval');
    const worlds = fs.existsSync(path.join(nashville, 'memberships.jsonl')) ? [circles, nashville] : [circles];
    if (worlds.length === 1) t.diagnostic('the shared Nashville data is not here: the circles world alone');
    for (const world of worlds) {
      const { report, details } = runEvaluation(await readDataset(world));
      const m = report.groups!;
      assert.ok(details.groups!.users > 500, `${world}: ${details.groups!.users} members evaluated`);
      assert.ok(m.hybrid['recall@10'] > Math.max(m.popular['recall@10'], m.content['recall@10']), `${world}: the hybrid is a real baseline: ${JSON.stringify(m)}`);
      const isNashville = world === nashville;
      assert.ok(
        m.kindred['recall@10'] >= (isNashville ? 1.05 : 1) * m.hybrid['recall@10'],
        `${world}: kindred ${m.kindred['recall@10']} vs hybrid ${m.hybrid['recall@10']} (×${details.groups!.liftOverHybrid.ratio})`,
      );
      assert.ok(details.groups!.learned, `${world}: the weights were learned`);
      t.diagnostic(`${isNashville ? 'nashville' : 'circles'}: kindred ${m.kindred['recall@10']}, hybrid ${m.hybrid['recall@10']}, ×${details.groups!.liftOverHybrid.ratio} [${details.groups!.liftOverHybrid.ci.join(', ')}]`);
    }
  });

  test('the blend weights are learned on a validation split, used by recommend(), and better on items they never saw', async () => {
    const world = path.join(dir, 'circles-learn');
    writeDataset(world, generateDataset({ users: 3000, seed: 23, shape: 'circles', activities: false }));
    const ds = await readDataset(world);
    // The reported items are held out first; learning splits what is left again.
    const { train, test: held } = holdOutLatest(ds.memberships);
    const model = trainItemModel(ds.groups, train, ds.users, groupModelOptions);
    const learned = model.learned;
    assert.ok(learned, 'enough members to learn from');
    assert.equal(learned.kind, 'groups');
    assert.ok(learned.members >= 200, `${learned.members} validation members`);
    const preset = recommenderPresets.groups;
    const moved = Object.entries(learned.weights).filter(([key, value]) => preset[key as keyof typeof preset] !== value);
    assert.ok(moved.length > 0, `the search moved some weight: ${JSON.stringify(learned)}`);
    assert.ok(learned.recallAfter > learned.recallBefore, JSON.stringify(learned));

    const { learned: _, ...unlearned } = model;
    // What the same training gives without learning: the preset's weights, and EASE's neighbour lists with nothing mixed in.
    const plain = trainItemModel(ds.groups, train, ds.users, { ...groupModelOptions, learn: undefined });
    assert.equal(plain.learned, undefined, 'no learning asked for, none done');
    const byUser = new Map<string, string[]>();
    for (const x of [...train].sort((a, b) => a.at - b.at)) (byUser.get(x.user) ?? byUser.set(x.user, []).get(x.user)!).push(x.item);
    const users = new Map(ds.users.map((u) => [u.id, u]));
    let hitsLearned = 0;
    let hitsPreset = 0;
    let differs = 0;
    for (const [userId, x] of held) {
      const args = [users.get(userId) ?? { id: userId, interests: [] }, byUser.get(userId) ?? []] as const;
      const withModel = ids(recommend(model, ...args, { k: 10, now: x.at }));
      assert.deepEqual(withModel, ids(recommend(unlearned, ...args, { k: 10, now: x.at, weights: learned.weights })), 'recommend() ranks with what the model learned');
      const withPreset = ids(recommend(plain, ...args, { k: 10, now: x.at }));
      if (withModel.join() !== withPreset.join()) differs++;
      if (withModel.includes(x.item)) hitsLearned++;
      if (withPreset.includes(x.item)) hitsPreset++;
    }
    assert.ok(differs > held.size / 10, `learning changed ${differs} of ${held.size} lists`);
    assert.ok(hitsLearned > hitsPreset, `on the test items: learned ${hitsLearned}, preset ${hitsPreset} of ${held.size}`);
  });

  test('training in slices gives the event loop its turn and builds the same model', async () => {
    const ds = await readDataset(path.join(dir, 'village'));
    const options = { ...groupModelOptions, now: NOW };
    let turns = 0;
    let ticking = setImmediate(function tick() {
      turns++;
      ticking = setImmediate(tick);
    });
    const sliced = await trainItemModelInSlices(ds.groups, ds.memberships, ds.users, options, 0);
    clearImmediate(ticking);
    assert.ok(turns >= 3, `${turns} timer turns while training`);
    assert.deepEqual(sliced, trainItemModel(ds.groups, ds.memberships, ds.users, options));
  });

  test('the CLI prints a table and writes the figures in the agreed shape', async () => {
    const out = path.join(dir, 'out', 'figures.json');
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'packages/server/scripts/recs-eval.ts', '--data', path.join(dir, 'village'), '--out', out], {
      cwd: root,
    });
    assert.match(stdout, /kindred/);
    const figures = JSON.parse(fs.readFileSync(out, 'utf8')) as EvalReport;
    assert.deepEqual(Object.keys(figures), ['groups', 'activities']);
    for (const task of [figures.groups!, figures.activities!]) {
      assert.deepEqual(Object.keys(task), ['popular', 'content', 'hybrid', 'kindred']);
      for (const m of Object.values(task)) {
        assert.deepEqual(Object.keys(m), ['recall@10', 'ndcg@10', 'coverage', 'diversity', 'ci']);
        const { ci, ...figures } = m;
        for (const v of Object.values(figures)) assert.ok(typeof v === 'number' && v >= 0 && v <= 1, `${v} is a share`);
        for (const metric of ['recall@10', 'ndcg@10'] as const) {
          const [lo, hi] = ci[metric];
          assert.ok(lo <= m[metric] && m[metric] <= hi && lo >= 0 && hi <= 1, `${metric} ${m[metric]} in [${lo}, ${hi}]`);
        }
      }
    }
    assert.match(stdout, /× the plain hybrid \(95% CI/);
  });
});
