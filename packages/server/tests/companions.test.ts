import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASE, cardBody, nextWeekday, offsetKm, profile, putCard, requestBody, usernames } from './_companions.js';
import { actors, errorCode, PASSWORD, startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

test('a companion card is opt-in, stored snapped to the grid, and refused when malformed', async () => {
  const { olive } = await actors(server, 'olive');
  // Having no card is an ordinary answer, not an error a browser logs on every visit.
  const none = await olive.get('/me/companion-card');
  assert.equal(none.status, 200);
  assert.equal(none.body, null);
  assert.equal(errorCode(await olive.get('/companions/people')), 'companion_card_required');

  const exact = offsetKm(0.3, 0.4);
  const card = await putCard(olive, { area: { name: 'Sanlitun', ...exact }, availability: { slots: ['sat-morning', 'sun-evening'], dates: ['2027-01-02'] } });
  assert.equal(card.discoverable, true);
  assert.deepEqual(card.availability, { slots: ['sat-morning', 'sun-evening'], dates: ['2027-01-02'] });
  assert.ok(card.area.lat !== exact.lat && card.area.lng !== exact.lng, 'the stored point is a cell centre, not the given point');
  assert.ok(Math.abs(card.area.lat - exact.lat) < 0.01 && Math.abs(card.area.lng - exact.lng) < 0.015);

  const bad = [
    cardBody({ preferences: { ageMin: 40, ageMax: 30, genders: [], skills: [] } }),
    cardBody({ availability: { slots: ['someday-morning'], dates: [] } }),
    cardBody({ interests: [] }),
    cardBody({ travelKm: 0 }),
    cardBody({ budget: 'lavish' }),
    { ...cardBody(), lat: 1 },
  ];
  for (const body of bad) {
    const reply = await olive.put('/me/companion-card', body);
    assert.equal(reply.status, 400, JSON.stringify(body));
    assert.equal(errorCode(reply), 'validation_failed');
  }
  assert.deepEqual((await olive.get('/me/companion-card')).body.availability.slots, ['sat-morning', 'sun-evening'], 'nothing changed');
  assert.equal((await server.client().put('/me/companion-card', cardBody())).status, 401);

  assert.equal((await olive.delete('/me/companion-card')).status, 204);
  const left = await olive.get('/me/companion-card');
  assert.deepEqual([left.status, left.body], [200, null]);
  assert.equal((await server.client().get('/me/companion-card')).status, 401);
});

test('people search: both sides’ preferences, every filter, ranking with reasons, and no coordinates', async () => {
  const { alice, carol, gina, bob, dave, erin, frank, hank } = await actors(server, 'alice', 'carol', 'gina', 'bob', 'dave', 'erin', 'frank', 'hank');
  await profile(alice, 1996, 'female');
  await profile(carol, 1998, 'female');
  await profile(gina, 1966, 'female');
  await profile(bob, 1991, 'male');
  for (const c of [dave, erin, frank, hank]) await profile(c, 1990, 'male');
  await putCard(alice, {
    interests: [{ tag: 'hiking', skill: 'intermediate' }, { tag: 'climbing', skill: 'beginner' }],
    availability: { slots: ['sat-morning', 'sat-afternoon'], dates: [] },
    costSharing: 'split',
  });
  await putCard(carol, { interests: [{ tag: 'hiking', skill: 'beginner' }], availability: { slots: ['sun-evening'], dates: [] }, groupSizeMax: 6 });
  await putCard(gina, { area: { name: 'Wangjing', ...offsetKm(4, 0) }, preferences: { ageMin: null, ageMax: 70, genders: [], skills: [] } });
  // Excluded, each for one reason:
  await putCard(bob, { area: { name: 'Dongcheng', ...offsetKm(0, 2) }, preferences: { ageMin: null, ageMax: null, genders: ['male'], skills: [] } });
  await putCard(dave, { interests: [{ tag: 'chess', skill: 'advanced' }] });
  await putCard(erin, { discoverable: false });
  await putCard(frank, { area: { name: 'Far away', ...offsetKm(50, 0) } });
  await putCard(hank, { costSharing: 'each' });

  const all = await alice.get('/companions/people');
  assert.equal(all.status, 200);
  assert.deepEqual(usernames(all), ['carol', 'gina']);
  const scores = all.body.items.map((p: { match: { score: number } }) => p.match.score);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'best match first');
  assert.doesNotMatch(JSON.stringify(all.body), /"lat"|"lng"/, 'no coordinates of others');
  const ginaCard = all.body.items.find((p: { user: { username: string } }) => p.user.username === 'gina');
  assert.equal(ginaCard.distance, '3_5km');
  assert.equal(ginaCard.age, 60);
  assert.deepEqual(ginaCard.match.reasons.map((r: { kind: string }) => r.kind), ['interests', 'skill', 'time', 'distance']);
  assert.equal(ginaCard.match.summary.en, 'shared interest: hiking, same level in hiking, both free Saturday morning, about 3–5 km apart');
  assert.match(ginaCard.match.summary.zh, /共同兴趣：徒步/);
  const carolCard = all.body.items.find((p: { user: { username: string } }) => p.user.username === 'carol');
  assert.equal(carolCard.distance, 'under_1km');

  // Bob wants male companions only: neither side sees the other, and he sees Hank.
  assert.deepEqual(usernames(await bob.get('/companions/people')), ['hank']);
  // Filters.
  const search = async (qs: string) => usernames(await alice.get(`/companions/people?${qs}`));
  assert.deepEqual(await search('gender=female&ageMax=29'), ['carol']);
  assert.deepEqual(await search('gender=male'), []);
  assert.deepEqual(await search('slots=sun-evening'), ['carol']);
  assert.deepEqual(await search('slots=sun-evening&slots=sat-morning'), ['carol', 'gina']);
  assert.deepEqual(await search(`date=${nextWeekday(7)}`), ['carol']);
  assert.deepEqual(await search('skill=intermediate'), ['gina']);
  assert.deepEqual(await search('maxKm=1'), ['carol']);
  assert.deepEqual(await search('groupSize=5'), ['carol']);
  assert.deepEqual(await search('tag=climbing'), []);
  assert.deepEqual(await search('tag=hiking&ageMin=50'), ['gina']);

  // Alice now wants companions up to 40: Gina drops out of her results, and Alice out of Gina's.
  await putCard(alice, {
    interests: [{ tag: 'hiking', skill: 'intermediate' }],
    availability: { slots: ['sat-morning'], dates: [] },
    costSharing: 'split',
    preferences: { ageMin: null, ageMax: 40, genders: [], skills: [] },
  });
  assert.deepEqual(usernames(await alice.get('/companions/people')), ['carol']);
  assert.ok(!usernames(await gina.get('/companions/people')).includes('alice'));
  assert.ok(usernames(await carol.get('/companions/people')).includes('alice'));

  // A paused card never appears; resumed it does; after leaving it's gone.
  await putCard(erin, { discoverable: true, costSharing: 'split' });
  await profile(erin, 1990, 'female');
  assert.ok(usernames(await alice.get('/companions/people')).includes('erin'));
  await putCard(erin, { discoverable: false, costSharing: 'split' });
  assert.ok(!usernames(await alice.get('/companions/people')).includes('erin'));
  await erin.delete('/me/companion-card');
  assert.ok(!usernames(await alice.get('/companions/people')).includes('erin'));

  // Keyset pages: no repeats, nothing skipped.
  const everyone = usernames(await carol.get('/companions/people'));
  assert.deepEqual(everyone, ['alice', 'gina', 'hank']);
  const paged: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { items: { user: { username: string } }[]; nextCursor: string | null } } = await carol.get(`/companions/people?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    paged.push(...page.body.items.map((p) => p.user.username));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(paged.sort(), everyone);

  // Bad filters.
  for (const qs of ['ageMin=50&ageMax=20', 'slots=funday-morning', 'gender=robot', 'maxKm=0', 'cursor=nope', 'limit=500']) {
    const reply = await alice.get(`/companions/people?${qs}`);
    assert.equal(reply.status, 400, qs);
    assert.equal(errorCode(reply), 'validation_failed');
  }
  assert.equal((await server.client().get('/companions/people')).status, 401);
});

test('requests: both sides’ preferences, filters, applying, accepting up to the spots, closing, and bad input', async () => {
  const { rita, sara, tom, uma, vic } = await actors(server, 'rita', 'sara', 'tom', 'uma', 'vic');
  await profile(rita, 1994, 'female');
  await profile(sara, 1997, 'female');
  await profile(tom, 1992, 'male');
  await profile(uma, 1980, 'female');
  await profile(vic, 1999, 'female', offsetKm(1, 1));
  const saturday = nextWeekday(6);

  const created = await rita.post('/companion-requests', requestBody({ preferences: { ageMin: null, ageMax: null, genders: ['female'], skills: [] }, spots: 1 }));
  assert.equal(created.status, 201);
  const request = created.body;
  assert.equal(request.status, 'open');
  assert.equal(request.mine, true);
  assert.deepEqual(request.when, { type: 'once', date: saturday, from: '09:00', to: '13:00' });
  assert.equal(request.startsAt, `${saturday}T01:00:00.000Z`, '09:00 in Beijing is 01:00 UTC');

  await putCard(sara, { availability: { slots: ['sat-morning'], dates: [] }, area: { name: 'Haidian', ...offsetKm(2, 0) } });
  await putCard(tom);
  await putCard(uma, { preferences: { ageMin: null, ageMax: null, genders: ['male'], skills: [] } });

  const ids = async (client: typeof sara, qs = '') => (await client.get(`/companion-requests?${qs}`)).body.items.map((r: { id: number }) => r.id);
  const found = (await sara.get('/companion-requests')).body.items.find((r: { id: number }) => r.id === request.id);
  assert.ok(found, 'Sara fits the request and it fits her');
  assert.equal(found.distance, '1_3km');
  assert.ok(found.match.reasons.some((r: { kind: string; en: string }) => r.kind === 'time' && r.en === "you're free Saturday morning"));
  assert.doesNotMatch(JSON.stringify(found), /"lat"|"lng"/);
  assert.deepEqual(await ids(tom), [], 'the request wants women');
  assert.deepEqual(await ids(uma), [], 'Uma’s own card wants men');
  // Vic has no card: her profile's home is used, or a point she passes.
  assert.deepEqual(await ids(vic), [request.id]);
  assert.deepEqual(await ids(vic, `lat=${offsetKm(80, 0).lat}&lng=${BASE.lng}`), [], 'outside the request’s radius');
  const { nobody } = await actors(server, 'nobody');
  assert.equal(errorCode(await nobody.get('/companion-requests')), 'validation_failed', 'no place known');

  for (const [qs, expected] of [
    ['tag=hiking', [request.id]],
    ['tag=climbing', []],
    ['slots=sat-morning', [request.id]],
    ['slots=sun-evening', []],
    [`date=${saturday}`, [request.id]],
    [`date=${nextWeekday(7)}`, []],
    ['groupSize=2', [request.id]],
    ['gender=male', []],
    ['ageMin=20&ageMax=40', [request.id]],
    ['ageMin=40', []],
    ['maxKm=1', []],
  ] as const) {
    assert.deepEqual(await ids(sara, qs), expected, qs);
  }

  // Applying.
  assert.equal((await tom.post(`/companion-requests/${request.id}/applications`, { message: 'Me!' })).status, 403, 'Tom does not meet the request’s preferences');
  assert.equal((await rita.post(`/companion-requests/${request.id}/applications`, { message: 'Me!' })).status, 400);
  assert.equal((await sara.post(`/companion-requests/${request.id}/applications`, { message: '' })).status, 400);
  const application = await sara.post(`/companion-requests/${request.id}/applications`, { message: 'I know the trail well.' });
  assert.equal(application.status, 201);
  assert.equal(application.body.kind, 'application');
  assert.equal(errorCode(await sara.post(`/companion-requests/${request.id}/applications`, { message: 'Again' })), 'conflict');
  const vicApplication = (await vic.post(`/companion-requests/${request.id}/applications`, { message: 'Count me in' })).body;
  assert.equal((await sara.get(`/companion-requests/${request.id}`)).body.myApplication.status, 'pending');

  const inbox = await rita.get('/me/companion-invites?box=incoming&status=pending');
  assert.deepEqual(inbox.body.items.map((i: { from: { username: string } }) => i.from.username).sort(), ['sara', 'vic']);
  const forRequest = await rita.get(`/me/companion-invites?box=incoming&requestId=${request.id}`);
  assert.equal(forRequest.body.items.length, 2);
  assert.equal((await rita.get('/me/companion-invites?box=incoming&requestId=99999999')).body.items.length, 0);
  assert.equal((await sara.post(`/companion-invites/${application.body.id}/accept`)).status, 403, 'only the author answers');
  assert.equal((await tom.post(`/companion-invites/${application.body.id}/accept`)).status, 404, 'outsiders do not see it');
  const accepted = await rita.post(`/companion-invites/${application.body.id}/accept`);
  assert.equal(accepted.status, 200);
  assert.equal(accepted.body.status, 'accepted');
  assert.ok(accepted.body.conversationId > 0);
  assert.equal(errorCode(await rita.post(`/companion-invites/${application.body.id}/accept`)), 'conflict');

  // One spot, now taken: full, out of search, and Vic can't be accepted.
  assert.equal((await rita.get(`/companion-requests/${request.id}`)).body.status, 'full');
  assert.deepEqual(await ids(vic), []);
  assert.equal(errorCode(await rita.post(`/companion-invites/${vicApplication.id}/accept`)), 'request_closed');
  assert.equal((await rita.post(`/companion-invites/${vicApplication.id}/decline`)).body.status, 'declined');

  // Closing.
  const second = (await rita.post('/companion-requests', requestBody({ spots: 3 }))).body;
  assert.equal((await sara.post(`/companion-requests/${second.id}/close`)).status, 403);
  assert.equal((await rita.post(`/companion-requests/${second.id}/close`)).body.status, 'closed');
  assert.equal(errorCode(await sara.post(`/companion-requests/${second.id}/applications`, { message: 'hi' })), 'request_closed');
  assert.deepEqual((await rita.get('/me/companion-requests')).body.items.map((r: { id: number }) => r.id), [second.id, request.id]);

  // Bad input changes nothing.
  const pastDate = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  for (const body of [
    requestBody({ when: { type: 'once', date: pastDate, from: '09:00', to: '10:00' } }),
    requestBody({ when: { type: 'once', date: saturday, from: '13:00', to: '09:00' } }),
    requestBody({ when: { type: 'once', date: saturday, from: '25:00', to: '26:00' } }),
    requestBody({ when: { type: 'recurring', slots: [], until: saturday } }),
    requestBody({ timeZone: 'Mars/Olympus' }),
    requestBody({ spots: 0 }),
    requestBody({ preferences: { ageMin: 50, ageMax: 20, genders: [], skills: [] } }),
    requestBody({ activityId: 999999 }),
    { ...requestBody(), extra: true },
  ]) {
    const reply = await rita.post('/companion-requests', body);
    assert.ok(reply.status === 400 || reply.status === 404, `${reply.status} ${JSON.stringify(body)}`);
  }
  assert.equal((await rita.get('/me/companion-requests')).body.items.length, 2);
  const recurring = await rita.post('/companion-requests', requestBody({ when: { type: 'recurring', slots: ['sat-morning', 'sun-morning'], until: nextWeekday(7) } }));
  assert.equal(recurring.status, 201);
  assert.deepEqual(recurring.body.when.slots, ['sat-morning', 'sun-morning']);
  assert.equal(errorCode(await tom.get('/companion-requests/99999999')), 'not_found');
});

test('invites: one pending at a time, a cap on pending, a pause after a decline, and only the right member answers', async () => {
  const { ivan, judy, kate, paused } = await actors(server, 'ivan', 'judy', 'kate', 'paused');
  await putCard(ivan);
  await putCard(judy);
  await putCard(kate);
  await putCard(paused, { discoverable: false });

  const invite = await ivan.post('/companion-invites', { username: 'judy', message: 'Hike on Saturday?' });
  assert.equal(invite.status, 201);
  assert.equal(invite.body.status, 'pending');
  assert.equal(errorCode(await ivan.post('/companion-invites', { username: 'judy', message: 'Again?' })), 'conflict');
  assert.equal(errorCode(await ivan.post('/companion-invites', { username: 'paused', message: 'Hi' })), 'not_found', 'a paused card can’t be invited');
  assert.equal(errorCode(await ivan.post('/companion-invites', { username: 'ivan', message: 'Me' })), 'not_found');
  assert.equal((await ivan.post('/companion-invites', { username: 'judy', message: 'x'.repeat(501) })).status, 400);
  assert.equal((await ivan.post(`/companion-invites/${invite.body.id}/accept`)).status, 403);
  assert.equal((await kate.post(`/companion-invites/${invite.body.id}/decline`)).status, 404);
  assert.deepEqual((await judy.get('/me/companion-invites?box=incoming')).body.items.map((i: { id: number }) => i.id), [invite.body.id]);
  assert.equal((await judy.get('/me/companion-invites?box=sideways')).status, 400);

  assert.equal((await judy.post(`/companion-invites/${invite.body.id}/decline`)).body.status, 'declined');
  assert.equal(errorCode(await ivan.post('/companion-invites', { username: 'judy', message: 'Please?' })), 'invite_cooldown');

  const withdrawn = await ivan.post('/companion-invites', { username: 'kate', message: 'Climb?' });
  assert.equal((await kate.post(`/companion-invites/${withdrawn.body.id}/withdraw`)).status, 403);
  assert.equal((await ivan.post(`/companion-invites/${withdrawn.body.id}/withdraw`)).body.status, 'withdrawn');

  // The cap on pending invites.
  const names = Array.from({ length: 11 }, (_, i) => `target${i}`);
  const targets = await actors(server, ...names);
  for (const target of Object.values(targets)) await putCard(target);
  for (const name of names.slice(0, 10)) assert.equal((await ivan.post('/companion-invites', { username: name, message: 'Hello' })).status, 201);
  assert.equal(errorCode(await ivan.post('/companion-invites', { username: names[10], message: 'Hello' })), 'invite_limit');
  const pending = (await ivan.get('/me/companion-invites?box=outgoing&status=pending&limit=50')).body.items;
  assert.equal(pending.length, 10);
});

test('chat: only the two companions read it; history pages, unread counts, read marks and idempotent sends', async () => {
  const { liam, mia, nosy } = await actors(server, 'liam', 'mia', 'nosy');
  await putCard(liam);
  await putCard(mia);
  const invite = (await liam.post('/companion-invites', { username: 'mia', message: 'Walk?' })).body;
  const conversationId = (await mia.post(`/companion-invites/${invite.id}/accept`)).body.conversationId;
  assert.ok(conversationId);

  const sent = [];
  for (let i = 1; i <= 5; i++) {
    const reply = await mia.post(`/conversations/${conversationId}/messages`, { body: `message ${i}`, clientId: `mia-msg-${i}` });
    assert.equal(reply.status, 201);
    sent.push(reply.body);
  }
  const retry = await mia.post(`/conversations/${conversationId}/messages`, { body: 'message 5', clientId: 'mia-msg-5' });
  assert.equal(retry.body.id, sent[4].id, 'a retried client id returns the stored message');

  const list = await liam.get('/conversations');
  assert.equal(list.body.unread, 5);
  assert.equal(list.body.items[0].other.username, 'mia');
  assert.equal(list.body.items[0].unread, 5);
  assert.equal(list.body.items[0].lastMessage.body, 'message 5');

  const page1 = await liam.get(`/conversations/${conversationId}/messages?limit=2`);
  assert.deepEqual(page1.body.items.map((m: { body: string }) => m.body), ['message 5', 'message 4']);
  const page2 = await liam.get(`/conversations/${conversationId}/messages?limit=2&cursor=${page1.body.nextCursor}`);
  assert.deepEqual(page2.body.items.map((m: { body: string }) => m.body), ['message 3', 'message 2']);
  const page3 = await liam.get(`/conversations/${conversationId}/messages?limit=2&cursor=${page2.body.nextCursor}`);
  assert.deepEqual(page3.body.items.map((m: { body: string }) => m.body), ['message 1', 'Walk?'], 'the invite opened the conversation');
  assert.equal(page3.body.nextCursor, null);

  assert.equal((await liam.post(`/conversations/${conversationId}/read`, { upTo: sent[2].id })).status, 204);
  assert.equal((await liam.get('/conversations')).body.unread, 2);
  await liam.post(`/conversations/${conversationId}/read`, { upTo: sent[0].id });
  assert.equal((await liam.get('/conversations')).body.unread, 2, 'a read mark never moves back');
  await liam.post(`/conversations/${conversationId}/read`, { upTo: 2_000_000_000 });
  assert.equal((await liam.get('/conversations')).body.unread, 0);
  assert.equal((await mia.get(`/conversations/${conversationId}`)).body.otherLastReadId, sent[4].id);

  // Nobody else reads or writes it.
  assert.equal(errorCode(await nosy.get(`/conversations/${conversationId}`)), 'not_found');
  assert.equal(errorCode(await nosy.get(`/conversations/${conversationId}/messages`)), 'not_found');
  assert.equal(errorCode(await nosy.post(`/conversations/${conversationId}/messages`, { body: 'hi', clientId: 'nosy-msg-1' })), 'not_found');
  assert.equal(errorCode(await nosy.post(`/conversations/${conversationId}/read`, { upTo: 1 })), 'not_found');
  assert.equal((await nosy.get('/conversations')).body.items.length, 0);
  assert.equal((await server.client().get('/conversations')).status, 401);
  // Bad input.
  for (const body of [{ body: '', clientId: 'liam-msg-1' }, { body: 'hi', clientId: 'bad id!' }, { body: 'x'.repeat(2001), clientId: 'liam-msg-2' }, { body: 'hi' }]) {
    assert.equal((await liam.post(`/conversations/${conversationId}/messages`, body)).status, 400);
  }
  assert.equal((await liam.get(`/conversations/${conversationId}/messages?limit=2`)).body.items[0].body, 'message 5', 'nothing stored');
});

test('an accepted invite or application opens its chat with the message it carried, once, from its sender', async () => {
  const { amos, bea, cato, dina } = await actors(server, 'amos', 'bea', 'cato', 'dina');
  for (const member of [amos, bea, cato, dina]) await putCard(member);
  const invite = (await amos.post('/companion-invites', { username: 'bea', message: '  Fancy the **Fragrant Hills** loop on Saturday?  ' })).body;
  const accepted = await bea.post(`/companion-invites/${invite.id}/accept`);
  assert.equal(accepted.status, 200);
  const conversationId = accepted.body.conversationId;
  for (const reader of [amos, bea]) {
    const history = await reader.get(`/conversations/${conversationId}/messages`);
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.items.map((m: { body: string; senderId: number }) => [m.body, m.senderId]),
      [['Fancy the **Fragrant Hills** loop on Saturday?', invite.from.id]],
    );
  }
  const [first] = (await bea.get(`/conversations/${conversationId}/messages`)).body.items;
  const list = (await bea.get('/conversations')).body;
  assert.equal(list.items[0].lastMessage.body, 'Fancy the **Fragrant Hills** loop on Saturday?', 'the chat list shows it');
  assert.equal(list.items[0].unread, 0, 'the one who accepted has read it already');
  assert.equal((await amos.get('/conversations')).body.items[0].lastMessage.id, first.id);

  // A second answer changes nothing and adds nothing.
  assert.equal(errorCode(await bea.post(`/companion-invites/${invite.id}/accept`)), 'conflict');
  assert.equal((await bea.get(`/conversations/${conversationId}/messages`)).body.items.length, 1);

  // A declined invite opens nothing; an application's message opens its chat the same way, from the applicant.
  const declined = (await dina.post('/companion-invites', { username: 'cato', message: 'Coffee first?' })).body;
  assert.equal((await cato.post(`/companion-invites/${declined.id}/decline`)).status, 200);
  assert.equal((await cato.get('/conversations')).body.items.length, 0);
  const request = (await cato.post('/companion-requests', requestBody())).body;
  const application = (await amos.post(`/companion-requests/${request.id}/applications`, { message: 'I know the trail well.' })).body;
  const opened = (await cato.post(`/companion-invites/${application.id}/accept`)).body.conversationId;
  const applied = (await cato.get(`/conversations/${opened}/messages`)).body.items;
  assert.deepEqual(applied.map((m: { body: string }) => m.body), ['I know the trail well.']);
  assert.equal(applied[0].senderId, application.from.id, 'the applicant wrote it');
});

test('blocking hides members from each other in companions: people, requests, invites and chat', async () => {
  const { wendy, xena, yuri } = await actors(server, 'wendy', 'xena', 'yuri');
  await putCard(wendy);
  await putCard(xena);
  await putCard(yuri);
  const request = (await wendy.post('/companion-requests', requestBody({ spots: 3 }))).body;
  const invite = (await xena.post('/companion-invites', { username: 'wendy', message: 'Hike?' })).body;
  const conversationId = (await wendy.post(`/companion-invites/${invite.id}/accept`)).body.conversationId;
  await xena.post(`/conversations/${conversationId}/messages`, { body: 'See you Saturday', clientId: 'xena-msg-1' });
  const pending = (await yuri.post('/companion-invites', { username: 'wendy', message: 'Me too?' })).body;
  const before = usernames(await xena.get('/companions/people?limit=50'));
  assert.ok(before.includes('wendy'), `xena finds wendy among companions: ${before.join(', ')}`);
  assert.ok((await xena.get('/companion-requests')).body.items.some((r: { id: number }) => r.id === request.id), 'xena sees wendy’s request');

  assert.equal((await wendy.put('/users/xena/block')).status, 204);
  assert.equal((await wendy.put('/users/yuri/block')).status, 204);
  for (const [viewer, other] of [[wendy, 'xena'], [xena, 'wendy']] as const) {
    assert.ok(!usernames(await viewer.get('/companions/people?limit=50')).includes(other), `people of ${other}`);
    assert.equal((await viewer.get('/conversations')).body.items.length, 0, 'the conversation is hidden');
    assert.equal((await viewer.get('/conversations')).body.unread, 0);
    assert.equal(errorCode(await viewer.get(`/conversations/${conversationId}/messages`)), 'not_found');
    assert.equal(errorCode(await viewer.post(`/conversations/${conversationId}/messages`, { body: 'hello?', clientId: `after-block-${other}` })), 'not_found');
    assert.equal(errorCode(await viewer.post('/companion-invites', { username: other, message: 'hi' })), 'not_found');
    assert.equal((await viewer.get('/me/companion-invites?box=incoming')).body.items.length, 0);
  }
  assert.ok(!(await xena.get('/companion-requests')).body.items.some((r: { id: number }) => r.id === request.id));
  assert.equal(errorCode(await xena.get(`/companion-requests/${request.id}`)), 'not_found');
  assert.equal(errorCode(await xena.post(`/companion-requests/${request.id}/applications`, { message: 'hi' })), 'not_found');
  assert.equal((await server.db.selectFrom('companion_invites').select('status').where('id', '=', pending.id).executeTakeFirstOrThrow()).status, 'withdrawn', 'pending invites end');

  // Unblocking brings the conversation back, history intact.
  await wendy.delete('/users/xena/block');
  assert.equal((await xena.get(`/conversations/${conversationId}/messages`)).body.items[0].body, 'See you Saturday');
});

test('reports of members and requests are recorded once for moderators', async () => {
  const { zoe, quinn } = await actors(server, 'zoe', 'quinn');
  const request = (await quinn.post('/companion-requests', requestBody())).body;
  const first = await zoe.post('/reports', { kind: 'user', username: 'quinn', reason: 'spam', details: 'Sends the same invite to everyone.' });
  assert.equal(first.status, 201);
  assert.equal((await zoe.post('/reports', { kind: 'user', username: 'quinn', reason: 'spam', details: 'again' })).body.id, first.body.id);
  assert.equal((await zoe.post('/reports', { kind: 'companion_request', id: request.id, reason: 'unsafe', details: '' })).status, 201);
  assert.equal((await zoe.post('/reports', { kind: 'user', username: 'zoe', reason: 'spam', details: '' })).status, 400);
  assert.equal((await zoe.post('/reports', { kind: 'user', username: 'ghost_user', reason: 'spam', details: '' })).status, 404);
  assert.equal((await zoe.post('/reports', { kind: 'post', username: 'quinn', reason: 'spam', details: '' })).status, 400);
  assert.equal((await zoe.post('/reports', { kind: 'user', username: 'quinn', reason: 'boring', details: '' })).status, 400);
  assert.equal((await zoe.get('/operator/reports')).status, 403);
  await server.db.updateTable('users').set({ role: 'operator' }).where('id', '=', zoe.id).execute();
  // A role is read with the session (kept briefly per instance): it applies from the next sign-in.
  assert.equal((await zoe.post('/auth/signin', { username: 'zoe', password: PASSWORD })).status, 200);
  // Gravest first: the unsafe request, then the spam.
  const queue = (await zoe.get('/operator/reports')).body.items;
  assert.deepEqual(queue.map((r: { target: { kind: string; id: number } }) => [r.target.kind, r.target.id]), [['companion_request', request.id], ['user', quinn.id]]);
});

test('an invite to one of my requests names it by its author: accepting counts a place on it, and deleting the request takes the invite', async () => {
  const { ruth, saul } = await actors(server, 'ruth', 'saul');
  await profile(ruth, 1990, 'female');
  await profile(saul, 1991, 'male');
  await putCard(ruth);
  await putCard(saul);
  const request = (await ruth.post('/companion-requests', requestBody({ spots: 1 }))).body;
  const invite = await ruth.post('/companion-invites', { username: 'saul', message: 'Join my hike?', requestId: request.id });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  // Invites live by their recipient; the request they are about by its author, the invite's sender.
  const stored = await server.db.selectFrom('companion_invites').select(['to_id', 'request_author_id']).where('id', '=', invite.body.id).executeTakeFirstOrThrow();
  assert.deepEqual(stored, { to_id: saul.id, request_author_id: ruth.id });

  const accepted = await saul.post(`/companion-invites/${invite.body.id}/accept`);
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.equal((await ruth.get(`/companion-requests/${request.id}`)).body.status, 'full', 'the one place is taken');

  await server.db.deleteFrom('companion_requests').where('author_id', '=', ruth.id).where('id', '=', request.id).execute();
  const left = await server.db.selectFrom('companion_invites').select('id').where('id', '=', invite.body.id).executeTakeFirst();
  assert.equal(left, undefined, 'the invite went with its request');
});
