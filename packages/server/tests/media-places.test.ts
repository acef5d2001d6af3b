import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { jobHandlers } from '../src/jobs/handlers.js';
import { activityBody, createActivity } from './_activities.js';
import { BASE, putCard } from './_companions.js';
import { PASSWORD, actors, createGroup, createPost, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * Photos placed in posts over HTTP on a real server: a gallery keeps its
 * order and alt text, its first photo is the post's cover on every list, a
 * photo is served to exactly those who may read its post, and photos leave
 * with their post or at a moderator's hand.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

let shade = 0;
async function upload(member: Client) {
  const body = new FormData();
  const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: { r: 40, g: 90 + (shade++ % 100), b: 70 } } }).png().toBuffer();
  body.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'photo.png');
  const reply = await member.post('/media', body);
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body as { id: number; variants: { url: string; fallbackUrl: string }[] };
}

async function fetchFile(member: Client | null, url: string) {
  const cookie = member?.cookie('kindred_session');
  const response = await fetch(`${server.url}${url}`, { headers: cookie ? { cookie: `kindred_session=${cookie}` } : {} });
  await response.arrayBuffer();
  return response;
}

const ids = (photos: { id: number }[]) => photos.map((p) => p.id);
const useOf = async (id: number) => server.db.selectFrom('media').select(['use_kind', 'use_id']).where('id', '=', id).executeTakeFirst();

