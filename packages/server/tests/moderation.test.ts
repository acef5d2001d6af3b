import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { grantFromCommandLine } from '../src/features/moderation/standing.js';
import { activityBody, createActivity } from './_activities.js';
import { putCard, requestBody } from './_companions.js';
import { Live, makeCompanions } from './_live.js';
import { PASSWORD, actors, createGroup, createPost, errorCode, startTestServer, waitUntil, type Client, type Reply, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

/** Makes a member staff, from the command line or by an operator, and waits until their session has the role (it travels as an event). */
async function grant(member: Client, role: 'operator' | 'moderator', by?: Client) {
  const username = member.user!.username;
  if (by) assert.equal((await by.put(`/operator/members/${username}/role`, { role, reason: 'trusted' })).status, 200);
  else await grantFromCommandLine(server.db, username, role);
  await waitUntil(`${username} is ${role}`, async () => (await member.get('/me')).body.role === role);
}

const audit = async (operator: Client, query = '') => {
  const reply = await operator.get(`/operator/audit${query}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.items as { actor: { username: string } | null; action: string; target: { kind: string; label: string }; reason: string; detail: Record<string, unknown> }[];
};

/** Every console route, with a body that would be valid. */
const consoleRoutes = (username: string) =>
  [
    ['GET', '/operator/members'],
    ['GET', `/operator/members?q=${username}`],
    ['GET', `/operator/members/${username}`],
    ['PUT', `/operator/members/${username}/role`, { role: 'moderator', reason: 'trusted' }],
    ['POST', `/operator/members/${username}/suspension`, { days: 3, reason: 'spam' }],
    ['POST', `/operator/members/${username}/suspension/lift`, { reason: 'appeal' }],
    ['POST', `/operator/members/${username}/warnings`, { reason: 'tone' }],
    ['GET', '/operator/audit'],
    ['GET', '/operator/health'],
  ] as const;

const call = (client: Client, [method, path, body]: readonly [string, string, unknown?]) =>
  method === 'GET' ? client.get(path) : method === 'PUT' ? client.put(path, body) : client.post(path, body);

describe('roles and the audit log', () => {
  test('the command line makes an operator, who makes a moderator; each may do only their part; every action is in the audit log, which cannot be changed', async () => {
    const { opal, mona, sam } = await actors(server, 'opal', 'mona', 'sam');
    // Opal is signed in already: her session picks the new role up on its next request.
    assert.equal((await opal.get('/operator/audit')).status, 403);
    await grant(opal, 'operator');
    assert.equal((await opal.get('/operator/audit')).status, 200);

    const made = await opal.put('/operator/members/mona/role', { role: 'moderator', reason: 'runs the hiking groups' });
    assert.deepEqual(made.body, { id: mona.id, username: 'mona', role: 'moderator', suspension: null });
    await waitUntil('mona is a moderator', async () => (await mona.get('/me')).body.role === 'moderator');
    assert.equal((await mona.post('/operator/members/sam/warnings', { reason: 'Please keep it civil.' })).status, 204);
    const told = (await sam.get('/me/notifications')).body.items[0];
    assert.deepEqual([told.kind, told.data.reason, told.actors], ['account.warning', 'Please keep it civil.', []], 'the warning names no moderator');
    assert.equal((await mona.get('/operator/audit')).status, 403, 'the audit log is for operators');
    assert.equal((await mona.put('/operator/members/sam/role', { role: 'moderator', reason: 'x' })).status, 403);
    assert.equal((await mona.post('/operator/members/sam/suspension', { ban: true, reason: 'x' })).status, 403, 'bans are for operators');
    assert.equal((await mona.post('/operator/members/opal/suspension', { days: 1, reason: 'x' })).status, 403, 'not on staff above');
    assert.equal((await opal.put('/operator/members/opal/role', { role: 'member', reason: 'x' })).status, 403, 'not on themselves');

    // A member is refused every console route; a signed-out caller is asked to sign in.
    for (const route of consoleRoutes('mona')) {
      assert.equal(errorCode(await call(sam, route)), 'forbidden', `${route[0]} ${route[1]} for a member`);
      assert.equal(errorCode(await call(server.client(), route)), 'unauthenticated', `${route[0]} ${route[1]} signed out`);
    }

    const entries = await audit(opal);
    assert.deepEqual(
      entries.slice(0, 3).map((e) => [e.actor?.username ?? null, e.action, e.target.label, e.reason]),
      [
        ['mona', 'member.warn', 'sam', 'Please keep it civil.'],
        ['opal', 'role.grant', 'mona', 'runs the hiking groups'],
        [null, 'role.grant', 'opal', 'granted on the server’s command line'],
      ],
    );
    assert.deepEqual((await audit(opal, '?actor=mona')).map((e) => e.action), ['member.warn']);
    assert.deepEqual((await audit(opal, '?action=role.grant&limit=1')).map((e) => e.target.label), ['mona']);
    assert.equal((await opal.get('/operator/audit?action=nonsense')).status, 400);
    await assert.rejects(server.db.updateTable('audit_log').set({ reason: 'rewritten' }).execute(), /append-only/);
    await assert.rejects(server.db.deleteFrom('audit_log').execute(), /append-only/);
  });
});

describe('suspension', () => {
  test('bites at once: the session and live connection end, sign-in says why and until when, content is hidden everywhere, places are given up; lifting brings it back', async () => {
    const { oren, modi: mod, tomi: tom, umai: uma } = await actors(server, 'oren', 'modi', 'tomi', 'umai');
    await grant(oren, 'operator');
    await grant(mod, 'moderator', oren);
    const group = await createGroup(uma, { name: 'Suspension Walkers' });
    await tom.post(`/groups/${group.id}/join`);
    const post = await createPost(tom, group.id, { title: 'Spammy sunrise walk', body: 'Buy my boots' });
    const umaPost = await createPost(uma, group.id, { title: 'Weekend plan' });
    await tom.post(`/posts/${umaPost.id}/comments`, { body: 'Cheap boots here' });
    const activity = await createActivity(uma, { capacity: 1 });
    const seat = (await tom.post(`/activities/${activity.id}/registrations`, {})).body;
    assert.equal(seat.status, 'confirmed');
    const own = await createActivity(tom);
    const live = await Live.open(server.url, tom);
    await live.waitFor((e) => e.type === 'ready');

    const visible = async () => ({
      post: (await uma.get(`/posts/${post.id}`)).status,
      groupPosts: (await uma.get(`/groups/${group.id}/posts`)).body.items.some((p: { id: number }) => p.id === post.id),
      comments: (await uma.get(`/posts/${umaPost.id}/comments`)).body.items.length,
      profile: (await uma.get('/users/tomi')).status,
      members: (await uma.get(`/groups/${group.id}/members`)).body.items.some((m: { user: { username: string } }) => m.user.username === 'tomi'),
      activity: (await server.client().get(`/activities/${own.id}`)).status,
      search: (await uma.get('/search/posts?q=Spammy')).body.items.length,
      feed: (await uma.get('/feed')).body.items.some((i: { post?: { id: number }; id?: number }) => (i.post?.id ?? i.id) === post.id),
    });
    assert.deepEqual(await visible(), { post: 200, groupPosts: true, comments: 1, profile: 200, members: true, activity: 200, search: 1, feed: true });

    const suspended = await mod.post('/operator/members/tomi/suspension', { days: 7, reason: 'Selling boots in every group' });
    assert.equal(suspended.status, 200, JSON.stringify(suspended.body));
    const until = suspended.body.suspension.until as string;
    assert.ok(Math.abs(Date.parse(until) - (Date.now() + 7 * 86_400_000)) < 60_000);
    assert.equal(await live.closed, 4401, 'the live connection is closed at once');
    assert.equal((await tom.get('/me')).status, 401, 'the session is gone');
    const again = await server.client().post('/auth/signin', { username: 'tomi', password: PASSWORD });
    assert.equal(again.status, 403);
    assert.deepEqual([again.body.error.code, again.body.error.fields], ['account_suspended', { until, reason: 'Selling boots in every group' }]);

    assert.deepEqual(await visible(), { post: 404, groupPosts: false, comments: 0, profile: 404, members: false, activity: 404, search: 0, feed: false });
    const place = (await uma.get(`/activities/${activity.id}/registrations`)).body.items;
    assert.deepEqual(place.map((p: { status: string }) => p.status), [], 'the place was given up (and a suspended member is on no list)');
    assert.equal((await uma.get(`/activities/${activity.id}`)).body.seatsLeft, 1);

    assert.equal((await mod.post('/operator/members/tomi/suspension/lift', { reason: 'Appeal accepted' })).status, 200);
    assert.deepEqual((await mod.get('/operator/members/tomi')).body.history, { warnings: 0, suspensions: 1, bans: 0, upheldReports: 0 });
    assert.deepEqual(await visible(), { post: 200, groupPosts: true, comments: 1, profile: 200, members: true, activity: 200, search: 1, feed: true });
    assert.equal((await server.client().post('/auth/signin', { username: 'tomi', password: PASSWORD })).status, 200);
    assert.deepEqual(
      (await audit(oren, '?targetKind=member')).slice(0, 2).map((e) => [e.action, e.target.label, e.reason]),
      [
        ['member.lift', 'tomi', 'Appeal accepted'],
        ['member.suspend', 'tomi', 'Selling boots in every group'],
      ],
    );
  });

  test('a ban lasts until an operator lifts it', async () => {
    const { olga, vicb: vic } = await actors(server, 'olga', 'vicb');
    await grant(olga, 'operator');
    assert.equal((await olga.post('/operator/members/vicb/suspension', { days: 3, ban: true, reason: 'x' })).status, 400, 'days or a ban, not both');
    const banned = await olga.post('/operator/members/vicb/suspension', { ban: true, reason: 'Threats to members' });
    assert.deepEqual(banned.body.suspension, { until: null, reason: 'Threats to members' });
    assert.equal((await vic.get('/me')).status, 401);
    const refused = await server.client().post('/auth/signin', { username: 'vicb', password: PASSWORD });
    assert.deepEqual([refused.body.error.code, refused.body.error.fields], ['account_suspended', { reason: 'Threats to members' }]);
    assert.deepEqual((await olga.get('/operator/members/vicb')).body.suspension, { until: null, reason: 'Threats to members' });
  });
});

describe('the moderation queue', () => {
  test('reports are grouped by what they report, gravest then oldest first, with the content, its author’s record and only the shared messages of a chat', async () => {
    const { opi, ada, bea, cruz, dov } = await actors(server, 'opi', 'ada', 'bea', 'cruz', 'dov');
    await grant(opi, 'operator');
    const group = await createGroup(ada, { name: 'Queue Climbers' });
    for (const m of [bea, cruz]) await m.post(`/groups/${group.id}/join`);
    const post = await createPost(cruz, group.id, { title: 'Free gear giveaway', body: 'DM me your address' });
    const comment = (await cruz.post(`/posts/${post.id}/comments`, { body: 'Click my link' })).body;
    const conversationId = await makeCompanions(dov, cruz, 'cruz');
    const said = async (who: Client, body: string, n: number) => (await who.post(`/conversations/${conversationId}/messages`, { body, clientId: `queue-msg-${n}` })).body.id as number;
    const hello = await said(dov, 'Hello!', 1);
    const threat = await said(cruz, 'I know where you live', 2);

    const report = (who: Client, body: Record<string, unknown>) => who.post('/reports', { details: '', ...body });
    assert.equal((await report(ada, { kind: 'comment', id: comment.id, reason: 'spam' })).status, 201);
    assert.equal((await report(ada, { kind: 'post', id: post.id, reason: 'spam' })).status, 201);
    assert.equal((await report(bea, { kind: 'post', id: post.id, reason: 'unsafe', details: 'Asks for addresses' })).status, 201);
    assert.equal((await report(dov, { kind: 'conversation', id: conversationId, messageIds: [threat], reason: 'harassment' })).status, 201);
    assert.equal((await report(dov, { kind: 'conversation', id: conversationId, messageIds: [999999], reason: 'harassment' })).status, 400, 'only its own messages');
    assert.equal((await report(ada, { kind: 'conversation', id: conversationId, messageIds: [threat], reason: 'harassment' })).status, 404, 'not a member of the chat');

    const items = (await opi.get('/operator/reports')).body.items.filter((i: { author: { username: string } | null }) => i.author?.username === 'cruz');
    assert.deepEqual(
      items.map((i: { target: { kind: string }; severity: number; reports: unknown[] }) => [i.target.kind, i.severity, i.reports.length]),
      [['post', 3, 2], ['conversation', 2, 1], ['comment', 1, 1]],
    );
    const [postItem, chatItem] = items;
    assert.deepEqual([postItem.content.title, postItem.content.text, postItem.content.group.name, postItem.content.link], ['Free gear giveaway', 'DM me your address', 'Queue Climbers', `/posts/${post.id}`]);
    assert.deepEqual(chatItem.sharedMessages.map((m: { id: number; sender: string; body: string }) => [m.id, m.sender, m.body]), [[threat, 'cruz', 'I know where you live']]);
    assert.ok(!JSON.stringify(chatItem).includes('Hello!'), `the unshared message ${hello} stays private`);

    // The group's admins see their group's content only, and may dismiss or remove, not act on members.
    const groupItems = (await ada.get(`/groups/${group.id}/reports`)).body.items;
    assert.deepEqual(groupItems.map((i: { target: { kind: string } }) => i.target.kind), ['post', 'comment']);
    assert.equal((await bea.get(`/groups/${group.id}/reports`)).status, 403);
    assert.equal((await ada.post(`/groups/${group.id}/reports/resolve`, { target: { kind: 'post', id: post.id }, action: 'warn', reason: 'x' })).status, 400);
    assert.equal((await ada.post(`/groups/${group.id}/reports/resolve`, { target: { kind: 'conversation', id: conversationId }, action: 'dismiss', reason: 'x' })).status, 404, 'not their group’s');
    const removed = await ada.post(`/groups/${group.id}/reports/resolve`, { target: { kind: 'comment', id: comment.id }, action: 'remove', reason: 'Link spam' });
    assert.deepEqual(removed.body, { resolved: 1 });
    assert.deepEqual((await bea.get(`/posts/${post.id}/comments`)).body.items.map((t: { comment: { deleted: boolean; body: string } }) => [t.comment.deleted, t.comment.body]), [[true, '']]);
  });

  test('acting on a target closes all its reports, tells each reporter the outcome and never the member who reported them; suspending from the queue takes the content down', async () => {
    const { ops, eli, fin, gus } = await actors(server, 'ops', 'eli', 'fin', 'gus');
    await grant(ops, 'operator');
    const group = await createGroup(eli, { name: 'Queue Anglers' });
    for (const m of [fin, gus]) await m.post(`/groups/${group.id}/join`);
    const spam = await createPost(gus, group.id, { title: 'Cheap rods', body: 'Buy now' });
    const fine = await createPost(gus, group.id, { title: 'Morning catch', body: 'Two carp' });
    for (const who of [eli, fin]) assert.equal((await who.post('/reports', { kind: 'post', id: spam.id, reason: 'spam', details: '' })).status, 201);
    assert.equal((await fin.post('/reports', { kind: 'post', id: fine.id, reason: 'other', details: 'Not sure' })).status, 201);

    assert.deepEqual((await ops.post('/operator/reports/resolve', { target: { kind: 'post', id: fine.id }, action: 'dismiss', reason: 'No breach' })).body, { resolved: 1 });
    assert.equal((await ops.post('/operator/reports/resolve', { target: { kind: 'post', id: fine.id }, action: 'dismiss', reason: 'again' })).status, 404, 'nothing open');
    const suspended = await ops.post('/operator/reports/resolve', { target: { kind: 'post', id: spam.id }, action: 'suspend', days: 3, reason: 'Selling in every group' });
    assert.deepEqual(suspended.body, { resolved: 2 });
    assert.equal((await ops.get('/operator/members/gus')).body.suspension.reason, 'Selling in every group');
    assert.equal((await ops.post('/operator/members/gus/suspension/lift', { reason: 'Served' })).status, 200);
    assert.equal((await eli.get(`/posts/${spam.id}`)).status, 404, 'the post stays removed after the suspension is lifted');
    assert.equal((await eli.get(`/posts/${fine.id}`)).status, 200);

    const outcomes = async (who: Client) =>
      (await who.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'report.resolved').map((n: { data: { actionTaken: boolean }; actors: unknown[] }) => [n.data.actionTaken, n.actors.length]);
    assert.deepEqual(await outcomes(eli), [[true, 0]]);
    assert.deepEqual(await outcomes(fin), [[true, 0], [false, 0]]);
    const gusHears = JSON.stringify((await server.client().post('/auth/signin', { username: 'gus', password: PASSWORD })).body);
    assert.ok(!/eli|fin/.test(gusHears));
    const entry = (await audit(ops, '?action=report.resolve&limit=2')).map((e) => [e.target.label, e.detail.action, e.detail.reports]);
    assert.deepEqual(entry, [[`post ${spam.id}`, 'suspend', 2], [`post ${fine.id}`, 'dismiss', 1]]);
  });
});

describe('the keyword filter', () => {
  test('terms match whole words, Chinese segmented first: a term inside a longer word does not match; rejected text is refused everywhere, a held post waits for a moderator', async () => {
    const { opo, hana, ivan, juno } = await actors(server, 'opo', 'hana', 'ivan', 'juno');
    await grant(opo, 'operator');
    assert.equal((await hana.get('/operator/keywords')).status, 403);
    const starter = (await opo.get('/operator/keywords')).body.map((t: { term: string }) => t.term);
    assert.ok(starter.includes('刷单') && starter.includes('加微信'), 'a starter list ships');
    const added = await opo.post('/operator/keywords', { term: '单车', action: 'reject', reason: 'bike resale spam this month' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal((await opo.post('/operator/keywords', { term: '单车', action: 'hold', reason: 'again' })).status, 409);

    const group = await createGroup(hana, { name: 'Filter Cyclists' });
    await ivan.post(`/groups/${group.id}/join`);
    const post = (title: string, body = 'See you there') => ivan.post(`/groups/${group.id}/posts`, { kind: 'discussion', title, body });
    // 单车 is a word here, and in 骑单车 (ride a bike) it is inside a longer word: only the first is refused.
    const refused = await post('出售二手单车');
    assert.deepEqual([refused.status, errorCode(refused), Object.keys(refused.body.error.fields)], [400, 'content_rejected', ['title']]);
    assert.equal((await post('周末去骑单车吧')).status, 201, 'a term inside a longer word does not match');
    assert.equal((await post('Weekend ride', 'We will buy followers for the club')).status, 400, 'English terms match as words');
    assert.equal((await post('Weekend ride', 'We will buy   FOLLOWERS!')).status, 400, 'whatever the case and spacing');
    assert.equal((await post('Buyers followers', 'no match across other words')).status, 201);
    // Every surface refuses it.
    assert.equal(errorCode(await ivan.patch('/me', { bio: '专业刷单' })), 'content_rejected');
    assert.equal(errorCode(await hana.patch(`/groups/${group.id}`, { description: '代开发票' })), 'content_rejected');
    assert.equal(errorCode(await hana.post('/activities', { ...(await import('./_activities.js')).activityBody(), title: '刷单 meetup' })), 'content_rejected');
    const first = (await ivan.get(`/groups/${group.id}/posts`)).body.items[0];
    assert.equal(errorCode(await ivan.post(`/posts/${first.id}/comments`, { body: '刷单赚钱' })), 'content_rejected');

    // A held term: the post is withdrawn until a moderator decides; its author still sees it, marked held.
    // Nobody it mentions hears of it until then.
    const mentions = async () => (await juno.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'mention').length;
    const held = await post('Meet at the gate', '详情请加微信 @juno');
    assert.equal(held.status, 201, JSON.stringify(held.body));
    assert.equal(held.body.held, true);
    assert.equal((await ivan.get(`/posts/${held.body.id}`)).body.held, true);
    assert.equal((await juno.get(`/posts/${held.body.id}`)).status, 404);
    assert.ok(!(await hana.get(`/groups/${group.id}/posts`)).body.items.some((p: { id: number }) => p.id === held.body.id));
    const queued = (await opo.get('/operator/reports')).body.items.find((i: { target: { kind: string; id: number } }) => i.target.kind === 'post' && i.target.id === held.body.id);
    assert.deepEqual([queued.reports[0].reporter, queued.content.removed], [null, false]);
    assert.match(queued.reports[0].details, /加微信/);
    assert.equal(await mentions(), 0);
    await opo.post('/operator/reports/resolve', { target: { kind: 'post', id: held.body.id }, action: 'dismiss', reason: 'A meeting point, not spam' });
    const released = await juno.get(`/posts/${held.body.id}`);
    assert.deepEqual([released.status, released.body.held], [200, false]);
    assert.ok((await hana.get(`/groups/${group.id}/posts`)).body.items.some((p: { id: number }) => p.id === held.body.id));
    assert.equal(await mentions(), 1, 'its mention is told once it is let through');

    // A held comment: its author and the group's admin see it, marked held; others see nothing of it, and it
    // does not count. Let through, it takes its place and tells whom it mentions; removed, it is gone.
    await juno.post(`/groups/${group.id}/join`);
    const thread = async (viewer: typeof juno) => (await viewer.get(`/posts/${released.body.id}/comments`)).body.items.map((t: { comment: { id: number; held: boolean; deleted: boolean } }) => t.comment);
    const heldComment = await ivan.post(`/posts/${released.body.id}/comments`, { body: '@juno 加微信 for the map' });
    assert.deepEqual([heldComment.status, heldComment.body.held], [201, true]);
    const later = await ivan.post(`/posts/${released.body.id}/comments`, { body: 'Or whatsapp me' });
    assert.equal(later.body.held, true);
    assert.deepEqual((await thread(ivan)).map((c: { id: number; held: boolean }) => [c.id, c.held]), [[heldComment.body.id, true], [later.body.id, true]]);
    assert.equal((await thread(hana)).length, 2, 'the group admin reviews them too');
    assert.deepEqual(await thread(juno), []);
    assert.equal((await juno.get(`/posts/${released.body.id}`)).body.commentCount, 0);
    assert.equal((await juno.post(`/comments/${heldComment.body.id}/like`)).status, 404);
    assert.equal(await mentions(), 1);
    const queuedComment = (await opo.get('/operator/reports')).body.items.find((i: { target: { kind: string; id: number } }) => i.target.kind === 'comment' && i.target.id === heldComment.body.id);
    assert.deepEqual([queuedComment.reports[0].reporter, queuedComment.content.removed], [null, false]);
    await opo.post('/operator/reports/resolve', { target: { kind: 'comment', id: heldComment.body.id }, action: 'dismiss', reason: 'A map, fine' });
    await opo.post('/operator/reports/resolve', { target: { kind: 'comment', id: later.body.id }, action: 'remove', reason: 'Off-platform contact' });
    assert.deepEqual((await thread(juno)).map((c: { id: number; held: boolean; deleted: boolean }) => [c.id, c.held, c.deleted]), [[heldComment.body.id, false, false], [later.body.id, false, true]]);
    assert.equal((await thread(ivan))[1].deleted, true, 'removed for its author too');
    assert.equal((await juno.get(`/posts/${released.body.id}`)).body.commentCount, 1);
    assert.equal(await mentions(), 2);

    // Removing a term lets the text through again, and both changes are audited.
    assert.equal((await opo.delete(`/operator/keywords/${added.body.id}?reason=over`)).status, 204);
    assert.equal((await post('出售二手单车')).status, 201);
    assert.deepEqual((await audit(opo, '?targetKind=keyword')).map((e) => [e.action, e.target.label]), [['keyword.remove', '单车'], ['keyword.add', '单车']]);
  });
});

describe('held text on every surface', () => {
  type Item = { target: { kind: string; id: number }; reports: { reporter: unknown; details: string }[]; sharedMessages: { id: number; body: string }[]; heldChange: Record<string, string> | null; content: { text: string } };
  /** The queue's item for a target, read page by page. */
  const queued = async (op: Client, kind: string, id: number) => {
    let cursor = '';
    for (;;) {
      const page = (await op.get(`/operator/reports?limit=50${cursor}`)).body as { items: Item[]; nextCursor: string | null };
      const item = page.items.find((i) => i.target.kind === kind && i.target.id === id);
      if (item || !page.nextCursor) return item;
      cursor = `&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
  };
  const resolve = async (op: Client, kind: string, id: number, action: string) => {
    const reply = await op.post('/operator/reports/resolve', { target: { kind, id }, action, reason: 'reviewed' });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
  };

  test('a held chat message, room message or companion request reaches nobody but its author until a moderator lets it through; any other decision drops it', async () => {
    const { oph, kim, lee } = await actors(server, 'heldop', 'heldkim', 'heldlee').then((a) => ({ oph: a.heldop, kim: a.heldkim, lee: a.heldlee }));
    await grant(oph, 'operator');
    // A conversation: the held message stays with its sender, live and in history, and counts for nobody.
    const conversation = await makeCompanions(kim, lee, 'heldlee');
    const leeLive = await Live.open(server.url, lee);
    const history = async (member: Client) => ((await member.get(`/conversations/${conversation}/messages`)).body.items as { id: number; body: string; held: boolean }[]).map((m) => [m.body, m.held]);
    const held = await kim.post(`/conversations/${conversation}/messages`, { body: '周末 加微信 聊', clientId: 'held-chat-1' });
    assert.deepEqual([held.status, held.body.held], [201, true], JSON.stringify(held.body));
    await kim.post(`/conversations/${conversation}/messages`, { body: 'See you Saturday', clientId: 'held-chat-2' });
    await leeLive.waitFor((e) => e.message?.body === 'See you Saturday');
    assert.ok(!leeLive.messages().some((m) => m.id === held.body.id), 'not delivered live');
    // The invite's words opened the conversation.
    assert.deepEqual(await history(lee), [['See you Saturday', false], ['Chat?', false]]);
    assert.deepEqual(await history(kim), [['See you Saturday', false], ['周末 加微信 聊', true], ['Chat?', false]]);
    assert.equal((await lee.get('/conversations')).body.items[0].unread, 1, 'only the delivered message is unread');
    const chatItem = await queued(oph, 'conversation', conversation);
    assert.deepEqual([chatItem?.reports[0]?.reporter, chatItem?.sharedMessages.map((m) => m.body)], [null, ['周末 加微信 聊']], 'the moderator reads the held message');
    await resolve(oph, 'conversation', conversation, 'dismiss');
    // Let through, it arrives as sent now: live, last in the conversation, and unread.
    await leeLive.waitFor((e) => e.message?.body === '周末 加微信 聊');
    assert.deepEqual(await history(lee), [['周末 加微信 聊', false], ['See you Saturday', false], ['Chat?', false]]);
    assert.equal((await lee.get('/conversations')).body.items[0].unread, 2);
    // Dropped: gone for its sender too.
    const dropped = await kim.post(`/conversations/${conversation}/messages`, { body: '还是 加微信 吧', clientId: 'held-chat-3' });
    assert.equal(dropped.body.held, true);
    await resolve(oph, 'conversation', conversation, 'warn');
    assert.ok(!(await history(kim)).some(([body]) => body === '还是 加微信 吧'));
    await leeLive.close();

    // A group room: the same, and nobody pins or replies to a held message.
    const group = await createGroup(kim, { name: 'Held Room Club' });
    await lee.post(`/groups/${group.id}/join`);
    const room = (await kim.put(`/groups/${group.id}/room`)).body;
    const roomBodies = async (member: Client) => ((await member.get(`/rooms/${room.id}/messages`)).body.items as { body: string; held: boolean }[]).map((m) => [m.body, m.held]);
    const heldInRoom = await lee.post(`/rooms/${room.id}/messages`, { body: 'whatsapp me for tickets @heldkim', clientId: 'held-room-1' });
    assert.deepEqual([heldInRoom.status, heldInRoom.body.held], [201, true], JSON.stringify(heldInRoom.body));
    assert.deepEqual(await roomBodies(lee), [['whatsapp me for tickets @heldkim', true]]);
    assert.deepEqual(await roomBodies(kim), [], 'not even the room’s admin reads it');
    assert.equal((await kim.get(`/rooms/${room.id}`)).body.unread, 0);
    assert.equal((await kim.put(`/rooms/${room.id}/messages/${heldInRoom.body.id}/pin`)).status, 404);
    assert.equal((await kim.post(`/rooms/${room.id}/messages`, { body: 'reply', clientId: 'held-room-2', replyToId: heldInRoom.body.id })).status, 400);
    const mentionsOfKim = async () => (await kim.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'mention').length;
    assert.equal(await mentionsOfKim(), 0);
    await resolve(oph, 'room_message', heldInRoom.body.id, 'dismiss');
    assert.deepEqual(await roomBodies(kim), [['whatsapp me for tickets @heldkim', false]]);
    assert.equal((await kim.get(`/rooms/${room.id}`)).body.unread, 1);
    assert.equal(await mentionsOfKim(), 1, 'its mention is told once it is let through');

    // A companion request: withdrawn for everyone but its author, then open.
    const request = await kim.post('/companion-requests', requestBody({ description: 'Hiking buddy wanted, 加微信 细聊' }));
    assert.deepEqual([request.status, request.body.heldForReview], [201, 'new'], JSON.stringify(request.body));
    assert.equal((await lee.get(`/companion-requests/${request.body.id}`)).status, 404);
    assert.equal((await kim.get(`/companion-requests/${request.body.id}`)).body.heldForReview, 'new');
    await resolve(oph, 'companion_request', request.body.id, 'dismiss');
    const open = await lee.get(`/companion-requests/${request.body.id}`);
    assert.deepEqual([open.status, open.body.status, open.body.heldForReview], [200, 'open', undefined]);
  });

  test('a first message to members who did not ask for it (an invite, an application, a join request) is refused for a held term as for a refused one, and nothing reaches them', async () => {
    const { sender, target, author } = await actors(server, 'firstsender', 'firsttarget', 'firstauthor').then((a) => ({ sender: a.firstsender, target: a.firsttarget, author: a.firstauthor }));
    await putCard(target);
    const incoming = async (member: Client) => (await member.get('/me/companion-invites?box=incoming')).body.items.length;
    const refusedInvite = await sender.post('/companion-invites', { username: 'firsttarget', message: '周末爬山 加微信 细聊' });
    assert.deepEqual([refusedInvite.status, errorCode(refusedInvite), Object.keys(refusedInvite.body.error.fields)], [400, 'content_rejected', ['message']]);
    assert.equal(await incoming(target), 0, 'no invite arrived');
    assert.ok(!(await target.get('/me/notifications')).body.items.some((n: { kind: string }) => n.kind === 'companion.invite'), 'and no notification of one');
    assert.equal((await sender.post('/companion-invites', { username: 'firsttarget', message: 'Hike on Saturday?' })).status, 201, 'a clean invite goes');

    const request = (await author.post('/companion-requests', requestBody())).body;
    const refusedApplication = await sender.post(`/companion-requests/${request.id}/applications`, { message: 'whatsapp me' });
    assert.deepEqual([refusedApplication.status, errorCode(refusedApplication)], [400, 'content_rejected']);
    assert.equal(await incoming(author), 0, 'no application arrived');
    assert.equal((await sender.post(`/companion-requests/${request.id}/applications`, { message: 'Count me in' })).status, 201, 'a clean application goes');

    const group = await createGroup(author, { name: 'First Words Circle', joinPolicy: 'approval' });
    const refusedJoin = await sender.post(`/groups/${group.id}/join`, { message: '加微信 进群' });
    assert.deepEqual([refusedJoin.status, errorCode(refusedJoin)], [400, 'content_rejected']);
    assert.deepEqual((await author.get(`/groups/${group.id}/requests`)).body.items, [], 'no join request was filed');
    const join = await sender.post(`/groups/${group.id}/join`, { message: 'I hike most weekends' });
    assert.equal(join.body.status, 'pending', JSON.stringify(join.body));

    const activity = await createActivity(author, { maxGuests: 1, questions: [{ id: 'level', text: 'How far do you hike?', required: true }] });
    const registrations = async () => (await author.get(`/activities/${activity.id}/registrations`)).body.items.length;
    const refusedAnswer = await sender.post(`/activities/${activity.id}/registrations`, { answers: { level: '10 km, 加微信 细聊' } });
    assert.deepEqual([refusedAnswer.status, errorCode(refusedAnswer), Object.keys(refusedAnswer.body.error.fields)], [400, 'content_rejected', ['answers.level']]);
    const refusedGuest = await sender.post(`/activities/${activity.id}/registrations`, { answers: { level: '10 km' }, guests: ['whatsapp me'] });
    assert.deepEqual([refusedGuest.status, errorCode(refusedGuest)], [400, 'content_rejected']);
    assert.equal(await registrations(), 0, 'no registration was made');
    assert.equal((await sender.post(`/activities/${activity.id}/registrations`, { answers: { level: '10 km' }, guests: ['Ada'] })).status, 201);
  });

  test('a held change to a profile, companion card, group or activity keeps the earlier text public while its author reads the change; a held new group or activity waits whole', async () => {
    const { opi, mia, ned } = await actors(server, 'editop', 'editmia', 'editned').then((a) => ({ opi: a.editop, mia: a.editmia, ned: a.editned }));
    await grant(opi, 'operator');
    // A profile: the bio changes for everyone only once let through.
    await mia.patch('/me', { bio: 'I love hiking' });
    const mine = await mia.patch('/me', { bio: 'Casino nights every Friday', city: 'Beijing' });
    assert.deepEqual([mine.status, mine.body.bio, mine.body.city, mine.body.heldForReview], [200, 'Casino nights every Friday', 'Beijing', 'change'], 'the rest of the edit goes in');
    assert.equal((await ned.get('/users/editmia')).body.bio, 'I love hiking');
    const profileItem = await queued(opi, 'user', mia.id);
    assert.deepEqual([profileItem?.heldChange, profileItem?.content.text], [{ bio: 'Casino nights every Friday' }, 'I love hiking']);
    await resolve(opi, 'user', mia.id, 'dismiss');
    assert.equal((await ned.get('/users/editmia')).body.bio, 'Casino nights every Friday');
    assert.equal((await mia.get('/me')).body.heldForReview, undefined);
    // A companion card's intro, the same way.
    await putCard(mia, { intro: 'Weekend hikes' });
    const card = await putCard(mia, { intro: 'whatsapp me for rides' });
    assert.deepEqual([card.intro, card.heldForReview], ['whatsapp me for rides', 'change']);
    assert.deepEqual((await queued(opi, 'user', mia.id))?.heldChange, { intro: 'whatsapp me for rides' });
    await resolve(opi, 'user', mia.id, 'warn');
    assert.deepEqual([(await mia.get('/me/companion-card')).body.intro, (await mia.get('/me/companion-card')).body.heldForReview], ['Weekend hikes', undefined], 'dropped');

    // A group's description: the members read the earlier one; a clean edit replaces what waited.
    const group = await createGroup(mia, { name: 'Held Edits Hikers', description: 'Easy trails' });
    await ned.post(`/groups/${group.id}/join`);
    const edited = await mia.patch(`/groups/${group.id}`, { description: 'Trips to the casino', tags: ['hiking', 'travel'] });
    assert.deepEqual([edited.body.description, edited.body.heldForReview, edited.body.tags], ['Trips to the casino', 'change', ['hiking', 'travel']]);
    assert.equal((await ned.get(`/groups/${group.id}`)).body.description, 'Easy trails');
    await mia.patch(`/groups/${group.id}`, { description: 'Easy trails, every Sunday' });
    assert.equal((await mia.get(`/groups/${group.id}`)).body.heldForReview, undefined, 'a clean edit replaces the waiting one');
    assert.equal((await ned.get(`/groups/${group.id}`)).body.description, 'Easy trails, every Sunday');

    // A new group with held text: only its owner sees it until let through; its owner cannot let it through.
    const heldGroup = await mia.post('/groups', { name: 'Casino Hikers', description: 'Hikes', city: 'Beijing', tags: ['hiking'], visibility: 'public', joinPolicy: 'open' });
    assert.deepEqual([heldGroup.status, heldGroup.body.heldForReview], [201, 'new'], JSON.stringify(heldGroup.body));
    assert.equal((await mia.get(`/groups/${heldGroup.body.id}`)).status, 200);
    const listed = (await mia.get('/me/groups')).body.items.find((m: { group: { id: number } }) => m.group.id === heldGroup.body.id);
    assert.deepEqual([listed?.role, listed?.group.heldForReview], ['owner', 'new'], 'its owner finds it among their groups, marked');
    await mia.patch('/me/privacy', { showGroups: 'everyone' });
    const onProfile = await ned.get(`/users/${mia.user!.username}/groups`);
    assert.equal(onProfile.status, 200, JSON.stringify(onProfile.body));
    assert.ok(!onProfile.body.items.some((m: { group: { id: number } }) => m.group.id === heldGroup.body.id), 'not on their profile for others');
    assert.equal((await ned.get(`/groups/${heldGroup.body.id}`)).status, 404);
    assert.equal((await ned.post(`/groups/${heldGroup.body.id}/join`)).status, 404);
    assert.ok(!(await ned.get('/groups?sort=new&limit=50')).body.items.some((g: { id: number }) => g.id === heldGroup.body.id));
    assert.equal((await mia.post(`/groups/${heldGroup.body.id}/reports/resolve`, { target: { kind: 'group', id: heldGroup.body.id }, action: 'dismiss', reason: 'mine' })).status, 404, 'not in its own queue');
    await resolve(opi, 'group', heldGroup.body.id, 'dismiss');
    assert.equal((await ned.get(`/groups/${heldGroup.body.id}`)).status, 200);

    // A new activity with held text stays a draft (publishing waits), then goes out as its organizer meant.
    const activity = await mia.post('/activities', activityBody({ groupId: group.id, title: 'Casino night walk' }));
    assert.deepEqual([activity.status, activity.body.status, activity.body.heldForReview], [201, 'draft', 'new'], JSON.stringify(activity.body));
    assert.equal((await mia.post(`/activities/${activity.body.id}/publish`)).status, 409);
    assert.equal((await ned.get(`/activities/${activity.body.id}`)).status, 404);
    const activityItem = await queued(opi, 'activity', activity.body.id);
    assert.match(activityItem?.reports[0]?.details ?? '', /casino/);
    await resolve(opi, 'activity', activity.body.id, 'dismiss');
    const out = await ned.get(`/activities/${activity.body.id}`);
    assert.deepEqual([out.status, out.body.status], [200, 'published']);
    // A held change to a published activity: registrants read the earlier title until it is let through.
    const retitled = await mia.patch(`/activities/${activity.body.id}`, { title: 'Casino and karaoke walk', capacity: 30 });
    assert.deepEqual([retitled.body.title, retitled.body.heldForReview, retitled.body.capacity], ['Casino and karaoke walk', 'change', 30]);
    assert.equal((await ned.get(`/activities/${activity.body.id}`)).body.title, 'Casino night walk');
    const reread = (await mia.get(`/activities/${activity.body.id}`)).body;
    assert.deepEqual([reread.title, reread.heldForReview], ['Casino and karaoke walk', 'change'], 'its author reads the change on the page');
    await resolve(opi, 'activity', activity.body.id, 'dismiss');
    assert.equal((await ned.get(`/activities/${activity.body.id}`)).body.title, 'Casino and karaoke walk');

    // The rest of an activity's public text: a new activity waits whole; an edit of it is refused, since only a title and description wait beside the public text.
    const meeting = await mia.post('/activities', activityBody({ place: { ...activityBody().place, meetingPoint: 'Casino entrance' } }));
    assert.deepEqual([meeting.status, meeting.body.status, meeting.body.heldForReview], [201, 'draft', 'new'], JSON.stringify(meeting.body));
    assert.match((await queued(opi, 'activity', meeting.body.id))?.reports[0]?.details ?? '', /place\.meetingPoint/);
    const gear = await mia.patch(`/activities/${activity.body.id}`, { details: { ...activityBody().details, gear: ['water', 'casino chips'] } });
    assert.deepEqual([gear.status, errorCode(gear), Object.keys(gear.body.error?.fields ?? {})], [400, 'content_rejected', ['details.gear']]);
    const question = await mia.patch(`/activities/${activity.body.id}`, { questions: [{ id: 'q', text: 'Casino budget?', required: false }] });
    assert.deepEqual([question.status, errorCode(question)], [400, 'content_rejected']);
    assert.deepEqual((await ned.get(`/activities/${activity.body.id}`)).body.details.gear, ['water', 'boots'], 'nothing of a refused edit went in');

    // A series whose first occurrence is held makes no copies of it until it is let through.
    const series = await mia.post('/series', { activity: activityBody({ title: 'Casino walks', startsAt: '2027-03-13T10:00:00Z', endsAt: '2027-03-13T11:00:00Z', timeZone: 'Europe/London' }), freq: 'weekly' });
    assert.equal(series.status, 201, JSON.stringify(series.body));
    assert.deepEqual(series.body.occurrences.map((o: { status: string }) => o.status), ['draft']);
    await resolve(opi, 'activity', series.body.occurrences[0].id, 'dismiss');
    await waitUntil('the series makes its occurrences', async () => (await mia.get(`/series/${series.body.id}`)).body.occurrences.length > 1);
    const occurrences = (await mia.get(`/series/${series.body.id}`)).body.occurrences as { status: string }[];
    assert.ok(occurrences.every((o) => o.status === 'published'), JSON.stringify(occurrences));
  });
});

