import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { failedChecks, runIntegrityChecks } from '../scripts/gen/checks.js';
import { BENCH_PASSWORD, generateCommunityData, GeneratorRefusal, type GenerateResult } from '../scripts/gen/generate.js';
import { loadConfig } from '../src/config/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { startServer, type RunningServer } from '../src/server.js';
import { Client } from './_util.js';

// The generator bulk-loads PostgreSQL over several connections at once; the embedded database is not its target.
const postgresOnly = { skip: process.env.DATABASE_URL ? false : 'needs DATABASE_URL (the generator writes to PostgreSQL)' };

const base = process.env.DATABASE_URL;
const created: string[] = [];
let databaseUrl: string;
let result: GenerateResult;
let database: Database;
let server: RunningServer | undefined;

async function createDatabase(suffix: string): Promise<string> {
  const name = `kindred_gen_test_${process.pid}_${suffix}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  created.push(name);
  const url = new URL(base!);
  url.pathname = `/${name}`;
  return url.toString();
}

before(async () => {
  if (!base) return;
  databaseUrl = await createDatabase('small');
  result = await generateCommunityData({ databaseUrl, scale: 'small', log: () => {} });
  database = await openDatabase({ databaseUrl, dataDir: '', dbPoolSize: 10 });
});

after(async () => {
  if (!base) return;
  await server?.stop();
  await database?.close();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n);

test('the small scale has the rows it promises, and every integrity check passes', postgresOnly, async () => {
  assert.equal(result.firstMemberId, 1);
  assert.ok(result.seconds < 60, `took ${result.seconds} s`);
  const expect: [string, number, number][] = [
    ['users', 2_000, 2_000],
    ['groups', 400, 400],
    ['group_members', 18_000, 20_500],
    ['posts', 38_000, 42_000],
    ['comments', 15_000, 35_000],
    ['post_likes', 40_000, 80_000],
    ['activities', 170, 230],
    ['registrations', 1_000, 5_000],
    ['payments', 100, 2_000],
    ['companion_cards', 450, 750],
    ['companion_requests', 10, 100],
    ['sessions', 2_000, 2_000],
    ['media', 5_000, 40_000],
    ['follows', 12_000, 40_000],
  ];
  for (const [table, min, max] of expect) {
    const n = await count(table);
    assert.ok(n >= min && n <= max, `${table}: ${n} rows, expected ${min}–${max}`);
    assert.equal(result.rows[table], n, `${table}: the generator's own count`);
  }
  const checks = await runIntegrityChecks(database.db);
  assert.equal(checks.length, 15);
  assert.deepEqual(failedChecks(checks), []);

  // Shapes that make the data worth measuring: big and small groups, replies, waitlists, paid seats, past and upcoming.
  const shape = (await sql<Record<string, number>>`select
      (select max(member_count) from groups)::int as biggest, (select percentile_disc(0.5) within group (order by member_count) from groups)::int as median,
      (select count(*) from comments where parent_id is not null)::int as replies,
      (select count(*) from activities where waitlist_count > 0)::int as waitlisted,
      (select count(*) from activities where status = 'completed' and fee_amount > 0)::int as paid_out,
      (select count(*) from activities where starts_at > now())::int as upcoming,
      (select count(distinct city) from users)::int as cities,
      (select count(*) from posts where title ~ '[\u4e00-\u9fff]')::int as chinese`.execute(database.db)).rows[0]!;
  assert.ok(shape.biggest! >= 5 * shape.median!, JSON.stringify(shape));
  assert.ok(shape.replies! > 1000 && shape.waitlisted! > 3 && shape.paid_out! > 5 && shape.upcoming! > 30 && shape.cities! >= 15 && shape.chinese! > 5000, JSON.stringify(shape));
});

