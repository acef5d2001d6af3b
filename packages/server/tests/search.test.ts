import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jobHandlers } from '../src/jobs/handlers.js';
import { createActivity } from './_activities.js';
import { actors, bulkMembers, createGroup, createPost, errorCode, PASSWORD, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('search finds Chinese and English posts and groups by words, ranked', async () => {
  const { alice } = await actors(server, 'alice');
  const hiking = await createGroup(alice, { name: '北京徒步爱好者', description: '每周末一起去香山、百望山徒步。', tags: ['hiking'] });
  const cycling = await createGroup(alice, { name: 'Cycling World', description: 'Road rides along the river.', tags: ['cycling'] });
  const zh = await createPost(alice, hiking.id, { kind: 'guide', title: '周末香山徒步攻略', body: '从北宫门进，沿着山路走到香炉峰。' });
  const en = await createPost(alice, hiking.id, { kind: 'guide', title: 'Hiking in the Fragrant Hills', body: 'Take line 10 to Bagou, then the tram.' });
  await createPost(alice, cycling.id, { title: 'Night ride', body: 'Lights on, helmets on. Some hikers joined us.' });
  await createPost(alice, cycling.id, { title: '骑行装备清单', body: '头盔、手套、车灯。' });

  const search = async (kind: string, q: string) =>
    (await server.client().get(`/search/${kind}?q=${encodeURIComponent(q)}`)).body.items.map((i: { id: number }) => i.id);

  // 徒步 and hiking name one interest: each finds the post written with the other, title matches above a body match.
  const nightRide = (await search('posts', 'night ride'))[0];
  for (const q of ['徒步', 'hiking']) {
    const found = await search('posts', q);
    assert.deepEqual(found.slice(0, 2).sort(), [zh.id, en.id].sort(), q);
    assert.deepEqual(found.slice(2), [nightRide], `${q}: a body match ("hikers") comes last`);
  }
  assert.deepEqual(await search('posts', '香山 攻略'), [zh.id]);
  assert.deepEqual(await search('posts', 'fragrant hills'), [en.id]);
  assert.deepEqual(await search('groups', '徒步'), [hiking.id]);
  assert.deepEqual(await search('groups', '徒步爱好者'), [hiking.id]);
  assert.deepEqual(await search('groups', 'cycling'), [cycling.id]);
  assert.deepEqual(await search('posts', 'zebra'), []);
  // An excluded word leaves out what has it, in Chinese as in English; an excluded compound is one phrase.
  assert.deepEqual((await search('posts', '徒步 -香山')).sort(), [en.id, nightRide].sort());
  assert.deepEqual((await search('posts', 'hiking -fragrant')).sort(), [zh.id, nightRide].sort());
  assert.deepEqual((await search('posts', 'hiking -香山徒步')).sort(), [en.id, nightRide].sort());
  assert.deepEqual((await search('posts', '徒步 -香山攻略')).sort(), [zh.id, en.id, nightRide].sort(), 'the excluded words are not next to each other there');
  assert.deepEqual(await search('posts', '"香山徒步"'), [zh.id], 'a quoted Chinese phrase');
  // Punctuation and operators in the query never break the search.
  for (const q of ['"', "'; drop table posts; --", '&&||!', '徒步 -香山', '(((']) {
    const reply = await server.client().get(`/search/posts?q=${encodeURIComponent(q)}`);
    assert.equal(reply.status, 200, q);
  }
  assert.equal((await server.client().get('/search/posts?q=')).status, 400);
  assert.equal((await server.client().get(`/search/posts?q=${'x'.repeat(101)}`)).status, 400);
});

test('search pages through results with a cursor', async () => {
  const { bob } = await actors(server, 'bob');
  const group = await createGroup(bob, { name: 'Paging' });
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push((await createPost(bob, group.id, { title: `Kayak trip ${i}`, body: 'kayak '.repeat(i + 1) })).id);
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await server
      .client()
      .get(`/search/posts?q=kayak&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.body.items.map((p) => p.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual([...seen].sort((a, b) => a - b), ids);
  assert.equal(new Set(seen).size, 5);
});

type Item = { id: number; name?: string; title?: string; username?: string };
const idsOf = (reply: { body: { items: Item[] } }) => reply.body.items.map((i) => i.id);

/** Every page of a search, following its cursors. */
async function allPages(client: Client, path: string, limit = 2) {
  const seen: Item[] = [];
  let cursor: string | null = null;
  do {
    const reply: { status: number; body: { items: Item[]; nextCursor: string | null } } = await client.get(`${path}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.ok(reply.body.items.length <= limit);
    seen.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return seen;
}

test('徒步, 爬山 and hiking find the same hiking groups, in either language, named ones first', async () => {
  const { carol } = await actors(server, 'carol');
  const climbers = await createGroup(carol, { name: '香山爬山小分队', description: '每周六早上出发。', tags: ['photography'] });
  const trekkers = await createGroup(carol, { name: 'Weekend Trekkers', description: 'Trails around the city.', tags: ['hiking'] });
  const mountains = await createGroup(carol, { name: 'Mountain Days', description: 'We hike every Sunday.', tags: ['camping'] });
  const coffee = await createGroup(carol, { name: '咖啡爱好者', description: 'Flat whites and pour-overs.', tags: ['coffee'] });
  const search = async (q: string) => idsOf(await server.client().get(`/search/groups?q=${encodeURIComponent(q)}`));

  const byHiking = await search('徒步');
  for (const mine of [climbers.id, trekkers.id, mountains.id]) assert.ok(byHiking.includes(mine), `徒步 finds group ${mine}`);
  assert.ok(!byHiking.includes(coffee.id));
  for (const q of ['爬山', 'hiking', 'Hiking', 'hikes', '登山', 'trekking']) {
    assert.deepEqual([...(await search(q))].sort(), [...byHiking].sort(), `${q} finds what 徒步 finds`);
  }
  // A group with the word (or its synonym) in its name ranks above one with it only in its description or tags.
  const byClimb = await search('爬山');
  assert.ok(byClimb.indexOf(climbers.id) < byClimb.indexOf(trekkers.id) && byClimb.indexOf(climbers.id) < byClimb.indexOf(mountains.id), JSON.stringify(byClimb));
  // The other words still narrow: every one must match.
  const names = async (q: string) => (await server.client().get(`/search/groups?q=${encodeURIComponent(q)}`)).body.items.map((g: Item) => g.name);
  assert.deepEqual(await names('北京 hiking'), ['北京徒步爱好者']);
  assert.deepEqual(await names('小分队 hiking'), ['香山爬山小分队']);
  assert.deepEqual(await names('咖啡'), ['咖啡爱好者']);
  assert.deepEqual(await names('coffee'), ['咖啡爱好者'], 'coffee names the interest whose Chinese label is 咖啡');
  // A quoted phrase or an "or" is taken as typed.
  assert.deepEqual(await names('"weekend trekkers"'), ['Weekend Trekkers']);
  assert.ok((await names('咖啡 or 爬山')).length >= 2);
});

test('activity search finds upcoming activities by words and interest, as the viewer may see them', async () => {
  const { frank, gina, hank, ivy, jade } = await actors(server, 'frank', 'gina', 'hank', 'ivy', 'jade');
  const anonymous = server.client();
  const open = await createGroup(frank, { name: 'Zephyr Walkers', tags: ['hiking'] });
  const closed = await createGroup(frank, { name: 'Zephyr Inner Circle', visibility: 'private', joinPolicy: 'approval' });
  await gina.post(`/groups/${closed.id}/join`, { message: 'hi' });
  assert.equal((await frank.post(`/groups/${closed.id}/requests/${gina.id}/approve`)).status, 204);

  const publicWalk = await createActivity(frank, { groupId: open.id, title: '百花山爬山一日游', description: 'Zephyr route, bring water.', tags: ['hiking'] });
  const ownWalk = await createActivity(jade, { title: 'Zephyr riverside trek', description: 'Flat and easy.', tags: ['running'] });
  const privateWalk = await createActivity(frank, { groupId: closed.id, title: 'Zephyr members-only walk' });
  const draft = await createActivity(frank, { groupId: open.id, title: 'Zephyr draft walk', status: 'draft' });
  const cancelled = await createActivity(frank, { groupId: open.id, title: 'Zephyr cancelled walk' });
  assert.equal((await frank.post(`/activities/${cancelled.id}/cancel`)).status, 200);
  const past = await createActivity(frank, { groupId: open.id, title: 'Zephyr past walk' });
  await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 48 * 3_600_000), ends_at: new Date(Date.now() - 44 * 3_600_000) }).where('id', '=', past.id).execute();
  const coffee = await createActivity(jade, { title: 'Zephyr coffee cupping', description: '手冲 tasting.', tags: ['coffee'] });

  const find = async (who: Client, q: string) => idsOf(await who.get(`/search/activities?q=${encodeURIComponent(q)}`));
  // Interest synonyms across languages: the Chinese title is found by English words and the other way round.
  for (const q of ['徒步', '爬山', 'hiking', 'hike']) {
    const found = await find(hank, q);
    assert.ok(found.includes(publicWalk.id), `${q} finds the 爬山 walk`);
    assert.ok(found.includes(ownWalk.id), `${q} finds the trek`);
    assert.ok(!found.includes(coffee.id), q);
  }
  assert.deepEqual(await find(hank, '咖啡'), [coffee.id]);
  assert.deepEqual(await find(hank, 'zephyr 跑步'), [ownWalk.id], 'tags count: the trek is tagged running');

  // Access as in every activity list: the private group's to its members, drafts to who manages them; never cancelled or past ones.
  const expectSeen = { frank: [publicWalk.id, ownWalk.id, privateWalk.id, draft.id, coffee.id], gina: [publicWalk.id, ownWalk.id, privateWalk.id, coffee.id], hank: [publicWalk.id, ownWalk.id, coffee.id] };
  for (const [name, who] of [['frank', frank], ['gina', gina], ['hank', hank], ['anonymous', anonymous]] as const) {
    const expected = expectSeen[name === 'anonymous' ? 'hank' : name];
    assert.deepEqual([...(await find(who, 'zephyr'))].sort((a, b) => a - b), [...expected].sort((a, b) => a - b), name);
  }
  assert.equal((await find(frank, 'zephyr')).includes(cancelled.id) || (await find(frank, 'zephyr')).includes(past.id), false);
  const row = (await hank.get(`/search/activities?q=zephyr`)).body.items.find((a: Item) => a.id === publicWalk.id);
  assert.equal(row.group.id, open.id);
  assert.equal(row.organizer.username, 'frank');

  // Blocks hide the organizer's activities either way.
  assert.equal((await ivy.put('/users/frank/block')).status, 204);
  assert.deepEqual([...(await find(ivy, 'zephyr'))].sort((a, b) => a - b), [ownWalk.id, coffee.id].sort((a, b) => a - b), 'the blocker no longer sees the organizer’s');
  assert.equal((await jade.put('/users/hank/block')).status, 204);
  assert.ok(!(await find(hank, 'zephyr')).some((id) => id === ownWalk.id || id === coffee.id), 'blocked by the organizer');
  assert.ok((await find(hank, 'zephyr')).includes(publicWalk.id));
});

