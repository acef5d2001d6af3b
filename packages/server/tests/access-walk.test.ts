import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { activityBody, createActivity } from './_activities.js';
import { BASE, cardBody, putCard, requestBody } from './_companions.js';
import { actors, createGroup, createPost, startTestServer, type Client, type Reply, type TestServer } from './_util.js';

/**
 * Walks every operation of the OpenAPI document as three kinds of attacker —
 * an outsider, a member the owner blocked, and a pending applicant to a
 * private group (and an anonymous visitor) — against resources planted in a
 * private group and by the blocker. Nothing they may not see may show up in
 * any answer, no write on such a resource may succeed, and afterwards the
 * database holds exactly what it held before.
 */

// Text planted in everything that only the private group's members may see.
const SECRET = 'zqxsecret';
// Text planted in everything of the blocker's (their display name too): the blocked member must never see it.
const BLOCKER = 'zqxblocker';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

type Attacker = 'anonymous' | 'outsider' | 'blocked' | 'applicant';
type Family = 'group' | 'post' | 'comment' | 'activity' | 'registration' | 'companionRequest' | 'invite' | 'conversation' | 'user' | 'media' | 'room' | 'series' | 'payment';

interface Target {
  family: Family;
  id: number | string;
  /** Who may not see it (nor do anything with it). */
  secretFor: Attacker[];
  label: string;
}

const TABLES = [
  'groups', 'group_members', 'join_requests', 'posts', 'comments', 'post_likes', 'comment_likes', 'activities', 'registrations',
  'payments', 'companion_cards', 'companion_requests', 'companion_invites', 'conversations', 'messages', 'rec_feedback', 'blocks', 'media',
  'follows', 'suggestion_dismissals', 'rooms', 'room_messages', 'room_reads', 'room_mutes', 'conversation_pairs', 'group_rooms', 'activity_rooms',
] as const;

async function tableCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(server.db);
    counts[table] = rows[0]!.n;
  }
  const edits = await sql<{ n: number }>`select (select count(*) from posts where edited_at is not null or pinned_at is not null or deleted_at is not null)
    + (select count(*) from comments where edited_at is not null or deleted_at is not null)
    + (select count(*) from activities where status <> 'published' or title not like 'Walk%' and title not like ${SECRET + '%'} and title not like ${BLOCKER + '%'})
    + (select count(*) from group_members where role <> 'member')::int as n`.execute(server.db);
  counts.edits = Number(edits.rows[0]!.n);
  return counts;
}