describe('featured on Discover', () => {
  test('operators pin public groups and activities to come; everyone sees them as they may; a private group cannot be pinned', async () => {
    const { opf, kaif: kai, luxf: lux } = await actors(server, 'opf', 'kaif', 'luxf');
    await grant(opf, 'operator');
    const open = await createGroup(kai, { name: 'Featured Kayakers' });
    const closed = await createGroup(kai, { name: 'Secret Kayakers', visibility: 'private' });
    const activity = await createActivity(kai);
    assert.equal((await lux.put(`/operator/featured/group/${open.id}`, { reason: 'x' })).status, 403);
    assert.equal((await opf.put(`/operator/featured/group/${open.id}`, { reason: 'Lively all year' })).status, 204);
    assert.equal((await opf.put(`/operator/featured/activity/${activity.id}`, { reason: 'Great first outing' })).status, 204);
    assert.equal(errorCode(await opf.put(`/operator/featured/group/${closed.id}`, { reason: 'x' })), 'conflict');
    const shown = (await server.client().get('/featured')).body;
    assert.deepEqual([shown.groups.map((g: { id: number }) => g.id), shown.activities.map((a: { id: number }) => a.id)], [[open.id], [activity.id]]);
    assert.equal((await opf.delete(`/operator/featured/group/${open.id}?reason=Season over`)).status, 204);
    assert.deepEqual((await lux.get('/featured')).body.groups, []);
    assert.equal((await opf.delete(`/operator/featured/group/${open.id}?reason=again`)).status, 404);
    assert.deepEqual((await audit(opf, '?actor=opf')).slice(0, 3).map((e) => [e.action, e.reason]), [['feature.remove', 'Season over'], ['feature.add', 'Great first outing'], ['feature.add', 'Lively all year']]);
  });
});

