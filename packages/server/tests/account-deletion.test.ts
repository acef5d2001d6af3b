import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createActivity } from './_activities.js';
import { makeCompanions } from './_live.js';
import { PASSWORD, actors, createGroup, createPost, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * A member deletes their account over HTTP on a real server: refused until
 * what others depend on is settled, then everything that identified them is
 * gone from every surface, every counter follows, their sessions end, and
 * what others keep (a waitlist that moved up, a conversation) stays whole.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function upload(member: Client) {
  const body = new FormData();
  const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: 200, g: 120, b: 40 } } }).png().toBuffer();
  body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
  const reply = await member.post('/media', body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body as { id: number; variants: { url: string }[] };
}

async function signIn(username: string) {
  const client = server.client();
  const reply = await client.post('/auth/signin', { username, password: PASSWORD });
  return { client, status: reply.status };
}

describe('deleting an account', () => {
  test('needs the password, and waits until groups others belong to and activities others registered for are settled', async () => {
    const { ann, bob } = await actors(server, 'ann', 'bob');
    const group = await createGroup(ann, { name: 'Sunday Rowers' });
    await bob.post(`/groups/${group.id}/join`);
    const activity = await createActivity(ann, { groupId: group.id });
    await bob.post(`/activities/${activity.id}/registrations`, {});

    const wrong = await ann.post('/me/delete', { password: 'not my password' });
    assert.equal(wrong.status, 403);
    assert.equal(errorCode(wrong), 'invalid_credentials');
    assert.equal(errorCode(await ann.post('/me/delete', {})), 'validation_failed');

    const unsettled = await ann.post('/me/delete', { password: PASSWORD });
    assert.equal(unsettled.status, 409);
    assert.equal(errorCode(unsettled), 'account_unsettled');
    assert.equal(unsettled.body.error.fields.groups, `${group.id}:Sunday Rowers`);
    assert.equal(unsettled.body.error.fields.activities, `${activity.id}:${activity.title}`);
    // Nothing changed.
    assert.equal((await ann.get('/me')).status, 200);
    assert.equal((await bob.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'confirmed');

    assert.equal((await ann.post(`/groups/${group.id}/transfer`, { userId: bob.id })).status, 200);
    assert.equal(errorCode(await ann.post('/me/delete', { password: PASSWORD })), 'account_unsettled', 'the activity still has a registration');
    assert.equal((await ann.post(`/activities/${activity.id}/cancel`)).status, 200);
    assert.equal((await ann.post('/me/delete', { password: PASSWORD })).status, 204);
    assert.equal((await bob.get(`/groups/${group.id}`)).body.memberCount, 1, 'the group lives on under its new owner');
  });

  test('erases the member from every surface, keeps the counters true, ends every session and frees the username', async () => {
    const { cai, dev, eve, fay } = await actors(server, 'cai', 'dev', 'eve', 'fay');
    const other = await signIn('cai');
    assert.equal(other.status, 200);

    // In dev's group: a post with a photo, a comment with a photo on dev's post, a like; dev comments on cai's post.
    const group = await createGroup(dev, { name: 'Harbour Sketchers' });
    await cai.post(`/groups/${group.id}/join`);
    const devPost = await createPost(dev, group.id, { title: 'Ink and wash' });
    const [galleryPhoto, commentPhoto, avatar] = [await upload(cai), await upload(cai), await upload(cai)];
    const caiPost = (await cai.post(`/groups/${group.id}/posts`, { kind: 'guide', title: 'Where to sit at dawn', body: 'The east pier.', photos: [{ id: galleryPhoto.id }] })).body;
    await cai.post(`/posts/${devPost.id}/comments`, { body: 'Lovely wash.', photo: { id: commentPhoto.id } });
    await dev.post(`/posts/${devPost.id}/comments`, { body: 'Thanks!' });
    await dev.post(`/posts/${caiPost.id}/comments`, { body: 'See you there.' });
    await cai.put(`/posts/${devPost.id}/like`);
    assert.equal((await cai.patch('/me', { avatar: { id: avatar.id } })).status, 200);
    // A group only cai belongs to, with a post.
    const solo = await createGroup(cai, { name: 'Cai’s notebook' });
    await createPost(cai, solo.id, { title: 'Notes' });
    // cai holds the only seat of eve's activity; fay waits.
    const activity = await createActivity(eve, { capacity: 1 });
    await cai.post(`/activities/${activity.id}/registrations`, {});
    await fay.post(`/activities/${activity.id}/registrations`, {});
    assert.equal((await fay.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'waitlisted');
    // A conversation with fay, with a message from cai.
    const conversation = await makeCompanions(cai, fay, 'fay');
    await cai.post(`/conversations/${conversation}/messages`, { body: 'Hello from cai', clientId: 'cai-hello-1' });
    await cai.post('/me/blocks', { username: 'eve' });

    const before = (await dev.get(`/posts/${devPost.id}`)).body;
    assert.deepEqual([before.likeCount, before.commentCount], [1, 2]);
    const groupBefore = (await dev.get(`/groups/${group.id}`)).body;

    assert.equal((await cai.post('/me/delete', { password: PASSWORD })).status, 204);

    // Signed out everywhere, and the name no longer signs in.
    assert.equal((await cai.get('/me')).status, 401);
    assert.equal((await other.client.get('/me')).status, 401);
    assert.equal((await signIn('cai')).status, 401);
    // Their content and profile are gone; counters follow.
    assert.equal((await dev.get(`/posts/${caiPost.id}`)).status, 404);
    assert.equal((await dev.get('/users/cai')).status, 404);
    const after = (await dev.get(`/posts/${devPost.id}`)).body;
    assert.deepEqual([after.likeCount, after.commentCount], [0, 1]);
    const threads: { comment: { body: string; deleted: boolean } }[] = (await dev.get(`/posts/${devPost.id}/comments`)).body.items;
    assert.deepEqual(threads.filter((t) => !t.comment.deleted).map((t) => t.comment.body), ['Thanks!']);
    assert.ok(threads.filter((t) => t.comment.deleted).every((t) => t.comment.body === ''), 'a deleted comment shows no text');
    const groupAfter = (await dev.get(`/groups/${group.id}`)).body;
    assert.deepEqual([groupAfter.memberCount, groupAfter.postCount], [groupBefore.memberCount - 1, groupBefore.postCount - 1]);
    assert.equal((await dev.get(`/groups/${solo.id}`)).status, 404, 'the group only they belonged to is deleted');
    // Their photos: rows and files.
    for (const photo of [galleryPhoto, commentPhoto, avatar]) assert.equal((await fetch(`${server.url}${photo.variants[0]!.url}`)).status, 404);
    assert.equal((await server.db.selectFrom('media').select('id').where('owner_id', '=', cai.id).execute()).length, 0);
    // Their seat went to the waitlist.
    assert.equal((await fay.get(`/activities/${activity.id}`)).body.viewer.registration.status, 'confirmed');
    // fay keeps the conversation, from a nameless member, and can no longer write in it.
    const messages = (await fay.get(`/conversations/${conversation}/messages`)).body.items;
    assert.ok(messages.some((m: { body: string }) => m.body === 'Hello from cai'));
    const thread = (await fay.get(`/conversations/${conversation}`)).body;
    assert.equal(thread.id, conversation, JSON.stringify(thread));
    assert.deepEqual([thread.other.displayName, thread.other.avatarUrl], ['', null]);
    assert.equal((await fay.post(`/conversations/${conversation}/messages`, { body: 'Still there?', clientId: 'fay-after-1' })).status, 403);
    // What identified them is erased.
    const row = await server.db.selectFrom('users').selectAll().where('id', '=', cai.id).executeTakeFirstOrThrow();
    assert.equal(row.display_name, '');
    assert.equal(row.bio, '');
    assert.ok(row.deleted_at);
    for (const table of ['sessions', 'user_interests', 'group_members', 'post_likes', 'companion_cards', 'notifications'] as const) {
      const left = await server.db.selectFrom(table).select('user_id').where('user_id', '=', cai.id).execute();
      assert.equal(left.length, 0, table);
    }
    assert.equal((await server.db.selectFrom('blocks').select('blocked_id').where('blocker_id', '=', cai.id).execute()).length, 0);
    // The name is free again.
    const again = server.client();
    assert.equal((await again.signUp('cai')).username, 'cai');
  });
});
