import { notificationKinds, type NotificationKind } from '@kindred/contract';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jobHandlers } from '../src/jobs/handlers.js';
import { grantFromCommandLine } from '../src/features/moderation/standing.js';
import { createActivity } from './_activities.js';
import { profile, putCard, requestBody } from './_companions.js';
import { actors, createGroup, createPost, waitUntil, type Client, type TestServer, startTestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const HOUR = 3_600_000;

interface Seen {
  id: number;
  kind: string;
  actors: { username: string }[];
  subject: { kind: string; id: number; title: string } | null;
  data: Record<string, unknown>;
  link: string;
  read: boolean;
}

const inbox = async (member: Client): Promise<Seen[]> => {
  const reply = await member.get('/me/notifications?limit=50');
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.items;
};
const ofKind = async (member: Client, kind: NotificationKind) => (await inbox(member)).filter((n) => n.kind === kind);

/** Every notification any member saw in this file, for the per-kind checks at the end. */
const seen: Seen[] = [];
async function heard(member: Client, kind: NotificationKind): Promise<Seen> {
  const found = await ofKind(member, kind);
  assert.equal(found.length, 1, `${kind}: ${JSON.stringify(found)}`);
  seen.push(found[0]!);
  return found[0]!;
}

async function payFor(member: Client, registrationId: number, key: string, outcome: 'succeeded' | 'failed' = 'succeeded') {
  assert.equal((await member.post(`/registrations/${registrationId}/pay`, { idempotencyKey: key })).status, 200);
  const charge = await server.db.selectFrom('payments').select('provider_charge_id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
  if (outcome === 'failed') server.ctx.payments.options.decide = () => 'failed';
  try {
    await server.ctx.payments.send(await server.ctx.payments.settle(charge.provider_charge_id!));
  } finally {
    delete server.ctx.payments.options.decide;
  }
}

/**
 * What the web app needs of each kind to say it and lead somewhere: the fields its sentence reads
 * (beyond the actor and the subject's title) and where its link goes. A Record over every kind,
 * so a new kind does not compile until it says both.
 */
const needs: Record<NotificationKind, { data?: string[]; title?: true; link: RegExp }> = {
  'follow.new': { data: ['mutual'], link: /^\/u\/\w+$/ },
  'follow.request': { link: /^\/me#follow-requests$/ },
  'follow.accepted': { link: /^\/u\/\w+$/ },
  'post.liked': { title: true, link: /^\/posts\/\d+$/ },
  'comment.liked': { title: true, link: /^\/posts\/\d+#comment-\d+$/ },
  'post.commented': { title: true, data: ['excerpt'], link: /^\/posts\/\d+#comment-\d+$/ },
  'comment.replied': { title: true, data: ['excerpt'], link: /^\/posts\/\d+#comment-\d+$/ },
  mention: { title: true, data: ['excerpt'], link: /^\/posts\/\d+(#comment-\d+)?$|^\/rooms\/\d+$/ },
  'group.join_request': { title: true, link: /^\/groups\/\d+#join-requests$/ },
  'group.join_approved': { title: true, link: /^\/groups\/\d+$/ },
  'group.join_declined': { title: true, link: /^\/groups\/\d+$/ },
  'group.ownership_claim': { title: true, link: /^\/groups\/\d+$/ },
  'group.ownership_objected': { title: true, link: /^\/groups\/\d+$/ },
  'group.ownership_transferred': { title: true, link: /^\/groups\/\d+$/ },
  'registration.confirmed': { title: true, link: /^\/activities\/\d+$/ },
  'registration.promoted': { title: true, data: ['status'], link: /^\/activities\/\d+$/ },
  'registration.pending': { title: true, link: /^\/activities\/\d+\/manage$/ },
  'registration.approved': { title: true, data: ['status'], link: /^\/activities\/\d+$/ },
  'registration.rejected': { title: true, link: /^\/activities\/\d+$/ },
  'registration.expired': { title: true, link: /^\/activities\/\d+$/ },
  'payment.failed': { title: true, link: /^\/activities\/\d+$/ },
  'payment.refunded': { title: true, data: ['amount', 'currency'], link: /^\/activities\/\d+$/ },
  'activity.changed': { title: true, data: ['changes'], link: /^\/activities\/\d+$/ },
  'activity.cancelled': { title: true, link: /^\/activities\/\d+$/ },
  'series.still_on': { title: true, link: /^\/activities\/\d+$/ },
  'series.paused': { title: true, link: /^\/series\/\d+$/ },
  'activity.reminder': { title: true, data: ['hours', 'startsAt'], link: /^\/activities\/\d+$/ },
  'activity.recap': { title: true, link: /^\/groups\/\d+\/posts\/new\?recap=\d+$|^\/activities\/\d+$/ },
  'activity.feedback': { title: true, link: /^\/activities\/\d+#feedback$/ },
  'companion.invite': { data: ['excerpt'], link: /^\/companions\/inbox#invite-\d+$/ },
  'companion.application': { data: ['excerpt', 'requestId'], link: /^\/companions\/requests\/\d+#invite-\d+$/ },
  'companion.accepted': { data: ['conversationId'], link: /^\/companions\/chats\/\d+$/ },
  'companion.declined': { link: /^\/companions\/inbox\?box=outgoing#invite-\d+$/ },
  'message.unread': { data: ['count'], link: /^\/companions\/chats\/\d+$/ },
  // Said whole in their sentence, about nothing the member can open: they stay on the list.
  'account.warning': { data: ['reason'], link: /^\/notifications$/ },
  'report.resolved': { data: ['actionTaken'], link: /^\/notifications$/ },
  'group.removed': { data: ['groupName', 'reason'], link: /^\/notifications$/ },
  // Removed: about the group it was in (the author can no longer open it); restored: the post or comment itself.
  'content.removed': { data: ['contentKind', 'postTitle'], title: true, link: /^\/groups\/\d+$/ },
  'content.restored': { data: ['contentKind'], title: true, link: /^\/posts\/\d+(#comment-\d+)?$/ },
};

/** Kinds this file does not make, and the test files that make them and check their links. */
const madeElsewhere: Partial<Record<NotificationKind, string>> = {
  'group.ownership_claim': 'stewardship.test.ts',
  'group.ownership_objected': 'stewardship.test.ts',
  'group.ownership_transferred': 'stewardship.test.ts',
  'series.still_on': 'series.test.ts',
  'series.paused': 'series.test.ts',
  'activity.recap': 'attendance.test.ts',
  'activity.feedback': 'attendance.test.ts',
  'report.resolved': 'moderation.test.ts',
  'group.removed': 'moderation.test.ts',
};

describe('every kind of notification', () => {
  test('follows, likes, comments, mentions and groups', async () => {
    const { nka, nkb, nkc } = await actors(server, 'nka', 'nkb', 'nkc');
    await nkb.put('/users/nka/follow');
    await nka.put('/users/nkb/follow');
    assert.equal((await heard(nkb, 'follow.new')).data.mutual, true);
    await heard(nka, 'follow.new');
    await nkc.patch('/me/privacy', { followApproval: true });
    await nka.put('/users/nkc/follow');
    await heard(nkc, 'follow.request');
    assert.equal((await nkc.post('/me/follow-requests/nka/accept')).status, 204);
    await heard(nka, 'follow.accepted');

    const group = await createGroup(nka, { name: 'Kinds Club' });
    const post = await createPost(nka, group.id, { title: 'Every kind' });
    await nkb.post(`/groups/${group.id}/join`);
    await nkb.put(`/posts/${post.id}/like`);
    await heard(nka, 'post.liked');
    const comment = (await nkb.post(`/posts/${post.id}/comments`, { body: 'First' })).body;
    await heard(nka, 'post.commented');
    await nka.put(`/comments/${comment.id}/like`);
    await heard(nkb, 'comment.liked');
    await nka.post(`/posts/${post.id}/comments`, { body: 'Thanks', parentId: comment.id });
    await heard(nkb, 'comment.replied');
    await createPost(nka, group.id, { title: 'Hello', body: 'Welcome, @nkb' });
    await heard(nkb, 'mention');

    const closed = await createGroup(nkc, { name: 'Kinds Door', joinPolicy: 'approval' });
    assert.equal((await nka.post(`/groups/${closed.id}/join`, { message: 'hi' })).status, 200);
    assert.equal((await nkb.post(`/groups/${closed.id}/join`, { message: 'hi' })).status, 200);
    await heard(nkc, 'group.join_request');
    assert.equal((await nkc.post(`/groups/${closed.id}/requests/${nka.id}/approve`)).status, 204);
    assert.equal((await nkc.post(`/groups/${closed.id}/requests/${nkb.id}/reject`)).status, 204);
    await heard(nka, 'group.join_approved');
    await heard(nkb, 'group.join_declined');
  });

  test('registrations and payments: confirmed, then taken back when the member cancels, with the refund and its amount', async () => {
    const { nkh, nkm } = await actors(server, 'nkh', 'nkm');
    const activity = await createActivity(nkh, { title: 'Paid walk', fee: { amount: 8800, currency: 'CNY' }, refundPolicy: { fullRefundHoursBefore: 24 } });
    const reg = (await nkm.post(`/activities/${activity.id}/registrations`, {})).body;
    await payFor(nkm, reg.id, 'nk-pay-fail', 'failed');
    await heard(nkm, 'payment.failed');
    await payFor(nkm, reg.id, 'nk-pay-ok');
    const confirmed = await heard(nkm, 'registration.confirmed');
    assert.equal(confirmed.subject?.title, 'Paid walk');

    assert.equal((await nkm.post(`/registrations/${reg.id}/cancel`)).status, 200);
    assert.deepEqual(await ofKind(nkm, 'registration.confirmed'), [], '"you\'re confirmed" is taken back');
    const refunded = await heard(nkm, 'payment.refunded');
    assert.deepEqual([refunded.data.amount, refunded.data.currency, refunded.link], [8800, 'CNY', `/activities/${activity.id}`]);
    const stored = await server.db.selectFrom('notifications').select('kind').where('user_id', '=', nkm.id).where('kind', '=', 'registration.confirmed').execute();
    assert.deepEqual(stored, [], 'deleted, not hidden');
    assert.equal((await nkm.get('/me/notifications/unread')).body.unread, (await inbox(nkm)).filter((n) => !n.read).length, 'the count agrees with the list');
  });

  test('the organizer cancels: each member hears what came back to them; a seat that was promoted, approved or reminded is taken back', async () => {
    const { nko, nkp, nkq, nkr } = await actors(server, 'nko', 'nkp', 'nkq', 'nkr');
    const activity = await createActivity(nko, { title: 'Called off', fee: { amount: 3000, currency: 'CNY' }, capacity: 1 });
    const paid = (await nkp.post(`/activities/${activity.id}/registrations`, {})).body;
    await payFor(nkp, paid.id, 'nk-called-off');
    const waiting = (await nkq.post(`/activities/${activity.id}/registrations`, {})).body;
    assert.equal(waiting.status, 'waitlisted');
    await jobHandlers(server.ctx)['activity.remind']!({ activityId: activity.id, hours: 24 });
    const reminder = await heard(nkp, 'activity.reminder');
    assert.equal(reminder.data.hours, 24);

    assert.equal((await nko.post(`/activities/${activity.id}/cancel`)).status, 200);
    const [toPayer] = await ofKind(nkp, 'activity.cancelled');
    const [toWaiter] = await ofKind(nkq, 'activity.cancelled');
    seen.push(toPayer!, toWaiter!);
    assert.deepEqual([toPayer!.data.amount, toPayer!.data.currency], [3000, 'CNY'], 'the payer is told the refund');
    assert.deepEqual([toWaiter!.data.amount, toWaiter!.data.currency], [undefined, undefined], 'nothing paid, nothing said of money');
    for (const kind of ['registration.confirmed', 'activity.reminder'] as const) assert.deepEqual(await ofKind(nkp, kind), [], `${kind} taken back`);
    assert.deepEqual(await ofKind(nkr, 'activity.cancelled'), [], 'only its registrants hear');

    // A promoted place that expires unpaid takes its "a seat is yours" back too.
    const second = await createActivity(nko, { title: 'Seat goes round', fee: { amount: 1000, currency: 'CNY' }, capacity: 1 });
    const first = (await nkp.post(`/activities/${second.id}/registrations`, {})).body;
    const next = (await nkq.post(`/activities/${second.id}/registrations`, {})).body;
    assert.equal((await nkp.post(`/registrations/${first.id}/cancel`)).status, 200);
    await heard(nkq, 'registration.promoted');
    await server.db.updateTable('registrations').set({ payment_deadline: new Date(Date.now() - 1000) }).where('id', '=', next.id).execute();
    await jobHandlers(server.ctx)['registration.expire']!({ registrationId: next.id });
    await heard(nkq, 'registration.expired');
    assert.deepEqual(await ofKind(nkq, 'registration.promoted'), []);
  });

  test('approval, changes', async () => {
    const { nks, nkt, nku } = await actors(server, 'nks', 'nkt', 'nku');
    const activity = await createActivity(nks, { title: 'Ask first', requiresApproval: true });
    const a = (await nkt.post(`/activities/${activity.id}/registrations`, {})).body;
    const b = (await nku.post(`/activities/${activity.id}/registrations`, {})).body;
    const [pending] = await ofKind(nks, 'registration.pending');
    seen.push(pending!);
    assert.equal((await nks.post(`/registrations/${a.id}/approve`)).status, 204);
    assert.equal((await nks.post(`/registrations/${b.id}/reject`)).status, 204);
    await heard(nkt, 'registration.approved');
    await heard(nku, 'registration.rejected');
    const moved = new Date(Date.now() + 96 * HOUR);
    assert.equal((await nks.patch(`/activities/${activity.id}`, { startsAt: moved.toISOString(), endsAt: new Date(moved.getTime() + HOUR).toISOString() })).status, 200);
    await heard(nkt, 'activity.changed');
  });

  test('companions: an invite leads to it in the inbox, an acceptance into the chat it opened, a decline to the invites sent, an application to the request', async () => {
    const { nkv, nkw, nkx } = await actors(server, 'nkv', 'nkw', 'nkx');
    for (const m of [nkv, nkw, nkx]) await putCard(m);
    await profile(nkw, 1990, 'female');
    const invite = (await nkv.post('/companion-invites', { username: 'nkw', message: 'Hike on Saturday?' })).body;
    const invited = await heard(nkw, 'companion.invite');
    assert.deepEqual([invited.link, invited.data.excerpt], [`/companions/inbox#invite-${invite.id}`, 'Hike on Saturday?']);
    const accepted = (await nkw.post(`/companion-invites/${invite.id}/accept`)).body;
    const yes = await heard(nkv, 'companion.accepted');
    assert.equal(yes.link, `/companions/chats/${accepted.conversationId}`);
    assert.equal((await nkv.get(`/conversations/${accepted.conversationId}/messages`)).status, 200, 'the chat it leads to opens');

    const other = (await nkx.post('/companion-invites', { username: 'nkv', message: 'Climb?' })).body;
    assert.equal((await nkv.post(`/companion-invites/${other.id}/decline`)).status, 200);
    assert.equal((await heard(nkx, 'companion.declined')).link, `/companions/inbox?box=outgoing#invite-${other.id}`);

    const request = (await nkv.post('/companion-requests', requestBody())).body;
    const applied = (await nkw.post(`/companion-requests/${request.id}/applications`, { message: 'I know the trail.' })).body;
    assert.equal((await heard(nkv, 'companion.application')).link, `/companions/requests/${request.id}#invite-${applied.id}`);

    const sent = await nkv.post(`/conversations/${accepted.conversationId}/messages`, { body: 'See you at nine', clientId: 'nk-away-1' });
    assert.equal(sent.status, 201);
    await jobHandlers(server.ctx)['chat.away']!({ conversationId: accepted.conversationId, userId: nkw.id });
    await heard(nkw, 'message.unread');
  });

  test('account: a warning', async () => {
    const { nky, nkz } = await actors(server, 'nky', 'nkz');
    await grantFromCommandLine(server.db, 'nky', 'moderator');
    await waitUntil('nky is moderator', async () => (await nky.get('/me')).body.role === 'moderator');
    assert.equal((await nky.post('/operator/members/nkz/warnings', { reason: 'Please keep it civil.' })).status, 204);
    await heard(nkz, 'account.warning');
  });

  test('account: a moderator removes a post and a comment and brings them back', async () => {
    const { nkm1, nkm2 } = await actors(server, 'nkm1', 'nkm2');
    const group = await createGroup(nkm1, { name: 'Moderated Kinds' });
    assert.equal((await nkm2.post(`/groups/${group.id}/join`)).status, 200);
    const post = await createPost(nkm2, group.id, { title: 'Said too much' });
    const comment = await nkm2.post(`/posts/${post.id}/comments`, { body: 'And more besides' });
    assert.equal(comment.status, 201);
    assert.equal((await nkm1.delete(`/comments/${comment.body.id}`)).status, 204);
    const removed = await heard(nkm2, 'content.removed');
    assert.deepEqual([removed.subject?.kind, removed.subject?.title, removed.data.contentKind, removed.data.excerpt, removed.actors], ['group', 'Moderated Kinds', 'comment', 'And more besides', []], 'about the group, naming no moderator');
    assert.equal((await nkm1.post(`/comments/${comment.body.id}/restore`)).status, 204);
    const restored = await heard(nkm2, 'content.restored');
    assert.equal(restored.link, `/posts/${post.id}#comment-${comment.body.id}`);
    assert.equal((await nkm1.delete(`/posts/${post.id}`)).status, 204);
    assert.equal((await ofKind(nkm2, 'content.removed')).length, 2, 'the post’s removal is told too');
    assert.equal((await nkm1.post(`/posts/${post.id}/restore`)).status, 204);
    const back = (await ofKind(nkm2, 'content.restored')).find((n) => n.subject?.kind === 'post');
    assert.deepEqual([back?.link, back?.subject?.title], [`/posts/${post.id}`, 'Said too much']);
    assert.equal((await nkm2.delete(`/posts/${post.id}`)).status, 204);
    assert.equal((await ofKind(nkm1, 'content.removed')).length, 0, 'an author deleting their own post is told nothing');
  });

  test('each kind carries what its sentence reads and a link of its own shape; every kind is made here or in a named file', () => {
    const made = new Set(seen.map((n) => n.kind));
    const all = Object.values(notificationKinds).flat() as NotificationKind[];
    assert.deepEqual(all.filter((k) => !made.has(k) && !madeElsewhere[k]), [], 'kinds made nowhere');
    assert.deepEqual([...made].filter((k) => madeElsewhere[k as NotificationKind]), [], 'a kind made here needs no other file');
    for (const n of seen) {
      const need = needs[n.kind as NotificationKind];
      assert.ok(need, `unknown kind ${n.kind}`);
      assert.match(n.link, need.link, `${n.kind}: ${n.link}`);
      if (need.title) assert.ok(n.subject?.title, `${n.kind} names its subject`);
      for (const field of need.data ?? []) assert.notEqual(n.data[field], undefined, `${n.kind} carries ${field}`);
    }
  });
});