describe('finding members', () => {
  /** Signs a member up with a display name of their own. */
  const member = async (username: string, displayName: string) => {
    const client = server.client() as Client & { id: number };
    client.id = (await client.signUp(username, displayName)).id;
    return client;
  };
  const usernames = (reply: { body: { items: { user: { username: string } }[] } }) => reply.body.items.map((i) => i.user.username);
  /** Every page of a search, `limit` at a time, following the cursors. */
  const everyPage = async (staff: Client, query: string, limit: number) => {
    const seen: { user: { username: string }; suspension: unknown }[] = [];
    let cursor: string | null = null;
    do {
      const reply: Reply = await staff.get(`/operator/members?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.ok(reply.body.items.length <= limit);
      seen.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor);
    return seen;
  };

  test('staff find members by the start of a username or display name, whatever its case, Chinese names too; suspended and banned members are listed and marked', async () => {
    const { opfind, modfind, plainfind } = await actors(server, 'opfind', 'modfind', 'plainfind');
    await grant(opfind, 'operator');
    await grant(modfind, 'moderator', opfind);
    await member('srchlin', 'Lin Qiao');
    await member('srchlinda', 'Linda Park');
    await member('srchmax', 'Max Lin');
    const wei = await member('srchwei', '李伟');
    await member('srchna', '李娜');
    await member('linfan', 'Fan');
    await member('pairone', 'Twin Same');
    await member('pairtwo', 'Twin Same');
    await member('srchbo', 'Bo');
    await member('srchcy', 'Cy');

    // A username's start, whatever its case, with or without an @; moderators may search too.
    assert.deepEqual(usernames(await modfind.get('/operator/members?q=SRCHLIN')), ['srchlin', 'srchlinda']);
    assert.deepEqual(usernames(await modfind.get('/operator/members?q=%40srchwei')), ['srchwei']);
    // A display name's start: matches by username come first (in username order), then by display name (in its order).
    assert.deepEqual(usernames(await opfind.get('/operator/members?q=lIn')), ['linfan', 'srchlin', 'srchlinda'], 'not Max Lin: a name matches by its start');
    assert.deepEqual((await everyPage(opfind, 'q=lin', 1)).map((i) => i.user.username), ['linfan', 'srchlin', 'srchlinda'], 'paged across both parts');
    assert.deepEqual((await everyPage(opfind, 'q=twin%20s', 1)).map((i) => i.user.username), ['pairone', 'pairtwo'], 'the same name, both, oldest first');
    assert.deepEqual(usernames(await opfind.get(`/operator/members?q=${encodeURIComponent('李')}`)), ['srchwei', 'srchna'], '李伟 before 李娜 (伟 U+4F1F, 娜 U+5A1C)');
    assert.deepEqual(usernames(await opfind.get(`/operator/members?q=${encodeURIComponent('李伟')}`)), ['srchwei']);
    assert.deepEqual((await opfind.get('/operator/members?q=nobodyhere')).body, { items: [], nextCursor: null });

    const found = (await opfind.get('/operator/members?q=srchwei')).body.items[0];
    assert.deepEqual(
      { ...found, createdAt: typeof found.createdAt },
      { user: { id: wei.id, username: 'srchwei', displayName: '李伟', avatarUrl: null }, role: 'member', suspension: null, createdAt: 'string' },
    );
    assert.ok(Math.abs(Date.parse(found.createdAt) - Date.now()) < 60_000);

    // Paging: every match once, in order, whatever the page size.
    const all = ['srchbo', 'srchcy', 'srchlin', 'srchlinda', 'srchmax', 'srchna', 'srchwei'];
    assert.deepEqual((await everyPage(opfind, 'q=srch', 2)).map((i) => i.user.username), all);
    assert.deepEqual((await everyPage(modfind, 'q=srch', 50)).map((i) => i.user.username), all);

    // Suspended and banned members are found, and marked.
    assert.equal((await modfind.post('/operator/members/srchbo/suspension', { days: 2, reason: 'Spam' })).status, 200);
    assert.equal((await opfind.post('/operator/members/srchcy/suspension', { ban: true, reason: 'Threats' })).status, 200);
    const marked = (await modfind.get('/operator/members?q=srch&limit=2')).body.items;
    assert.deepEqual(marked.map((i: { suspension: { until: string | null; reason: string } | null }) => [i.suspension?.until === null, i.suspension?.reason]), [[false, 'Spam'], [true, 'Threats']]);
    assert.ok(Math.abs(Date.parse(marked[0].suspension.until) - (Date.now() + 2 * 86_400_000)) < 60_000);

    // Bad input is refused; members and signed-out callers are refused.
    assert.equal(errorCode(await opfind.get('/operator/members?q=srch&cursor=abc')), 'validation_failed');
    assert.equal(errorCode(await opfind.get('/operator/members?q=')), 'validation_failed');
    assert.equal(errorCode(await opfind.get(`/operator/members?q=${'x'.repeat(41)}`)), 'validation_failed');
    assert.equal(errorCode(await opfind.get('/operator/members?limit=0')), 'validation_failed');
    assert.equal(errorCode(await plainfind.get('/operator/members?q=srch')), 'forbidden');
    assert.equal(errorCode(await server.client().get('/operator/members?q=srch')), 'unauthenticated');
  });

  test('without a query, the members suspended or banned now come first (suspensions ending soonest, then bans), then everyone else, newest first', async () => {
    const { opreview } = await actors(server, 'opreview');
    await grant(opreview, 'operator');
    for (const name of ['revlong', 'revshort', 'revban', 'revlifted', 'revnewest']) await member(name, name.toUpperCase());
    assert.equal((await opreview.post('/operator/members/revlong/suspension', { days: 30, reason: 'Long' })).status, 200);
    assert.equal((await opreview.post('/operator/members/revshort/suspension', { days: 1, reason: 'Short' })).status, 200);
    assert.equal((await opreview.post('/operator/members/revban/suspension', { ban: true, reason: 'Ban' })).status, 200);
    assert.equal((await opreview.post('/operator/members/revlifted/suspension', { days: 5, reason: 'Lifted' })).status, 200);
    assert.equal((await opreview.post('/operator/members/revlifted/suspension/lift', { reason: 'Appeal' })).status, 200);

    const listed = await everyPage(opreview, '', 3);
    assert.deepEqual(
      (await everyPage(opreview, '', 50)).map((i) => i.user.username),
      listed.map((i) => i.user.username),
      'the same list, whatever the page size (across the suspended members’ end too)',
    );
    const names = listed.map((i) => i.user.username);
    assert.equal(new Set(names).size, names.length, 'nobody twice');
    const suspendedCount = listed.findIndex((i) => i.suspension === null);
    assert.ok(suspendedCount >= 3);
    assert.ok(listed.slice(suspendedCount).every((i) => i.suspension === null), 'every suspended member before the others');
    const mine = names.filter((n) => n.startsWith('rev'));
    assert.deepEqual(mine.slice(0, 3), ['revshort', 'revlong', 'revban']);
    // After them, the newest member first: the lifted one is back among everyone else.
    assert.deepEqual(names.slice(suspendedCount, suspendedCount + 3), ['revnewest', 'revlifted', 'opreview'], 'newest first; a lifted suspension puts them back among everyone');
  });

  test('a member’s page carries their record: warnings, suspensions, bans and upheld reports', async () => {
    const { ophist, modhist, histowner, histreporter } = await actors(server, 'ophist', 'modhist', 'histowner', 'histreporter');
    await grant(ophist, 'operator');
    await grant(modhist, 'moderator', ophist);
    const subject = await member('histsubject', 'History Subject');
    const clean = (await modhist.get('/operator/members/histsubject')).body;
    assert.deepEqual(clean, { id: subject.id, username: 'histsubject', role: 'member', suspension: null, history: { warnings: 0, suspensions: 0, bans: 0, upheldReports: 0 } });

    const group = await createGroup(histowner, { name: 'History Hikers' });
    await subject.post(`/groups/${group.id}/join`);
    const post = await createPost(subject, group.id, { title: 'Cheap boots', body: 'Buy now' });
    await histreporter.post(`/groups/${group.id}/join`);
    assert.equal((await histreporter.post('/reports', { kind: 'post', id: post.id, reason: 'spam', details: '' })).status, 201);
    assert.equal((await modhist.post('/operator/reports/resolve', { target: { kind: 'post', id: post.id }, action: 'remove', reason: 'Spam' })).status, 200);
    assert.equal((await modhist.post('/operator/members/histsubject/warnings', { reason: 'Tone' })).status, 204);
    assert.equal((await modhist.post('/operator/members/histsubject/warnings', { reason: 'Tone again' })).status, 204);
    assert.equal((await modhist.post('/operator/members/histsubject/suspension', { days: 1, reason: 'Spam' })).status, 200);
    assert.equal((await modhist.post('/operator/members/histsubject/suspension/lift', { reason: 'Served' })).status, 200);
    assert.equal((await ophist.post('/operator/members/histsubject/suspension', { ban: true, reason: 'Again' })).status, 200);
    const record = (await modhist.get('/operator/members/histsubject')).body;
    assert.deepEqual(record.history, { warnings: 2, suspensions: 1, bans: 1, upheldReports: 1 });
    assert.deepEqual(record.suspension, { until: null, reason: 'Again' });
    // The audit log, filtered to the member, lists what the record counts.
    const entries = await audit(ophist, `?targetKind=member&targetId=${subject.id}`);
    assert.deepEqual(entries.map((e) => e.action), ['member.ban', 'member.lift', 'member.suspend', 'member.warn', 'member.warn']);
    assert.equal(errorCode(await histreporter.get('/operator/members/histsubject')), 'forbidden');
    assert.equal(errorCode(await modhist.get('/operator/members/nosuchmember')), 'not_found');
  });
});

describe('removing a group', () => {
  test('operators remove a reported group from the queue: it is gone for everyone, its activities to come are cancelled and refunded, its owner and the reporters are told, and the audit log has it', async () => {
    const { oprm, modrm, rmowner, rmmember, rmreporter } = await actors(server, 'oprm', 'modrm', 'rmowner', 'rmmember', 'rmreporter');
    await grant(oprm, 'operator');
    await grant(modrm, 'moderator', oprm);
    const group = await createGroup(rmowner, { name: 'Removal Ramblers', description: 'Scams and worse' });
    await rmmember.post(`/groups/${group.id}/join`);
    const post = await createPost(rmmember, group.id, { title: 'Ramble on', body: 'See you' });
    assert.equal((await rmowner.post(`/posts/${post.id}/comments`, { body: 'Yes' })).status, 201);
    const upcoming = await createActivity(rmowner, { groupId: group.id, title: 'Removal ramble', fee: { amount: 5000, currency: 'CNY' } });
    const seat = (await rmmember.post(`/activities/${upcoming.id}/registrations`, {})).body;
    await rmmember.post(`/registrations/${seat.id}/pay`, { idempotencyKey: 'rmmember-pays-1' });
    const charge = await server.db.selectFrom('payments').select('provider_charge_id').where('registration_id', '=', seat.id).executeTakeFirstOrThrow();
    await server.ctx.payments.send(await server.ctx.payments.settle(charge.provider_charge_id!));
    assert.equal((await rmmember.get(`/activities/${upcoming.id}`)).body.viewer.registration.status, 'confirmed');
    const room = (await rmowner.put(`/groups/${group.id}/room`)).body as { id: number };
    assert.equal((await rmreporter.post('/reports', { kind: 'group', id: group.id, reason: 'fake', details: 'A scam' })).status, 201);

    const visible = async (who: Client) => ({
      group: (await who.get(`/groups/${group.id}`)).status,
      post: (await who.get(`/posts/${post.id}`)).status,
      comments: (await who.get(`/posts/${post.id}/comments`)).status,
      activity: (await who.get(`/activities/${upcoming.id}`)).status,
      room: (await who.get(`/rooms/${room.id}/messages`)).status,
      browse: (await who.get('/groups?sort=new&limit=50')).body.items.some((g: { id: number }) => g.id === group.id),
      search: (await who.get('/search/groups?q=Removal')).body.items.some((g: { id: number }) => g.id === group.id),
      mine: (await who.get('/me/groups')).body.items.some((m: { group: { id: number } }) => m.group.id === group.id),
      postSearch: (await who.get('/search/posts?q=Ramble')).body.items.some((p: { id: number }) => p.id === post.id),
    });
    assert.deepEqual(await visible(rmmember), { group: 200, post: 200, comments: 200, activity: 200, room: 200, browse: true, search: true, mine: true, postSearch: true });

    const resolve = (who: Client, path = '/operator/reports/resolve') => who.post(path, { target: { kind: 'group', id: group.id }, action: 'remove', reason: 'A scam group' });
    assert.equal(errorCode(await resolve(modrm)), 'forbidden', 'not for moderators');
    assert.equal(errorCode(await resolve(rmowner, `/groups/${group.id}/reports/resolve`)), 'forbidden', 'not for the group’s own admins');
    assert.equal(errorCode(await resolve(rmmember)), 'forbidden');
    assert.equal((await rmmember.get(`/groups/${group.id}`)).status, 200, 'a refusal changed nothing');
    assert.deepEqual((await resolve(oprm)).body, { resolved: 1 });

    assert.deepEqual(await visible(rmmember), { group: 404, post: 404, comments: 404, activity: 404, room: 404, browse: false, search: false, mine: false, postSearch: false });
    assert.equal((await server.client().get(`/groups/${group.id}`)).status, 404);
    assert.equal((await oprm.get(`/groups/${group.id}`)).status, 404, 'gone for staff too');
    assert.equal(errorCode(await rmmember.post(`/posts/${post.id}/comments`, { body: 'Still here?' })), 'not_found');
    assert.equal(errorCode(await rmowner.post('/activities', { ...(await import('./_activities.js')).activityBody(), groupId: group.id })), 'not_found');
    assert.equal(errorCode(await rmreporter.post(`/groups/${group.id}/join`)), 'not_found');

    // Its activity to come was cancelled, the fee refunded in full.
    const stored = await server.db.selectFrom('registrations').select(['status', 'amount_paid', 'amount_refunded']).where('id', '=', seat.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { status: 'cancelled', amount_paid: 5000, amount_refunded: 5000 });
    assert.equal((await server.db.selectFrom('activities').select('status').where('id', '=', upcoming.id).executeTakeFirstOrThrow()).status, 'cancelled');

    // The owner hears why; the registered member hears their activity is off; the reporter that action was taken.
    const heard = async (who: Client, kind: string) => (await who.get('/me/notifications')).body.items.filter((n: { kind: string }) => n.kind === kind);
    const [removed] = await heard(rmowner, 'group.removed');
    assert.deepEqual([removed.data.groupName, removed.data.reason, removed.actors, removed.subject], ['Removal Ramblers', 'A scam group', [], null]);
    const [cancelled] = await heard(rmmember, 'activity.cancelled');
    assert.deepEqual([cancelled.data.title, cancelled.subject], ['Removal ramble', null]);
    assert.deepEqual((await heard(rmreporter, 'report.resolved')).map((n: { data: { targetKind: string; actionTaken: boolean } }) => [n.data.targetKind, n.data.actionTaken]), [['group', true]]);

    const [entry] = await audit(oprm, '?targetKind=group');
    assert.deepEqual([entry!.actor?.username, entry!.action, entry!.reason, entry!.detail.action, entry!.detail.outcome], ['oprm', 'report.resolve', 'A scam group', 'remove', 'removed']);
    assert.equal(errorCode(await resolve(oprm)), 'not_found', 'nothing open any more');
  });

  test('removing a group is refused when it has no open report, and a moderator’s refusal leaves the reports open', async () => {
    const { oprm2, modrm2, rmowner2, rmreporter2 } = await actors(server, 'oprm2', 'modrm2', 'rmowner2', 'rmreporter2');
    await grant(oprm2, 'operator');
    await grant(modrm2, 'moderator', oprm2);
    const group = await createGroup(rmowner2, { name: 'Second Ramblers' });
    const body = { target: { kind: 'group', id: group.id }, action: 'remove', reason: 'x' };
    assert.equal(errorCode(await oprm2.post('/operator/reports/resolve', body)), 'not_found');
    assert.equal((await rmreporter2.post('/reports', { kind: 'group', id: group.id, reason: 'spam', details: '' })).status, 201);
    assert.equal(errorCode(await modrm2.post('/operator/reports/resolve', body)), 'forbidden');
    const open = (await modrm2.get('/operator/reports')).body.items.find((i: { target: { kind: string; id: number } }) => i.target.kind === 'group' && i.target.id === group.id);
    assert.deepEqual([open.content.title, open.content.removed], ['Second Ramblers', false]);
    assert.equal((await server.client().get(`/groups/${group.id}`)).status, 200);
  });
});
