import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { activityBody } from './_activities.js';
import { actors, createGroup, createPost, errorCode, startTestServer, waitUntil, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

type RecGroup = { group: { id: number; name: string; tags: string[]; visibility: string }; reasons: { kind: string; en: string; zh: string; tag?: string }[] };
const groupRecs = async (c: Client) => (await c.get('/recommendations/groups?limit=20')).body.items as RecGroup[];
/** No training or ranking is due or running: a member's ranking stays as it is until something changes it. */
const rankingsSettled = async () =>
  !(await server.db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', ['recs.train', 'recs.rank'])
    .where('done_at', 'is', null)
    .where('dead_at', 'is', null)
    .where('run_at', '<=', new Date())
    .executeTakeFirst());

describe('recommendations', () => {
  let ids: Record<string, number> = {};
  let founders: Record<string, Client & { id: number }>;
  before(async () => {
    founders = await actors(server, 'founder', 'hiker1', 'hiker2', 'hiker3');
    const f = founders.founder!;
    const specs: [string, string[], string][] = [
      ['Hiking Lovers', ['hiking'], 'public'],
      ['Trail Runners', ['running', 'hiking'], 'public'],
      ['Camping Crew', ['camping'], 'public'],
      ['Board Game Night', ['board-games'], 'public'],
      ['Secret Summit Club', ['hiking'], 'private'],
      ['Pottery Corner', ['pottery'], 'public'],
    ];
    for (const [name, tags, visibility] of specs) {
      ids[name] = (await createGroup(f, { name, tags, visibility, joinPolicy: visibility === 'private' ? 'approval' : 'open', city: 'Beijing', lat: 39.9, lng: 116.4 })).id;
    }
    // Hikers also join Camping Crew: co-membership links the two.
    for (const name of ['hiker1', 'hiker2', 'hiker3'] as const) {
      await founders[name]!.post(`/groups/${ids['Hiking Lovers']}/join`);
      await founders[name]!.post(`/groups/${ids['Camping Crew']}/join`);
    }
    await createPost(f, ids['Hiking Lovers']!, { title: 'Fragrant Hills in autumn', body: 'Red leaves everywhere.' });
    await createPost(f, ids['Camping Crew']!, { title: 'Best tents for winter', body: 'Four-season tents compared.' });
    await createPost(f, ids['Secret Summit Club']!, { title: 'Members only route', body: 'Shh.' });
    const start = new Date(Date.now() + 3 * 86_400_000);
    await f.post('/activities', activityBody({ groupId: ids['Hiking Lovers'], title: 'Hike at Xiangshan', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 4 * 3_600_000).toISOString() }));
    await f.post('/activities', activityBody({ title: 'Pottery taster', tags: ['pottery'], startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString() }));
  });

  test('a brand-new member who only picked interests and an area gets relevant groups at once, with reasons in both languages', async () => {
    const { newbie } = await actors(server, 'newbie');
    await newbie.patch('/me', { interests: [{ tag: 'hiking', skill: 'beginner' }], city: 'Beijing', lat: 39.91, lng: 116.39, onboarded: true });
    const recs = await groupRecs(newbie);
    assert.ok(recs.length >= 3);
    assert.equal(recs[0]!.group.tags.includes('hiking'), true, `first: ${JSON.stringify(recs.map((r) => [r.group.name, r.reasons.map((x) => x.kind), (r as unknown as { score: number }).score]))}`);
    for (const r of recs) {
      assert.ok(r.reasons.length >= 1);
      for (const reason of r.reasons) assert.ok(reason.en.length > 0 && reason.zh.length > 0);
    }
    const hiking = recs.find((r) => r.group.id === ids['Hiking Lovers'])!;
    assert.ok(hiking.reasons.some((r) => r.kind === 'interest' && r.en === 'Because you like hiking' && r.zh === '因为你喜欢徒步'));
    assert.ok(!recs.some((r) => r.group.visibility === 'private'), 'private groups are not recommended');
    const posts = (await newbie.get('/recommendations/posts')).body.items;
    assert.ok(posts.length >= 1);
    assert.ok(!posts.some((p: { post: { title: string } }) => p.post.title === 'Members only route'));
    const activities = (await newbie.get('/recommendations/activities')).body.items;
    assert.equal(activities[0].activity.title, 'Hike at Xiangshan');
  });

  test('friends are a signal: a group friends joined moves up and says so first', async () => {
    const { pal, buddy } = await actors(server, 'pal', 'buddy');
    await pal.patch('/me', { interests: [{ tag: 'hiking', skill: 'beginner' }], city: 'Beijing', lat: 39.91, lng: 116.39, onboarded: true });
    // Compared before and after the friend joins: no training or ranking in between may move the groups.
    await waitUntil('the model is trained and the new interests ranked', rankingsSettled);
    const before = await groupRecs(pal);
    const pottery = ids['Pottery Corner']!;
    const rankOf = (recs: RecGroup[]) => recs.findIndex((r) => r.group.id === pottery);
    assert.ok(rankOf(before) !== 0, 'pottery is not what a hiker is shown first');
    await buddy.put('/users/pal/follow');
    await pal.put('/users/buddy/follow');
    await buddy.post(`/groups/${pottery}/join`);
    await waitUntil('rankings settle', rankingsSettled);
    const after = await groupRecs(pal);
    const lifted = after.find((r) => r.group.id === pottery);
    assert.ok(lifted, JSON.stringify(after.map((r) => r.group.name)));
    assert.deepEqual([lifted.reasons[0]!.kind, lifted.reasons[0]!.en, lifted.reasons[0]!.zh], ['friends', 'A friend joined', '1 位好友已加入']);
    if (rankOf(before) !== -1) assert.ok(rankOf(after) < rankOf(before), 'it moved up');

    // The same for an activity a friend is going to.
    const taster = (await pal.get('/activities/nearby?lat=39.9996&lng=116.1889&radiusKm=50&limit=50')).body.items.find((a: { title: string }) => a.title === 'Pottery taster');
    assert.equal((await buddy.post(`/activities/${taster.id}/registrations`, {})).body.status, 'confirmed');
    const activities = (await pal.get('/recommendations/activities')).body.items as { activity: { id: number }; reasons: { kind: string; en: string }[] }[];
    const going = activities.find((r) => r.activity.id === taster.id);
    assert.ok(going, JSON.stringify(activities.map((r) => r.activity.id)));
    assert.deepEqual([going.reasons[0]!.kind, going.reasons[0]!.en], ['friends', 'A friend is going']);
  });

  test('rankings are reused for a while, but joining a recommended group takes it out at once', async () => {
    const { settler } = await actors(server, 'settler');
    await settler.patch('/me', { interests: [{ tag: 'hiking' }], city: 'Beijing', lat: 39.91, lng: 116.39, onboarded: true });
    const first = await groupRecs(settler);
    const picked = first.find((r) => r.group.id === ids['Trail Runners']);
    assert.ok(picked, 'Trail Runners is recommended to a hiker');
    assert.deepEqual((await groupRecs(settler)).map((r) => r.group.id), first.map((r) => r.group.id), 'the same ranking while nothing changed');
    assert.equal((await settler.post(`/groups/${ids['Trail Runners']}/join`)).status, 200);
    assert.ok(!(await groupRecs(settler)).some((r) => r.group.id === ids['Trail Runners']));
  });

  test('never joined groups; co-membership explains; "not interested" removes and demotes', async () => {
    const { joiner } = await actors(server, 'joiner');
    await joiner.patch('/me', { interests: [{ tag: 'board-games' }], onboarded: true });
    await joiner.post(`/groups/${ids['Hiking Lovers']}/join`);
    // Retrain so the co-membership of the hikers is in the model.
    const { trainGroupModel, refreshRanking } = await import('../src/features/recommendations/recommendations.service.js');
    await trainGroupModel(server.ctx);
    // As the refresh the join scheduled does (it may have run before the retraining, under load).
    await refreshRanking(server.ctx, joiner.id);
    const recs = await groupRecs(joiner);
    assert.ok(!recs.some((r) => r.group.id === ids['Hiking Lovers']), 'a joined group is not recommended');
    const camping = recs.find((r) => r.group.id === ids['Camping Crew']);
    assert.ok(camping, 'members of Hiking Lovers also joined Camping Crew');
    assert.ok(camping!.reasons.some((r) => r.kind === 'also_joined' && r.en === 'Members of Hiking Lovers also joined this'));
    const reply = await joiner.post('/recommendations/not-interested', { kind: 'group', id: ids['Camping Crew'] });
    assert.equal(reply.status, 204);
    const after = await groupRecs(joiner);
    assert.ok(!after.some((r) => r.group.id === ids['Camping Crew']));
    await joiner.post('/recommendations/interested', { kind: 'group', id: ids['Camping Crew'] });
    assert.ok((await groupRecs(joiner)).some((r) => r.group.id === ids['Camping Crew']));
    // Posts and activities marked "not interested" disappear too.
    const posts = (await joiner.get('/recommendations/posts')).body.items as { post: { id: number } }[];
    assert.ok(posts.length > 0);
    await joiner.post('/recommendations/not-interested', { kind: 'post', id: posts[0]!.post.id });
    assert.ok(!(await joiner.get('/recommendations/posts')).body.items.some((p: { post: { id: number } }) => p.post.id === posts[0]!.post.id));
  });

  test('a new group with no members yet is recommended to the right people, whether their ranking predates it or not', async () => {
    const { potter, knitter, maker } = await actors(server, 'potter', 'knitter', 'maker');
    await potter.patch('/me', { interests: [{ tag: 'knitting' }], onboarded: true });
    // Potter's ranking is stored before the group exists: a request scores the group in as new.
    await groupRecs(potter);
    const ranked = await server.db.selectFrom('rec_rankings').select('computed_at').where('user_id', '=', potter.id).executeTakeFirst();
    assert.ok(ranked, 'a stored ranking');
    const fresh = await createGroup(maker, { name: 'Knitting Circle', tags: ['knitting'] });
    // Knitter is ranked after it exists, on their first request.
    await knitter.patch('/me', { interests: [{ tag: 'knitting' }], onboarded: true });
    for (const member of [potter, knitter]) {
      const recs = await groupRecs(member);
      const at = recs.findIndex((r) => r.group.id === fresh.id);
      assert.ok(at >= 0 && at < 3, `${member.user!.username}: the new group is near the top (at ${at})`);
      assert.ok(recs[at]!.reasons.some((r) => r.kind === 'interest' && r.tag === 'knitting'), 'for the interest it matches');
    }
  });

  test('a group whose creating transaction commits after a ranking read its inputs is still recommended', { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL (the embedded database runs one transaction at a time)' }, async () => {
    const { weaver, loomowner: owner } = await actors(server, 'weaver', 'loomowner');
    await weaver.patch('/me', { interests: [{ tag: 'weaving' }], onboarded: true });
    await groupRecs(weaver);
    const { refreshRanking } = await import('../src/features/recommendations/recommendations.service.js');
    // The group's transaction starts (its created_at) before the ranking reads its inputs and commits after.
    const group = await server.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('groups')
        .values({ name: 'Loom Friends', description: '', description_html: '', tags: ['weaving'], visibility: 'public', join_policy: 'open', owner_id: owner.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await refreshRanking(server.ctx, weaver.id);
      return row;
    });
    const ranked = await server.db.selectFrom('rec_rankings').select('groups').where('user_id', '=', weaver.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(ranked.groups).includes(`[${group.id},`), 'the ranking could not see the group');
    assert.ok((await groupRecs(weaver)).some((r) => r.group.id === Number(group.id)), 'a request scores it in as new');
    await refreshRanking(server.ctx, weaver.id);
    assert.ok((await groupRecs(weaver)).some((r) => r.group.id === Number(group.id)), 'the next ranking has it');
  });

  test('bad input and anonymous requests are refused', async () => {
    const { someone } = await actors(server, 'someone');
    assert.equal(errorCode(await server.client().get('/recommendations/groups')), 'unauthenticated');
    assert.equal((await someone.get('/recommendations/groups?limit=100')).status, 400);
    assert.equal((await someone.post('/recommendations/not-interested', { kind: 'person', id: 1 })).status, 400);
    assert.equal((await someone.post('/recommendations/not-interested', { kind: 'group', id: 'x' })).status, 400);
    assert.equal(errorCode(await someone.post('/recommendations/not-interested', { kind: 'group', id: 999999 })), 'not_found');
    assert.equal(errorCode(await someone.post('/recommendations/not-interested', { kind: 'post', id: 999999 })), 'not_found');
  });
});
