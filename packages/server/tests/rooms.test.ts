import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkAccess, roomReaders } from '../src/auth/access.js';
import { createActivity } from './_activities.js';
import { Live } from './_live.js';
import { actors, createGroup, errorCode, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

let sent = 0;
const say = (member: Client, roomId: number, body: string, extra: Record<string, unknown> = {}) =>
  member.post(`/rooms/${roomId}/messages`, { body, clientId: `room-msg-${++sent}`, ...extra });
const bodies = async (member: Client, roomId: number, query = '') => {
  const reply = await member.get(`/rooms/${roomId}/messages${query}`);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.items.map((m: { body: string; removed: boolean }) => (m.removed ? '(removed)' : m.body)) as string[];
};

describe('activity rooms', () => {
  test('who is in follows registration: confirmed in, waitlisted reads the pinned notes only, cancelling leaves, promotion joins', async () => {
    const { org, amy, ben, out } = await actors(server, 'org', 'amy', 'ben', 'out');
    const activity = await createActivity(org, { capacity: 1 });
    const amyReg = (await amy.post(`/activities/${activity.id}/registrations`, {})).body;
    await ben.post(`/activities/${activity.id}/registrations`, {});
    const room = (await org.get(`/activities/${activity.id}/room`)).body;
    assert.deepEqual([room.kind, room.activity.id, room.viewer], ['activity', activity.id, { canRead: true, canSend: true, canModerate: true, mutedUntil: null }]);

    assert.equal((await say(org, room.id, 'Meet at the north gate at 7')).status, 201);
    const hello = await say(amy, room.id, 'See you there');
    assert.equal(hello.status, 201, JSON.stringify(hello.body));
    assert.deepEqual(await bodies(amy, room.id), ['See you there', 'Meet at the north gate at 7'], 'newest first');

    // Ben is on the waitlist: the room's pinned notes, nothing else.
    assert.deepEqual((await ben.get(`/rooms/${room.id}`)).body.viewer, { canRead: false, canSend: false, canModerate: false, mutedUntil: null });
    assert.equal((await ben.get(`/rooms/${room.id}/messages`)).status, 403);
    assert.equal((await say(ben, room.id, 'me too?')).status, 403);
    const first = (await org.get(`/rooms/${room.id}/messages`)).body.items.at(-1);
    assert.equal((await amy.put(`/rooms/${room.id}/messages/${first.id}/pin`)).status, 403, 'participants do not pin');
    assert.equal((await org.put(`/rooms/${room.id}/messages/${first.id}/pin`)).body.pinned, true);
    assert.deepEqual(await bodies(ben, room.id, '?pinned=true'), ['Meet at the north gate at 7']);
    assert.equal((await out.get(`/rooms/${room.id}`)).status, 404, 'not in it at all');
    assert.equal((await out.get(`/rooms/${room.id}/messages?pinned=true`)).status, 403);

    // Amy cancels: she is out, and Ben, promoted, is in.
    await amy.post(`/registrations/${amyReg.id}/cancel`);
    assert.equal((await amy.get(`/rooms/${room.id}/messages`)).status, 403);
    assert.deepEqual(await bodies(ben, room.id), ['See you there', 'Meet at the north gate at 7']);
    assert.equal((await say(ben, room.id, 'Promoted!')).status, 201);
  });

  test('moderation: remove a message (its sender too), mute a member for a while; replies and idempotent sends', async () => {
    const { mod, pia, qiu } = await actors(server, 'mod', 'pia', 'qiu');
    const activity = await createActivity(mod);
    for (const m of [pia, qiu]) await m.post(`/activities/${activity.id}/registrations`, {});
    const roomId = (await mod.get(`/activities/${activity.id}/room`)).body.id;
    const question = (await say(pia, roomId, 'Who has a spare rod?', { clientId: 'fixed-client-1' })).body;
    const again = await say(pia, roomId, 'Who has a spare rod?', { clientId: 'fixed-client-1' });
    assert.deepEqual([again.status, again.body.id], [201, question.id], 'a retried send is the same message');
    const answer = (await say(qiu, roomId, 'I do', { replyToId: question.id })).body;
    assert.deepEqual([answer.replyTo.id, answer.replyTo.sender.username, answer.replyTo.excerpt], [question.id, 'pia', 'Who has a spare rod?']);
    assert.equal(errorCode(await say(qiu, roomId, 'x', { replyToId: 999999 })), 'validation_failed');

    assert.equal((await qiu.delete(`/rooms/${roomId}/messages/${question.id}`)).status, 403, "not someone else's");
    assert.equal((await mod.delete(`/rooms/${roomId}/messages/${question.id}`)).status, 204);
    assert.equal((await qiu.delete(`/rooms/${roomId}/messages/${answer.id}`)).status, 204, 'one’s own');
    assert.deepEqual(await bodies(pia, roomId), ['(removed)', '(removed)']);

    assert.equal((await pia.post(`/rooms/${roomId}/mutes`, { username: 'qiu', minutes: 10 })).status, 403);
    assert.equal((await mod.post(`/rooms/${roomId}/mutes`, { username: 'qiu', minutes: 10 })).status, 204);
    assert.equal((await say(qiu, roomId, 'hello?')).status, 403);
    assert.ok((await qiu.get(`/rooms/${roomId}`)).body.viewer.mutedUntil);
    assert.deepEqual(await bodies(qiu, roomId), ['(removed)', '(removed)'], 'a muted member still reads');
    assert.equal((await mod.delete(`/rooms/${roomId}/mutes/qiu`)).status, 204);
    assert.equal((await say(qiu, roomId, 'back')).status, 201);
    assert.equal(errorCode(await mod.post(`/rooms/${roomId}/mutes`, { username: 'qiu', minutes: 0 })), 'validation_failed');
  });
});

describe('group rooms', () => {
  test('admins open it for members; outsiders and, once closed, members cannot write; unread counts and read marks', async () => {
    const { own, mem, pub } = await actors(server, 'own', 'mem', 'pub');
    const group = await createGroup(own, { name: 'Anglers' });
    await mem.post(`/groups/${group.id}/join`);
    assert.equal((await mem.get(`/groups/${group.id}/room`)).status, 404, 'not opened yet');
    assert.equal((await mem.put(`/groups/${group.id}/room`)).status, 403, 'members do not open it');
    const room = (await own.put(`/groups/${group.id}/room`)).body;
    assert.deepEqual([room.kind, room.group.name, room.open], ['group', 'Anglers', true]);
    await say(own, room.id, 'Welcome, @mem');
    await say(own, room.id, 'Lake trip on Sunday');
    assert.equal((await pub.get(`/rooms/${room.id}/messages`)).status, 403, 'a public group, but the room is its members’');

    const mine = (await mem.get('/me/rooms')).body.items.find((r: { id: number }) => r.id === room.id);
    assert.deepEqual([mine.unread, mine.lastMessage.body], [2, 'Lake trip on Sunday']);
    const mention = (await mem.get('/me/notifications')).body.items.find((n: { kind: string }) => n.kind === 'mention');
    assert.deepEqual([mention.subject, mention.link], [{ kind: 'room', id: room.id, title: 'Anglers' }, `/rooms/${room.id}`]);
    assert.equal((await mem.post(`/rooms/${room.id}/read`, { upTo: mine.lastMessage.id })).status, 204);
    assert.equal((await mem.get(`/rooms/${room.id}`)).body.unread, 0);

    await own.delete(`/groups/${group.id}/room`);
    assert.equal((await say(mem, room.id, 'still here?')).status, 403);
    assert.deepEqual(await bodies(mem, room.id), ['Lake trip on Sunday', 'Welcome, @mem'], 'its history stays to read');
    assert.deepEqual((await mem.get(`/rooms/${room.id}`)).body.viewer, { canRead: true, canSend: false, canModerate: false, mutedUntil: null });
    assert.equal((await mem.get('/me/rooms')).body.items.some((r: { id: number }) => r.id === room.id), false);
  });

  test('live: every connected member of the room gets the message once, not a member outside it nor one who blocked the sender', async () => {
    const { boss, kit, lin, nia } = await actors(server, 'boss', 'kit', 'lin', 'nia');
    const group = await createGroup(boss, { name: 'Live Anglers' });
    for (const m of [kit, lin]) await m.post(`/groups/${group.id}/join`);
    await lin.put('/users/kit/block');
    const room = (await boss.put(`/groups/${group.id}/room`)).body;
    const sockets = await Promise.all([boss, kit, lin, nia].map((m) => Live.open(server.url, m)));
    await Promise.all(sockets.map((s) => s.waitFor((e) => e.type === 'ready')));
    const [bossLive, , linLive, niaLive] = sockets;
    await say(kit, room.id, 'Fish are biting');
    await say(boss, room.id, 'On my way');
    const got = await bossLive!.waitFor((e) => e.type === 'room-message', 2);
    assert.deepEqual(got.map((e) => (e as unknown as { message: { body: string } }).message.body), ['Fish are biting', 'On my way']);
    await linLive!.waitFor((e) => e.type === 'room-message');
    const linGot = linLive!.events.filter((e) => e.type === 'room-message').map((e) => (e as unknown as { message: { body: string } }).message.body);
    assert.deepEqual(linGot, ['On my way'], 'not the blocked member’s message');
    assert.deepEqual(niaLive!.events.filter((e) => e.type.startsWith('room')), [], 'not a member');
    for (const s of sockets) await s.close();
  });

  test('a burst across rooms: each reader gets every message of their rooms once, each sender’s in order, and none hidden from them', async () => {
    const { ana, bob: bo, cyd: cy, dee } = await actors(server, 'ana', 'bob', 'cyd', 'dee');
    const climbing = await createGroup(ana, { name: 'Burst Climbers' });
    const chess = await createGroup(ana, { name: 'Burst Chess' });
    for (const m of [bo, cy]) await m.post(`/groups/${climbing.id}/join`);
    for (const m of [bo, dee]) await m.post(`/groups/${chess.id}/join`);
    await dee.put('/users/bob/block');
    const rooms = [(await ana.put(`/groups/${climbing.id}/room`)).body.id as number, (await ana.put(`/groups/${chess.id}/room`)).body.id as number];
    const sockets = await Promise.all([ana, cy, dee].map((m) => Live.open(server.url, m)));
    await Promise.all(sockets.map((s) => s.waitFor((e) => e.type === 'ready')));
    const [anaLive, cyLive, deeLive] = sockets;
    // Each sender sends ten in a row to both rooms, all senders at once.
    const senders = [ana, bo] as const;
    await Promise.all(senders.flatMap((m) => rooms.map(async (roomId) => {
      for (let i = 0; i < 10; i++) assert.equal((await say(m, roomId, `${m.user!.username} ${roomId} ${i}`)).status, 201);
    })));
    const received = async (live: Live, count: number) => {
      const got = await live.waitFor((e) => e.type === 'room-message', count);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(live.events.filter((e) => e.type === 'room-message').length, count, 'nothing twice, nothing extra');
      return got.map((e) => e.message!.body);
    };
    const inOrder = (bodies: string[]) => {
      for (const sender of senders) for (const roomId of rooms) {
        const mine = bodies.filter((b) => b.startsWith(`${sender.user!.username} ${roomId} `));
        assert.deepEqual(mine, mine.map((_, i) => `${sender.user!.username} ${roomId} ${i}`).slice(0, mine.length), 'a sender’s messages in the order sent');
      }
    };
    inOrder(await received(anaLive!, 40));
    const cyGot = await received(cyLive!, 20);
    assert.ok(cyGot.every((b) => b.includes(` ${rooms[0]} `)), 'only the room cy is in');
    inOrder(cyGot);
    const deeGot = await received(deeLive!, 10);
    assert.ok(deeGot.every((b) => b.startsWith(`ana ${rooms[1]} `)), 'only her room, and not the member she blocked');
    inOrder(deeGot);
    for (const s of sockets) await s.close();
  });

  test('the set form of room.read agrees with room.read for every kind of member', async () => {
    const { host, yes, wait, none, blk } = await actors(server, 'host', 'yes', 'wait', 'none', 'blk');
    const group = await createGroup(host, { name: 'Private Kiln', visibility: 'private', joinPolicy: 'approval' });
    for (const m of [yes, wait, blk]) {
      await m.post(`/groups/${group.id}/join`);
      await host.post(`/groups/${group.id}/requests/${m.id}/approve`);
    }
    const activity = await createActivity(host, { groupId: group.id, capacity: 1 });
    for (const m of [yes, wait, blk]) await m.post(`/activities/${activity.id}/registrations`, {});
    const roomId = (await host.get(`/activities/${activity.id}/room`)).body.id;
    const groupRoomId = (await host.put(`/groups/${group.id}/room`)).body.id;
    await host.put('/users/blk/block');
    const everyone = [host, yes, wait, none, blk];
    const readers = await roomReaders(server.db, [roomId, groupRoomId], everyone.map((m) => m.id));
    for (const id of [roomId, groupRoomId]) {
      const one: number[] = [];
      for (const m of everyone) {
        const viewer = { id: m.id, username: '', role: 'member' as const, csrfToken: '', sessionHash: '' };
        if ((await checkAccess(server.db, viewer, 'room.read', [id])).has(id)) one.push(m.id);
      }
      assert.deepEqual([...readers.get(id)!].sort(), one.sort());
      assert.ok(one.length >= 2 && one.length < everyone.length, `the room has some readers and some not (${one.length})`);
    }
  });
});