test('activity search pages with a cursor and refuses bad input without a 5xx', async () => {
  const { kim } = await actors(server, 'kim');
  const made: number[] = [];
  for (let i = 0; i < 5; i++) made.push((await createActivity(kim, { title: `Quokka spotting ${i}`, description: 'quokka '.repeat(i + 1), tags: ['birdwatching'] })).id);
  const seen = (await allPages(kim, '/search/activities?q=quokka')).map((a) => a.id);
  assert.deepEqual([...seen].sort((a, b) => a - b), made);
  assert.equal(new Set(seen).size, 5);
  // Birding is a synonym of the interest they are tagged with.
  assert.deepEqual([...idsOf(await kim.get('/search/activities?q=birding'))].sort((a, b) => a - b), made);
  for (const query of ['', '?q=', `?q=${'x'.repeat(101)}`, '?q=quokka&cursor=notacursor', '?q=quokka&limit=0', '?q=quokka&limit=abc', '?q=quokka&cursor=WzEsMiwzXQ']) {
    const reply = await kim.get(`/search/activities${query}`);
    assert.equal(reply.status, 400, query);
    assert.equal(errorCode(reply), 'validation_failed', query);
  }
  for (const q of ['"', "'; drop table activities; --", '&&||!', '徒步 -香山', '(((', '-', 'or']) {
    assert.equal((await kim.get(`/search/activities?q=${encodeURIComponent(q)}`)).status, 200, q);
  }
});

