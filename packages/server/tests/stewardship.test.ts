import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jobHandlers } from '../src/jobs/handlers.js';
import { actors, createGroup, createPost, errorCode, PASSWORD, startTestServer, type Client, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

const DAY = 24 * 3_600_000;
const away = (member: Client & { id: number }, days: number) =>
  server.db.updateTable('users').set({ last_seen_at: new Date(Date.now() - days * DAY) }).where('id', '=', member.id).execute();
const kinds = async (member: Client) => (await member.get('/me/notifications')).body.items.map((n: { kind: string }) => n.kind);

test('an admin claims the group of an owner away 60 days; the owner may object; unopposed, it changes hands after the notice', async () => {
  const { founder, deputy, regular, outsider } = await actors(server, 'founder', 'deputy', 'regular', 'outsider');
  const group = await createGroup(founder, { name: 'Orphan Hikers' });
  for (const m of [deputy, regular]) await m.post(`/groups/${group.id}/join`);
  await founder.patch(`/groups/${group.id}/members/${deputy.id}`, { role: 'admin' });

  assert.equal(errorCode(await deputy.post(`/groups/${group.id}/ownership-claim`)), 'conflict', 'the owner is around');
  await away(founder, 61);
  const seen = (await deputy.get(`/groups/${group.id}/stewardship`)).body;
  assert.deepEqual([seen.ownerAway, seen.canClaim, seen.claim, seen.stepUp], [true, true, null, []], 'an admin is there: nobody needs to step up');
  assert.equal((await regular.post(`/groups/${group.id}/ownership-claim`)).status, 403, 'members do not claim');
  assert.equal((await outsider.get(`/groups/${group.id}/stewardship`)).status, 403);

  const claimed = (await deputy.post(`/groups/${group.id}/ownership-claim`)).body;
  assert.equal(claimed.claim.claimant.username, 'deputy');
  assert.ok(new Date(claimed.claim.effectiveAt).getTime() > Date.now() + 6 * DAY);
  assert.ok((await kinds(founder)).includes('group.ownership_claim'));
  assert.equal((await founder.get(`/groups/${group.id}/stewardship`)).body.canObject, true);
  assert.equal((await founder.delete(`/groups/${group.id}/ownership-claim`)).body.claim, null, 'the owner objects');
  assert.ok((await kinds(deputy)).includes('group.ownership_objected'));

  await deputy.post(`/groups/${group.id}/ownership-claim`);
  await server.db.updateTable('group_ownership_claims').set({ effective_at: new Date(Date.now() - 1000) }).where('group_id', '=', group.id).execute();
  await jobHandlers(server.ctx)['group.claim']!({ groupId: group.id });
  const now = (await regular.get(`/groups/${group.id}`)).body;
  assert.equal(now.owner.username, 'deputy');
  const roles = await server.db.selectFrom('group_members').select(['user_id', 'role']).where('group_id', '=', group.id).where('role', 'in', ['owner', 'admin']).execute();
  assert.deepEqual(roles.map((r) => [r.user_id, r.role]).sort(), [[founder.id, 'admin'], [deputy.id, 'owner']].sort());
  assert.ok((await kinds(founder)).includes('group.ownership_transferred'));
});

test('with the owner away and no admin, the most active members may step up', async () => {
  const { keeper, busy, idle } = await actors(server, 'keeper', 'busy', 'idle');
  const group = await createGroup(keeper, { name: 'Quiet Keepers' });
  for (const m of [busy, idle]) await m.post(`/groups/${group.id}/join`);
  await createPost(busy, group.id, { title: 'Route ideas', body: 'Anyone?' });
  await away(keeper, 90);
  const offered = (await idle.get(`/groups/${group.id}/stewardship`)).body;
  assert.deepEqual(offered.stepUp.map((u: { username: string }) => u.username), ['busy', 'idle'], 'most active first');
  const stepped = await busy.post(`/groups/${group.id}/step-up`);
  assert.equal(stepped.status, 200, JSON.stringify(stepped.body));
  assert.equal(stepped.body.canClaim, true, 'now an admin, who may claim');
  assert.equal(errorCode(await idle.post(`/groups/${group.id}/step-up`)), 'conflict', 'someone stepped up already');
});

test('a member is seen when a session of theirs is used', async () => {
  const { wanderer } = await actors(server, 'wanderer');
  await away(wanderer, 100);
  const again = server.client();
  assert.equal((await again.post('/auth/signin', { username: 'wanderer', password: PASSWORD })).status, 200);
  await again.get('/me');
  const row = await server.db.selectFrom('users').select('last_seen_at').where('id', '=', wanderer.id).executeTakeFirstOrThrow();
  assert.ok(row.last_seen_at!.getTime() > Date.now() - 60_000);
});
