import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { activityBody, createActivity } from './_activities.js';
import { actors, createGroup, createPost, errorCode, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('blocking hides each member from the other: feeds, posts, comments, search, members, activities, recommendations, profile', async () => {
  const { alice, mallory, carol } = await actors(server, 'alice', 'mallory', 'carol');
  await alice.patch('/me', { interests: [{ tag: 'hiking' }], onboarded: true });
  const group = await createGroup(carol, { name: 'Open Trails', tags: ['hiking'] });
  for (const c of [alice, mallory]) await c.post(`/groups/${group.id}/join`);
  const post = await createPost(mallory, group.id, { title: 'Mallory zebra route', body: 'zebra' });
  const alicePost = await createPost(alice, group.id, { title: 'Alice quokka notes', body: 'quokka' });
  const comment = (await mallory.post(`/posts/${alicePost.id}/comments`, { body: 'Mallory was here' })).body;
  await alice.post(`/posts/${alicePost.id}/comments`, { body: 'Alice reply', parentId: comment.id });
  const start = new Date(Date.now() + 3 * 86_400_000);
  const activity = (await mallory.post('/activities', activityBody({ title: 'Mallory hike', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString() }))).body;

  const visible = async (viewer: typeof alice) => ({
    feed: (await viewer.get('/feed')).body.items.map((p: { id: number }) => p.id),
    groupPosts: (await viewer.get(`/groups/${group.id}/posts`)).body.items.map((p: { id: number }) => p.id),
    search: (await viewer.get('/search/posts?q=zebra')).body.items.map((p: { id: number }) => p.id),
    members: (await viewer.get(`/groups/${group.id}/members`)).body.items.map((m: { user: { username: string } }) => m.user.username),
    comments: ((await viewer.get(`/posts/${alicePost.id}/comments`)).body.items ?? []).map((t: { comment: { author: { username: string } } }) => t.comment.author.username),
    nearby: (await viewer.get('/activities/nearby?lat=40&lng=116.19&radiusKm=50')).body.items.map((a: { id: number }) => a.id),
    recPosts: (await viewer.get('/recommendations/posts?limit=30')).body.items.map((r: { post: { id: number } }) => r.post.id),
  });
  const before = await visible(alice);
  assert.ok(before.feed.includes(post.id) && before.search.includes(post.id) && before.members.includes('mallory'));
  assert.ok(before.comments.includes('mallory') && before.nearby.includes(activity.id));

  assert.equal((await alice.put('/users/mallory/block')).status, 204);
  assert.deepEqual((await alice.get('/me/blocks')).body.items.map((u: { username: string }) => u.username), ['mallory']);
  const after = await visible(alice);
  assert.ok(!after.feed.includes(post.id) && !after.groupPosts.includes(post.id) && !after.search.includes(post.id));
  assert.ok(!after.members.includes('mallory') && !after.comments.includes('mallory') && !after.nearby.includes(activity.id));
  assert.ok(!after.recPosts.includes(post.id));
  assert.equal(errorCode(await alice.get(`/posts/${post.id}`)), 'not_found');
  assert.equal(errorCode(await alice.get('/users/mallory')), 'not_found');
  // And the other way round: Mallory no longer sees Alice.
  const theirs = await visible(mallory);
  assert.ok(!theirs.feed.includes(alicePost.id) && !theirs.members.includes('alice'));
  assert.equal(errorCode(await mallory.get('/users/alice')), 'not_found');
  assert.equal(errorCode(await mallory.get(`/posts/${alicePost.id}`)), 'not_found');
  assert.equal(errorCode(await mallory.get(`/posts/${alicePost.id}/comments`)), 'not_found');
  // Others are unaffected.
  assert.ok((await visible(carol)).members.includes('mallory'));
  // Bad input and undo.
  assert.equal((await alice.put('/users/alice/block')).status, 400);
  assert.equal((await alice.put('/users/nobody_here/block')).status, 404);
  assert.equal((await server.client().put('/users/mallory/block')).status, 401);
  assert.equal((await alice.delete('/users/mallory/block')).status, 204);
  assert.ok((await visible(alice)).feed.includes(post.id));
});

test('a block holds on every interaction with the blocker’s content, both ways', async () => {
  const { bea, bob, cyd: cy } = await actors(server, 'bea', 'bob', 'cyd');
  const group = await createGroup(cy, { name: 'Shared Commons' });
  for (const c of [bea, bob]) await c.post(`/groups/${group.id}/join`);
  const beaPost = await createPost(bea, group.id, { title: 'Bea on boots' });
  const cyPost = await createPost(cy, group.id, { title: 'Cy on maps' });
  const beaComment = (await bea.post(`/posts/${cyPost.id}/comments`, { body: 'Nice maps' })).body;
  const bobComment = (await bob.post(`/posts/${cyPost.id}/comments`, { body: 'Agreed' })).body;
  const beaActivity = await createActivity(bea, { title: 'Bea leads a walk' });
  const bobActivity = await createActivity(bob, { title: 'Bob leads a walk' });
  const beaGroup = await createGroup(bea, { name: 'Bea Own Circle', joinPolicy: 'approval' });
  assert.equal((await bea.put('/users/bob/block')).status, 204);

  // Bob, blocked, on Bea's things; and Bea, the blocker, on Bob's: each is missing to the other.
  for (const [who, post, comment, activity] of [
    [bob, beaPost.id, beaComment.id, beaActivity.id],
    [bea, -1, bobComment.id, bobActivity.id],
  ] as const) {
    if (post > 0) {
      assert.equal(errorCode(await who.post(`/posts/${post}/comments`, { body: 'hi' })), 'not_found');
      assert.equal(errorCode(await who.put(`/posts/${post}/like`)), 'not_found');
    }
    assert.equal(errorCode(await who.post(`/posts/${cyPost.id}/comments`, { body: 'reply', parentId: comment })), 'not_found');
    assert.equal(errorCode(await who.put(`/comments/${comment}/like`)), 'not_found');
    assert.equal(errorCode(await who.post(`/activities/${activity}/registrations`, {})), 'not_found');
    assert.equal(errorCode(await who.get(`/activities/${activity}/calendar.ics`)), 'not_found');
  }
  assert.equal(errorCode(await bob.post(`/groups/${beaGroup.id}/join`, { message: 'let me in' })), 'not_found');
  // Nothing was written, and Bob is on no list of Bea's.
  assert.equal((await server.db.selectFrom('registrations').select('id').where('activity_id', 'in', [beaActivity.id, bobActivity.id]).execute()).length, 0);
  assert.equal((await server.db.selectFrom('join_requests').select('user_id').where('group_id', '=', beaGroup.id).execute()).length, 0);
  assert.equal((await server.db.selectFrom('comments').select('id').where('post_id', 'in', [beaPost.id, cyPost.id]).execute()).length, 2);
  // Cy, a third member, is untouched by it.
  assert.equal((await cy.post(`/posts/${cyPost.id}/comments`, { body: 'reply', parentId: beaComment.id })).status, 201);
  assert.equal((await cy.post(`/activities/${beaActivity.id}/registrations`, {})).status, 201);
});
