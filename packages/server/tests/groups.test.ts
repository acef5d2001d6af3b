import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actors, createGroup, createPost, errorCode, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function membership(groupId: number, userId: number) {
  return server.db.selectFrom('group_members').selectAll().where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
}
async function groupRow(id: number) {
  return server.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('creating and browsing groups', () => {
  test('the creator owns the group; it shows in browse by category, tag and city', async () => {
    const { alice } = await actors(server, 'alice');
    const group = await createGroup(alice, { name: 'Cycling World', tags: ['cycling', 'Night Rides'], city: 'Shanghai', description: '**Fast** rides <script>alert(1)</script>' });
    const reply = await alice.get(`/groups/${group.id}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.body.viewer.role, 'owner');
    assert.equal(reply.body.memberCount, 1);
    assert.deepEqual(reply.body.tags, ['cycling', 'night rides']);
    assert.ok(reply.body.descriptionHtml.includes('<strong>Fast</strong>'));
    assert.ok(!reply.body.descriptionHtml.includes('<script'));
    const anon = server.client();
    const byCategory = await anon.get('/groups?category=sports');
    assert.ok(byCategory.body.items.some((g: { id: number }) => g.id === group.id));
    const byOtherCategory = await anon.get('/groups?category=pets');
    assert.ok(!byOtherCategory.body.items.some((g: { id: number }) => g.id === group.id));
    const byTag = await anon.get('/groups?tag=night%20rides');
    assert.deepEqual(byTag.body.items.map((g: { id: number }) => g.id), [group.id]);
    const byCity = await anon.get('/groups?city=shanghai');
    assert.ok(byCity.body.items.some((g: { id: number }) => g.id === group.id));
  });

  test('browse pages through every group once with keyset cursors', async () => {
    const { owner } = await actors(server, 'owner');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push((await createGroup(owner, { name: `Paging group ${i}`, tags: ['paging-test'] })).id);
    for (const sort of ['popular', 'new']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: number }[]; nextCursor: string | null } } = await server
          .client()
          .get(`/groups?tag=paging-test&limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((g) => g.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      assert.deepEqual([...seen].sort((a, b) => a - b), ids, sort);
    }
    const bad = await server.client().get('/groups?cursor=not-a-cursor');
    assert.equal(bad.status, 400);
    assert.equal(errorCode(bad), 'validation_failed');
  });

  test('bad group input is refused and nothing is stored', async () => {
    const { bob } = await actors(server, 'bob');
    const before = (await server.db.selectFrom('groups').select('id').execute()).length;
    const cases = [
      { name: 'ab', tags: ['x'], city: null, visibility: 'public', joinPolicy: 'open' },
      { name: 'Good name', tags: [], city: null, visibility: 'public', joinPolicy: 'open' },
      { name: 'Good name', tags: ['x'], city: null, visibility: 'secret', joinPolicy: 'open' },
      { name: 'Good name', tags: ['x'], city: null, visibility: 'public', joinPolicy: 'maybe' },
      { name: 'Good name', tags: ['x'], city: null, visibility: 'public' },
      { name: 'x'.repeat(61), tags: ['x'], city: null, visibility: 'public', joinPolicy: 'open' },
      { name: 'Good name', tags: ['x'], city: null, visibility: 'public', joinPolicy: 'open', lat: 91, lng: 0 },
      { name: 'Good name', tags: ['<b>'], city: null, visibility: 'public', joinPolicy: 'open' },
      { name: '     ', tags: ['x'], city: null, visibility: 'public', joinPolicy: 'open' },
    ];
    for (const body of cases) {
      const reply = await bob.post('/groups', body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(errorCode(reply), 'validation_failed');
    }
    assert.equal((await server.client().post('/groups', { name: 'Good name', tags: ['x'], city: null, visibility: 'public', joinPolicy: 'open' })).status, 401);
    assert.equal((await server.db.selectFrom('groups').select('id').execute()).length, before);
    for (const path of ['/groups/abc', '/groups/0', '/groups/-1', '/groups/99999999999', '/groups/1.5']) {
      const reply = await bob.get(path);
      assert.equal(reply.status, 400, path);
      assert.equal(errorCode(reply), 'validation_failed');
    }
    assert.equal(errorCode(await bob.get('/groups/999999')), 'not_found');
    assert.equal((await bob.get('/groups?category=nonsense')).status, 400);
    assert.equal((await bob.get('/groups?sort=random')).status, 400);
    assert.equal((await bob.get('/groups?limit=1000')).status, 400);
  });
});

describe('joining and leaving', () => {
  test('open groups join at once; leaving updates the count; the owner cannot leave', async () => {
    const { carol, dan } = await actors(server, 'carol', 'dan');
    const group = await createGroup(carol);
    // A bare POST, without a body, joins too.
    const joined = await dan.request('POST', `/groups/${group.id}/join`);
    assert.equal(joined.status, 200);
    assert.equal(joined.body.status, 'joined');
    assert.equal(joined.body.group.viewer.role, 'member');
    assert.equal((await groupRow(group.id)).member_count, 2);
    assert.equal(errorCode(await dan.post(`/groups/${group.id}/join`)), 'conflict');
    assert.equal((await groupRow(group.id)).member_count, 2);
    const left = await dan.post(`/groups/${group.id}/leave`);
    assert.equal(left.status, 200);
    assert.equal(left.body.viewer.role, null);
    assert.equal((await groupRow(group.id)).member_count, 1);
    assert.equal(errorCode(await dan.post(`/groups/${group.id}/leave`)), 'conflict');
    assert.equal(errorCode(await carol.post(`/groups/${group.id}/leave`)), 'conflict');
    assert.equal((await membership(group.id, carol.id))?.role, 'owner');
  });

  test('approval groups: request, then an admin approves or rejects', async () => {
    const { olga, pete, quinn, rita } = await actors(server, 'olga', 'pete', 'quinn', 'rita');
    const group = await createGroup(olga, { joinPolicy: 'approval' });
    const asked = await pete.post(`/groups/${group.id}/join`, { message: 'I love hills' });
    assert.equal(asked.body.status, 'pending');
    assert.equal(asked.body.group.viewer.pending, true);
    await quinn.post(`/groups/${group.id}/join`, {});
    assert.equal(await membership(group.id, pete.id), undefined);
    // Only admins see and decide the queue.
    assert.equal((await pete.get(`/groups/${group.id}/requests`)).status, 403);
    assert.equal((await rita.post(`/groups/${group.id}/requests/${quinn.id}/approve`)).status, 403);
    const queue = await olga.get(`/groups/${group.id}/requests`);
    assert.deepEqual(queue.body.items.map((r: { user: { username: string }; message: string }) => [r.user.username, r.message]), [
      ['pete', 'I love hills'],
      ['quinn', ''],
    ]);
    assert.equal((await olga.post(`/groups/${group.id}/requests/${pete.id}/approve`)).status, 204);
    assert.equal((await olga.post(`/groups/${group.id}/requests/${quinn.id}/reject`)).status, 204);
    assert.equal((await membership(group.id, pete.id))?.role, 'member');
    assert.equal(await membership(group.id, quinn.id), undefined);
    assert.equal(errorCode(await olga.post(`/groups/${group.id}/requests/${quinn.id}/approve`)), 'not_found');
    assert.equal((await groupRow(group.id)).member_count, 2);
  });

  test('private groups: the about page is visible, posts and members are not', async () => {
    const { sam, tina, uma } = await actors(server, 'sam', 'tina', 'uma');
    const group = await createGroup(sam, { visibility: 'private', joinPolicy: 'approval', name: 'Secret Anglers' });
    const post = await createPost(sam, group.id, { title: 'Our secret spot' });
    const outsider = await tina.get(`/groups/${group.id}`);
    assert.equal(outsider.status, 200);
    assert.equal(outsider.body.viewer.canReadPosts, false);
    for (const client of [tina, server.client()]) {
      assert.equal(errorCode(await client.get(`/groups/${group.id}/posts`)), 'not_found');
      assert.equal(errorCode(await client.get(`/groups/${group.id}/members`)), 'not_found');
      assert.equal(errorCode(await client.get(`/posts/${post.id}`)), 'not_found');
      assert.equal(errorCode(await client.get(`/posts/${post.id}/comments`)), 'not_found');
    }
    assert.equal(errorCode(await tina.post(`/posts/${post.id}/comments`, { body: 'hi' })), 'not_found');
    assert.equal(errorCode(await tina.put(`/posts/${post.id}/like`)), 'not_found');
    const search = await tina.get('/search/posts?q=secret');
    assert.ok(!search.body.items.some((p: { id: number }) => p.id === post.id));
    // After approval the member reads everything.
    await uma.post(`/groups/${group.id}/join`);
    await sam.post(`/groups/${group.id}/requests/${uma.id}/approve`);
    assert.equal((await uma.get(`/posts/${post.id}`)).status, 200);
    assert.equal((await uma.get(`/groups/${group.id}/members`)).body.items.length, 2);
    assert.ok((await uma.get('/search/posts?q=secret')).body.items.some((p: { id: number }) => p.id === post.id));
    // Another member's profile (groups shown to everyone) lists the private group only to those who share it.
    await uma.patch('/me/privacy', { showGroups: 'everyone' });
    const umaGroupsForTina = await tina.get('/users/uma/groups');
    assert.ok(!umaGroupsForTina.body.items.some((g: { group: { id: number } }) => g.group.id === group.id));
    const umaGroupsForSam = await sam.get('/users/uma/groups');
    assert.ok(umaGroupsForSam.body.items.some((g: { group: { id: number } }) => g.group.id === group.id));
  });
});

describe('roles', () => {
  test('the owner promotes, demotes and transfers; admins remove members but not admins', async () => {
    const { vera, walt, xena, yuri } = await actors(server, 'vera', 'walt', 'xena', 'yuri');
    const group = await createGroup(vera);
    for (const c of [walt, xena, yuri]) await c.post(`/groups/${group.id}/join`);
    const promoted = await vera.patch(`/groups/${group.id}/members/${walt.id}`, { role: 'admin' });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'admin');
    // An admin is not the owner: cannot promote, nor remove another admin.
    assert.equal((await walt.patch(`/groups/${group.id}/members/${xena.id}`, { role: 'admin' })).status, 403);
    await vera.patch(`/groups/${group.id}/members/${xena.id}`, { role: 'admin' });
    assert.equal((await walt.delete(`/groups/${group.id}/members/${xena.id}`)).status, 403);
    assert.equal((await walt.delete(`/groups/${group.id}/members/${vera.id}`)).status, 403);
    // A member removes nobody.
    assert.equal((await yuri.delete(`/groups/${group.id}/members/${walt.id}`)).status, 403);
    assert.equal((await walt.delete(`/groups/${group.id}/members/${yuri.id}`)).status, 204);
    assert.equal(await membership(group.id, yuri.id), undefined);
    assert.equal((await groupRow(group.id)).member_count, 3);
    // Demote, then transfer ownership.
    assert.equal((await vera.patch(`/groups/${group.id}/members/${xena.id}`, { role: 'member' })).body.role, 'member');
    assert.equal((await vera.patch(`/groups/${group.id}/members/${xena.id}`, { role: 'owner' })).status, 400);
    assert.equal((await walt.post(`/groups/${group.id}/transfer`, { userId: walt.id })).status, 403);
    assert.equal(errorCode(await vera.post(`/groups/${group.id}/transfer`, { userId: yuri.id })), 'not_found');
    const transferred = await vera.post(`/groups/${group.id}/transfer`, { userId: xena.id });
    assert.equal(transferred.status, 200);
    assert.equal(transferred.body.owner.username, 'xena');
    assert.equal(transferred.body.viewer.role, 'admin');
    assert.equal((await membership(group.id, xena.id))?.role, 'owner');
    assert.equal((await groupRow(group.id)).owner_id, xena.id);
    assert.equal((await vera.post(`/groups/${group.id}/leave`)).status, 200);
  });

  test('an admin of group A cannot act in group B', async () => {
    const { ann, ben } = await actors(server, 'ann', 'ben');
    const groupA = await createGroup(ann, { name: 'Group A' });
    const groupB = await createGroup(ben, { name: 'Group B', joinPolicy: 'approval' });
    await ann.post(`/groups/${groupB.id}/join`);
    const { cat } = await actors(server, 'cat');
    await cat.post(`/groups/${groupB.id}/join`);
    await ben.post(`/groups/${groupB.id}/requests/${cat.id}/approve`);
    const postB = await createPost(ben, groupB.id);
    assert.equal((await ann.get(`/groups/${groupB.id}/requests`)).status, 403);
    assert.equal((await ann.post(`/groups/${groupB.id}/requests/${ann.id}/approve`)).status, 403);
    assert.equal((await ann.delete(`/groups/${groupB.id}/members/${cat.id}`)).status, 403);
    assert.equal((await ann.patch(`/groups/${groupB.id}`, { name: 'Taken over' })).status, 403);
    assert.equal((await ann.delete(`/posts/${postB.id}`)).status, 403);
    assert.equal((await ann.put(`/posts/${postB.id}/pin`, { pinned: true })).status, 403);
    assert.equal((await groupRow(groupB.id)).name, 'Group B');
    assert.ok(await membership(groupB.id, cat.id));
    assert.equal((await ann.patch(`/groups/${groupA.id}`, { description: 'Edited' })).status, 200);
    // A partial edit changes only what it names.
    const cityOnly = await ann.patch(`/groups/${groupA.id}`, { city: 'Chengdu' });
    assert.equal(cityOnly.body.city, 'Chengdu');
    assert.equal(cityOnly.body.description, 'Edited');
  });

  test('member lists page in joining order; my groups list what I joined', async () => {
    const { gail } = await actors(server, 'gail');
    const group = await createGroup(gail);
    const joiners = await actors(server, 'mem1', 'mem2', 'mem3', 'mem4');
    for (const c of Object.values(joiners)) await c.post(`/groups/${group.id}/join`);
    const first = await server.client().get(`/groups/${group.id}/members?limit=3`);
    const second = await server.client().get(`/groups/${group.id}/members?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      [...first.body.items, ...second.body.items].map((m: { user: { username: string } }) => m.user.username),
      ['gail', 'mem1', 'mem2', 'mem3', 'mem4'],
    );
    assert.equal(second.body.nextCursor, null);
    const mine = await joiners.mem1.get('/me/groups');
    assert.deepEqual(mine.body.items.map((g: { group: { id: number }; role: string }) => [g.group.id, g.role]), [[group.id, 'member']]);
    assert.equal((await server.client().get('/me/groups')).status, 401);
  });
});
