import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actors, createGroup, createPost, errorCode, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function postRow(id: number) {
  return server.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('writing posts', () => {
  test('a member writes a Markdown post; the HTML is sanitized; non-members cannot post', async () => {
    const { alice, bob } = await actors(server, 'alice', 'bob');
    const group = await createGroup(alice);
    const body = [
      '# Route',
      '**Bring water** and [a map](https://example.com/map).',
      '<script>alert("x")</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '- one',
      '- two',
    ].join('\n\n');
    const reply = await alice.post(`/groups/${group.id}/posts`, { kind: 'guide', title: '  Fragrant Hills  ', body, tags: ['Autumn', 'xiangshan'] });
    assert.equal(reply.status, 201);
    const post = reply.body;
    assert.equal(post.title, 'Fragrant Hills');
    assert.equal(post.kind, 'guide');
    assert.deepEqual(post.tags, ['autumn', 'xiangshan']);
    assert.match(post.bodyHtml, /<h1>Route<\/h1>/);
    assert.match(post.bodyHtml, /<strong>Bring water<\/strong>/);
    assert.match(post.bodyHtml, /<li>\s*(<p>)?one/);
    assert.match(post.bodyHtml, /href="https:\/\/example.com\/map"/);
    // Raw HTML is shown as text, never as markup; no handler or script URL survives in a tag.
    assert.ok(!/<script|<img/i.test(post.bodyHtml));
    assert.ok(!/<[^>]*\son\w+=/i.test(post.bodyHtml));
    assert.ok(!/href="javascript:/i.test(post.bodyHtml));
    assert.match(post.bodyHtml, /&lt;script&gt;/);
    assert.deepEqual(post.viewer, { liked: false, canEdit: true, canDelete: true, canPin: true });
    assert.equal((await server.db.selectFrom('groups').select('post_count').where('id', '=', group.id).executeTakeFirstOrThrow()).post_count, 1);

    const outsider = await bob.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Hi', body: 'x' });
    assert.equal(outsider.status, 403);
    assert.equal(errorCode(outsider), 'forbidden');
    assert.equal((await server.client().post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Hi', body: 'x' })).status, 401);
  });

  test('bad post input is refused and nothing is stored', async () => {
    const { carol } = await actors(server, 'carol');
    const group = await createGroup(carol);
    const cases = [
      { kind: 'rant', title: 'x', body: 'y' },
      { kind: 'guide', title: '', body: 'y' },
      { kind: 'guide', title: 'x'.repeat(121), body: 'y' },
      { kind: 'guide', title: 'x' },
      { kind: 'guide', title: 'x', body: 'y'.repeat(20001) },
      { kind: 'guide', title: 'x', body: 'y', tags: 'hiking' },
      { kind: 'guide', title: '   ', body: 'y' },
      { kind: 'guide', title: 'x', body: 'y', groupId: 5 },
    ];
    for (const body of cases) {
      const reply = await carol.post(`/groups/${group.id}/posts`, body);
      assert.equal(reply.status, 400, JSON.stringify(body).slice(0, 80));
      assert.equal(errorCode(reply), 'validation_failed');
    }
    assert.equal(errorCode(await carol.post('/groups/999999/posts', { kind: 'guide', title: 'x', body: 'y' })), 'not_found');
    assert.equal((await server.db.selectFrom('posts').select('id').where('group_id', '=', group.id).execute()).length, 0);
  });

  test('authors edit and delete their own posts; others cannot; admins delete and pin', async () => {
    const { dana, eli, finn } = await actors(server, 'dana', 'eli', 'finn');
    const group = await createGroup(dana);
    await eli.post(`/groups/${group.id}/join`);
    await finn.post(`/groups/${group.id}/join`);
    const post = await createPost(eli, group.id, { title: 'Original' });
    // Another member may neither edit nor delete.
    assert.equal((await finn.patch(`/posts/${post.id}`, { title: 'Hijacked' })).status, 403);
    assert.equal((await finn.delete(`/posts/${post.id}`)).status, 403);
    assert.equal((await finn.put(`/posts/${post.id}/pin`, { pinned: true })).status, 403);
    assert.equal((await dana.patch(`/posts/${post.id}`, { title: 'Admin edit' })).status, 403, 'admins delete, they do not rewrite');
    assert.equal((await postRow(post.id)).title, 'Original');
    const edited = await eli.patch(`/posts/${post.id}`, { title: 'Edited', body: '*new*' });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.title, 'Edited');
    assert.match(edited.body.bodyHtml, /<em>new<\/em>/);
    assert.ok(edited.body.editedAt);
    assert.equal((await eli.patch(`/posts/${post.id}`, { kind: 'poem' })).status, 400);
    // Admin pins, then deletes.
    const pinned = await dana.put(`/posts/${post.id}/pin`, { pinned: true });
    assert.equal(pinned.body.pinned, true);
    const feed = await server.client().get(`/groups/${group.id}/posts`);
    assert.deepEqual(feed.body.pinned.map((p: { id: number }) => p.id), [post.id]);
    assert.equal((await dana.delete(`/posts/${post.id}`)).status, 204);
    assert.ok((await postRow(post.id)).deleted_at, 'soft-deleted');
    assert.equal(errorCode(await server.client().get(`/posts/${post.id}`)), 'not_found');
    assert.equal((await eli.delete(`/posts/${post.id}`)).status, 404);
    const own = await createPost(finn, group.id);
    assert.equal((await finn.delete(`/posts/${own.id}`)).status, 204);
    assert.equal((await server.db.selectFrom('groups').select('post_count').where('id', '=', group.id).executeTakeFirstOrThrow()).post_count, 0);
  });
});

describe('feeds', () => {
  test('group feed sorts new, hot and top and pages with cursors', async () => {
    const { gus, hal, ivy } = await actors(server, 'gus', 'hal', 'ivy');
    const group = await createGroup(gus);
    await hal.post(`/groups/${group.id}/join`);
    await ivy.post(`/groups/${group.id}/join`);
    const posts = [];
    for (let i = 0; i < 5; i++) posts.push(await createPost(gus, group.id, { title: `Post ${i}` }));
    // Post 1 gets two likes and a comment: it rises to the top of "top" and "hot".
    await hal.put(`/posts/${posts[1]!.id}/like`);
    await ivy.put(`/posts/${posts[1]!.id}/like`);
    await hal.post(`/posts/${posts[1]!.id}/comments`, { body: 'nice' });
    await hal.put(`/posts/${posts[3]!.id}/like`);
    const titles = async (sort: string) =>
      (await server.client().get(`/groups/${group.id}/posts?sort=${sort}`)).body.items.map((p: { title: string }) => p.title);
    assert.deepEqual(await titles('new'), ['Post 4', 'Post 3', 'Post 2', 'Post 1', 'Post 0']);
    assert.deepEqual((await titles('top')).slice(0, 2), ['Post 1', 'Post 3']);
    assert.equal((await titles('hot'))[0], 'Post 1');
    for (const sort of ['new', 'hot', 'top']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { title: string }[]; nextCursor: string | null } } = await server
          .client()
          .get(`/groups/${group.id}/posts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((p) => p.title));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, await titles(sort), sort);
    }
    assert.equal((await server.client().get(`/groups/${group.id}/posts?sort=random`)).status, 400);
    assert.equal((await server.client().get(`/groups/${group.id}/posts?kind=guide`)).body.items.length, 0);
    const malformed = await server.client().get(`/groups/${group.id}/posts?cursor=${Buffer.from('["x",1]').toString('base64url')}`);
    assert.equal(malformed.status, 400);
  });

  test('the home feed merges my groups, newest first, and pages', async () => {
    const { joan: jo, kim } = await actors(server, 'joan', 'kim');
    const g1 = await createGroup(jo, { name: 'Feed one' });
    const g2 = await createGroup(kim, { name: 'Feed two' });
    const g3 = await createGroup(kim, { name: 'Not joined' });
    await jo.post(`/groups/${g2.id}/join`);
    await createPost(jo, g1.id, { title: 'A' });
    await createPost(kim, g2.id, { title: 'B' });
    await createPost(kim, g3.id, { title: 'hidden' });
    await createPost(jo, g1.id, { title: 'C' });
    const first = await jo.get('/feed?limit=2');
    const second = await jo.get(`/feed?limit=2&cursor=${first.body.nextCursor}`);
    assert.deepEqual([...first.body.items, ...second.body.items].map((p: { title: string }) => p.title), ['C', 'B', 'A']);
    assert.equal(second.body.nextCursor, null);
    assert.equal((await server.client().get('/feed')).status, 401);
  });
});

describe('comments and likes', () => {
  test('comments with one level of replies, likes, edit and delete', async () => {
    const { lea, max, ned } = await actors(server, 'lea', 'max', 'ned');
    const group = await createGroup(lea);
    await max.post(`/groups/${group.id}/join`);
    const post = await createPost(lea, group.id);
    const top = await max.post(`/posts/${post.id}/comments`, { body: 'Great **route**' });
    assert.equal(top.status, 201);
    assert.match(top.body.bodyHtml, /<strong>route<\/strong>/);
    const reply = await lea.post(`/posts/${post.id}/comments`, { body: 'Thanks', parentId: top.body.id });
    assert.equal(reply.body.parentId, top.body.id);
    // A reply to a reply joins the same thread.
    const nested = await max.post(`/posts/${post.id}/comments`, { body: 'You are welcome', parentId: reply.body.id });
    assert.equal(nested.body.parentId, top.body.id);
    const threads = await server.client().get(`/posts/${post.id}/comments`);
    assert.equal(threads.body.items.length, 1);
    assert.deepEqual(threads.body.items[0].replies.map((r: { body: string }) => r.body), ['Thanks', 'You are welcome']);
    assert.equal((await postRow(post.id)).comment_count, 3);
    // Non-members of the group cannot comment; bad parents are refused.
    assert.equal((await ned.post(`/posts/${post.id}/comments`, { body: 'hi' })).status, 403);
    const other = await createPost(lea, group.id, { title: 'Other' });
    assert.equal((await max.post(`/posts/${other.id}/comments`, { body: 'x', parentId: top.body.id })).status, 400);
    assert.equal((await max.post(`/posts/${post.id}/comments`, { body: '' })).status, 400);
    assert.equal((await max.post(`/posts/${post.id}/comments`, { body: 'x', parentId: 'one' })).status, 400);
    // Likes are idempotent and counted once.
    assert.deepEqual((await ned.put(`/posts/${post.id}/like`)).body, { liked: true, likeCount: 1 });
    assert.deepEqual((await ned.put(`/posts/${post.id}/like`)).body, { liked: true, likeCount: 1 });
    assert.deepEqual((await ned.put(`/comments/${top.body.id}/like`)).body, { liked: true, likeCount: 1 });
    assert.equal((await ned.get(`/posts/${post.id}`)).body.viewer.liked, true);
    assert.deepEqual((await ned.delete(`/posts/${post.id}/like`)).body, { liked: false, likeCount: 0 });
    assert.equal((await server.client().put(`/posts/${post.id}/like`)).status, 401);
    // Edit own comment only; delete own or as admin.
    assert.equal((await lea.patch(`/comments/${top.body.id}`, { body: 'hijack' })).status, 403);
    assert.equal((await max.patch(`/comments/${top.body.id}`, { body: 'Edited' })).body.body, 'Edited');
    assert.equal((await ned.delete(`/comments/${top.body.id}`)).status, 403);
    assert.equal((await lea.delete(`/comments/${top.body.id}`)).status, 204);
    const after = await server.client().get(`/posts/${post.id}/comments`);
    assert.equal(after.body.items[0].comment.deleted, true);
    assert.equal(after.body.items[0].comment.body, '');
    assert.equal((await postRow(post.id)).comment_count, 2);
    assert.equal((await max.delete(`/comments/${nested.body.id}`)).status, 204);
    assert.equal((await server.client().get(`/posts/${post.id}/comments`)).body.items[0].replies.length, 1);
  });
});
