import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Live, makeCompanions } from './_live.js';
import { actors, PASSWORD, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('two members chat live over WebSocket; after a reconnect the receiver gets what it missed, in order, once', async () => {
  const { liam, mia } = await actors(server, 'liam', 'mia');
  const conversationId = await makeCompanions(liam, mia, 'mia');
  const liamLive = await Live.open(server.url, liam, '?since=0');
  const miaLive = await Live.open(server.url, mia);
  await liamLive.waitFor((e) => e.type === 'ready');
  await miaLive.waitFor((e) => e.type === 'ready');

  // From the start, the replay holds the invite's message that opened the chat.
  assert.deepEqual(liamLive.messages().map((m) => m.body), ['Chat?']);
  for (let i = 1; i <= 3; i++) miaLive.send({ type: 'send', conversationId, body: `live ${i}`, clientId: `mia-live-${i}` });
  await miaLive.waitFor((e) => e.type === 'ack', 3);
  const received = (await liamLive.waitFor((e) => e.type === 'message', 4)).map((e) => e.message!.body).slice(1);
  assert.deepEqual(received, ['live 1', 'live 2', 'live 3'], 'live, in order');
  assert.equal(miaLive.messages().length, 0, 'the sender has its messages in the acks, not twice');

  liamLive.send({ type: 'send', conversationId, body: 'hello back', clientId: 'liam-live-1' });
  assert.equal((await miaLive.waitFor((e) => e.type === 'message'))[0]!.message!.body, 'hello back');
  // Liam's own message reaches him as its ack, which may come after Mia has it.
  await liamLive.waitFor((e) => e.type === 'ack' && e.clientId === 'liam-live-1');

  // Liam goes offline; Mia sends three more over HTTP; Liam reconnects from the last message he saw (his own included).
  const lastSeen = Math.max(...liamLive.events.flatMap((e) => (e.message ? [e.message.id] : [])));
  await liamLive.close();
  for (let i = 1; i <= 3; i++) await mia.post(`/conversations/${conversationId}/messages`, { body: `missed ${i}`, clientId: `mia-missed-${i}` });
  const again = await Live.open(server.url, liam, `?since=${lastSeen}`);
  const ready = (await again.waitFor((e) => e.type === 'ready'))[0]!;
  const beforeReady = again.events.slice(0, again.events.indexOf(ready));
  assert.deepEqual(beforeReady.map((e) => e.message?.body), ['missed 1', 'missed 2', 'missed 3'], 'only what was missed, in order');
  assert.equal(ready.lastMessageId, Math.max(...again.messages().map((m) => m.id)));
  await mia.post(`/conversations/${conversationId}/messages`, { body: 'after reconnect', clientId: 'mia-after-1' });
  await again.waitFor((e) => e.type === 'message' && e.message!.body === 'after reconnect');
  const ids = again.messages().map((m) => m.id);
  assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b), 'no duplicates, ascending');

  // A second tab of Liam's gets the same messages.
  const secondTab = await Live.open(server.url, liam);
  await secondTab.waitFor((e) => e.type === 'ready');
  await mia.post(`/conversations/${conversationId}/messages`, { body: 'both tabs', clientId: 'mia-tabs-1' });
  await again.waitFor((e) => e.message?.body === 'both tabs');
  await secondTab.waitFor((e) => e.message?.body === 'both tabs');

  // Read marks travel live too.
  await mia.post(`/conversations/${conversationId}/read`, { upTo: ids.at(-1)! + 100 });
  await again.waitFor((e) => e.type === 'read');

  for (const live of [again, secondTab, miaLive]) await live.close();
});

test('the live channel needs a session, refuses other origins, and only participants can send', async () => {
  const { nina, omar, pete } = await actors(server, 'nina', 'omar', 'pete');
  const conversationId = await makeCompanions(nina, omar, 'omar');
  await assert.rejects(Live.open(server.url, null), (error: { status?: number }) => error.status === 401);
  await assert.rejects(Live.open(server.url, nina, '', { origin: 'https://evil.example' }), (error: { status?: number }) => error.status === 403);

  const peteLive = await Live.open(server.url, pete);
  await peteLive.waitFor((e) => e.type === 'ready');
  peteLive.send({ type: 'send', conversationId, body: 'let me in', clientId: 'pete-msg-1' });
  peteLive.send({ type: 'send', conversationId, body: '', clientId: 'pete-msg-2' });
  peteLive.socket.send('not json');
  const errors = await peteLive.waitFor((e) => e.type === 'error', 3);
  assert.deepEqual(errors.map((e) => [e.clientId, e.code]), [
    ['pete-msg-1', 'not_found'],
    ['pete-msg-2', 'validation_failed'],
    [undefined, 'validation_failed'],
  ]);
  assert.deepEqual((await omar.get(`/conversations/${conversationId}/messages`)).body.items.map((m: { body: string }) => m.body), ['Chat?'], 'nothing stored but the invite that opened it');
  await peteLive.close();
});

test('signing out closes the live connections of that session only', async () => {
  const { quinn } = await actors(server, 'quinn');
  const otherTab = server.client();
  assert.equal((await otherTab.post('/auth/signin', { username: 'quinn', password: PASSWORD })).status, 200);
  const ended = await Live.open(server.url, quinn);
  const kept = await Live.open(server.url, otherTab);
  await Promise.all([ended.waitFor((e) => e.type === 'ready'), kept.waitFor((e) => e.type === 'ready')]);
  assert.equal((await quinn.post('/auth/signout')).status, 204);
  assert.equal(await ended.closed, 4401);
  kept.send({ type: 'ping' });
  await kept.waitFor((e) => e.type === 'pong');
  await kept.close();
});
