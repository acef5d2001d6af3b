import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { scaledWriteLimits } from '../src/config/config.js';
import { createActivity } from './_activities.js';
import { putCard } from './_companions.js';
import { makeCompanions } from './_live.js';
import { actors, createGroup, createPost, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

/**
 * Following and friends over HTTP on a real server: one-way follows, friends
 * when both follow, requests when a member asks for approval, counters that
 * stay true, privacy settings honoured on every route that shows a section,
 * blocks that undo follows, and a daily limit.
 */

let server: TestServer;
before(async () => {
  server = await startTestServer({ writeLimits: { ...scaledWriteLimits(1), follow: [{ max: 5, windowSeconds: 86_400 }] } });
});
after(() => server.stop());

const usernames = (reply: { body: { items: { user: { username: string } }[] } }) => reply.body.items.map((i) => i.user.username);
const relation = async (viewer: Client, username: string) => (await viewer.get(`/users/${username}`)).body.viewer.relation;

describe('following', () => {
  test('a follow is one way; following back makes friends; counts and lists follow; unfollowing undoes it', async () => {
    const { ada, bom, cyd } = await actors(server, 'ada', 'bom', 'cyd');
    await bom.patch('/me/privacy', { showFollows: 'everyone' });
    const followed = await ada.put('/users/bom/follow');
    assert.equal(followed.status, 200, JSON.stringify(followed.body));
    assert.deepEqual(followed.body, { following: 'following', followerCount: 1 });
    assert.deepEqual((await ada.put('/users/bom/follow')).body, { following: 'following', followerCount: 1 }, 'following again changes nothing');
    assert.deepEqual(await relation(ada, 'bom'), { following: 'following', followsMe: false, friends: false });
    assert.deepEqual(await relation(bom, 'ada'), { following: 'none', followsMe: true, friends: false });

    await bom.put('/users/ada/follow');
    assert.deepEqual(await relation(ada, 'bom'), { following: 'following', followsMe: true, friends: true });
    await cyd.put('/users/bom/follow');
    const profile = (await cyd.get('/users/bom')).body;
    assert.deepEqual([profile.followerCount, profile.followingCount, profile.friendCount], [2, 1, 1]);
    assert.deepEqual(usernames(await cyd.get('/users/bom/followers')), ['cyd', 'ada'], 'newest first');
    assert.deepEqual(usernames(await cyd.get('/users/bom/following')), ['ada']);
    assert.deepEqual(usernames(await cyd.get('/users/bom/friends')), ['ada']);
    // bom is told.
    const told = async (member: Client) =>
      (await member.get('/me/notifications')).body.items.map(
        (n: { kind: string; actors: { username: string }[]; data: { mutual: boolean }; link: string }) => `${n.kind}:${n.actors[0]!.username}:${n.data.mutual}:${n.link}`,
      );
    assert.deepEqual(await told(bom), ['follow.new:cyd:false:/u/cyd', 'follow.new:ada:false:/u/ada']);
    assert.deepEqual(await told(ada), ['follow.new:bom:true:/u/bom'], 'bom followed back: friends now');

    assert.deepEqual((await ada.delete('/users/bom/follow')).body, { following: 'none', followerCount: 1 });
    assert.deepEqual(await relation(bom, 'ada'), { following: 'following', followsMe: false, friends: false });
    assert.equal((await cyd.get('/users/bom')).body.friendCount, 0);

    // bom removes a follower; cyd is not told, and the counts follow.
    assert.equal((await bom.delete('/me/followers/cyd')).status, 204);
    assert.equal((await bom.delete('/me/followers/cyd')).status, 404);
    assert.equal((await cyd.get('/users/bom')).body.followerCount, 0);
    assert.equal(errorCode(await ada.put('/users/ada/follow')), 'validation_failed');
    assert.equal((await ada.put('/users/nobody_here/follow')).status, 404);
  });

  test('a member whose follows need approval gets requests: accepted, declined, or all accepted when approval is turned off', async () => {
    const { dee, eli, fox, gus } = await actors(server, 'dee', 'eli', 'fox', 'gus');
    await dee.patch('/me/privacy', { followApproval: true });
    assert.deepEqual((await eli.put('/users/dee/follow')).body, { following: 'requested', followerCount: 0 });
    await fox.put('/users/dee/follow');
    await gus.put('/users/dee/follow');
    assert.deepEqual(usernames(await dee.get('/me/follow-requests')), ['gus', 'fox', 'eli']);
    assert.equal((await dee.get('/users/dee')).body.followerCount, 0, 'requests are not followers');

    assert.equal((await dee.post('/me/follow-requests/eli/accept')).status, 204);
    assert.equal((await dee.post('/me/follow-requests/fox/decline')).status, 204);
    assert.equal(errorCode(await dee.post('/me/follow-requests/fox/accept')), 'conflict');
    assert.deepEqual(await relation(eli, 'dee'), { following: 'following', followsMe: false, friends: false });
    assert.deepEqual(await relation(fox, 'dee'), { following: 'none', followsMe: false, friends: false });
    assert.ok((await eli.get('/me/notifications')).body.items.some((n: { kind: string }) => n.kind === 'follow.accepted'));

    assert.equal((await dee.patch('/me/privacy', { followApproval: false })).body.followApproval, false);
    assert.deepEqual(await relation(gus, 'dee'), { following: 'following', followsMe: false, friends: false });
    assert.deepEqual((await dee.get('/me/follow-requests')).body.items, []);
    assert.equal((await dee.get('/users/dee')).body.followerCount, 2);
    const me = (await dee.get('/me')).body;
    assert.equal(me.privacy.followApproval, false);
  });

  test('blocking removes follows both ways and refuses new ones; a follow spam limit per day', async () => {
    const { hal, ivy, jon } = await actors(server, 'hal', 'ivy', 'jon');
    await hal.put('/users/ivy/follow');
    await ivy.put('/users/hal/follow');
    assert.equal((await hal.put('/users/ivy/block')).status, 204);
    const counts = await server.db.selectFrom('users').select(['username', 'follower_count', 'following_count']).where('username', 'in', ['hal', 'ivy']).orderBy('username').execute();
    assert.deepEqual(counts.map((c) => [c.username, c.follower_count, c.following_count]), [['hal', 0, 0], ['ivy', 0, 0]]);
    assert.equal((await ivy.put('/users/hal/follow')).status, 404);
    assert.equal((await hal.put('/users/ivy/follow')).status, 404);

    const many = await actors(server, 'kay1', 'kay2', 'kay3', 'kay4', 'kay5');
    for (const name of Object.keys(many).slice(0, 5)) assert.equal((await jon.put(`/users/${name}/follow`)).status, 200);
    const refused = await jon.put('/users/hal/follow');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal((await jon.put('/users/kay1/follow')).status, 200, 'answering where a follow stands is not a new follow');
  });
});

describe('privacy settings', () => {
  test('defaults show groups, activities and follow lists to friends only, and take invites from everyone', async () => {
    const { kim } = await actors(server, 'kim');
    assert.deepEqual((await kim.get('/me/privacy')).body, { followApproval: false, showGroups: 'friends', showActivities: 'friends', showFollows: 'friends', allowInvites: 'everyone', suggestMe: true, searchEngines: true });
    assert.equal(errorCode(await kim.patch('/me/privacy', { showGroups: 'public' })), 'validation_failed');
    assert.equal(errorCode(await kim.patch('/me/privacy', { other: true })), 'validation_failed');
    assert.equal((await server.client().get('/me/privacy')).status, 401);
  });

  test('each section is shown as its setting says, on every route that shows it: to everyone, to friends, to the member alone', async () => {
    const { lea, moe, ned } = await actors(server, 'lea', 'moe', 'ned');
    const anon = server.client();
    await createGroup(lea, { name: 'Lea’s Lantern Walkers' });
    const activity = await createActivity(ned, { title: 'Lantern festival walk' });
    await lea.post(`/activities/${activity.id}/registrations`, {});
    // moe and lea are friends; ned follows lea only.
    await moe.put('/users/lea/follow');
    await lea.put('/users/moe/follow');
    await ned.put('/users/lea/follow');

    const sees = async (viewer: Client) => {
      const profile = (await viewer.get('/users/lea')).body;
      return {
        groups: (await viewer.get('/users/lea/groups')).status,
        activities: (await viewer.get('/users/lea/activities')).body.items?.map((a: { title: string }) => a.title) ?? 403,
        followers: (await viewer.get('/users/lea/followers')).status,
        friends: (await viewer.get('/users/lea/friends')).status,
        sections: profile.sections,
        groupCount: profile.groupCount,
      };
    };
    const hidden = { groups: 403, activities: 403, followers: 403, friends: 403, sections: { groups: false, activities: false, follows: false }, groupCount: null };
    const shown = { groups: 200, activities: ['Lantern festival walk'], followers: 200, friends: 200, sections: { groups: true, activities: true, follows: true }, groupCount: 1 };
    // Friends only (the default).
    assert.deepEqual(await sees(moe), shown);
    assert.deepEqual(await sees(ned), hidden);
    assert.deepEqual(await sees(anon), hidden);
    assert.deepEqual(await sees(lea), shown, 'always to themselves');
    // Everyone.
    await lea.patch('/me/privacy', { showGroups: 'everyone', showActivities: 'everyone', showFollows: 'everyone' });
    assert.deepEqual(await sees(ned), shown);
    assert.deepEqual(await sees(anon), shown);
    // Only me.
    await lea.patch('/me/privacy', { showGroups: 'me', showActivities: 'me', showFollows: 'me' });
    assert.deepEqual(await sees(moe), hidden);
    assert.deepEqual(await sees(lea), shown);
    // Counts stay public.
    assert.equal((await anon.get('/users/lea')).body.followerCount, 2);
  });

  test('who may invite me: everyone, friends, nobody', async () => {
    const { oli, pia, quy } = await actors(server, 'oli', 'pia', 'quy');
    for (const member of [oli, pia, quy]) await putCard(member);
    await pia.put('/users/oli/follow');
    await oli.put('/users/pia/follow');
    const invite = (from: Client) => from.post('/companion-invites', { username: 'oli', message: 'Hike on Saturday?' });
    await oli.patch('/me/privacy', { allowInvites: 'friends' });
    assert.equal((await quy.get('/users/oli')).body.viewer.canInvite, false);
    assert.equal((await invite(quy)).status, 403);
    assert.equal((await pia.get('/users/oli')).body.viewer.canInvite, true);
    assert.equal((await invite(pia)).status, 201);
    await oli.patch('/me/privacy', { allowInvites: 'nobody' });
    assert.equal((await pia.get('/users/oli')).body.viewer.canInvite, false);
  });

  test('“you both”: groups both belong to, activities both went to, friends in common', async () => {
    const { ray, sol, tam } = await actors(server, 'ray', 'sol', 'tam');
    const group = await createGroup(ray, { name: 'Riverside Chess' });
    await sol.post(`/groups/${group.id}/join`);
    const activity = await createActivity(tam, { title: 'Chess in the park' });
    for (const member of [ray, sol]) assert.equal((await member.post(`/activities/${activity.id}/registrations`, {})).body.status, 'confirmed');
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 7_200_000), ends_at: new Date(Date.now() - 3_600_000) }).where('id', '=', activity.id).execute();
    for (const [a, b] of [[ray, 'tam'], [tam, 'ray'], [sol, 'tam'], [tam, 'sol']] as const) await a.put(`/users/${b}/follow`);
    assert.deepEqual((await ray.get('/users/sol')).body.viewer.youBoth, { groups: 1, activities: 1, friends: 1 });
    assert.equal((await server.client().get('/users/sol')).body.viewer, null);
  });
});

