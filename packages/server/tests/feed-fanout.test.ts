import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { FEED_HORIZON_DAYS, trimFeeds } from '../src/features/feed/feed.service.js';
import { loadConfig } from '../src/config/config.js';
import { homeFeed, settleHeldPost } from '../src/features/posts/posts.service.js';
import { followingFeed } from '../src/features/social/following-feed.js';
import { actors, bulkMembers, createGroup, createPost, startTestServer, waitUntil, type TestServer } from './_util.js';

// Groups of up to 3 members (authors of up to 3 followers) fan out; larger ones are pulled when a feed is
// read. Every Following feed reads its fanned-out rows, however few members its reader follows.
let server: TestServer;
before(async () => {
  server = await startTestServer({ fanoutMaxMembers: 3, followingPullMax: 0 });
});
after(() => server.stop());

const DAY = 86_400_000;

async function feedIds(client: { get(url: string): Promise<{ status: number; body: any }> }, limit = 50) {
  const reply = await client.get(`/feed?limit=${limit}`);
  assert.equal(reply.status, 200, `the feed answers (${reply.status})`);
  return reply.body.items.map((p: { id: number }) => p.id) as number[];
}

/** Every page of the feed, `limit` at a time, as post ids. */
async function allPages(client: { get(url: string): Promise<{ status: number; body: any }> }, limit: number) {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const reply = await client.get(`/feed?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(reply.status, 200, `page ${page} answers (${reply.status})`);
    ids.push(...reply.body.items.map((p: { id: number }) => p.id));
    cursor = reply.body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

function feedRows(postId: number) {
  return server.db.selectFrom('feed_items').select(['user_id']).where('post_id', '=', postId).orderBy('user_id').execute();
}

async function fannedOut(postId: number) {
  await waitUntil(`post ${postId} is fanned out`, async () => {
    const row = await server.db.selectFrom('posts').select('fanout_pending').where('id', '=', postId).executeTakeFirstOrThrow();
    return !row.fanout_pending;
  });
}

async function groupState(id: number) {
  return server.db.selectFrom('groups').select(['feed_pulled', 'member_count']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Moves a post (and its feed rows) back in time. */
async function age(postId: number, days: number) {
  const at = new Date(Date.now() - days * DAY);
  await server.db.updateTable('posts').set({ created_at: at }).where('id', '=', postId).execute();
  await server.db.updateTable('feed_items').set({ created_at: at }).where('post_id', '=', postId).execute();
  await server.db.updateTable('following_items').set({ created_at: at }).where('post_id', '=', postId).execute();
}

type Client = { get(url: string): Promise<{ status: number; body: any }> };

/** Every page of the Following feed's posts, `limit` items at a time, as post ids. */
async function followingPages(client: Client, limit = 50) {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const reply = await client.get(`/feed/following?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(reply.status, 200, `page ${page} answers (${reply.status})`);
    ids.push(...reply.body.items.flatMap((i: { kind: string; post?: { id: number } }) => (i.kind === 'post' ? [i.post!.id] : [])));
    cursor = reply.body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

async function followingRows(postId: number) {
  const rows = await server.db.selectFrom('following_items').select(['user_id']).where('post_id', '=', postId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

async function followersPulled(userId: number) {
  return (await server.db.selectFrom('users').select('followers_pulled').where('id', '=', userId).executeTakeFirstOrThrow()).followers_pulled;
}

describe('fan-out on write', () => {
  test('a post in a small group reaches every member’s feed through the job, and at once while it runs', async () => {
    const { ana, ben } = await actors(server, 'ana', 'ben');
    const group = await createGroup(ana);
    assert.equal((await ben.post(`/groups/${group.id}/join`)).status, 200);
    const post = await createPost(ana, group.id, { title: 'Sunrise walk' });
    // Read at once: the post is in Ben's feed whether or not the job has run yet.
    assert.deepEqual(await feedIds(ben), [post.id]);
    await fannedOut(post.id);
    assert.deepEqual(
      (await feedRows(post.id)).map((r) => r.user_id),
      [ana.id, ben.id].sort((a, b) => a - b),
    );
    assert.equal((await groupState(group.id)).feed_pulled, false, 'a small group stays fanned out');
    assert.deepEqual(await feedIds(ben), [post.id]);
    assert.deepEqual(await feedIds(ana), [post.id]);
  });

  test('a group above the size limit is pulled when the feed is read: its post writes no feed rows', async () => {
    const { cai } = await actors(server, 'cai');
    const [m1, m2, m3] = await bulkMembers(server, 'crowd', 3);
    const group = await createGroup(cai);
    for (const m of [m1!, m2!, m3!]) assert.equal((await m.post(`/groups/${group.id}/join`)).status, 200);
    assert.equal((await groupState(group.id)).member_count, 4);
    const post = await createPost(cai, group.id, { title: 'Crowded' });
    const state = await server.db.selectFrom('posts').select('fanout_pending').where('id', '=', post.id).executeTakeFirstOrThrow();
    assert.equal(state.fanout_pending, false, 'no fan-out is pending for a large group');
    assert.equal((await groupState(group.id)).feed_pulled, true, 'the group is pulled from now on');
    assert.equal((await feedRows(post.id)).length, 0);
    assert.deepEqual(await feedIds(m2!), [post.id]);
  });

  test('paging across fanned-out and pulled groups, and past the horizon, has no repeat and no gap', async () => {
    const { dee } = await actors(server, 'dee');
    const crowd = await bulkMembers(server, 'mix', 3);
    const small = await createGroup(dee, { name: 'Small circle' });
    const large = await createGroup(dee, { name: 'Large circle' });
    for (const m of crowd) assert.equal((await m.post(`/groups/${large.id}/join`)).status, 200);
    const reader = crowd[0]!;
    assert.equal((await reader.post(`/groups/${small.id}/join`)).status, 200);
    const written: number[] = [];
    for (let i = 0; i < 7; i++) {
      written.push((await createPost(dee, i % 2 === 0 ? small.id : large.id, { title: `Post ${i}` })).id);
    }
    for (const id of written) await fannedOut(id);
    assert.equal((await groupState(small.id)).feed_pulled, false);
    assert.equal((await groupState(large.id)).feed_pulled, true);
    // Two posts of each group are older than the horizon: the feed pulls that part.
    await age(written[0]!, FEED_HORIZON_DAYS + 2);
    await age(written[1]!, FEED_HORIZON_DAYS + 1);
    await age(written[2]!, FEED_HORIZON_DAYS + 1);
    const newestFirst = [written[6], written[5], written[4], written[3], written[1], written[2], written[0]];
    // written[1] and [2] share an instant: the higher id comes first, as in the pulled feed.
    newestFirst.splice(4, 2, Math.max(written[1]!, written[2]!), Math.min(written[1]!, written[2]!));
    for (const limit of [1, 2, 3, 5, 20]) assert.deepEqual(await allPages(reader, limit), newestFirst, `pages of ${limit}`);
    // The same member's feed with fan-out off (every group pulled) is the same list.
    const viewer = { id: reader.id, username: 'mix0', role: 'member' as const, csrfToken: '', sessionHash: '' };
    const pulled: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await homeFeed(server.db, viewer, { limit: 2, cursor }, false);
      pulled.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(pulled, newestFirst, 'fan-out off reads the same feed');
  });

  test('deleted posts, blocks, leaving and a removed group filter the fanned-out feed when it is read', async () => {
    const { eva, fay, gil } = await actors(server, 'eva', 'fay', 'gil');
    const group = await createGroup(eva);
    assert.equal((await fay.post(`/groups/${group.id}/join`)).status, 200);
    assert.equal((await gil.post(`/groups/${group.id}/join`)).status, 200);
    const byEva = await createPost(eva, group.id, { title: 'By Eva' });
    const byGil = await createPost(gil, group.id, { title: 'By Gil' });
    const byFay = await createPost(fay, group.id, { title: 'By Fay' });
    const doomed = await createPost(eva, group.id, { title: 'Soon gone' });
    for (const p of [byEva, byGil, byFay, doomed]) await fannedOut(p.id);
    assert.deepEqual(await feedIds(fay), [doomed.id, byFay.id, byGil.id, byEva.id]);

    assert.equal((await eva.delete(`/posts/${doomed.id}`)).status, 204);
    assert.deepEqual(await feedIds(fay), [byFay.id, byGil.id, byEva.id], 'a deleted post leaves the feed');
    assert.equal((await feedRows(doomed.id)).length, 3, 'its rows stay: the read filters them');

    assert.equal((await gil.put('/users/fay/block')).status, 204);
    assert.deepEqual(await feedIds(fay), [byFay.id, byEva.id], 'a member who blocked the reader is hidden from them');
    assert.deepEqual(await feedIds(gil), [byGil.id, byEva.id], 'and the reader from the blocker');
    assert.equal((await gil.delete('/users/fay/block')).status, 204);
    assert.deepEqual(await feedIds(fay), [byFay.id, byGil.id, byEva.id]);

    assert.equal((await fay.post(`/groups/${group.id}/leave`)).status, 200);
    assert.deepEqual(await feedIds(fay), [], 'a member who left no longer sees the group');
    assert.equal((await fay.post(`/groups/${group.id}/join`)).status, 200);
    assert.deepEqual(await feedIds(fay), [byFay.id, byGil.id, byEva.id], 'rejoining brings the posts back');

    await server.db.updateTable('groups').set({ removed_at: new Date() }).where('id', '=', group.id).execute();
    assert.deepEqual(await feedIds(fay), [], 'a removed group is gone from every feed');
    await server.db.updateTable('groups').set({ removed_at: null }).where('id', '=', group.id).execute();
  });

  test('a held post is fanned out but shown only once a moderator lets it through', async () => {
    const { oli, pat } = await actors(server, 'oli', 'pat');
    const group = await createGroup(oli);
    assert.equal((await pat.post(`/groups/${group.id}/join`)).status, 200);
    const held = await oli.post(`/groups/${group.id}/posts`, { kind: 'discussion', title: 'Meet at the gate', body: '详情请加微信 @pat' });
    assert.deepEqual([held.status, held.body.held], [201, true]);
    await fannedOut(held.body.id);
    assert.equal((await feedRows(held.body.id)).length, 2, 'its rows are written');
    assert.deepEqual(await feedIds(pat), [], 'a held post is not in the feed');
    await settleHeldPost(server.db, held.body.id, true);
    assert.deepEqual(await feedIds(pat), [held.body.id], 'let through, it is');
  });

  test('a member who joins a fanned-out group sees its earlier posts at once, as the pulled feed did', async () => {
    const { hal, ivy } = await actors(server, 'hal', 'ivy');
    const group = await createGroup(hal, { visibility: 'private', joinPolicy: 'approval' });
    const earlier = await createPost(hal, group.id, { title: 'Before Ivy' });
    const old = await createPost(hal, group.id, { title: 'Long ago' });
    await fannedOut(earlier.id);
    await fannedOut(old.id);
    await age(old.id, FEED_HORIZON_DAYS + 5);
    assert.deepEqual(await feedIds(ivy), []);
    assert.equal((await ivy.post(`/groups/${group.id}/join`, { message: 'hi' })).body.status, 'pending');
    assert.deepEqual(await feedIds(ivy), [], 'a request is not membership');
    assert.equal((await hal.post(`/groups/${group.id}/requests/${ivy.id}/approve`)).status < 300, true, 'the request is approved');
    assert.deepEqual(await feedIds(ivy), [earlier.id, old.id]);
    const rows = await server.db.selectFrom('feed_items').select('post_id').where('user_id', '=', ivy.id).execute();
    assert.deepEqual(
      rows.map((r) => r.post_id),
      [earlier.id],
      'posts within the horizon are copied into the new member’s feed; older ones are pulled',
    );
  });

  test('the trim job deletes feed rows past the horizon and the feed reads the same', async () => {
    const { jon, kim } = await actors(server, 'jon', 'kim');
    const group = await createGroup(jon);
    assert.equal((await kim.post(`/groups/${group.id}/join`)).status, 200);
    const recent = await createPost(jon, group.id, { title: 'Recent' });
    const stale = await createPost(jon, group.id, { title: 'Stale' });
    await fannedOut(recent.id);
    await fannedOut(stale.id);
    await age(stale.id, FEED_HORIZON_DAYS + 1);
    const before = await feedIds(kim);
    assert.deepEqual(before, [recent.id, stale.id]);
    await trimFeeds(server.ctx);
    assert.equal((await feedRows(stale.id)).length, 0, 'rows past the horizon are gone');
    assert.equal((await feedRows(recent.id)).length, 2, 'newer rows stay');
    assert.deepEqual(await feedIds(kim), before);
    const next = await server.db.selectFrom('jobs').select('run_at').where('kind', '=', 'feed.trim').where('done_at', 'is', null).executeTakeFirst();
    assert.ok(next && next.run_at.getTime() > Date.now() + 23 * 3_600_000, 'the trim comes back a day later');
  });
});

describe('fan-out to followers', () => {
  test('a post reaches its author’s followers’ Following feeds through the job, and at once while it runs', async () => {
    const { fwa, fwb, fwc, fwd } = await actors(server, 'fwa', 'fwb', 'fwc', 'fwd');
    for (const f of [fwb, fwc]) assert.equal((await f.put('/users/fwa/follow')).status, 200);
    const group = await createGroup(fwd);
    assert.equal((await fwa.post(`/groups/${group.id}/join`)).status, 200);
    const post = await createPost(fwa, group.id, { title: 'Followed words' });
    assert.deepEqual(await followingPages(fwb), [post.id], 'read at once, fanned out or not');
    await fannedOut(post.id);
    assert.deepEqual(await followingRows(post.id), [fwb.id, fwc.id].sort((a, b) => a - b), 'one row per follower');
    assert.equal(await followersPulled(fwa.id), false);
    assert.deepEqual(await followingPages(fwc), [post.id]);
    assert.deepEqual(await followingPages(fwd), [], 'not a follower');
  });

  test('an author above the followers limit is pulled when the feed is read: the post writes no rows', async () => {
    const { fwe, fwf } = await actors(server, 'fwe', 'fwf');
    const fans = await bulkMembers(server, 'fwfan', 4);
    for (const f of fans) assert.equal((await f.put('/users/fwe/follow')).status, 200);
    const group = await createGroup(fwe);
    const post = await createPost(fwe, group.id, { title: 'Widely read' });
    assert.deepEqual(await followingPages(fwf), [], 'not a follower');
    await fannedOut(post.id);
    assert.equal(await followersPulled(fwe.id), true, 'the author is pulled from now on');
    assert.deepEqual(await followingRows(post.id), []);
    assert.deepEqual(await followingPages(fans[3]!), [post.id]);
  });

  test('unfollowing, a private group, a deleted post and a block filter the fanned-out rows when the feed is read; following again brings them back', async () => {
    const { fwg, fwh, fwi } = await actors(server, 'fwg', 'fwh', 'fwi');
    assert.equal((await fwh.put('/users/fwg/follow')).status, 200);
    const open = await createGroup(fwi, { name: 'Open gate' });
    const closed = await createGroup(fwg, { name: 'Closed gate', visibility: 'private', joinPolicy: 'approval' });
    assert.equal((await fwg.post(`/groups/${open.id}/join`)).status, 200);
    const visible = await createPost(fwg, open.id, { title: 'Seen' });
    const secret = await createPost(fwg, closed.id, { title: 'Members only' });
    const doomed = await createPost(fwg, open.id, { title: 'Soon gone' });
    for (const p of [visible, secret, doomed]) await fannedOut(p.id);
    assert.deepEqual(await followingRows(secret.id), [fwh.id], 'the private group’s post is fanned out too');
    assert.deepEqual(await followingPages(fwh), [doomed.id, visible.id], 'but not shown outside its group');
    assert.equal((await fwg.delete(`/posts/${doomed.id}`)).status, 204);
    assert.deepEqual(await followingPages(fwh), [visible.id], 'a deleted post leaves the feed');

    assert.equal((await fwh.delete('/users/fwg/follow')).status, 200);
    assert.deepEqual(await followingPages(fwh), [], 'unfollowed: the rows stay, the read filters them');
    assert.deepEqual(await followingRows(visible.id), [fwh.id]);
    await server.db.deleteFrom('following_items').where('user_id', '=', fwh.id).execute();
    assert.equal((await fwh.put('/users/fwg/follow')).status, 200);
    assert.deepEqual(await followingPages(fwh), [visible.id], 'following again shows the author’s posts at once');
    assert.deepEqual(await followingRows(visible.id), [fwh.id], 'copied into the follower’s rows');

    assert.equal((await fwg.put('/users/fwh/block')).status, 204);
    assert.deepEqual(await followingPages(fwh), [], 'a block ends the follow');
  });

  test('a follow request accepted copies the author’s recent posts; paging across fanned-out, pulled and past-the-horizon posts has no repeat and no gap, as with fan-out off', async () => {
    const { fwj, fwk, fwl } = await actors(server, 'fwj', 'fwk', 'fwl');
    const fans = await bulkMembers(server, 'fwcrowd', 3);
    assert.equal((await fwj.patch('/me/privacy', { followApproval: true })).status < 300, true, 'fwj asks for approval');
    const group = await createGroup(fwl);
    for (const m of [fwj, fwk]) assert.equal((await m.post(`/groups/${group.id}/join`)).status, 200);
    // fwk has more followers than the limit: pulled once they post.
    for (const f of [...fans, fwl]) assert.equal((await f.put('/users/fwk/follow')).status, 200);
    const written: number[] = [];
    for (let i = 0; i < 8; i++) written.push((await createPost(i % 2 === 0 ? fwj : fwk, group.id, { title: `Post ${i}` })).id);
    for (const id of written) await fannedOut(id);
    assert.equal(await followersPulled(fwk.id), true);
    assert.equal(await followersPulled(fwj.id), false);
    const reader = fans[0]!;
    assert.equal((await reader.put('/users/fwj/follow')).body.following, 'requested');
    assert.deepEqual(await followingPages(reader), written.filter((_, i) => i % 2 === 1).reverse(), 'a request shows nothing of fwj');
    assert.ok((await fwj.post(`/me/follow-requests/fwcrowd0/accept`)).status < 300, 'the request is accepted');
    assert.equal((await followingRows(written[6]!)).includes(reader.id), true, 'accepted: fwj’s recent posts are in the reader’s rows');
    // Two posts of each author are past the horizon: the feed pulls that part.
    for (const i of [0, 1]) await age(written[i]!, FEED_HORIZON_DAYS + 2);
    for (const i of [2, 3]) await age(written[i]!, FEED_HORIZON_DAYS + 1);
    const newestFirst = [written[7], written[6], written[5], written[4], Math.max(written[2]!, written[3]!), Math.min(written[2]!, written[3]!), Math.max(written[0]!, written[1]!), Math.min(written[0]!, written[1]!)];
    for (const limit of [1, 2, 3, 5, 20]) assert.deepEqual(await followingPages(reader, limit), newestFirst, `pages of ${limit}`);
    const viewer = { id: reader.id, username: 'fwcrowd0', role: 'member' as const, csrfToken: '', sessionHash: '' };
    const off = { ...server.ctx, config: { ...server.ctx.config, fanoutMaxMembers: 0 } };
    const pulled: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await followingFeed(off, viewer, { limit: 3, cursor });
      pulled.push(...page.items.flatMap((i) => (i.kind === 'post' ? [i.post.id] : [])));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(pulled, newestFirst, 'fan-out off reads the same feed');
  });

  test('the trim job deletes Following rows past the horizon and the feed reads the same', async () => {
    const { fwm, fwn } = await actors(server, 'fwm', 'fwn');
    assert.equal((await fwn.put('/users/fwm/follow')).status, 200);
    const group = await createGroup(fwm);
    const recent = await createPost(fwm, group.id, { title: 'Recent' });
    const stale = await createPost(fwm, group.id, { title: 'Stale' });
    for (const p of [recent, stale]) await fannedOut(p.id);
    await age(stale.id, FEED_HORIZON_DAYS + 1);
    assert.deepEqual(await followingPages(fwn), [recent.id, stale.id]);
    await trimFeeds(server.ctx);
    assert.deepEqual(await followingRows(stale.id), [], 'rows past the horizon are gone');
    assert.deepEqual(await followingRows(recent.id), [fwn.id], 'newer rows stay');
    assert.deepEqual(await followingPages(fwn), [recent.id, stale.id]);
  });
});

describe('fan-out in batches', () => {
  test('a group of 1,200 members gets one feed row per member, written 1,000 at a time', async () => {
    const big = await startTestServer();
    try {
      const { lea } = await actors(big, 'lea');
      const group = await createGroup(lea);
      const crowd = await bulkMembers(big, 'batch', 1199);
      await big.db.insertInto('group_members').values(crowd.map((m) => ({ group_id: group.id, user_id: m.id, role: 'member' as const }))).execute();
      await big.db.updateTable('groups').set({ member_count: 1200 }).where('id', '=', group.id).execute();
      const post = await createPost(lea, group.id, { title: 'To everyone' });
      await waitUntil('the post is fanned out', async () => !(await big.db.selectFrom('posts').select('fanout_pending').where('id', '=', post.id).executeTakeFirstOrThrow()).fanout_pending);
      const { n } = await big.db.selectFrom('feed_items').select(sql<number>`count(*)::int`.as('n')).where('post_id', '=', post.id).executeTakeFirstOrThrow();
      assert.equal(n, 1200);
      const last = crowd[crowd.length - 1]!;
      assert.deepEqual((await last.get('/feed')).body.items.map((p: { id: number }) => p.id), [post.id]);
    } finally {
      await big.stop();
    }
  });

  test('with fan-out off (0), a post writes no feed rows and its group is pulled', async () => {
    const off = await startTestServer({ fanoutMaxMembers: 0 });
    try {
      const { max, ned } = await actors(off, 'max', 'ned');
      const group = await createGroup(max);
      assert.equal((await ned.post(`/groups/${group.id}/join`)).status, 200);
      const post = await createPost(max, group.id);
      assert.equal((await off.db.selectFrom('feed_items').select('post_id').execute()).length, 0);
      assert.equal((await off.db.selectFrom('groups').select('feed_pulled').where('id', '=', group.id).executeTakeFirstOrThrow()).feed_pulled, true);
      assert.deepEqual((await ned.get('/feed')).body.items.map((p: { id: number }) => p.id), [post.id]);
    } finally {
      await off.stop();
    }
  });
});

test('KINDRED_FANOUT_MAX_MEMBERS: 10,000 by default, 0 turns fan-out off, anything but a whole number stops the server naming it', () => {
  const secret = { webhookSecret: 'a-test-secret-of-some-length' };
  assert.equal(loadConfig(secret, {}).fanoutMaxMembers, 10_000);
  assert.equal(loadConfig(secret, { KINDRED_FANOUT_MAX_MEMBERS: '0' }).fanoutMaxMembers, 0);
  assert.equal(loadConfig(secret, { KINDRED_FANOUT_MAX_MEMBERS: '250' }).fanoutMaxMembers, 250);
  for (const bad of ['lots', '-1', '2000000', '1.5']) assert.throws(() => loadConfig(secret, { KINDRED_FANOUT_MAX_MEMBERS: bad }), /KINDRED_FANOUT_MAX_MEMBERS/);
  assert.equal(loadConfig(secret, {}).followingPullMax, 200);
  assert.equal(loadConfig(secret, { KINDRED_FOLLOWING_PULL_MAX: '0' }).followingPullMax, 0);
  for (const bad of ['many', '-1', '2000000']) assert.throws(() => loadConfig(secret, { KINDRED_FOLLOWING_PULL_MAX: bad }), /KINDRED_FOLLOWING_PULL_MAX/);
});