test('the follow graph: long-tailed degrees, clustered by city and shared groups, friends, requests awaiting approval, a mix of privacy settings', postgresOnly, async () => {
  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]!;
  // The counters are what the rows say (the integrity checks compare them member by member; here the totals).
  const totals = await q(sql<Record<string, number>>`select
      (select count(*) from follows where status = 'active')::int as active, (select count(*) from follows where status = 'pending')::int as pending,
      (select sum(following_count) from users)::int as following, (select sum(follower_count) from users)::int as followers,
      (select count(*) from follows where follower_id = followee_id)::int as self`);
  assert.ok(totals.active! > 10_000, JSON.stringify(totals));
  assert.equal(totals.following, totals.active);
  assert.equal(totals.followers, totals.active);
  assert.equal(totals.self, 0);

  // Power-law-ish: a few members with far more followers (and followees) than the typical member.
  const degrees = await q(sql<Record<string, number>>`select
      percentile_disc(0.5) within group (order by follower_count)::int as in_median, max(follower_count)::int as in_max,
      percentile_disc(0.5) within group (order by following_count)::int as out_median, max(following_count)::int as out_max,
      count(*) filter (where follower_count = 0)::int as unfollowed
    from users`);
  assert.ok(degrees.in_median! >= 2 && degrees.in_max! >= 15 * degrees.in_median!, JSON.stringify(degrees));
  assert.ok(degrees.out_median! >= 2 && degrees.out_max! >= 10 * degrees.out_median!, JSON.stringify(degrees));
  assert.ok(degrees.unfollowed! < 200, JSON.stringify(degrees));

  // Clustered: most follows are between people in one city or one group; a good share are returned (friends).
  const shape = await q(sql<Record<string, number>>`select
      avg((a.city = b.city or exists (select 1 from group_members x join group_members y on y.group_id = x.group_id and y.user_id = f.followee_id
        where x.user_id = f.follower_id))::int)::float8 as together,
      avg((a.city = b.city)::int)::float8 as same_city,
      avg((exists (select 1 from follows r where r.follower_id = f.followee_id and r.followee_id = f.follower_id and r.status = 'active'))::int)::float8 as mutual
    from follows f join users a on a.id = f.follower_id join users b on b.id = f.followee_id where f.status = 'active'`);
  assert.ok(shape.together! >= 0.8 && shape.same_city! >= 0.4 && shape.mutual! >= 0.2 && shape.mutual! <= 0.7, JSON.stringify(shape));
  const friends = await q(sql<Record<string, number>>`select count(distinct f.follower_id)::int as members from follows f
      join follows b on b.follower_id = f.followee_id and b.followee_id = f.follower_id and b.status = 'active' where f.status = 'active'`);
  assert.ok(friends.members! >= 1_500, JSON.stringify(friends));

  // Some members approve their followers, each with a few requests waiting (the checks hold them to those members).
  const approval = await q(sql<Record<string, number>>`select (select count(*) from users where follow_approval)::int as approvers,
      (select max(n) from (select count(*) as n from follows where status = 'pending' group by followee_id) p)::int as most_waiting`);
  assert.ok(approval.approvers! >= 50 && approval.approvers! <= 250 && totals.pending! >= 50 && approval.most_waiting! <= 10, JSON.stringify({ ...approval, ...totals }));

  // Every privacy setting is in use, with the default ('friends') the most common for each section.
  for (const column of ['show_groups', 'show_activities', 'show_follows'] as const) {
    const mix = (await sql<{ value: string; n: number }>`select ${sql.ref(column)} as value, count(*)::int as n from users group by 1 order by 2 desc`.execute(database.db)).rows;
    assert.deepEqual(mix.map((r) => r.value).sort(), ['everyone', 'friends', 'me'], column);
    assert.equal(mix[0]!.value, 'friends', `${column}: ${JSON.stringify(mix)}`);
  }
});

test('the indexes and foreign keys set aside for the load are back exactly as the migrations define them', postgresOnly, async () => {
  const fresh = await openDatabase({ databaseUrl: await createDatabase('fresh'), dataDir: '', dbPoolSize: 10 });
  try {
    await migrate(fresh);
    const schema = async (db: Database) => ({
      indexes: (await sql<{ d: string }>`select indexdef as d from pg_indexes where schemaname = current_schema() order by indexname`.execute(db.db)).rows.map((r) => r.d),
      constraints: (await sql<{ d: string }>`select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint where connamespace = current_schema()::regnamespace order by 1`.execute(db.db)).rows.map((r) => r.d),
    });
    const [generated, migrated] = [await schema(database), await schema(fresh)];
    assert.ok(migrated.indexes.some((d) => d.includes('posts_search_idx')) && migrated.constraints.some((d) => d.includes('FOREIGN KEY')));
    assert.deepEqual(generated, migrated);
  } finally {
    await fresh.close();
  }
});