describe('friends in discovery', () => {
  test('activities show which friends hold a seat, and groups which friends belong, as each friend’s settings allow', async () => {
    const { una, val, wes, xan } = await actors(server, 'una', 'val', 'wes', 'xan');
    // una and val are friends; wes only follows val.
    await una.put('/users/val/follow');
    await val.put('/users/una/follow');
    await wes.put('/users/val/follow');
    const activity = await createActivity(xan, { title: 'Night market walk' });
    assert.equal((await val.post(`/activities/${activity.id}/registrations`, {})).body.status, 'confirmed');
    const group = await createGroup(xan, { name: 'Night Market Walkers' });
    await val.post(`/groups/${group.id}/join`);
    const secret = await createGroup(xan, { name: 'Quiet Night Walkers', visibility: 'private', joinPolicy: 'approval' });
    await val.post(`/groups/${secret.id}/join`, { message: 'hi' });
    assert.equal((await xan.post(`/groups/${secret.id}/requests/${val.id}/approve`)).status, 204);

    const going = async (viewer: Client) => {
      const page = (await viewer.get(`/activities/${activity.id}`)).body.friendsGoing;
      const listed = (await viewer.get('/activities/nearby?lat=39.9996&lng=116.1889&radiusKm=5')).body.items.find((a: { id: number }) => a.id === activity.id);
      assert.deepEqual(listed?.friendsGoing, page, 'the list and the page agree');
      return { count: page.count, names: page.sample.map((u: { username: string }) => u.username) };
    };
    const members = async (viewer: Client, id: number) => {
      const friends = (await viewer.get(`/groups/${id}`)).body.friends;
      return { count: friends.count, names: friends.sample.map((u: { username: string }) => u.username) };
    };
    assert.deepEqual(await going(una), { count: 1, names: ['val'] });
    assert.deepEqual(await going(wes), { count: 0, names: [] }, 'following is not friendship');
    assert.deepEqual(await going(server.client()), { count: 0, names: [] });
    assert.deepEqual(await members(una, group.id), { count: 1, names: ['val'] });
    assert.deepEqual(await members(una, secret.id), { count: 0, names: [] }, 'a private group’s members stay hidden from outsiders');
    const listed = (await una.get('/groups?city=Beijing&sort=new&limit=50')).body.items.find((g: { id: number }) => g.id === group.id);
    assert.equal(listed?.friends.count, 1);

    await val.patch('/me/privacy', { showActivities: 'me', showGroups: 'me' });
    assert.deepEqual(await going(una), { count: 0, names: [] });
    assert.deepEqual(await members(una, group.id), { count: 0, names: [] });
  });

  test('the Following feed: posts by members I follow where I may read them, and activities my friends registered for, newest first, paged', async () => {
    const { yan, zed2, abe, cat } = await actors(server, 'yan', 'zed2', 'abe', 'cat');
    await yan.put('/users/zed2/follow');
    await zed2.put('/users/yan/follow');
    await yan.put('/users/abe/follow');
    const open = await createGroup(cat, { name: 'Open Kite Club' });
    const closed = await createGroup(cat, { name: 'Closed Kite Club', visibility: 'private', joinPolicy: 'approval' });
    for (const member of [zed2, abe]) {
      await member.post(`/groups/${open.id}/join`);
      await member.post(`/groups/${closed.id}/join`, { message: 'hi' });
      await cat.post(`/groups/${closed.id}/requests/${member.id}/approve`);
    }
    const titles: string[] = [];
    for (const [author, group, title] of [[abe, open, 'Abe open 1'], [zed2, closed, 'Zed closed'], [zed2, open, 'Zed open'], [abe, open, 'Abe open 2']] as const) {
      await createPost(author, group.id, { title });
      titles.push(title);
    }
    const activity = await createActivity(cat, { title: 'Kites on the lawn' });
    await zed2.post(`/activities/${activity.id}/registrations`, {});
    await abe.post(`/activities/${activity.id}/registrations`, {});

    const all: { kind: string; post?: { title: string }; user?: { username: string }; activity?: { id: number } }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const reply: { body: { items: typeof all; nextCursor: string | null } } = await yan.get(`/feed/following?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...reply.body.items);
      cursor = reply.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.ok(pages >= 2, 'it paged');
    assert.deepEqual(
      all.map((i) => (i.kind === 'post' ? i.post!.title : `${i.user!.username} going`)),
      ['zed2 going', 'Abe open 2', 'Zed open', 'Abe open 1'],
      'newest first; not the private group’s post; abe follows no one back, so his seat is not shown',
    );
    await zed2.patch('/me/privacy', { showActivities: 'me' });
    assert.ok(!(await yan.get('/feed/following')).body.items.some((i: { kind: string }) => i.kind === 'going'));
    assert.equal((await server.client().get('/feed/following')).status, 401);
  });
});

describe('people you may know', () => {
  test('from activities together, small shared groups, friends in common and companion chats; never followed, blocked, opted out or dismissed', async () => {
    const { pam, rob, sue, tom, uri, vic } = await actors(server, 'pam', 'rob', 'sue', 'tom', 'uri', 'vic');
    // pam and rob went to an activity together (it has ended).
    const activity = await createActivity(vic, { title: 'Lantern walk' });
    for (const m of [pam, rob]) await m.post(`/activities/${activity.id}/registrations`, {});
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 7_200_000), ends_at: new Date(Date.now() - 3_600_000) }).where('id', '=', activity.id).execute();
    // pam and sue share a small group.
    const group = await createGroup(tom, { name: 'Tiny Tea Circle' });
    for (const m of [pam, sue]) await m.post(`/groups/${group.id}/join`);
    // uri is a friend of pam's friend tom.
    for (const [a, b] of [[pam, 'tom'], [tom, 'pam'], [tom, 'uri'], [uri, 'tom']] as const) await a.put(`/users/${b}/follow`);

    // pam chatted with vic as companions.
    const conversation = await makeCompanions(vic, pam, 'pam');
    await vic.post(`/conversations/${conversation}/messages`, { body: 'See you at the lanterns', clientId: 'pymk-chat-1' });
    const suggestions = async () => (await pam.get('/me/suggestions')).body.items as { user: { username: string }; reasons: { kind: string; count: number }[] }[];
    const first = await suggestions();
    const names = first.map((s) => s.user.username);
    assert.ok(!names.includes('tom'), 'already followed');
    assert.ok(!names.includes('pam'), 'not themselves');
    assert.deepEqual(first.find((s) => s.user.username === 'rob')?.reasons, [{ kind: 'activities', count: 1 }]);
    assert.deepEqual(first.find((s) => s.user.username === 'uri')?.reasons, [{ kind: 'mutual', count: 1 }]);
    assert.deepEqual(first.find((s) => s.user.username === 'sue')?.reasons, [{ kind: 'groups', count: 1 }]);
    assert.deepEqual(first.find((s) => s.user.username === 'vic')?.reasons, [{ kind: 'chatted', count: 1 }]);
    assert.ok(names.indexOf('rob') < names.indexOf('sue'), 'an activity together weighs more than a shared group');

    await uri.patch('/me/privacy', { suggestMe: false });
    assert.equal((await pam.post('/me/suggestions/rob/dismiss')).status, 204);
    await sue.put('/users/pam/block');
    const after = (await suggestions()).map((s) => s.user.username);
    for (const gone of ['uri', 'rob', 'sue']) assert.ok(!after.includes(gone), `${gone} is no longer suggested`);
    assert.equal((await pam.post('/me/suggestions/sue/dismiss')).status, 404, 'a member who blocked me is not found');
  });
});

describe('you went with', () => {
  test('once an activity has begun, its organizer and confirmed participants see who else was there, to follow', async () => {
    const { hana, ike, jin, kai, lou } = await actors(server, 'hana', 'ike', 'jin', 'kai', 'lou');
    const activity = await createActivity(hana, { title: 'Harbour sketch walk' });
    for (const m of [ike, jin, kai]) await m.post(`/activities/${activity.id}/registrations`, {});
    await kai.post(`/registrations/${(await kai.get(`/activities/${activity.id}`)).body.viewer.registration.id}/cancel`);
    await jin.put('/users/ike/block');
    await ike.put('/users/hana/follow');
    assert.equal((await ike.get(`/activities/${activity.id}/went-with`)).status, 403, 'not before it begins');
    await server.db.updateTable('activities').set({ starts_at: new Date(Date.now() - 3_600_000) }).where('id', '=', activity.id).execute();
    const seen = async (member: Client) =>
      (await member.get(`/activities/${activity.id}/went-with`)).body.items.map((i: { user: { username: string }; following: string }) => `${i.user.username}:${i.following}`);
    assert.deepEqual(await seen(ike), ['hana:following'], 'not a member who blocked them, not one who cancelled');
    assert.deepEqual(await seen(hana), ['ike:none', 'jin:none']);
    assert.equal((await lou.get(`/activities/${activity.id}/went-with`)).status, 403, 'not someone who was not there');
    assert.equal((await kai.get(`/activities/${activity.id}/went-with`)).status, 403);
  });
});

describe('mentions', () => {
  test('@username links to the member and tells them, only where they may read it', async () => {
    const { ann2, ben2, col2, dan2 } = await actors(server, 'ann2', 'ben2', 'col2', 'dan2');
    const open = await createGroup(ann2, { name: 'Open Pottery' });
    const closed = await createGroup(ann2, { name: 'Closed Pottery', visibility: 'private', joinPolicy: 'approval' });
    await dan2.put('/users/ann2/block');
    await ben2.post(`/groups/${open.id}/join`);
    const mentionsOf = async (member: Client) =>
      (await member.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'mention').map((n: { subject: { kind: string; title: string } }) => `${n.subject.kind}:${n.subject.title}`);

    const created = await ann2.post(`/groups/${open.id}/posts`, { kind: 'discussion', title: 'Glazes', body: 'Ask @BEN2 or @col2 — not @ann2, and not @dan2. Mail ann2@example.com.' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const post = created.body;
    assert.match(post.bodyHtml, /<a href="\/u\/BEN2" class="mention">@BEN2<\/a>/);
    assert.ok(!post.bodyHtml.includes('target="_blank" class="mention"'));
    await createPost(ann2, closed.id, { title: 'Kiln rota', body: 'Secret schedule, @col2?' });
    const comment = (await ben2.post(`/posts/${post.id}/comments`, { body: 'Thanks @ann2!' })).body;
    assert.match(comment.bodyHtml, /class="mention"/);

    assert.deepEqual(await mentionsOf(ben2), ['post:Glazes']);
    assert.deepEqual(await mentionsOf(col2), ['post:Glazes'], 'not told of the private group’s post');
    assert.deepEqual(await mentionsOf(dan2), [], 'a member who blocked the author is not told');
    assert.deepEqual(await mentionsOf(ann2), [], 'the post’s author hears of a comment mentioning them once, as a comment');
    const commented = (await ann2.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'post.commented');
    assert.deepEqual(commented.map((n: { data: { excerpt: string } }) => n.data.excerpt), ['Thanks @ann2!']);
    await createPost(ben2, open.id, { title: 'Wheel tips', body: 'Thanks to @ann2 for these' });
    assert.deepEqual(await mentionsOf(ann2), ['post:Wheel tips']);
  });
});

