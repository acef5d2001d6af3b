import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jobHandlers } from '../src/jobs/handlers.js';
import { Live, makeCompanions } from './_live.js';
import { actors, createGroup, createPost, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

interface Seen {
  id: number;
  kind: string;
  actors: { username: string }[];
  actorCount: number;
  subject: { kind: string; id: number; title: string } | null;
  data: Record<string, unknown>;
  link: string;
  read: boolean;
}

const inbox = async (member: Client) => {
  const reply = await member.get('/me/notifications?limit=50');
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body as { items: Seen[]; unread: number };
};
const ofKind = async (member: Client, kind: string) => (await inbox(member)).items.filter((n) => n.kind === kind);
const line = (n: Seen) => `${n.kind}:${n.actors.map((a) => a.username).join(',')}:${n.actorCount}`;

describe('notifications', () => {
  test('likes are grouped per post, newest liker first; a second like by the same member adds nothing; after reading, a new like starts over', async () => {
    const { ama, bob, cyn, dia, edd } = await actors(server, 'ama', 'bob', 'cyn', 'dia', 'edd');
    const group = await createGroup(ama, { name: 'Likes Club' });
    const post = await createPost(ama, group.id, { title: 'My guide' });
    for (const m of [bob, cyn, dia]) assert.equal((await m.put(`/posts/${post.id}/like`)).status, 200);
    await dia.delete(`/posts/${post.id}/like`);
    await dia.put(`/posts/${post.id}/like`);
    await ama.put(`/posts/${post.id}/like`);
    const [liked, ...more] = await ofKind(ama, 'post.liked');
    assert.equal(more.length, 0, 'one row for the post');
    assert.equal(line(liked!), 'post.liked:dia,cyn,bob:3');
    assert.deepEqual([liked!.subject, liked!.link, liked!.read], [{ kind: 'post', id: post.id, title: 'My guide' }, `/posts/${post.id}`, false]);
    assert.equal((await inbox(ama)).unread, 1);

    assert.equal((await ama.post(`/me/notifications/${liked!.id}/read`)).status, 204);
    assert.equal((await inbox(ama)).unread, 0);
    await edd.put(`/posts/${post.id}/like`);
    const [again] = await ofKind(ama, 'post.liked');
    assert.deepEqual([line(again!), again!.read, again!.id], ['post.liked:edd:1', false, liked!.id], 'the same row, started over and unread');
  });

  test('comments tell the post author (grouped) and replies the replied-to, with deep links', async () => {
    const { fan, gus, hal } = await actors(server, 'fan', 'gus', 'hal');
    const group = await createGroup(fan, { name: 'Comment Club' });
    const post = await createPost(fan, group.id, { title: 'Tea trails' });
    for (const m of [gus, hal]) await m.post(`/groups/${group.id}/join`);
    const first = (await gus.post(`/posts/${post.id}/comments`, { body: 'Lovely route' })).body;
    const reply = (await hal.post(`/posts/${post.id}/comments`, { body: 'Agreed, @gus', parentId: first.id })).body;
    const [commented] = await ofKind(fan, 'post.commented');
    assert.equal(line(commented!), 'post.commented:hal,gus:2');
    assert.deepEqual([commented!.data.count, commented!.data.excerpt, commented!.link], [2, 'Agreed, @gus', `/posts/${post.id}#comment-${reply.id}`], 'leads to the newest');
    const replies = await ofKind(gus, 'comment.replied');
    assert.deepEqual(
      replies.map((n) => [line(n), n.link]),
      [['comment.replied:hal:1', `/posts/${post.id}#comment-${reply.id}`]],
    );
    assert.deepEqual(await ofKind(gus, 'mention'), [], 'the reply already told them; no second notification for the mention');
    const liked = await gus.put(`/comments/${first.id}/like`);
    assert.equal(liked.status, 200);
    assert.deepEqual((await ofKind(gus, 'comment.liked')).map(line), [], 'not told of their own like');
    await fan.put(`/comments/${first.id}/like`);
    assert.deepEqual((await ofKind(gus, 'comment.liked')).map((n) => [line(n), n.link]), [['comment.liked:fan:1', `/posts/${post.id}#comment-${first.id}`]]);
  });

  test('muting a category or a group stops them and hides what came before; registrations cannot be muted', async () => {
    const { ivo, jon, kod } = await actors(server, 'ivo', 'jon', 'kod');
    const loud = await createGroup(ivo, { name: 'Loud Group' });
    const quiet = await createGroup(ivo, { name: 'Quiet Group' });
    const loudPost = await createPost(ivo, loud.id);
    const quietPost = await createPost(ivo, quiet.id);
    for (const m of [jon, kod]) for (const g of [loud, quiet]) await m.post(`/groups/${g.id}/join`);
    await jon.put(`/posts/${loudPost.id}/like`);
    await jon.post(`/posts/${quietPost.id}/comments`, { body: 'first!' });

    const settings = await ivo.patch('/me/notification-settings', { muted: { likes: true } });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    assert.deepEqual(
      settings.body.categories.filter((c: { muted: boolean; mutable: boolean }) => c.muted || !c.mutable),
      [
        { category: 'likes', muted: true, mutable: true },
        { category: 'activities', muted: false, mutable: false },
        { category: 'account', muted: false, mutable: false },
      ],
    );
    assert.equal(errorCode(await ivo.patch('/me/notification-settings', { muted: { activities: true } })), 'validation_failed');
    assert.deepEqual(await ofKind(ivo, 'post.liked'), [], 'muted likes are not shown');
    await kod.put(`/posts/${loudPost.id}/like`);
    assert.equal((await ivo.get('/me/notifications/unread')).body.unread, 1, 'only the comment');
    const likeRows = await server.db.selectFrom('notifications').select('id').where('user_id', '=', ivo.id).where('kind', '=', 'post.liked').execute();
    assert.equal(likeRows.length, 1, 'nothing written for the like after muting');

    assert.equal((await ivo.put(`/groups/${quiet.id}/notifications/mute`)).status, 204);
    assert.deepEqual((await ivo.get('/me/notification-settings')).body.mutedGroups, [{ id: quiet.id, name: 'Quiet Group' }]);
    assert.deepEqual(await ofKind(ivo, 'post.commented'), [], "the muted group's comment is hidden");
    await kod.post(`/posts/${quietPost.id}/comments`, { body: 'second' });
    await kod.post(`/posts/${loudPost.id}/comments`, { body: 'over here' });
    assert.deepEqual((await ofKind(ivo, 'post.commented')).map((n) => n.subject!.id), [loudPost.id]);

    assert.equal((await ivo.delete(`/groups/${quiet.id}/notifications/mute`)).status, 204);
    await ivo.patch('/me/notification-settings', { muted: { likes: false } });
    assert.deepEqual((await ofKind(ivo, 'post.liked')).map(line), ['post.liked:jon:1']);
    assert.equal((await ivo.put('/groups/999999/notifications/mute')).status, 404);
    assert.equal((await server.client().get('/me/notification-settings')).status, 401);
  });

  test('what the member can no longer see is not shown: a private group they left, a member they blocked', async () => {
    const { lux, mol, nyx } = await actors(server, 'lux', 'mol', 'nyx');
    const secret = await createGroup(mol, { name: 'Secret Kiln', visibility: 'private', joinPolicy: 'approval' });
    assert.equal((await lux.post(`/groups/${secret.id}/join`, { message: 'let me in' })).status, 200);
    const asked = await ofKind(mol, 'group.join_request');
    assert.deepEqual(asked.map((n) => [line(n), n.link]), [['group.join_request:lux:1', `/groups/${secret.id}#join-requests`]]);
    assert.equal((await mol.post(`/groups/${secret.id}/requests/${lux.id}/approve`)).status, 204);
    assert.deepEqual((await ofKind(lux, 'group.join_approved')).map((n) => [n.subject!.title, n.link]), [['Secret Kiln', `/groups/${secret.id}`]]);

    await createPost(mol, secret.id, { title: 'Firing day', body: 'Bring gloves, @lux' });
    assert.equal((await ofKind(lux, 'mention')).length, 1);
    assert.equal((await lux.post(`/groups/${secret.id}/leave`)).status, 200);
    assert.deepEqual(await ofKind(lux, 'mention'), [], 'left the private group: the mention is gone');

    const open = await createGroup(lux, { name: 'Open Kiln' });
    const post = await createPost(lux, open.id);
    await nyx.put(`/posts/${post.id}/like`);
    assert.equal((await ofKind(lux, 'post.liked')).length, 1);
    await lux.put('/users/nyx/block');
    assert.deepEqual(await ofKind(lux, 'post.liked'), [], 'a blocked member’s like is gone');
    assert.equal((await lux.get('/me/notifications/unread')).body.unread, (await inbox(lux)).items.filter((n) => !n.read).length, 'the count agrees with the list');
  });

  test('marking one read: only my own, a bad id is a 400', async () => {
    const { ozz, pip } = await actors(server, 'ozz', 'pip');
    await pip.put('/users/ozz/follow');
    const [followed] = await ofKind(ozz, 'follow.new');
    assert.equal((await pip.post(`/me/notifications/${followed!.id}/read`)).status, 404, "someone else's");
    assert.equal((await ozz.post('/me/notifications/abc/read')).status, 400);
    assert.equal((await ozz.post(`/me/notifications/${followed!.id}/read`)).status, 204);
    assert.equal((await ozz.post(`/me/notifications/${followed!.id}/read`)).status, 204, 'reading twice is fine');
    assert.equal((await ofKind(ozz, 'follow.new'))[0]!.read, true);
  });

  test('delivered live to every device, with the unread count; reading on one device updates the others', async () => {
    const { qin, rue } = await actors(server, 'qin', 'rue');
    const phone = await Live.open(server.url, qin);
    const laptop = await Live.open(server.url, qin);
    await phone.waitFor((e) => e.type === 'ready');
    await laptop.waitFor((e) => e.type === 'ready');
    await rue.put('/users/qin/follow');
    for (const device of [phone, laptop]) {
      const [event] = (await device.waitFor((e) => e.type === 'notification')) as unknown as { notification: Seen; unread: number }[];
      assert.deepEqual([line(event!.notification), event!.notification.link, event!.unread], ['follow.new:rue:1', '/u/rue', 1]);
    }
    await qin.post('/me/notifications/read');
    for (const device of [phone, laptop]) await device.waitFor((e) => e.type === 'unread' && (e as unknown as { unread: number }).unread === 0);
    await phone.close();
    await laptop.close();
  });

  test('notifications quote Markdown as the reader sees it: plain words, no asterisks, brackets or hashes', async () => {
    const { ivy, jon, kit } = await actors(server, 'mdivy', 'mdjon', 'mdkit').then((a) => ({ ivy: a.mdivy, jon: a.mdjon, kit: a.mdkit }));
    const group = await createGroup(ivy, { name: 'Plain Words Club' });
    const post = await createPost(ivy, group.id, { title: 'Night walk' });
    for (const m of [jon, kit]) await m.post(`/groups/${group.id}/join`);
    const comment = (await jon.post(`/posts/${post.id}/comments`, { body: '**Count me in**, _bring_ a [torch](https://example.com/torch)\n\n- tea\n- `snacks`' })).body;
    const [commented] = await ofKind(ivy, 'post.commented');
    assert.equal(commented!.data.excerpt, 'Count me in, bring a torch tea snacks');
    await kit.post(`/posts/${post.id}/comments`, { body: '## Question for @mdjon\n\nIs **9pm** too late?', parentId: comment.id });
    const [replied] = await ofKind(jon, 'comment.replied');
    assert.equal(replied!.data.excerpt, 'Question for @mdjon Is 9pm too late?');
    const mentioning = await createPost(kit, group.id, { title: 'Kit asks', body: 'Hey @mdivy, *what* about **Saturday**?' });
    const [mention] = (await ofKind(ivy, 'mention')).filter((n) => n.subject?.id === mentioning.id);
    assert.equal(mention!.data.excerpt, 'Kit asks Hey @mdivy, what about Saturday?');
    for (const n of [commented, replied, mention]) assert.doesNotMatch(String(n!.data.excerpt), /[*_#`[\]]/, 'no Markdown left');
  });

  test('a chat message still unread a while later becomes a notification; reading the chat reads it', async () => {
    const { sia, tom } = await actors(server, 'sia', 'tom');
    const conversationId = await makeCompanions(sia, tom, 'tom');
    for (const [body, clientId] of [['Are you coming?', 'away-msg-1'], ['Trailhead at 9', 'away-msg-2']]) {
      assert.equal((await sia.post(`/conversations/${conversationId}/messages`, { body, clientId })).status, 201);
    }
    const job = await server.db.selectFrom('jobs').select(['payload', 'run_at']).where('kind', '=', 'chat.away').where('dedupe_key', '=', `${conversationId}:${tom.id}`).executeTakeFirstOrThrow();
    assert.ok(job.run_at.getTime() > Date.now() + 60_000, 'not at once: they may be reading');
    await jobHandlers(server.ctx)['chat.away']!(job.payload);
    const [unread] = await ofKind(tom, 'message.unread');
    assert.deepEqual([line(unread!), unread!.data.count, unread!.data.excerpt, unread!.link], ['message.unread:sia:1', 2, 'Trailhead at 9', `/companions/chats/${conversationId}`]);
    const last = (await tom.get(`/conversations/${conversationId}/messages`)).body.items[0].id;
    await tom.post(`/conversations/${conversationId}/read`, { upTo: last });
    assert.equal((await ofKind(tom, 'message.unread'))[0]!.read, true);
    await jobHandlers(server.ctx)['chat.away']!(job.payload);
    assert.equal((await ofKind(tom, 'message.unread'))[0]!.read, true, 'nothing unread: nothing new');
  });

  test('the pruning job deletes old notifications, read ones sooner', async () => {
    const { uma } = await actors(server, 'uma');
    const day = 24 * 3600_000;
    const at = (days: number) => new Date(Date.now() - days * day);
    await server.db
      .insertInto('notifications')
      .values([
        { user_id: uma.id, kind: 'follow.new', payload: '{}', created_at: at(100), updated_at: at(100), read_at: at(99) },
        { user_id: uma.id, kind: 'follow.new', payload: '{}', created_at: at(100), updated_at: at(100) },
        { user_id: uma.id, kind: 'follow.new', payload: '{}', created_at: at(200), updated_at: at(200) },
        { user_id: uma.id, kind: 'follow.new', payload: '{}', created_at: at(1), updated_at: at(1), read_at: at(1) },
      ])
      .execute();
    await jobHandlers(server.ctx)['notifications.prune']!({});
    const left = await server.db.selectFrom('notifications').select(['updated_at', 'read_at']).where('user_id', '=', uma.id).orderBy('updated_at').execute();
    assert.deepEqual(
      left.map((r) => [Math.round((Date.now() - r.updated_at.getTime()) / day), r.read_at !== null]),
      [
        [100, false],
        [1, true],
      ],
    );
  });
});