test('people search finds members by name, never a blocked, suspended or deleted one', async () => {
  const { luna, lunabird, lunablock, lunasusp, lunagone, lunashy, mia } = await actors(server, 'luna', 'lunabird', 'lunablock', 'lunasusp', 'lunagone', 'lunashy', 'mia');
  await mia.patch('/me', { displayName: '陆娜' });
  await lunabird.patch('/me', { displayName: 'Luna Bird' });
  const find = async (who: Client, q: string) => (await who.get(`/search/people?q=${encodeURIComponent(q)}`)).body.items.map((u: Item) => u.username);

  assert.deepEqual(await find(luna, 'luna'), ['luna', 'lunabird', 'lunablock', 'lunagone', 'lunashy', 'lunasusp']);
  assert.deepEqual(await find(luna, 'LUNAB'), ['lunabird', 'lunablock']);
  assert.deepEqual(await find(luna, '@lunab'), ['lunabird', 'lunablock']);
  assert.deepEqual(await find(luna, '陆'), ['mia'], 'by display name, Chinese too');
  assert.deepEqual(await find(luna, 'bir'), ['lunabird'], 'by a later word of the display name');
  assert.deepEqual(await find(luna, '娜'), ['mia'], 'by a later character of a Chinese name');
  const shown = (await luna.get('/search/people?q=lunabird')).body.items[0];
  assert.deepEqual(Object.keys(shown).sort(), ['avatarUrl', 'displayName', 'id', 'username']);
  assert.equal(shown.displayName, 'Luna Bird');

  // A block hides either from the other; a suspension and a deleted account hide them from everyone.
  assert.equal((await lunablock.put('/users/luna/block')).status, 204);
  await server.db.updateTable('users').set({ suspended_until: new Date(Date.now() + 7 * 86_400_000) }).where('id', '=', lunasusp.id).execute();
  assert.equal((await lunagone.post('/me/delete', { password: PASSWORD })).status, 204);
  assert.deepEqual(await find(luna, 'luna'), ['luna', 'lunabird', 'lunashy']);
  assert.deepEqual(await find(lunablock, 'luna'), ['lunabird', 'lunablock', 'lunashy']);
  assert.deepEqual(await find(mia, 'luna'), ['luna', 'lunabird', 'lunablock', 'lunashy'], 'others still see both');

  // Signed out, only members whose profile search engines may index.
  assert.equal((await lunashy.patch('/me/privacy', { searchEngines: false })).status, 200);
  assert.deepEqual(await find(server.client(), 'luna'), ['luna', 'lunabird', 'lunablock']);
  assert.deepEqual(await find(mia, 'luna'), ['luna', 'lunabird', 'lunablock', 'lunashy']);

  for (const query of ['', '?q=', '?q=%40', '?q=%20%20', `?q=${'x'.repeat(101)}`, '?q=luna&cursor=%%%', '?q=luna&cursor=WzMsImEiLDFd', '?q=luna&limit=101']) {
    const reply = await luna.get(`/search/people${query}`);
    assert.equal(reply.status, 400, query);
    assert.equal(errorCode(reply), 'validation_failed', query);
  }
});