describe('a post’s gallery', () => {
  test('keeps its order and alt text; its first photo is the cover on the group list, the feed and search; an edit reorders and drops', async () => {
    const { ana, ben } = await actors(server, 'ana', 'ben');
    const group = await createGroup(ana, { name: 'Trail Photographers' });
    await ben.post(`/groups/${group.id}/join`);
    const [a, b, c] = [await upload(ana), await upload(ana), await upload(ana)];
    const created = await ana.post(`/groups/${group.id}/posts`, {
      kind: 'guide',
      title: 'Ridge loop in autumn',
      body: 'Start at the north gate.',
      photos: [{ id: a.id, alt: 'The north gate' }, { id: b.id, alt: ' The ridge ' }, { id: c.id }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(ids(created.body.photos), [a.id, b.id, c.id]);
    assert.deepEqual(created.body.photos.map((p: { alt: string }) => p.alt), ['The north gate', 'The ridge', '']);

    const cover = async () => {
      const list = (await ben.get(`/groups/${group.id}/posts`)).body.items[0];
      const feed = (await ben.get('/feed')).body.items[0];
      const found = (await ben.get('/search/posts?q=ridge')).body.items[0];
      assert.equal(list.id, created.body.id);
      assert.deepEqual([feed.cover?.id, found.cover?.id], [list.cover?.id, list.cover?.id], 'every list shows the same cover');
      return list.cover;
    };
    const first = await cover();
    assert.equal(first.id, a.id);
    assert.equal(first.alt, 'The north gate');
    assert.ok(first.placeholder && first.variants.length === 3);

    const edited = await ana.patch(`/posts/${created.body.id}`, { photos: [{ id: c.id, alt: 'Summit' }, { id: a.id, alt: 'The north gate' }] });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.deepEqual(ids(edited.body.photos), [c.id, a.id]);
    assert.equal((await cover()).id, c.id);
    assert.deepEqual(await useOf(b.id), { use_kind: null, use_id: null }, 'the dropped photo is unused again');

    // An edit that leaves the gallery alone keeps it.
    assert.deepEqual(ids((await ana.patch(`/posts/${created.body.id}`, { title: 'Ridge loop, autumn' })).body.photos), [c.id, a.id]);
    const emptied = await ana.patch(`/posts/${created.body.id}`, { photos: [] });
    assert.deepEqual(emptied.body.photos, []);
    assert.equal(await cover(), null);
  });

  test('refuses ten photos, a repeated one, someone else’s and one used elsewhere, and changes nothing', async () => {
    const { cai, dee } = await actors(server, 'cai', 'dee');
    const group = await createGroup(cai, { name: 'Lake Anglers' });
    await dee.post(`/groups/${group.id}/join`);
    const [mine, other] = [await upload(cai), await upload(cai)];
    const post = await createPost(cai, group.id, { photos: [{ id: mine.id }] });
    const theirs = await upload(dee);
    const attempts: [unknown, number, string][] = [
      [Array.from({ length: 10 }, (_, i) => ({ id: i + 1 })), 400, 'validation_failed'],
      [[{ id: other.id }, { id: other.id }], 400, 'validation_failed'],
      [[{ id: other.id }, { id: theirs.id }], 404, 'not_found'],
      [[{ id: other.id }, { id: 99_999_999 }], 404, 'not_found'],
      [[{ id: other.id, alt: 'x'.repeat(301) }], 400, 'validation_failed'],
    ];
    for (const [photos, status, code] of attempts) {
      const reply = await cai.patch(`/posts/${post.id}`, { photos });
      assert.equal(reply.status, status, JSON.stringify(reply.body));
      assert.equal(errorCode(reply), code);
    }
    // A photo already in one post is not taken into another.
    const second = await cai.post(`/groups/${group.id}/posts`, { kind: 'experience', title: 'Again', body: 'Same photo', photos: [{ id: mine.id }] });
    assert.equal(second.status, 409);
    assert.deepEqual(ids((await cai.get(`/posts/${post.id}`)).body.photos), [mine.id], 'the gallery is unchanged');
    assert.deepEqual(await useOf(other.id), { use_kind: null, use_id: null });
    assert.deepEqual(await useOf(theirs.id), { use_kind: null, use_id: null });
  });
});

describe('who may fetch a placed photo', () => {
  test('a photo in a private group’s post: its members only; outsiders, the signed-out and a blocked member get 404', async () => {
    const { eve, fin, gus, hal } = await actors(server, 'eve', 'fin', 'gus', 'hal');
    const group = await createGroup(eve, { name: 'Night Sky Circle', visibility: 'private', joinPolicy: 'approval' });
    for (const member of [fin, hal]) {
      await member.post(`/groups/${group.id}/join`, { message: 'hi' });
      assert.equal((await eve.post(`/groups/${group.id}/requests/${member.id}/approve`)).status, 204);
    }
    const photo = await upload(eve);
    await createPost(eve, group.id, { photos: [{ id: photo.id }] });
    assert.equal((await hal.put('/users/eve/block')).status, 204);
    for (const variant of photo.variants) {
      for (const url of [variant.url, variant.fallbackUrl]) {
        const seen = await fetchFile(fin, url);
        assert.equal(seen.status, 200);
        assert.match(seen.headers.get('cache-control') ?? '', /^private,/, 'only the browser keeps a private photo');
        for (const stranger of [gus, hal, null]) assert.equal((await fetchFile(stranger, url)).status, 404, url);
      }
    }
  });

  test('a photo in a public group’s post is anyone’s, cached by shared caches too; hidden from a member its author blocked', async () => {
    const { ida, jon } = await actors(server, 'ida', 'jon');
    const group = await createGroup(ida, { name: 'Street Sketchers' });
    const photo = await upload(ida);
    await createPost(ida, group.id, { photos: [{ id: photo.id }] });
    const url = photo.variants[1]!.url;
    const anyone = await fetchFile(null, url);
    assert.equal(anyone.status, 200);
    assert.match(anyone.headers.get('cache-control') ?? '', /^public, max-age=31536000, immutable/);
    assert.equal((await fetchFile(jon, url)).status, 200);
    assert.equal((await ida.put('/users/jon/block')).status, 204);
    assert.equal((await fetchFile(jon, url)).status, 404);
  });
});

describe('photos leave with their post or a moderator’s hand', () => {
  test('deleting a post releases its photos: they are no longer served, and the sweep removes them', async () => {
    const { kim, lee } = await actors(server, 'kim', 'lee');
    const group = await createGroup(kim, { name: 'Cliff Climbers' });
    const photo = await upload(kim);
    const post = await createPost(kim, group.id, { photos: [{ id: photo.id }] });
    assert.equal((await fetchFile(lee, photo.variants[0]!.url)).status, 200);
    assert.equal((await kim.delete(`/posts/${post.id}`)).status, 204);
    assert.equal((await fetchFile(lee, photo.variants[0]!.url)).status, 404);
    assert.deepEqual(await useOf(photo.id), { use_kind: null, use_id: null });
    await server.db.updateTable('media').set({ created_at: new Date(Date.now() - 25 * 3_600_000) }).where('id', '=', photo.id).execute();
    await jobHandlers(server.ctx)['media.sweep']!({});
    assert.equal(await useOf(photo.id), undefined);
    assert.equal((await fetchFile(kim, photo.variants[0]!.url)).status, 404);
  });

  test('a moderator’s removal can be restored within 30 days, photos and all; an author’s own deletion and an older removal cannot', async () => {
    const { rio, sam, tia } = await actors(server, 'rio', 'sam', 'tia');
    const group = await createGroup(rio, { name: 'Second Chance Hikers' });
    await sam.post(`/groups/${group.id}/join`);
    await tia.post(`/groups/${group.id}/join`);
    const photo = await upload(sam);
    const post = await createPost(sam, group.id, { title: 'Ridge at dawn', photos: [{ id: photo.id }] });
    const comment = (await sam.post(`/posts/${post.id}/comments`, { body: 'More from the ridge' })).body as { id: number };
    const postCount = async () => (await tia.get(`/groups/${group.id}`)).body.postCount as number;
    const count = await postCount();

    // The group's admin removes both; the photo stays with the post, unseen.
    assert.equal((await rio.delete(`/comments/${comment.id}`)).status, 204);
    assert.equal((await rio.delete(`/posts/${post.id}`)).status, 204);
    assert.equal((await tia.get(`/posts/${post.id}`)).status, 404);
    assert.equal((await fetchFile(tia, photo.variants[0]!.url)).status, 404);
    assert.deepEqual(await useOf(photo.id), { use_kind: 'post', use_id: post.id }, 'kept for a restore');
    assert.equal(await postCount(), count - 1);

    // The group's admin finds it among what may still be restored; members don't see that list.
    const removed = async () => (await rio.get(`/groups/${group.id}/removed`)).body.items.map((i: { kind: string; id: number; removedBy: { username: string }; author: { username: string } }) => [i.kind, i.id, i.author.username, i.removedBy.username]);
    assert.deepEqual(await removed(), [['post', post.id, 'sam', 'rio']], 'the comment waits for its post');
    assert.equal((await tia.get(`/groups/${group.id}/removed`)).status, 403);

    // Nobody else restores it, and the comment waits for its post.
    for (const who of [sam, tia]) assert.equal((await who.post(`/posts/${post.id}/restore`)).status, 404);
    assert.equal((await rio.post(`/comments/${comment.id}/restore`)).status, 404, 'not while its post is removed');
    assert.equal((await rio.post(`/posts/${post.id}/restore`)).status, 204);
    assert.deepEqual(await removed(), [['comment', comment.id, 'sam', 'rio']]);
    assert.equal((await rio.post(`/comments/${comment.id}/restore`)).status, 204);
    const back = await tia.get(`/posts/${post.id}`);
    assert.deepEqual([back.status, back.body.photos.map((p: { id: number }) => p.id), back.body.commentCount], [200, [photo.id], 1]);
    assert.equal((await tia.get(`/posts/${post.id}/comments`)).body.items[0].comment.body, 'More from the ridge');
    assert.equal((await fetchFile(tia, photo.variants[0]!.url)).status, 200);
    assert.equal(await postCount(), count);
    const restored = await server.db.selectFrom('audit_log').select(['target_kind', 'target_id']).where('action', '=', 'content.restore').where('actor_id', '=', rio.id).orderBy('id').execute();
    assert.deepEqual(restored.map((r) => [r.target_kind, Number(r.target_id)]), [['post', post.id], ['comment', comment.id]]);
    assert.equal((await rio.post(`/posts/${post.id}/restore`)).status, 404, 'nothing left to restore');
    assert.deepEqual(await removed(), []);

    // An author's own deletion is final.
    assert.equal((await sam.delete(`/posts/${post.id}`)).status, 204);
    assert.equal((await rio.post(`/posts/${post.id}/restore`)).status, 404);
    assert.deepEqual(await useOf(photo.id), { use_kind: null, use_id: null });

    // A removal older than 30 days: no restore, and the sweep lets its photos go.
    const late = await upload(tia);
    const old = await createPost(tia, group.id, { photos: [{ id: late.id }] });
    assert.equal((await rio.delete(`/posts/${old.id}`)).status, 204);
    await server.db.updateTable('posts').set({ deleted_at: new Date(Date.now() - 31 * 86_400_000) }).where('id', '=', old.id).execute();
    assert.equal((await rio.post(`/posts/${old.id}/restore`)).status, 404);
    await jobHandlers(server.ctx)['media.sweep']!({});
    assert.deepEqual(await useOf(late.id), { use_kind: null, use_id: null });
  });

  test('what a group may still restore pages newest removal first, posts and comments together, each once', async () => {
    const { remuma: uma, remval: val } = await actors(server, 'remuma', 'remval');
    const group = await createGroup(uma, { name: 'Paging Removals' });
    await val.post(`/groups/${group.id}/join`);
    const kept = await createPost(val, group.id, { title: 'Kept' });
    const removedIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const post = await createPost(val, group.id, { title: `Gone ${i}` });
      const comment = (await val.post(`/posts/${kept.id}/comments`, { body: `Comment ${i}` })).body as { id: number };
      assert.equal((await uma.delete(`/posts/${post.id}`)).status, 204);
      assert.equal((await uma.delete(`/comments/${comment.id}`)).status, 204);
      removedIds.unshift(`post ${post.id}`, `comment ${comment.id}`);
    }
    // Two removals in one instant (as a suspension removes), ordered by kind then id.
    await server.db.updateTable('comments').set({ deleted_at: new Date('2026-12-01T10:00:00Z') }).where('group_id', '=', group.id).where('removed_by', 'is not', null).execute();
    await server.db.updateTable('posts').set({ deleted_at: new Date('2026-12-01T10:00:00Z') }).where('group_id', '=', group.id).where('removed_by', 'is not', null).execute();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const reply: { status: number; body: { items: { kind: string; id: number }[]; nextCursor: string | null } } = await uma.get(`/groups/${group.id}/removed?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      seen.push(...reply.body.items.map((i) => `${i.kind} ${i.id}`));
      cursor = reply.body.nextCursor;
    } while (cursor);
    const byKindThenId = [...removedIds].sort((a, b) => (a.split(' ')[0] === b.split(' ')[0] ? Number(b.split(' ')[1]) - Number(a.split(' ')[1]) : a.startsWith('post') ? -1 : 1));
    assert.deepEqual(seen, byKindThenId);
  });

  test('a reported photo is removed by an operator: the gallery and cover move on, the report is closed; members may not remove others’ photos', async () => {
    const { max, ned, ola } = await actors(server, 'max', 'ned', 'ola');
    await server.db.updateTable('users').set({ role: 'operator' }).where('id', '=', ola.id).execute();
    assert.equal((await ola.post('/auth/signin', { username: 'ola', password: PASSWORD })).status, 200);
    const group = await createGroup(max, { name: 'Harbour Walkers' });
    await ned.post(`/groups/${group.id}/join`);
    const [first, second] = [await upload(max), await upload(max)];
    const post = await createPost(max, group.id, { photos: [{ id: first.id }, { id: second.id }] });

    const report = await ned.post('/reports', { kind: 'photo', id: first.id, reason: 'unsafe', details: 'Shows a house number' });
    assert.equal(report.status, 201, JSON.stringify(report.body));
    const reported = (await ola.get('/operator/reports')).body.items.find((r: { target: { kind: string; id: number } }) => r.target.kind === 'photo' && r.target.id === first.id);
    assert.equal(reported.content.photo.id, first.id, 'the queue shows the photo');
    assert.equal((await ned.delete(`/media/${first.id}`)).status, 403, 'a member sees it but may not remove it');

    assert.equal((await ola.delete(`/media/${first.id}`)).status, 204);
    const after = (await ned.get(`/posts/${post.id}`)).body;
    assert.deepEqual(ids(after.photos), [second.id]);
    assert.equal((await ned.get(`/groups/${group.id}/posts`)).body.items[0].cover.id, second.id);
    assert.equal((await fetchFile(max, first.variants[0]!.url)).status, 404);
    assert.ok(!(await ola.get('/operator/reports')).body.items.some((r: { target: { kind: string; id: number } }) => r.target.kind === 'photo' && r.target.id === first.id));

    // Its owner takes the last one down themselves.
    assert.equal((await max.delete(`/media/${second.id}`)).status, 204);
    assert.deepEqual((await ned.get(`/posts/${post.id}`)).body.photos, []);
    assert.equal((await ned.get(`/groups/${group.id}/posts`)).body.items[0].cover, null);

    // The group's owner moderates the photos in its posts and comments.
    const [inPost, inComment] = [await upload(ned), await upload(ned)];
    const nedsPost = await createPost(ned, group.id, { photos: [{ id: inPost.id }] });
    const comment = (await ned.post(`/posts/${post.id}/comments`, { body: 'From the pier', photo: { id: inComment.id } })).body;
    assert.equal((await max.delete(`/media/${inPost.id}`)).status, 204);
    assert.equal((await max.delete(`/media/${inComment.id}`)).status, 204);
    assert.deepEqual((await ned.get(`/posts/${nedsPost.id}`)).body.photos, []);
    const thread = (await ned.get(`/posts/${post.id}/comments`)).body.items.find((t: { comment: { id: number } }) => t.comment.id === comment.id);
    assert.equal(thread.comment.photo, null);
  });
});

describe('covers and avatars', () => {
  test('a group’s cover shows on its page and in lists, to anyone (a group’s face is public); an admin replaces it and the old one is released', async () => {
    const { pam, quin } = await actors(server, 'pam', 'quin');
    const cover = await upload(pam);
    const group = (await pam.post('/groups', { name: 'Moonlight Paddlers', tags: ['kayaking'], city: 'Hangzhou', visibility: 'private', joinPolicy: 'approval', cover: { id: cover.id, alt: 'Kayaks at dusk' } })).body;
    assert.equal(group.cover.id, cover.id);
    assert.equal(group.cover.alt, 'Kayaks at dusk');
    assert.equal((await quin.get(`/groups/${group.id}`)).body.cover.id, cover.id, 'an outsider sees the cover of a private group');
    assert.equal((await fetchFile(null, cover.variants[1]!.url)).status, 200);
    assert.equal((await quin.get('/search/groups?q=Moonlight')).body.items[0].cover.id, cover.id);

    const next = await upload(pam);
    const changed = await pam.patch(`/groups/${group.id}`, { cover: { id: next.id } });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.cover.id, next.id);
    assert.deepEqual(await useOf(cover.id), { use_kind: null, use_id: null });
    assert.equal((await fetchFile(null, cover.variants[1]!.url)).status, 404, 'the old cover is its owner’s alone again');
    assert.equal((await pam.patch(`/groups/${group.id}`, { cover: null })).body.cover, null);
    // Someone else's upload is not a cover one can set.
    const stranger = await upload(quin);
    assert.equal((await pam.patch(`/groups/${group.id}`, { cover: { id: stranger.id } })).status, 404);
  });

  test('an activity’s cover is on its card and page, served to whoever may see the activity', async () => {
    const { ray, sue, tom } = await actors(server, 'ray', 'sue', 'tom');
    const group = await createGroup(ray, { name: 'Quiet Anglers', visibility: 'private', joinPolicy: 'approval' });
    await sue.post(`/groups/${group.id}/join`, { message: 'hi' });
    assert.equal((await ray.post(`/groups/${group.id}/requests/${sue.id}/approve`)).status, 204);
    const cover = await upload(ray);
    const activity = (await ray.post('/activities', { ...activityBody({ groupId: group.id }), cover: { id: cover.id } })).body;
    assert.equal(activity.cover?.id, cover.id, JSON.stringify(activity));
    assert.equal((await sue.get(`/groups/${group.id}/activities`)).body.items[0].cover.id, cover.id);
    assert.equal((await fetchFile(sue, cover.variants[0]!.url)).status, 200);
    for (const outsider of [tom, null]) assert.equal((await fetchFile(outsider, cover.variants[0]!.url)).status, 404);

    const open = await createActivity(ray, { title: 'Open lake walk' });
    const openCover = await upload(ray);
    assert.equal((await ray.patch(`/activities/${open.id}`, { cover: { id: openCover.id } })).body.cover.id, openCover.id);
    const nearby = (await tom.get('/activities/nearby?lat=39.99&lng=116.19&radiusKm=20')).body.items;
    assert.equal(nearby.find((a: { id: number }) => a.id === open.id)?.cover?.id, openCover.id);
  });

  test('a member’s avatar: on their profile and by their name in lists; hidden from a member they blocked; removable', async () => {
    const { uma, vic } = await actors(server, 'uma', 'vic');
    const photo = await upload(uma);
    const me = await uma.patch('/me', { avatar: { id: photo.id, alt: 'Uma on a bridge' } });
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.equal(me.body.avatar.id, photo.id);
    assert.equal((await vic.get('/users/uma')).body.avatar.id, photo.id);
    const group = await createGroup(uma, { name: 'Bridge Sketchers' });
    await createPost(uma, group.id);
    const author = (await vic.get(`/groups/${group.id}/posts`)).body.items[0].author;
    assert.equal(author.avatarUrl, `/api/v1/media/${photo.id}/thumb.webp`);
    assert.equal((await fetchFile(vic, author.avatarUrl)).status, 200);
    assert.equal((await uma.put('/users/vic/block')).status, 204);
    assert.equal((await fetchFile(vic, author.avatarUrl)).status, 404);
    assert.equal((await uma.patch('/me', { avatar: null })).body.avatar, null);
    assert.deepEqual(await useOf(photo.id), { use_kind: null, use_id: null });
  });
});

describe('a photo in a comment', () => {
  test('shows with the comment to those who may read the post; leaves with the comment', async () => {
    const { wes, xia, yan } = await actors(server, 'wes', 'xia', 'yan');
    const group = await createGroup(wes, { name: 'Pond Watchers', visibility: 'private', joinPolicy: 'approval' });
    await xia.post(`/groups/${group.id}/join`, { message: 'hi' });
    assert.equal((await wes.post(`/groups/${group.id}/requests/${xia.id}/approve`)).status, 204);
    const post = await createPost(wes, group.id);
    const photo = await upload(xia);
    const comment = await xia.post(`/posts/${post.id}/comments`, { body: 'The heron was back!', photo: { id: photo.id, alt: 'A grey heron' } });
    assert.equal(comment.status, 201, JSON.stringify(comment.body));
    assert.equal(comment.body.photo.id, photo.id);
    assert.equal((await wes.get(`/posts/${post.id}/comments`)).body.items[0].comment.photo.alt, 'A grey heron');
    assert.equal((await fetchFile(wes, photo.variants[0]!.url)).status, 200);
    assert.equal((await fetchFile(yan, photo.variants[0]!.url)).status, 404);
    // Someone else's upload cannot ride along on a comment.
    const foreign = await upload(yan);
    assert.equal((await xia.post(`/posts/${post.id}/comments`, { body: 'Borrowed', photo: { id: foreign.id } })).status, 404);
    assert.equal((await xia.delete(`/comments/${comment.body.id}`)).status, 204);
    const after = (await wes.get(`/posts/${post.id}/comments`)).body.items[0].comment;
    assert.deepEqual([after.deleted, after.photo], [true, null]);
    assert.deepEqual(await useOf(photo.id), { use_kind: null, use_id: null });
  });
});

describe('an activity’s album', () => {
  test('once it has begun, its organizer and confirmed participants add photos; others may not; everyone who sees it sees them', async () => {
    const { zed, amy, bob } = await actors(server, 'zed', 'amy', 'bob');
    const activity = await createActivity(zed, { title: 'Sunset paddle' });
    assert.equal((await amy.post(`/activities/${activity.id}/registrations`, {})).body.status, 'confirmed');
    const [mine, more, theirs] = [await upload(amy), await upload(amy), await upload(zed)];
    // Not before it begins.
    assert.equal((await amy.post(`/activities/${activity.id}/album`, { photos: [{ id: mine.id }] })).status, 403);
    assert.equal((await amy.get(`/activities/${activity.id}`)).body.viewer.canAddPhotos, false);
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 3_600_000) }).where('id', '=', activity.id).execute();
    assert.equal((await amy.get(`/activities/${activity.id}`)).body.viewer.canAddPhotos, true);

    const added = await amy.post(`/activities/${activity.id}/album`, { photos: [{ id: mine.id, alt: 'Paddles up' }, { id: more.id }] });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(ids(added.body.items), [mine.id, more.id]);
    assert.equal((await zed.post(`/activities/${activity.id}/album`, { photos: [{ id: theirs.id }] })).status, 201, 'the organizer adds too');
    // Someone without a seat may look but not add.
    const page = (await bob.get(`/activities/${activity.id}`)).body;
    assert.deepEqual(ids(page.album), [mine.id, more.id, theirs.id]);
    assert.equal(page.viewer.canAddPhotos, false);
    const bobs = await upload(bob);
    assert.equal((await bob.post(`/activities/${activity.id}/album`, { photos: [{ id: bobs.id }] })).status, 403);
    assert.equal((await fetchFile(null, page.album[0].variants[0].url)).status, 200);
    // Its organizer removes any photo from it; a participant only their own.
    assert.equal((await amy.delete(`/media/${theirs.id}`)).status, 403);
    assert.equal((await zed.delete(`/media/${more.id}`)).status, 204);
    assert.deepEqual(ids((await bob.get(`/activities/${activity.id}`)).body.album), [mine.id, theirs.id]);
    // Ten at once is refused by its shape; a full album refuses more.
    assert.equal((await amy.post(`/activities/${activity.id}/album`, { photos: Array.from({ length: 10 }, (_, i) => ({ id: i + 1 })) })).status, 400);
    const filler = Array.from({ length: 98 }, (_, i) => ({ owner_id: zed.id, storage_prefix: `test/${activity.id}-${i}`, source_type: 'image/png', width: 1, height: 1, placeholder: '', variants: '[]', bytes: 0, use_kind: 'activity_album' as const, use_id: activity.id, position: 10 + i }));
    await server.db.insertInto('media').values(filler).execute();
    const full = await amy.post(`/activities/${activity.id}/album`, { photos: [{ id: (await upload(amy)).id }] });
    assert.equal(full.status, 409, JSON.stringify(full.body));
  });

  test('a private group’s activity album is its members’ alone', async () => {
    const { cat, dan, eli } = await actors(server, 'cat', 'dan', 'eli');
    const group = await createGroup(cat, { name: 'Secret Divers', visibility: 'private', joinPolicy: 'approval' });
    await dan.post(`/groups/${group.id}/join`, { message: 'hi' });
    assert.equal((await cat.post(`/groups/${group.id}/requests/${dan.id}/approve`)).status, 204);
    const activity = await createActivity(cat, { groupId: group.id, title: 'Reef dive' });
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 3_600_000) }).where('id', '=', activity.id).execute();
    const photo = await upload(cat);
    assert.equal((await cat.post(`/activities/${activity.id}/album`, { photos: [{ id: photo.id }] })).status, 201);
    assert.equal((await fetchFile(dan, photo.variants[0]!.url)).status, 200);
    for (const stranger of [eli, null]) assert.equal((await fetchFile(stranger, photo.variants[0]!.url)).status, 404);
    assert.equal((await eli.post(`/activities/${activity.id}/album`, { photos: [{ id: (await upload(eli)).id }] })).status, 404);
  });
});

describe('photos in chats and on companion cards', () => {
  test('a photo sent in a chat is its two members’ alone; a message needs text or a photo', async () => {
    const { fay, gil, hui } = await actors(server, 'fay', 'gil', 'hui');
    for (const c of [fay, gil]) await c.patch('/me', { birthYear: 1990, gender: 'woman', onboarded: true, interests: [{ tag: 'hiking' }], ...BASE });
    await putCard(fay);
    await putCard(gil);
    const invite = (await fay.post('/companion-invites', { username: 'gil', message: 'Walk on Saturday?' })).body;
    assert.equal((await gil.post(`/companion-invites/${invite.id}/accept`)).status, 200);
    const conversationId = (await gil.get('/conversations')).body.items[0].id as number;
    const photo = await upload(fay);
    const sent = await fay.post(`/conversations/${conversationId}/messages`, { body: '', photo: { id: photo.id }, clientId: 'photo-message-1' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.photo.id, photo.id);
    assert.equal((await gil.get(`/conversations/${conversationId}/messages`)).body.items[0].photo.id, photo.id);
    assert.equal((await fetchFile(gil, photo.variants[0]!.url)).status, 200);
    for (const stranger of [hui, null]) assert.equal((await fetchFile(stranger, photo.variants[0]!.url)).status, 404);
    const blank = await fay.post(`/conversations/${conversationId}/messages`, { body: '  ', clientId: 'photo-message-2' });
    assert.equal(blank.status, 400);
  });

  test('a photo sent in a group room is its readers’ alone, and replies keep it', async () => {
    const { rlia: lia, rmoe: mo, rned: ned } = await actors(server, 'rlia', 'rmoe', 'rned');
    const group = await createGroup(lia, { name: 'Room Photographers' });
    assert.equal((await mo.post(`/groups/${group.id}/join`)).status, 200);
    const roomId = (await lia.put(`/groups/${group.id}/room`)).body.id as number;
    const photo = await upload(lia);
    const sent = await lia.post(`/rooms/${roomId}/messages`, { body: '', photo: { id: photo.id }, clientId: 'room-photo-1' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal(sent.body.photo.id, photo.id);
    const again = await lia.post(`/rooms/${roomId}/messages`, { body: '', photo: { id: photo.id }, clientId: 'room-photo-1' });
    assert.equal(again.body.id, sent.body.id, 'the same client id is the same message');
    const reply = await mo.post(`/rooms/${roomId}/messages`, { body: 'Great light', clientId: 'room-photo-2', replyToId: sent.body.id });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const history = (await mo.get(`/rooms/${roomId}/messages`)).body.items;
    assert.deepEqual(history.map((m: { photo: { id: number } | null; replyTo: { id: number } | null }) => [m.photo?.id ?? null, m.replyTo?.id ?? null]), [[null, sent.body.id], [photo.id, null]]);
    assert.equal((await fetchFile(mo, photo.variants[0]!.url)).status, 200);
    for (const stranger of [ned, null]) assert.equal((await fetchFile(stranger, photo.variants[0]!.url)).status, 404);
  });

  test('a companion card’s photo: shown to members who may contact its owner, not to the signed-out or a blocked member; released on leaving', async () => {
    const { ivy, jay, kit } = await actors(server, 'ivy', 'jay', 'kit');
    await ivy.patch('/me', { birthYear: 1992, gender: 'woman', onboarded: true, interests: [{ tag: 'hiking' }], ...BASE });
    const photo = await upload(ivy);
    const card = await putCard(ivy, { photo: { id: photo.id, alt: 'Ivy on a ridge' } });
    assert.equal(card.photo.id, photo.id);
    // Saving the card again without a photo keeps it.
    assert.equal((await putCard(ivy)).photo.id, photo.id);
    assert.equal((await fetchFile(jay, photo.variants[0]!.url)).status, 200);
    assert.equal((await fetchFile(null, photo.variants[0]!.url)).status, 404);
    assert.equal((await ivy.put('/users/kit/block')).status, 204);
    assert.equal((await fetchFile(kit, photo.variants[0]!.url)).status, 404);
    assert.equal((await ivy.delete('/me/companion-card')).status, 204);
    assert.deepEqual(await useOf(photo.id), { use_kind: null, use_id: null });
  });
});

describe('a photo taken down', () => {
  test('leaves every place that showed it: avatar, group and activity covers, a room message, a companion card', async () => {
    const { twes: wes } = await actors(server, 'twes');
    await wes.patch('/me', { birthYear: 1991, gender: 'man', onboarded: true, interests: [{ tag: 'hiking' }], ...BASE });
    const [avatar, groupCover, activityCover, roomPhoto, cardPhoto] = [await upload(wes), await upload(wes), await upload(wes), await upload(wes), await upload(wes)];
    assert.equal((await wes.patch('/me', { avatar: { id: avatar.id } })).status, 200);
    const group = (await wes.post('/groups', { name: 'Ridge Runners', tags: ['hiking'], city: 'Hangzhou', visibility: 'public', joinPolicy: 'open', cover: { id: groupCover.id } })).body;
    assert.equal(group.cover?.id, groupCover.id, JSON.stringify(group));
    const activity = await createActivity(wes, { title: 'Ridge run' });
    assert.equal((await wes.patch(`/activities/${activity.id}`, { cover: { id: activityCover.id } })).body.cover?.id, activityCover.id);
    const roomId = (await wes.put(`/groups/${group.id}/room`)).body.id as number;
    const sent = await wes.post(`/rooms/${roomId}/messages`, { body: 'At the top', photo: { id: roomPhoto.id }, clientId: 'taken-down-1' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.equal((await putCard(wes, { photo: { id: cardPhoto.id } })).photo?.id, cardPhoto.id);

    for (const photo of [avatar, groupCover, activityCover, roomPhoto, cardPhoto]) assert.equal((await wes.delete(`/media/${photo.id}`)).status, 204);

    // No foreign key clears them since media are keyed by owner (docs/scaling.md): the removal does.
    const user = await server.db.selectFrom('users').select('avatar_media_id').where('id', '=', wes.id).executeTakeFirstOrThrow();
    const groupRow = await server.db.selectFrom('groups').select('cover_media_id').where('id', '=', group.id).executeTakeFirstOrThrow();
    const activityRow = await server.db.selectFrom('activities').select('cover_media_id').where('id', '=', activity.id).executeTakeFirstOrThrow();
    const message = await server.db.selectFrom('room_messages').select('photo_media_id').where('room_id', '=', roomId).where('id', '=', sent.body.id).executeTakeFirstOrThrow();
    const card = await server.db.selectFrom('companion_cards').select('photo_media_id').where('user_id', '=', wes.id).executeTakeFirstOrThrow();
    assert.deepEqual(
      [user.avatar_media_id, groupRow.cover_media_id, activityRow.cover_media_id, message.photo_media_id, card.photo_media_id],
      [null, null, null, null, null],
      'no place refers to a removed photo',
    );
    assert.equal((await wes.get('/me')).body.avatar, null);
    assert.equal((await wes.get(`/groups/${group.id}`)).body.cover, null);
    assert.equal((await wes.get(`/rooms/${roomId}/messages`)).body.items[0].photo, null);
  });
});
