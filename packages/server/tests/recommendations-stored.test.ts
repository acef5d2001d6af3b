import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { finishJob } from '../src/jobs/jobs.repository.js';
import { jobHandlers } from '../src/jobs/handlers.js';
import { trainGroupModel } from '../src/features/recommendations/recommendations.service.js';
import { activityBody } from './_activities.js';
import { actors, Client, createGroup, restartTestServer, startTestServer, type TestServer } from './_util.js';

/**
 * Rankings live in PostgreSQL (rec_rankings): a request reads the member's
 * stored ranking and adds what was created since; the member's own changes
 * schedule a `recs.rank` job that ranks them again, on whichever instance
 * runs it. With DATABASE_URL, two instances share the database and the
 * member reads from the one they did not change anything on; the embedded
 * database serves one process, so there both are the same instance.
 *
 * The job runners are slowed to once an hour: each job a test needs is run
 * here, by its registered handler, so nothing ranks behind the test's back.
 */

const quietRunners = { jobIntervalMs: 3_600_000 };
let first: TestServer;
let second: TestServer | undefined;
const other = () => second ?? first;

before(async () => {
  first = await startTestServer(quietRunners);
  if (process.env.DATABASE_URL) second = await startTestServer(quietRunners, first);
});
after(async () => {
  await second?.stop({ keepData: true });
  await first.stop();
});

type RecGroup = { group: { id: number; name: string }; reasons: { kind: string; en: string }[] };

/** The member's session, used on the other instance. */
function onOther(member: Client) {
  const client = new Client(other().url);
  client.useSession(member.cookie('kindred_session')!, member.csrfToken!);
  return client;
}

async function computedAt(server: TestServer, userId: number) {
  const row = await server.db.selectFrom('rec_rankings').select('computed_at').where('user_id', '=', userId).executeTakeFirst();
  return row?.computed_at.getTime();
}

async function pendingRankJob(server: TestServer, userId: number) {
  return server.db
    .selectFrom('jobs')
    .select(['id', 'attempts', 'payload'])
    .where('kind', '=', 'recs.rank')
    .where('dedupe_key', '=', `member:${userId}`)
    .where('done_at', 'is', null)
    .executeTakeFirst();
}

/** Runs a member's pending ranking job as the job runner would, on this instance. */
async function runRankJob(server: TestServer, userId: number) {
  const job = await pendingRankJob(server, userId);
  assert.ok(job, 'a ranking job is pending for the member');
  await jobHandlers(server.ctx)['recs.rank']!(job.payload);
  await finishJob(server.db, job);
}

test('a member who joins a group sees their recommendations change on another instance once the ranking job has run; requests read the stored ranking', async () => {
  const { founder, hiker1, hiker2, hiker3, wanderer } = await actors(first, 'founder', 'hiker1', 'hiker2', 'hiker3', 'wanderer');
  const ridge = await createGroup(founder, { name: 'Ridge Walkers', tags: ['hiking'] });
  const campers = await createGroup(founder, { name: 'Summit Campers', tags: ['camping'] });
  await createGroup(founder, { name: 'Chess Corner', tags: ['board-games'] });
  for (const hiker of [hiker1, hiker2, hiker3]) {
    await hiker.post(`/groups/${ridge.id}/join`);
    await hiker.post(`/groups/${campers.id}/join`);
  }
  await wanderer.patch('/me', { interests: [{ tag: 'board-games' }], city: 'Beijing', lat: 39.91, lng: 116.39 });

  // Training learns that Ridge Walkers and Summit Campers share members, then ranks everyone signed in: the wanderer too.
  await trainGroupModel(first.ctx);
  const ranked = await computedAt(first, wanderer.id);
  assert.ok(ranked, 'the pass after training stored a ranking for a signed-in member');

  const reader = onOther(wanderer);
  const groups = async () => (await reader.get('/recommendations/groups?limit=20')).body.items as RecGroup[];
  const before = await groups();
  assert.ok(before.some((r) => r.group.id === ridge.id));
  assert.ok(!before.some((r) => r.reasons.some((x) => x.kind === 'also_joined')), 'no co-membership reason without a group of their own');
  await reader.get('/recommendations/posts');
  await reader.get('/recommendations/activities');
  assert.equal(await computedAt(first, wanderer.id), ranked, 'requests read the stored ranking; none ranks again');

  // The join, on the first instance, schedules a ranking job and shows at once on the other: the joined group is left out.
  assert.equal((await wanderer.post(`/groups/${ridge.id}/join`)).status, 200);
  assert.ok(await pendingRankJob(first, wanderer.id));
  const meanwhile = await groups();
  assert.ok(!meanwhile.some((r) => r.group.id === ridge.id), 'a joined group is not recommended, even before the ranking job runs');
  assert.equal(await computedAt(first, wanderer.id), ranked, 'the request did not rank');

  // The job runs on the other instance; what the member reads there changes.
  await runRankJob(other(), wanderer.id);
  const refreshed = await computedAt(first, wanderer.id);
  assert.ok(refreshed! > ranked!, 'the job stored a new ranking');
  const after = await groups();
  const camping = after.find((r) => r.group.id === campers.id);
  assert.ok(camping, `Summit Campers is recommended: ${JSON.stringify(after.map((r) => r.group.name))}`);
  assert.ok(camping.reasons.some((r) => r.kind === 'also_joined' && r.en === 'Members of Ridge Walkers also joined this'));
  assert.deepEqual((await groups()).map((r) => r.group.id), after.map((r) => r.group.id));
  assert.equal(await computedAt(first, wanderer.id), refreshed, 'a second request reads the same stored ranking');
});

