import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { actors, createGroup, createPost, startTestServer, type TestServer } from './_util.js';

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

  assert.deepEqual(await search('posts', '徒步'), [zh.id]);
  assert.deepEqual(await search('posts', '香山 攻略'), [zh.id]);
  const hikingResults = await search('posts', 'hiking');
  assert.equal(hikingResults[0], en.id, 'a title match ranks above a body match');
  assert.ok(!hikingResults.includes(zh.id));
  assert.deepEqual(await search('posts', 'fragrant hills'), [en.id]);
  assert.deepEqual(await search('groups', '徒步'), [hiking.id]);
  assert.deepEqual(await search('groups', '徒步爱好者'), [hiking.id]);
  assert.deepEqual(await search('groups', 'cycling'), [cycling.id]);
  assert.deepEqual(await search('posts', 'zebra'), []);
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