test('an outsider, a blocked member and a pending applicant find nothing through any route', async () => {
  const { blocker, friend, member, outsider, blocked, applicant } = await actors(server, 'blocker', 'friend', 'member', 'outsider', 'blocked', 'applicant');
  const anonymous = server.client();
  await blocker.patch('/me', { displayName: `${BLOCKER} Person`, bio: `${BLOCKER} bio` });
  for (const c of [blocker, friend, member, outsider, blocked, applicant]) await c.patch('/me', { birthYear: 1990, gender: 'woman', onboarded: true, interests: [{ tag: 'hiking' }], ...BASE });

  // A private group of the blocker's, with content its members only may see.
  const privateGroup = await createGroup(blocker, { name: 'Quiet Ridge Circle', visibility: 'private', joinPolicy: 'approval' });
  for (const c of [member, friend]) {
    await c.post(`/groups/${privateGroup.id}/join`, { message: 'hello' });
    assert.equal((await blocker.post(`/groups/${privateGroup.id}/requests/${c.id}/approve`)).status, 204);
  }
  assert.equal((await applicant.post(`/groups/${privateGroup.id}/join`, { message: 'let me in' })).body.status, 'pending');
  const uploadPhoto = async (who: Client, color: string) => {
    const upload = new FormData();
    upload.append('file', new Blob([new Uint8Array(await sharp({ create: { width: 32, height: 24, channels: 3, background: color } }).png().toBuffer())], { type: 'image/png' }), 'ridge.png');
    const photo = (await who.post('/media', upload)).body;
    assert.ok(photo.id, JSON.stringify(photo));
    return photo as { id: number };
  };
  const secretPhoto = await uploadPhoto(member, '#2e4a3f');
  const secretPost = await createPost(member, privateGroup.id, { title: `${SECRET} post`, body: `${SECRET} body`, photos: [{ id: secretPhoto.id, alt: `${SECRET} view` }] });
  const secretComment = (await friend.post(`/posts/${secretPost.id}/comments`, { body: `${SECRET} comment` })).body;
  const secretActivity = await createActivity(blocker, { groupId: privateGroup.id, title: `${SECRET} hike`, description: `${SECRET} details`, place: { ...activityBody().place, name: `${SECRET} cave` } });
  await putCard(member);
  const linkedRequest = (await member.post('/companion-requests', requestBody({ activityId: secretActivity.id, description: 'Come along to our group walk' }))).body;
  assert.ok(linkedRequest.id, JSON.stringify(linkedRequest));

  // A public group of the blocker's, where the blocked member joined before the block.
  const openGroup = await createGroup(blocker, { name: 'Open Valley Walkers' });
  for (const c of [friend, blocked, outsider]) await c.post(`/groups/${openGroup.id}/join`);
  const blockerPostPhoto = await uploadPhoto(blocker, '#4a3f2e');
  const blockerPost = await createPost(blocker, openGroup.id, { title: `${BLOCKER} notes`, body: `${BLOCKER} body`, photos: [{ id: blockerPostPhoto.id }] });
  const friendPost = await createPost(friend, openGroup.id, { title: 'Walk report', body: 'A fine day out.' });
  const blockerComment = (await blocker.post(`/posts/${friendPost.id}/comments`, { body: `${BLOCKER} comment` })).body;
  const blockerActivity = await createActivity(blocker, { groupId: openGroup.id, title: `${BLOCKER} walk`, place: { ...activityBody().place, name: `${BLOCKER} lookout` } });
  const friendActivity = await createActivity(friend, { title: 'Walk by the lake' });
  const registration = (await blocker.post(`/activities/${friendActivity.id}/registrations`, {})).body;
  // A payment of the blocker's, for a paid walk (its receipt names the blocker).
  const paidActivity = await createActivity(friend, { title: 'Walk to the falls', fee: { amount: 3000, currency: 'CNY' } });
  const paidRegistration = (await blocker.post(`/activities/${paidActivity.id}/registrations`, {})).body;
  assert.equal((await blocker.post(`/registrations/${paidRegistration.id}/pay`, { idempotencyKey: 'walk-blocker-pays' })).status, 200);
  const payment = await server.db.selectFrom('payments').select('id').where('idempotency_key', '=', 'walk-blocker-pays').executeTakeFirstOrThrow();
  await putCard(blocker, { intro: `${BLOCKER} intro` });
  await putCard(friend);
  // The blocker and the friend follow each other, in lists the friend shows to everyone.
  await blocker.put('/users/friend/follow');
  await friend.put('/users/blocker/follow');
  await friend.patch('/me/privacy', { showFollows: 'everyone', showGroups: 'everyone' });
  const blockerRequest = (await blocker.post('/companion-requests', requestBody({ description: `${BLOCKER} request` }))).body;
  const invite = (await blocker.post('/companion-invites', { username: 'friend', message: `${BLOCKER} invite` })).body;
  assert.equal((await friend.post(`/companion-invites/${invite.id}/accept`)).status, 200);
  const conversationId = (await friend.get('/conversations')).body.items[0].id as number;
  const message = (await blocker.post(`/conversations/${conversationId}/messages`, { body: `${BLOCKER} message`, clientId: 'walk-message-1' })).body;
  const photo = await uploadPhoto(blocker, '#556b2f');
  // The private group's activity's room, with a pinned note, and the group's own room.
  const secretRoom = (await blocker.get(`/activities/${secretActivity.id}/room`)).body;
  const roomMessage = (await blocker.post(`/rooms/${secretRoom.id}/messages`, { body: `${SECRET} meeting point`, clientId: 'walk-room-1' })).body;
  assert.equal((await blocker.put(`/rooms/${secretRoom.id}/messages/${roomMessage.id}/pin`)).status, 200);
  const secretGroupRoom = (await blocker.put(`/groups/${privateGroup.id}/room`)).body;
  await member.post(`/rooms/${secretGroupRoom.id}/messages`, { body: `${SECRET} group chatter`, clientId: 'walk-room-2' });
  // A weekly series of the private group's.
  const secretSeries = (await blocker.post('/series', { activity: activityBody({ groupId: privateGroup.id, title: `${SECRET} weekly` }), freq: 'weekly' })).body;
  assert.ok(secretSeries.id, JSON.stringify(secretSeries));
  assert.equal((await blocker.put('/users/blocked/block')).status, 204);

  // Every attacker is kept out of the private group's things; the blocked member also out of the blocker's.
  const everyone: Attacker[] = ['anonymous', 'outsider', 'blocked', 'applicant'];
  const targets: Target[] = [
    { family: 'group', id: privateGroup.id, secretFor: everyone, label: 'private group' },
    { family: 'post', id: secretPost.id, secretFor: everyone, label: 'post in the private group' },
    { family: 'post', id: blockerPost.id, secretFor: ['blocked'], label: "blocker's post" },
    { family: 'comment', id: secretComment.id, secretFor: everyone, label: 'comment in the private group' },
    { family: 'comment', id: blockerComment.id, secretFor: ['blocked'], label: "blocker's comment on a friend's post" },
    { family: 'activity', id: secretActivity.id, secretFor: everyone, label: "private group's activity" },
    { family: 'activity', id: blockerActivity.id, secretFor: ['blocked'], label: "blocker's public activity" },
    { family: 'registration', id: registration.id, secretFor: everyone, label: "blocker's registration" },
    { family: 'companionRequest', id: blockerRequest.id, secretFor: ['blocked'], label: "blocker's companion request" },
    { family: 'invite', id: invite.id, secretFor: everyone, label: "blocker's invite" },
    { family: 'conversation', id: conversationId, secretFor: everyone, label: "blocker's conversation" },
    { family: 'user', id: 'blocker', secretFor: ['blocked'], label: 'the blocker' },
    { family: 'media', id: photo.id, secretFor: everyone, label: "blocker's upload, not used anywhere yet" },
    { family: 'media', id: secretPhoto.id, secretFor: everyone, label: "photo in the private group's post" },
    { family: 'media', id: blockerPostPhoto.id, secretFor: ['blocked'], label: "photo in the blocker's post" },
    { family: 'room', id: secretRoom.id, secretFor: everyone, label: "the private group's activity's room" },
    { family: 'room', id: secretGroupRoom.id, secretFor: everyone, label: "the private group's room" },
    { family: 'series', id: secretSeries.id, secretFor: everyone, label: "the private group's series" },
    { family: 'payment', id: payment.id, secretFor: everyone, label: "blocker's payment" },
  ];
  const clients: Record<Attacker, Client> = { anonymous, outsider, blocked, applicant };
  const markers = (who: Attacker) => (who === 'blocked' ? [SECRET, BLOCKER] : [SECRET]);
  const idOf = (family: Family, who: Attacker) => targets.find((t) => t.family === family && t.secretFor.includes(who))?.id;

  // Valid bodies, so that a refusal comes from the access check and not from validation.
  const bodies: Record<string, (who: Attacker, target: Target) => unknown> = {
    'PATCH /groups/{id}': () => ({ description: 'changed' }),
    'POST /groups/{id}/reports/resolve': () => ({ target: { kind: 'post', id: 1 }, action: 'remove', reason: 'walk' }),
    'POST /rooms/{id}/messages': (who) => ({ body: 'hello room', clientId: `walk-room-${who}` }),
    'POST /rooms/{id}/read': () => ({ upTo: roomMessage.id }),
    'PUT /activities/{id}/attendance/{registrationId}': () => ({ attended: false }),
    'POST /registrations/{id}/contest': () => ({ note: 'I was there' }),
    'PUT /activities/{id}/feedback': () => ({ rating: 4 }),
    'PATCH /series/{id}': () => ({ from: secretSeries.occurrences[1].id, title: 'Taken over' }),
    'POST /rooms/{id}/mutes': () => ({ username: 'member', minutes: 10 }),
    'POST /groups/{id}/join': () => ({ message: 'please' }),
    'PATCH /groups/{id}/members/{userId}': () => ({ role: 'admin' }),
    'POST /groups/{id}/transfer': () => ({ userId: friend.id }),
    'POST /groups/{id}/posts': () => ({ kind: 'discussion', title: 'Sneaking in', body: 'Hello' }),
    'PATCH /posts/{id}': () => ({ title: 'Changed title' }),
    'PUT /posts/{id}/pin': () => ({ pinned: true }),
    'POST /posts/{id}/comments': () => ({ body: 'Sneaky comment' }),
    'PATCH /comments/{id}': () => ({ body: 'Edited' }),
    'PATCH /activities/{id}': () => ({ title: 'Changed activity' }),
    'POST /activities/{id}/registrations': () => ({ answers: {} }),
    'POST /activities/{id}/check-in': () => ({ code: 'ABCDEF' }),
    'POST /activities/{id}/album': () => ({ photos: [{ id: photo.id }] }),
    'POST /registrations/{id}/pay': () => ({ idempotencyKey: 'walk-pay-key-1' }),
    'POST /companion-requests/{id}/applications': () => ({ message: 'Can I come?' }),
    'POST /conversations/{id}/messages': (who) => ({ body: 'Hi there', clientId: `walk-${who}-1` }),
    'POST /conversations/{id}/read': () => ({ upTo: message.id }),
  };
  // Writes whose body names another resource: each names a secret one.
  const referenceWrites: { method: string; path: string; body: (who: Attacker) => unknown; who: Attacker[] }[] = [
    { method: 'POST', path: '/groups', body: () => ({ name: 'Nope Group', description: '', tags: ['hiking'], city: 'Beijing', visibility: 'public', joinPolicy: 'open' }), who: [] },
    { method: 'POST', path: '/activities', body: () => activityBody({ groupId: privateGroup.id }), who: everyone },
    { method: 'POST', path: '/series', body: () => ({ activity: activityBody({ groupId: privateGroup.id }), freq: 'weekly' }), who: everyone },
    { method: 'POST', path: '/companion-requests', body: (who) => requestBody({ activityId: idOf('activity', who) }), who: everyone },
    { method: 'POST', path: '/companion-invites', body: () => ({ username: 'blocker', message: 'Hi' }), who: ['blocked'] },
    { method: 'POST', path: '/companion-invites', body: () => ({ username: 'friend', message: 'Hi', requestId: blockerRequest.id }), who: ['blocked'] },
    { method: 'POST', path: `/groups/${openGroup.id}/join`, body: () => ({ message: 'back again' }), who: ['blocked'] },
    { method: 'POST', path: `/posts/${friendPost.id}/comments`, body: () => ({ body: 'A reply', parentId: blockerComment.id }), who: ['blocked'] },
    { method: 'POST', path: '/reports', body: (who) => ({ kind: 'photo', id: idOf('media', who), reason: 'spam', details: '' }), who: everyone },
    // Another member's upload cannot be placed in one's own post.
    { method: 'POST', path: `/groups/${openGroup.id}/posts`, body: () => ({ kind: 'guide', title: 'Borrowed', body: 'Not mine', photos: [{ id: photo.id }] }), who: ['outsider', 'blocked'] },
    ...(['post', 'activity'] as const).flatMap((kind) =>
      ['not-interested', 'interested'].map((path) => ({
        method: 'POST',
        path: `/recommendations/${path}`,
        body: (who: Attacker) => ({ kind, id: idOf(kind, who) }),
        who: everyone,
      })),
    ),
  ];
  // Operations that act on no planted resource, or only on the actor's own things.
  const notAboutOthers = new Set([
    'POST /auth/signup', 'POST /auth/signin', 'POST /auth/signout', 'PATCH /me', 'PUT /me/companion-card', 'DELETE /me/companion-card',
    'POST /me/notifications/read', 'POST /reports', 'POST /payments/webhook', 'PUT /users/{username}/block', 'DELETE /users/{username}/block',
    'POST /groups/{id}/leave', 'DELETE /me/followers/{username}', 'POST /me/follow-requests/{username}/accept', 'POST /me/follow-requests/{username}/decline',
    'PATCH /me/privacy', 'PATCH /me/notification-settings',
    // One's own notification by id (another member's is a 404: notifications.test.ts).
    'POST /me/notifications/{id}/read',
  ]);
  // That a group exists (its name and description) anyone may see.
  const openToAll = new Set(['GET /groups/{id}']);
  // Lists and searches, with the query that would surface planted things.
  const listQueries: Record<string, string> = {
    '/search/groups': '?q=Quiet',
    '/search/posts': `?q=${SECRET}`,
    '/search/activities': `?q=${SECRET}`,
    // The blocker's username: the blocked member must not find them (their display name is a marker).
    '/search/people': '?q=blocker',
    // The venue search would name the private group's place.
    '/places': `?q=${SECRET}`,
    '/activities/nearby': '?lat=40&lng=116.19&radiusKm=100',
    '/companion-requests': `?lat=${BASE.lat}&lng=${BASE.lng}`,
    '/companions/people': `?lat=${BASE.lat}&lng=${BASE.lng}`,
    // The console's member search would name the planted members.
    '/operator/members': '?q=zqx',
    '/operator/jobs': '?state=dead',
  };
  const extraReads = [
    `/groups/${openGroup.id}/posts`, `/groups/${openGroup.id}/activities`, `/groups/${openGroup.id}/members`, `/posts/${friendPost.id}/comments`,
    `/search/posts?q=${BLOCKER}`, `/search/activities?q=${BLOCKER}`, `/search/people?q=${BLOCKER}`, `/places?q=${BLOCKER}`, '/search/activities?q=hiking', '/users/friend/groups', '/users/member', '/users/friend/followers', '/users/friend/following', '/users/friend/friends', `/companion-requests/${linkedRequest.id}`, `/activities/${friendActivity.id}`,
  ];

  const document = (await anonymous.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
  const before = await tableCounts();
  const leaks: string[] = [];
  const stats = { reads: 0, writes: 0, denied: 0, operations: new Set<string>() };

  const check = (who: Attacker, what: string, reply: Reply, write: boolean, mustDeny: boolean) => {
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    for (const marker of markers(who)) if (text.toLowerCase().includes(marker)) leaks.push(`${who} ${what} → ${reply.status} shows ${marker}`);
    if (reply.status >= 500) leaks.push(`${who} ${what} → ${reply.status}`);
    if (write) stats.writes++;
    else stats.reads++;
    if (!mustDeny) return;
    if ([401, 403, 404].includes(reply.status)) stats.denied++;
    else leaks.push(`${who} ${what} → ${reply.status} (expected a refusal) ${text.slice(0, 200)}`);
  };

  // Valid bodies for the console's writes, so the refusal is access's and not validation's.
  const operatorBodies: Record<string, unknown> = {
    'PUT /operator/members/{username}/role': { role: 'operator', reason: 'walk' },
    'POST /operator/members/{username}/suspension': { days: 1, reason: 'walk' },
    'POST /operator/members/{username}/suspension/lift': { reason: 'walk' },
    'POST /operator/members/{username}/warnings': { reason: 'walk' },
    'PUT /operator/featured/{kind}/{id}': { reason: 'walk' },
  };
  for (const [fullPath, operations] of Object.entries(document.paths)) {
    if (!fullPath.startsWith('/api/v1/') || fullPath === '/api/v1/realtime') continue;
    const path = fullPath.slice('/api/v1'.length);
    for (const [lower, operation] of Object.entries(operations)) {
      const method = lower.toUpperCase();
      const key = `${method} ${path}`;
      if (notAboutOthers.has(key)) continue;
      stats.operations.add(key);
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const who of everyone) {
        const client = clients[who];
        if (params.length === 0) {
          if (method !== 'GET') continue; // writes without a path id are the reference writes below
          const url = path + (listQueries[path] ?? '');
          // The console's lists are staff's alone.
          check(who, `GET ${url}`, await client.get(url), false, path.startsWith('/operator/'));
          continue;
        }
        if (path.startsWith('/operator/')) {
          // Operators' tools: refused to everyone else whatever the id.
          const body = operation.requestBody ? (operatorBodies[key] ?? {}) : undefined;
          const query = method === 'DELETE' ? '?reason=walk' : '';
          const url = path.replace('{id}', '1').replace('{username}', 'member').replace('{kind}', 'group') + query;
          check(who, key, await client.request(method, url, body), method !== 'GET', true);
          continue;
        }
        const family = path.startsWith('/users/') || (path.includes('{username}') && !path.startsWith('/rooms/')) ? 'user' : (({ groups: 'group', posts: 'post', comments: 'comment', activities: 'activity', registrations: 'registration', 'companion-requests': 'companionRequest', 'companion-invites': 'invite', conversations: 'conversation', media: 'media', rooms: 'room', series: 'series', payments: 'payment' }) as Record<string, Family>)[path.split('/')[1]!];
        if (!family) {
          leaks.push(`${key}: no planted resource of its kind; add one to the walk`);
          continue;
        }
        for (const target of targets.filter((t) => t.family === family && t.secretFor.includes(who))) {
          // Asking to join is how one gets in; only the blocked member's request to the blocker's group is refused.
          if (key === 'POST /groups/{id}/join' && who !== 'blocked') continue;
          const url = path.replace(/\{(id|username)\}/, String(target.id)).replace('{userId}', String(friend.id)).replace('{messageId}', String(roomMessage.id)).replace('{registrationId}', String(registration.id)).replace('{username}', 'member').replace('{variant}', 'thumb').replace('{format}', 'webp');
          const body = operation.requestBody ? bodies[key]?.(who, target) : undefined;
          if (operation.requestBody && body === undefined) leaks.push(`no body for ${key}: add one so the walk reaches the access check`);
          const reply = await client.request(method, url, body);
          check(who, `${method} ${url} (${target.label})`, reply, method !== 'GET', !openToAll.has(key));
          if (method !== 'GET' && reply.status === 400) leaks.push(`${who} ${key} was refused as invalid before access was checked: ${JSON.stringify(reply.body)}`);
        }
      }
    }
  }
  for (const write of referenceWrites) {
    for (const who of write.who) {
      const reply = await clients[who].request(write.method, write.path, write.body(who));
      check(who, `${write.method} ${write.path} ${JSON.stringify(write.body(who)).slice(0, 80)}`, reply, true, true);
    }
  }
  for (const who of everyone) for (const url of extraReads) check(who, `GET ${url}`, await clients[who].get(url), false, false);

  assert.deepEqual(leaks, []);
  assert.deepEqual(await tableCounts(), before, 'a refused write changed nothing');
  // The walk reached what it claims: every kind of operation, many refusals.
  assert.ok(stats.operations.size >= 70, `walked ${stats.operations.size} operations`);
  assert.ok(stats.denied >= 200, `refusals: ${stats.denied}`);
  assert.ok(stats.reads >= 150 && stats.writes >= 140, JSON.stringify({ reads: stats.reads, writes: stats.writes }));

  // The members themselves still see it all, so the planted things were really there to find.
  assert.equal((await member.get(`/posts/${secretPost.id}`)).status, 200);
  assert.equal((await member.get(`/companion-requests/${linkedRequest.id}`)).body.activity.title, `${SECRET} hike`);
  assert.equal((await friend.get(`/posts/${friendPost.id}/comments`)).body.items[0].comment.body, `${BLOCKER} comment`);
  assert.equal((await outsider.get(`/activities/${blockerActivity.id}`)).status, 200);
  assert.equal((await blocker.get(`/media/${photo.id}/thumb.webp`)).status, 200);
  assert.equal((await friend.get(`/media/${secretPhoto.id}/thumb.webp`)).status, 200);
  assert.equal((await outsider.get(`/media/${blockerPostPhoto.id}/thumb.webp`)).status, 200);
});