test('what was created since a ranking is added to it, and what is no longer open is dropped, without ranking again', async () => {
  const { host, potter } = await actors(first, 'host', 'potter');
  await potter.patch('/me', { interests: [{ tag: 'pottery' }], city: 'Beijing', lat: 39.99, lng: 116.19 });
  const reader = onOther(potter);
  // The first request of a member with no ranking ranks them once and stores it.
  assert.equal(await computedAt(first, potter.id), undefined);
  await reader.get('/recommendations/groups');
  const ranked = await computedAt(first, potter.id);
  assert.ok(ranked);

  const studio = await createGroup(host, { name: 'Clay Studio', tags: ['pottery'] });
  const groups = (await reader.get('/recommendations/groups')).body.items as RecGroup[];
  assert.equal(groups[0]?.group.id, studio.id, 'a group created since, matching their interest, comes first');
  assert.ok(groups[0]!.reasons.some((r) => r.kind === 'interest'));

  const game = (await host.post('/activities', activityBody({ title: 'Wheel throwing taster', tags: ['pottery'] }))).body as { id: number };
  const activities = async () => ((await reader.get('/recommendations/activities')).body.items as { activity: { id: number } }[]).map((a) => a.activity.id);
  assert.ok((await activities()).includes(game.id), 'an activity announced nearby since the ranking is recommended');
  assert.equal((await host.post(`/activities/${game.id}/cancel`)).status, 200);
  assert.ok(!(await activities()).includes(game.id), 'a cancelled activity is not');
  assert.equal(await computedAt(first, potter.id), ranked, 'all of it without ranking again');
});

test('a stored activity the member may no longer see is left out of the page, and the page still fills', async () => {
  const { organizer, climber } = await actors(first, 'organizer', 'climber');
  await climber.patch('/me', { interests: [{ tag: 'climbing' }], city: 'Beijing', lat: 39.99, lng: 116.19 });
  const crag = await createGroup(organizer, { name: 'Crag Crew', tags: ['climbing'], visibility: 'private', joinPolicy: 'open' });
  // A private group with open joining: the climber joins at once.
  assert.equal((await climber.post(`/groups/${crag.id}/join`)).status, 200);
  const secret = (await organizer.post('/activities', activityBody({ title: 'Members-only bouldering', tags: ['climbing'], groupId: crag.id }))).body as { id: number };
  const open: number[] = [];
  for (let i = 0; i < 3; i++) open.push(((await organizer.post('/activities', activityBody({ title: `Open crag day ${i}`, tags: ['climbing'] }))).body as { id: number }).id);
  const reader = onOther(climber);
  const ids = async (limit: number) => ((await reader.get(`/recommendations/activities?limit=${limit}`)).body.items as { activity: { id: number } }[]).map((a) => a.activity.id);
  // Ranked with the private group's activity among its items (the first request ranks and stores).
  assert.ok((await ids(10)).includes(secret.id), 'recommended while a member');
  const ranked = await computedAt(first, climber.id);
  const stored = await first.db.selectFrom('rec_rankings').select('activities').where('user_id', '=', climber.id).executeTakeFirstOrThrow();
  assert.ok(JSON.stringify(stored.activities).includes(`[${secret.id},`), 'in the stored ranking');

  assert.equal((await climber.post(`/groups/${crag.id}/leave`)).status, 200);
  const after = await ids(3);
  assert.ok(!after.includes(secret.id), 'a former member is not shown a private group activity from their stored ranking');
  assert.equal(after.length, 3, 'the page is filled from the rest of the ranking');
  assert.ok(open.every((id) => after.includes(id)));
  assert.equal(await computedAt(first, climber.id), ranked, 'without ranking again');
});

test('a stored ranking outlives the server that computed it', async () => {
  const { keeper } = await actors(first, 'keeper');
  await keeper.patch('/me', { interests: [{ tag: 'hiking' }] });
  const before = (await keeper.get('/recommendations/groups')).body.items as RecGroup[];
  const ranked = await computedAt(first, keeper.id);
  assert.ok(ranked);
  // Restarted, the server has nothing in memory; the ranking is read from the database.
  await second?.stop({ keepData: true });
  await first.stop({ keepData: true });
  first = await restartTestServer(first, quietRunners);
  if (second) second = await restartTestServer(second, quietRunners);
  const reader = new Client(first.url);
  reader.useSession(keeper.cookie('kindred_session')!, keeper.csrfToken!);
  const after = (await reader.get('/recommendations/groups')).body.items as RecGroup[];
  assert.deepEqual(after.map((r) => r.group.id), before.map((r) => r.group.id));
  assert.equal(await computedAt(first, keeper.id), ranked);
});