test('the app serves from it: a bench session is signed in, group feeds page, a like is counted', postgresOnly, async () => {
  server = await startServer(loadConfig({ port: 0, host: '127.0.0.1', databaseUrl, dataDir: '', logLevel: 'silent', seedDemo: false, walletDelivery: 'manual', jobIntervalMs: 60_000 }));
  const member = new Client(server.url);
  member.useSession('bench-session-1', 'bench-csrf-1');
  const session = await member.get('/session');
  assert.equal(session.status, 200);
  assert.equal(session.body.user.id, 1);
  assert.equal(session.body.csrfToken, 'bench-csrf-1');
  assert.equal((await new Client(server.url).get('/session')).body.user, null);

  const biggest = (await sql<{ id: number }>`select id from groups where visibility = 'public' order by member_count desc limit 1`.execute(database.db)).rows[0]!.id;
  for (const sort of ['new', 'hot', 'top']) {
    const page = await member.get(`/groups/${biggest}/posts?sort=${sort}&limit=20`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    assert.equal(page.body.items.length, 20);
    const next = await member.get(`/groups/${biggest}/posts?sort=${sort}&limit=20&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    assert.equal(next.status, 200);
    assert.ok(next.body.items.length > 0);
  }
  assert.ok((await member.get('/feed')).body.items.length > 0);

  // The friends paths have something to show: the Following feed of someone who follows many, and a profile they follow.
  const follower = (await sql<{ id: number; followee: string }>`select u.id, (select f.username from follows x join users f on f.id = x.followee_id
      where x.follower_id = u.id and x.status = 'active' order by f.follower_count desc, f.id limit 1) as followee
      from users u where u.id <= 2000 order by u.following_count desc, u.id limit 1`.execute(database.db)).rows[0]!;
  const reader = new Client(server.url);
  reader.useSession(`bench-session-${follower.id}`, `bench-csrf-${follower.id}`);
  const following = await reader.get('/feed/following');
  assert.equal(following.status, 200, JSON.stringify(following.body));
  assert.ok(following.body.items.length > 0 && following.body.nextCursor, JSON.stringify(following.body).slice(0, 300));
  const profile = await reader.get(`/users/${follower.followee}`);
  assert.equal(profile.status, 200);
  assert.equal(profile.body.viewer.relation.following, 'following');
  assert.ok(profile.body.followerCount > 0);

  // A write as the bench member: the like lands and every counter still adds up.
  const post = (await sql<{ id: number; like_count: number }>`select p.id, p.like_count from posts p join group_members m on m.group_id = p.group_id and m.user_id = 1
      where p.deleted_at is null and not exists (select 1 from post_likes l where l.post_id = p.id and l.user_id = 1) order by p.id limit 1`.execute(database.db)).rows[0]!;
  const liked = await member.put(`/posts/${post.id}/like`);
  assert.equal(liked.status, 200, JSON.stringify(liked.body));
  assert.equal(liked.body.likeCount, post.like_count + 1);
  assert.deepEqual(failedChecks(await runIntegrityChecks(database.db)), []);

  // Everyone's password is the bench password.
  const username = (await sql<{ username: string }>`select username from users where id = 2`.execute(database.db)).rows[0]!.username;
  assert.equal((await new Client(server.url).post('/auth/signin', { username, password: BENCH_PASSWORD })).status, 200);
});

test('the checks catch a broken invariant', postgresOnly, async () => {
  const group = (await sql<{ id: number }>`select id from groups order by id limit 1`.execute(database.db)).rows[0]!.id;
  await sql`update groups set member_count = member_count + 1 where id = ${group}`.execute(database.db);
  try {
    const failed = failedChecks(await runIntegrityChecks(database.db));
    assert.deepEqual(failed.map((f) => f.failures), [[group]]);
    assert.match(failed[0]!.name, /member_count/);
  } finally {
    await sql`update groups set member_count = member_count - 1 where id = ${group}`.execute(database.db);
  }
});

test('a database with members is refused without --force or --reset; --reset starts over from id 1', postgresOnly, async () => {
  await assert.rejects(generateCommunityData({ databaseUrl, scale: 'small', log: () => {} }), GeneratorRefusal);
  assert.equal(await count('users'), 2_000);
  await server?.stop();
  server = undefined;
  const tiny = { members: 300, groups: 30, memberships: 1_500, posts: 1_000, activities: 20, cities: 8, commentsPerPost: 0.5, likesPerPost: 1, companionCards: 0.3, companionRequests: 0.02, sessions: 50 };
  const again = await generateCommunityData({ databaseUrl, scale: tiny, reset: true, log: () => {} });
  assert.equal(again.firstMemberId, 1);
  assert.equal(await count('users'), 300);
  assert.equal(await count('sessions'), 50);
  assert.deepEqual(failedChecks(again.checks), []);
  // --force adds to what is there, after the existing ids.
  const more = await generateCommunityData({ databaseUrl, scale: tiny, force: true, log: () => {} });
  assert.equal(more.firstMemberId, 301);
  assert.equal(await count('users'), 600);
  assert.deepEqual(failedChecks(more.checks), []);
});