test('people search pages by username matches, then display-name matches, then later-word matches, each member once', async () => {
  const members = await bulkMembers(server, 'nox', 5);
  const { olive, wordzed: zed, wordbob: bo, wordcyd: cy } = await actors(server, 'olive', 'wordzed', 'wordbob', 'wordcyd');
  await olive.patch('/me', { displayName: 'Nox Olive' });
  await zed.patch('/me', { displayName: 'Zed Noxley' });
  await bo.patch('/me', { displayName: 'Bo Nox-Noxon' });
  await cy.patch('/me', { displayName: 'Cy Nox' });
  const seen = await allPages(members[0]!, '/search/people?q=nox');
  assert.deepEqual(seen.map((u) => u.username), ['nox0', 'nox1', 'nox2', 'nox3', 'nox4', 'olive', 'wordcyd', 'wordbob', 'wordzed'], 'in the order of the name from the matching word');
  // A new name replaces the old one's words.
  await cy.patch('/me', { displayName: 'Cy Lark' });
  assert.deepEqual((await allPages(members[0]!, '/search/people?q=lark')).map((u) => u.username), ['wordcyd']);
  assert.ok(!(await allPages(members[0]!, '/search/people?q=nox')).some((u) => u.username === 'wordcyd'), 'not by the name they left');
});

test('activities written before activity search get their search words from a job, Chinese words segmented', async () => {
  const { pam } = await actors(server, 'pam');
  const walk = await createActivity(pam, { title: '周末鸣沙山徒步', description: 'Sandhill sunset.', tags: ['photography'] });
  const edited = await createActivity(pam, { title: 'Sandhill picnic', description: 'Blankets.', tags: ['photography'] });
  // As a row from before the column existed, or loaded in bulk.
  await server.db.updateTable('activities').set({ search_vector: null }).where('id', '=', walk.id).execute();
  const find = async (q: string) => idsOf(await pam.get(`/search/activities?q=${encodeURIComponent(q)}`));
  assert.deepEqual(await find('sandhill'), [edited.id], 'not searchable until indexed');
  await jobHandlers(server.ctx)['search.activities']!({});
  assert.ok((await find('hiking')).includes(walk.id), 'hiking finds 徒步 in the title');
  assert.deepEqual(await find('鸣沙山'), [walk.id]);
  // An edit rewrites the words.
  assert.equal((await pam.patch(`/activities/${edited.id}`, { title: 'Sandhill 烧烤' })).status, 200);
  assert.deepEqual(await find('烧烤'), [edited.id]);
  assert.deepEqual(await find('picnic'), []);
});
