/**
 * npm run bench [-- --scale reference|small] [--duration 10] [--warmup 20] [--connections 10,50] [--only a,b] [--skip a,b] [--explain] [--out BENCHMARKS.md]
 *
 * Measures Kindred's hot paths with autocannon against a server in production
 * mode on generated data, and in the same run the bare Fastify + pg baselines
 * (bench/baseline-server.ts) on the same data; writes BENCHMARKS.md with
 * req/s, p50, p99 and each path's ratio to its baseline; and live delivery of
 * a room's messages against a bare WebSocket broadcast (bench/room-delivery.ts,
 * `--only room` alone). `--only live` measures only live delivery across four
 * instances on each event bus (bench/live-delivery.ts) and writes just that
 * section to --out, which must then name another file than BENCHMARKS.md. Needs DATABASE_URL
 * (a PostgreSQL server); the data lives in the database `kindred_bench`
 * (reference scale) or `kindred_bench_<scale>`, generated on first use.
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import sharp from 'sharp';
import { explainHotQueries } from './explain.js';
import { fanoutSection, measureFanout, type FanoutResult } from './home-feed-fanout.js';
import { liveDeliverySection, LIVE_TARGETS, measureLiveDelivery } from './live-delivery.js';
import { deliveryClean, measureRoomDelivery, roomDeliverySection, ROOM_TARGETS, type RoomDeliveryResult } from './room-delivery.js';
import { freePort } from '../packages/server/src/lib/free-port.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'reference' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '20' },
    connections: { type: 'string', default: '10,50' },
    only: { type: 'string' },
    skip: { type: 'string' },
    explain: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(root, 'BENCHMARKS.md') },
  },
});

const EXPECTED_MEMBERS: Record<string, number> = { small: 1_000, reference: 90_000, large: 900_000 };
const SESSION_USERS = 2000;
const KINDRED_WORKERS = os.availableParallelism();

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const baseUrl = process.env.DATABASE_URL ?? fail('npm run bench needs DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
const scale = args.scale!;
if (!(scale in EXPECTED_MEMBERS)) fail(`--scale must be one of ${Object.keys(EXPECTED_MEMBERS).join(', ')}`);
const benchDbName = scale === 'reference' ? 'kindred_bench' : `kindred_bench_${scale}`;
const benchUrl = (() => {
  const url = new URL(baseUrl);
  url.pathname = `/${benchDbName}`;
  return url.toString();
})();
const duration = Number(args.duration);
const connectionCounts = args.connections!.split(',').map(Number);

// ---- Data ----

async function ensureData() {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [benchDbName]);
  if (exists.rowCount === 0) await admin.query(`create database ${benchDbName}`);
  await admin.end();
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const members = await db.query('select count(*)::int as n from users').then((r) => r.rows[0].n as number).catch(() => 0);
  await db.end();
  if (members >= EXPECTED_MEMBERS[scale]!) {
    console.log(`Reusing ${benchDbName}: ${members} members.`);
    return;
  }
  console.log(`Generating ${scale} data into ${benchDbName}…`);
  await run('npm', ['run', 'gen', '--', '--scale', scale, '--reset'], { DATABASE_URL: benchUrl });
}

function run(command: string, argv: string[], env: Record<string, string>) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${argv.join(' ')} exited with ${code}`))));
  });
}

interface Fixtures {
  sessionUsers: number[];
  cardUsers: number[];
  topGroups: number[];
  bigGroups: { id: number; deepCursor: string }[];
  posts: number[];
  activities: number[];
  places: { lat: number; lng: number }[];
  words: string[];
  registerForKindred: number[];
  registerForBaseline: number[];
  /** A signed-in member and the username of someone they follow, whose profile they open. */
  profiles: { viewer: number; username: string }[];
  /** Signed-in members who follow the most (the top tenth), for the Following feed. */
  heavyFollowers: number[];
  /** A signed-in member with friends, and where an activity one of their friends is going to takes place. */
  friendsNearby: { viewer: number; lat: number; lng: number }[];
  /** An operator, and the dashboard's slices (everyone, then its cities and interests) as query strings. */
  operator: number;
  healthQueries: string[];
  counts: Record<string, number>;
}

const cursor = (values: (string | number)[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

async function loadFixtures(): Promise<Fixtures> {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
  const sessionUsers = (await q<{ user_id: number }>('select distinct user_id from sessions where user_id <= $1 and expires_at > now() order by user_id', [SESSION_USERS])).map((r) => r.user_id);
  if (sessionUsers.length === 0) fail('No bench sessions in the data; regenerate with npm run gen.');
  const cardUsers = (await q<{ user_id: number }>('select user_id from companion_cards where discoverable and user_id = any($1)', [sessionUsers])).map((r) => r.user_id);
  // The public groups with the most posts; of those with at least 25 pages of posts, the cursor of page 26 (post 500).
  const groups = await q<{ id: number; post_count: number }>('select id, post_count from groups where visibility = $1 order by post_count desc limit 50', ['public']);
  const topGroups = groups.map((g) => g.id);
  const bigGroups = [];
  for (const g of groups) {
    if (g.post_count < 600) continue;
    const [row] = await q<{ at: string; id: number }>(
      'select created_at::text as at, id from posts where group_id = $1 and deleted_at is null order by created_at desc, id desc offset 499 limit 1',
      [g.id],
    );
    // ids arrive as text (int8); the cursor holds a number.
    if (row) bigGroups.push({ id: g.id, deepCursor: cursor([row.at, Number(row.id)]) });
  }
  if (bigGroups.length === 0) {
    if (args.explain) fail('No group has 500+ posts; the deep-page query needs reference-scale data.');
    console.log('No group has 500+ posts at this scale: the page-26 row is left out.');
  }
  const posts = (await q<{ id: number }>(
    `select p.id from posts p join groups g on g.id = p.group_id where g.visibility = 'public' and p.deleted_at is null and p.comment_count > 0 order by p.id desc limit 2000`,
  )).map((r) => r.id);
  const activities = (await q<{ id: number }>(
    `select a.id from activities a left join groups g on g.id = a.group_id where a.status = 'published' and (g.id is null or g.visibility = 'public') order by a.id desc limit 2000`,
  )).map((r) => r.id);
  const places = await q<{ lat: number; lng: number }>('select lat, lng from groups where lat is not null order by member_count desc limit 200');
  const words = (await q<{ word: string }>(
    `select word from ts_stat('select search_vector from posts where id % 200 = 0') where length(word) >= 4 and word ~ '^[a-z]+$' order by ndoc desc limit 60`,
  )).map((r) => r.word);
  const open = (await q<{ id: number }>(
    `select id from activities where status = 'published' and fee_amount = 0 and not requires_approval and questions = '[]'::jsonb
       and starts_at > now() + interval '2 days' and (registration_deadline is null or registration_deadline > now() + interval '1 day')
       and (group_id is null or group_id in (select id from groups where visibility = 'public' and join_policy = 'open'))
     order by id limit 400`,
  )).map((r) => r.id);
  // Up to three members each signed-in member follows (their profiles show a relation and what they share).
  const profiles = (await q<{ viewer: number; username: string }>(
    `select viewer, username from (
       select f.follower_id as viewer, u.username, row_number() over (partition by f.follower_id order by f.created_at desc, f.followee_id) as k
       from follows f join users u on u.id = f.followee_id and u.deleted_at is null
       where f.follower_id = any($1) and f.status = 'active') s
     where k <= 3 order by viewer, username`,
    [sessionUsers],
  )).map((r) => ({ viewer: Number(r.viewer), username: r.username }));
  const heavyFollowers = (await q<{ id: number }>('select id from users where id = any($1) and following_count > 0 order by following_count desc, id limit $2', [
    sessionUsers,
    Math.ceil(sessionUsers.length / 10),
  ])).map((r) => Number(r.id));
  // Signed-in members whose friends (showing their activities) hold seats at upcoming public activities, at those activities' places.
  const friendsNearby = (await q<{ viewer: number; lat: number; lng: number }>(
    `select distinct on (f.follower_id, a.id) f.follower_id as viewer, a.lat, a.lng
     from follows f
     join follows b on b.follower_id = f.followee_id and b.followee_id = f.follower_id and b.status = 'active'
     join users fu on fu.id = f.followee_id and fu.show_activities <> 'me'
     join registrations r on r.user_id = f.followee_id and r.status = 'confirmed'
     join activities a on a.id = r.activity_id and a.status = 'published' and a.starts_at > now() + interval '1 hour'
     left join groups g on g.id = a.group_id
     where f.follower_id = any($1) and f.status = 'active' and (g.id is null or g.visibility = 'public')
     order by f.follower_id, a.id
     limit 2000`,
    [sessionUsers],
  )).map((r) => ({ viewer: Number(r.viewer), lat: r.lat, lng: r.lng }));
  // The health dashboard's operator (the first signed-in member is made one) and the slices they look at:
  // everyone, and the cities and interests it offers.
  const operator = sessionUsers[0]!;
  await q(`update users set role = 'operator' where id = $1`, [operator]);
  const facets = await q<{ dimension: string; key: string }>('select dimension, key from health_facets order by members desc limit 20');
  const healthQueries = ['', ...facets.map((f) => `?${f.dimension}=${encodeURIComponent(f.key)}`)];
  const counts: Record<string, number> = {};
  for (const table of ['users', 'groups', 'group_members', 'posts', 'comments', 'post_likes', 'activities', 'registrations', 'companion_cards', 'follows']) {
    counts[table] = (await q<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  }
  await db.end();
  return {
    sessionUsers,
    cardUsers,
    topGroups,
    bigGroups,
    posts,
    activities,
    places,
    words,
    registerForKindred: open.filter((_, i) => i % 2 === 0),
    registerForBaseline: open.filter((_, i) => i % 2 === 1),
    profiles,
    heavyFollowers,
    friendsNearby,
    operator,
    healthQueries,
    counts,
  };
}

// ---- Servers ----


async function startProcess(name: string, entry: string, env: Record<string, string>, ready: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`${name} exited:\n${output}`);
    const ok = await fetch(`${url}${ready}`).then((r) => r.status < 500).catch(() => false);
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`${name} did not start:\n${output}`);
}

// ---- Measuring ----

interface Request {
  method?: 'GET' | 'POST';
  path: string;
  user?: number;
  body?: unknown;
}

/** Responses by status class, and requests that got no response (connection errors, timeouts). */
interface Outcomes {
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  errors: number;
}

interface Measurement extends Outcomes {
  /** Successful (2xx) responses per second: a 4xx or 5xx is not throughput. */
  rps: number;
  /** Latencies of the 2xx responses (autocannon records only those). */
  p50: number;
  p99: number;
}

const classes = ['2xx', '3xx', '4xx', '5xx'] as const;
const outcomes = (m: Outcomes) => `${classes.map((c) => `${c} ${fmt(m[c])}`).join(', ')}${m.errors ? `, ${fmt(m.errors)} errors` : ''}`;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function headersFor(user: number | undefined): Record<string, string> {
  if (user === undefined) return {};
  return { cookie: `kindred_session=bench-session-${user}`, 'x-csrf-token': `bench-csrf-${user}` };
}

async function measure(url: string, connections: number, seconds: number, next: () => Request): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const r = next();
          const body = r.body === undefined ? undefined : JSON.stringify(r.body);
          return {
            ...request,
            method: r.method ?? 'GET',
            path: r.path,
            headers: { ...headersFor(r.user), ...(body ? { 'content-type': 'application/json' } : {}) },
            body,
          };
        },
      },
    ],
  });
  return measurementOf(result);
}

/** An autocannon result as a row counts it: successes per second and their latencies, every response by class. */
function measurementOf(result: autocannon.Result): Measurement {
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    '2xx': result['2xx'],
    '3xx': result['3xx'],
    '4xx': result['4xx'] + result['1xx'],
    '5xx': result['5xx'],
    errors: result.errors + result.timeouts,
  };
}

interface Path {
  name: string;
  baseline: 'A' | 'B' | 'C';
  request: () => Request;
  /** The target as a description and a check against the measurements; a path without one is measured for reference. */
  target?: { text: string; meets: (own: Measurement, base: Measurement, all: Map<string, Measurement>) => boolean };
  /** 4xx answers that belong to the path (409 for a member already registered) do not fail it; a 5xx always does. */
  expected4xx?: boolean;
  /** Puts back what the path writes, so each measurement starts from the same state. */
  reset?: () => Promise<void>;
}

/** No 5xx, no connection errors, no redirects, and no 4xx unless the path expects them. */
function clean(m: Outcomes, expected4xx = false) {
  return m['5xx'] === 0 && m.errors === 0 && m['3xx'] === 0 && (expected4xx || m['4xx'] === 0);
}

function paths(f: Fixtures): Path[] {
  const user = () => pick(f.sessionUsers);
  const atLeast = (share: number, text: string) => ({ text, meets: (own: Measurement, base: Measurement) => own.rps >= share * base.rps });
  const feedTarget = { text: '≥ 60% of B, p99 ≤ 1.5× B', meets: (own: Measurement, base: Measurement) => own.rps >= 0.6 * base.rps && own.p99 <= 1.5 * base.p99 };
  const all: Path[] = [
    { name: 'home feed', baseline: 'B', request: () => ({ path: '/api/v1/feed', user: user() }), target: feedTarget },
    // Of a member who follows many: their followees' posts and their friends' registrations, merged.
    { name: 'following feed', baseline: 'B', request: () => ({ path: '/api/v1/feed/following', user: pick(f.heavyFollowers) }), target: feedTarget },
    { name: 'group posts, first page', baseline: 'B', request: () => ({ path: `/api/v1/groups/${pick(f.topGroups)}/posts`, user: user() }), target: atLeast(2, '≥ 2× B') },
    {
      name: 'group posts, page 26',
      baseline: 'B',
      request: () => {
        const g = pick(f.bigGroups);
        return { path: `/api/v1/groups/${g.id}/posts?cursor=${g.deepCursor}`, user: user() };
      },
      target: {
        text: '≥ 2× B, within 1.2× of the first page',
        meets: (own, base, all) => {
          const first = all.get('group posts, first page');
          return own.rps >= 2 * base.rps && (!first || own.rps * 1.2 >= first.rps);
        },
      },
    },
    { name: 'post page', baseline: 'A', request: () => ({ path: `/api/v1/posts/${pick(f.posts)}`, user: user() }), target: atLeast(0.6, '≥ 60% of A') },
    { name: 'post comments', baseline: 'A', request: () => ({ path: `/api/v1/posts/${pick(f.posts)}/comments`, user: user() }), target: atLeast(0.6, '≥ 60% of A') },
    {
      name: 'nearby activities',
      baseline: 'B',
      request: () => {
        const p = pick(f.places);
        return { path: `/api/v1/activities/nearby?lat=${p.lat}&lng=${p.lng}&radiusKm=25`, user: user() };
      },
      target: atLeast(0.5, '≥ 50% of B'),
    },
    {
      // Nearby as a member with friends, around an activity a friend is going to: the page's friends going are filled in.
      name: 'friends going, nearby',
      baseline: 'B',
      request: () => {
        const p = pick(f.friendsNearby);
        return { path: `/api/v1/activities/nearby?lat=${p.lat}&lng=${p.lng}&radiusKm=25`, user: p.viewer };
      },
      target: atLeast(0.5, '≥ 50% of B'),
    },
    { name: 'activity page', baseline: 'A', request: () => ({ path: `/api/v1/activities/${pick(f.activities)}`, user: user() }), target: atLeast(0.6, '≥ 60% of A') },
    {
      // A member's profile as someone who follows them: counts, friends, the relation and what the two share.
      name: 'profile page',
      baseline: 'A',
      request: () => {
        const p = pick(f.profiles);
        return { path: `/api/v1/users/${encodeURIComponent(p.username)}`, user: p.viewer };
      },
      target: atLeast(0.6, '≥ 60% of A'),
    },
    {
      // The health dashboard's last 30 days, for everyone or one of its cities or interests.
      name: 'health dashboard',
      baseline: 'A',
      request: () => ({ path: `/api/v1/operator/health${pick(f.healthQueries)}`, user: f.operator }),
      target: atLeast(0.6, '≥ 60% of A'),
    },
    { name: 'recommended groups', baseline: 'A', request: () => ({ path: '/api/v1/recommendations/groups', user: user() }), target: atLeast(0.6, '≥ 60% of A') },
    { name: 'recommended posts', baseline: 'A', request: () => ({ path: '/api/v1/recommendations/posts', user: user() }), target: atLeast(0.6, '≥ 60% of A') },
    { name: 'recommended activities', baseline: 'A', request: () => ({ path: '/api/v1/recommendations/activities', user: user() }), target: atLeast(0.6, '≥ 60% of A') },
    { name: 'companion search', baseline: 'B', request: () => ({ path: '/api/v1/companions/people', user: pick(f.cardUsers) }), target: atLeast(0.5, '≥ 50% of B') },
    { name: 'search', baseline: 'B', request: () => ({ path: `/api/v1/search/posts?q=${pick(f.words)}`, user: user() }) },
    {
      name: 'registration (write)',
      baseline: 'C',
      request: () => ({ method: 'POST', path: `/api/v1/activities/${pick(f.registerForKindred)}/registrations`, user: user(), body: {} }),
      target: atLeast(0.7, '≥ 70% of C, no overselling'),
      expected4xx: true,
      reset: () => resetRegistrations(f.registerForKindred),
    },
  ];
  // Rows whose fixtures the data lacks (no group with 500+ posts; data generated before the follow graph) are left out.
  const lacking = new Set([
    ...(f.bigGroups.length === 0 ? ['group posts, page 26'] : []),
    ...(f.heavyFollowers.length === 0 ? ['following feed'] : []),
    ...(f.friendsNearby.length === 0 ? ['friends going, nearby'] : []),
    ...(f.profiles.length === 0 ? ['profile page'] : []),
  ]);
  return all.filter((p) => !lacking.has(p.name));
}

function baselineRequests(f: Fixtures): Record<'A' | 'B' | 'C', () => Request> {
  return {
    A: () => ({ path: `/a/posts/${pick(f.posts)}` }),
    B: () => ({ path: `/b/feed/${pick(f.sessionUsers)}` }),
    C: () => ({ method: 'POST', path: '/c/register', body: { activityId: pick(f.registerForBaseline), userId: pick(f.sessionUsers) } }),
  };
}

/**
 * Empties the registration activities of one side, so its next measurement
 * registers for real instead of being answered with cheap 409s for pairs an
 * earlier measurement (or an earlier run) already registered. Both sides get
 * the same treatment; within a measurement, repeated pairs are 409 alike.
 */
async function resetRegistrations(activityIds: number[]) {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  try {
    await db.query('begin');
    await db.query('delete from registrations where activity_id = any($1)', [activityIds]);
    await db.query('update activities set seats_taken = 0, waitlist_count = 0 where id = any($1)', [activityIds]);
    await db.query('commit');
  } finally {
    await db.end();
  }
}

async function oversold(activityIds: number[]) {
  const db = new pg.Client({ connectionString: benchUrl });
  await db.connect();
  const { rows } = await db.query(
    `select a.id from activities a
      where a.id = any($1) and (a.seats_taken > a.capacity
        or (select count(*) from registrations r where r.activity_id = a.id and r.status in ('confirmed', 'awaiting_payment')) > a.capacity)`,
    [activityIds],
  );
  await db.end();
  return rows.length;
}

// ---- Report ----

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

async function main() {
  await ensureData();
  const fixtures = await loadFixtures();
  console.log(
    `Fixtures: ${fixtures.sessionUsers.length} members with sessions, ${fixtures.bigGroups.length} big groups, ${fixtures.registerForKindred.length * 2} open activities, ${fixtures.profiles.length} profiles of followees, ${fixtures.heavyFollowers.length} members who follow the most, ${fixtures.friendsNearby.length} places where friends are going.`,
  );
  if (fixtures.heavyFollowers.length === 0) console.log('No follows in the data (generated before the follow graph): the friends rows are left out; regenerate with npm run gen.');
  if (args.explain) {
    await explainHotQueries(benchUrl, fixtures);
    return;
  }
  // Live delivery across instances starts its own servers (four per event bus) and is measured only when
  // --only names it, alone: its report holds that section and nothing else.
  if (args.only?.split(',').includes('live')) {
    if (path.resolve(args.out!) === path.join(root, 'BENCHMARKS.md')) fail('--only live writes a report of its own: give --out another file (BENCHMARKS.md takes the section by hand)');
    const live = await measureLiveDelivery({ root, benchUrl, sessionUsers: fixtures.sessionUsers, seconds: duration, inFlight: connectionCounts });
    const command = `npm run bench -- --scale ${scale} --duration ${duration} --warmup ${args.warmup} --connections ${args.connections} --only live`;
    const missed = live.rows.flatMap((row) =>
      (['postgres', 'redis'] as const).filter((bus) => !LIVE_TARGETS[row.mode].meets(row[bus], row.bare)).map((bus) => `${bus} bus ${row.mode === 'steady' ? `steady ${row.inFlight} msg/s` : `back to back @${row.inFlight}`}`),
    );
    const lines = [
      '# Live delivery across instances',
      '',
      `- **Command:** \`${command}\``,
      `- **Date:** ${new Date().toISOString()}`,
      `- **Machine:** ${machine()}`,
      '',
      ...liveDeliverySection(live),
      missed.length ? `Targets missed: ${missed.join('; ')}.` : 'Every target met.',
      '',
    ];
    fs.writeFileSync(args.out!, lines.join('\n'));
    console.log(`Wrote ${args.out}`);
    return;
  }

  const kindredEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: benchUrl,
    LOG_LEVEL: 'warn',
    KINDRED_SEED_DEMO: 'false',
    // One server process per core, sharing the port and the pool of 20 connections (src/cluster.ts).
    KINDRED_WORKERS: String(KINDRED_WORKERS),
    KINDRED_RATE_LIMIT_AUTH: '1000000',
    // Each bench member writes hundreds of times a minute: far past the per-account write limits, which are not what is measured.
    KINDRED_WRITE_LIMITS: '1000000',
    // Production refuses the built-in webhook secret.
    KINDRED_WEBHOOK_SECRET: crypto.randomBytes(24).toString('hex'),
  };
  const kindred = await startProcess('Kindred', 'packages/server/src/index.ts', kindredEnv, '/api/health');
  const baseline = await startProcess('baseline', 'bench/baseline-server.ts', { DATABASE_URL: benchUrl, POOL_SIZE: '20' }, '/a/posts/1');
  // Like the uploads, live delivery in a room is measured in a full run, or when --only names it.
  const roomSelected = (!args.only || args.only.split(',').some((o) => 'room delivery'.includes(o))) && !(args.skip ?? '').split(',').some((o) => o === 'room' || o === 'room delivery');
  const broadcast = roomSelected ? await startProcess('broadcast baseline', 'bench/broadcast-server.ts', {}, '/health') : null;
  // Like the room, the fanned-out home feed is measured in a full run, or when --only names it; against a
  // second Kindred with fan-out off (every feed pulled), started now so the periodic jobs it schedules are held too.
  const fanoutSelected = (!args.only || args.only.split(',').some((o) => o === 'fanout' || o === 'fan-out')) && !(args.skip ?? '').split(',').some((o) => o === 'fanout' || o === 'fan-out');
  const pulled = fanoutSelected ? await startProcess('Kindred, fan-out off', 'packages/server/src/index.ts', { ...kindredEnv, KINDRED_FANOUT_MAX_MEMBERS: '0' }, '/api/health') : null;
  const stop = () => {
    pulled?.child.kill('SIGTERM');
    kindred.child.kill('SIGTERM');
    baseline.child.kill('SIGTERM');
    broadcast?.child.kill('SIGTERM');
  };
  process.on('exit', stop);

  try {
    // The recommendation model trains at start, then ranks every member with a session (the bench's
    // members), in one background job that reschedules itself when done; wait for it so it is not measured.
    const probeUser = fixtures.sessionUsers[0]!;
    const startedAt = new Date();
    const models = new pg.Client({ connectionString: benchUrl });
    await models.connect();
    for (;;) {
      const { rows } = await models.query(
        "select m.trained_at, j.run_at > now() as rescheduled from rec_models m, jobs j where m.kind = 'group' and j.kind = 'recs.train' and j.dedupe_key = 'group'",
      );
      if (rows[0] && new Date(rows[0].trained_at as string) > startedAt && rows[0].rescheduled) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    await models.end();
    console.log('Waiting for the recommendation model…');
    for (;;) {
      const status = await fetch(`${kindred.url}/api/v1/recommendations/groups`, { headers: headersFor(probeUser), signal: AbortSignal.timeout(60_000) })
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    // The machine's PostgreSQL may run without autovacuum; a served database is vacuumed and analyzed, so
    // the run starts from one (dead rows of earlier runs and the lists' churn cleared, statistics fresh).
    const vacuumStarted = Date.now();
    const maintenance = new pg.Client({ connectionString: benchUrl });
    await maintenance.connect();
    await maintenance.query('vacuum (analyze)');
    // The periodic jobs (retraining every 15 minutes, the popularity recount, the map cells) would land in
    // whichever measurement is running when they come due; they are held until the run is over.
    await maintenance.query(`update jobs set run_at = now() + interval '1 day' where kind = any($1) and done_at is null`, [PERIODIC_JOBS]);
    await maintenance.end();
    console.log(`Vacuumed and analyzed in ${fmt((Date.now() - vacuumStarted) / 1000)} s`);
    const all = paths(fixtures)
      .filter((p) => !args.only || args.only.split(',').some((o) => p.name.includes(o)))
      .filter((p) => !args.skip || !args.skip.split(',').includes(p.name));
    // The warm-up reads (every read path when --only picks writes alone).
    const measuredReads = all.filter((p) => p.baseline !== 'C');
    const getPaths = measuredReads.length > 0 ? measuredReads : paths(fixtures).filter((p) => p.baseline !== 'C');
    console.log(`Warming up for ${args.warmup} s…`);
    await measure(kindred.url, 10, Number(args.warmup), () => pick(getPaths).request());
    await measure(baseline.url, 10, 5, () => pick([baselineRequests(fixtures).A, baselineRequests(fixtures).B])());

    const results: Row[] = [];
    // No path selected (--only photo, room or embedded): no rows, and no baselines A–C to compare them with.
    for (const connections of all.length > 0 ? connectionCounts : []) {
      await backgroundSettled();
      // Baselines before and after the paths, averaged, so drift during the run affects both sides alike.
      const before = await measureBaselines(baseline.url, connections, fixtures);
      const own = new Map<string, Measurement>();
      for (const p of all) {
        await p.reset?.();
        const m = await measure(kindred.url, connections, duration, p.request);
        own.set(p.name, m);
        console.log(`${p.name} @${connections}: ${fmt(m.rps)} 2xx/s, p50 ${m.p50} ms, p99 ${m.p99} ms; ${outcomes(m)}`);
        const waited = await backgroundSettled();
        if (waited >= 1) {
          settled.push(`${p.name} @${connections} ${fmt(waited)} s`);
          console.log(`  background jobs it left ran for ${fmt(waited)} s before the next measurement`);
        }
      }
      const after = await measureBaselines(baseline.url, connections, fixtures);
      const base = (k: 'A' | 'B' | 'C'): Measurement => ({
        rps: (before[k].rps + after[k].rps) / 2,
        p50: (before[k].p50 + after[k].p50) / 2,
        p99: (before[k].p99 + after[k].p99) / 2,
        '2xx': before[k]['2xx'] + after[k]['2xx'],
        '3xx': before[k]['3xx'] + after[k]['3xx'],
        '4xx': before[k]['4xx'] + after[k]['4xx'],
        '5xx': before[k]['5xx'] + after[k]['5xx'],
        errors: before[k].errors + after[k].errors,
      });
      for (const k of ['A', 'B', 'C'] as const) {
        const m = base(k);
        const path: Path = { name: `baseline ${k}`, baseline: k, request: () => ({ path: '' }), expected4xx: k === 'C' };
        results.push({ path, connections, own: m, base: m, clean: clean(m, path.expected4xx), met: null });
      }
      for (const p of all) {
        const m = own.get(p.name)!;
        const ok = clean(m, p.expected4xx);
        results.push({ path: p, connections, own: m, base: base(p.baseline), clean: ok, met: p.target ? ok && p.target.meets(m, base(p.baseline), own) : null });
      }
    }
    const oversoldCount = await oversold([...fixtures.registerForKindred, ...fixtures.registerForBaseline]);
    const uploads = !args.only || args.only.split(',').some((o) => 'photo upload'.includes(o)) ? await measureUploads(kindred.url, fixtures) : null;
    const room = broadcast
      ? await measureRoomDelivery({ kindredUrl: kindred.url, bareUrl: broadcast.url, benchUrl, sessionUsers: fixtures.sessionUsers, seconds: duration, inFlight: connectionCounts })
      : null;
    const fanout = pulled ? await measureFanout({ onUrl: kindred.url, offUrl: pulled.url, benchUrl, sessionUsers: fixtures.sessionUsers, seconds: duration, connections: connectionCounts, measure }) : null;
    stop();
    // Like the uploads, the embedded database is measured in a full run, or when --only names it.
    const embedded = !args.only || args.only.split(',').some((o) => 'embedded'.includes(o)) ? await measureEmbedded() : [];
    writeReport(results, fixtures, oversoldCount, embedded, uploads, room, fanout);
  } finally {
    stop();
  }
}

interface Row {
  path: Path;
  connections: number;
  own: Measurement;
  base: Measurement;
  /** Every response was one the path should give (see clean()). */
  clean: boolean;
  /** Whether the target is met; null for a row without a target. */
  met: boolean | null;
}

interface UploadRow {
  photoBytes: number;
  connections: number;
  kindred: Measurement;
  /** Photos per second sharp makes the same variants of in this process, with as many at once. */
  bareSharp: number;
}

/** A phone camera's photo: 4032 × 3024, a landscape under sensor-like noise, about 3 MB of JPEG. */
async function phonePhoto(): Promise<Buffer> {
  const [w, h] = [4032, 3024];
  const noise = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 18 } } }).raw().toBuffer();
  const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7fb2e0"/><stop offset="1" stop-color="#e8f1f8"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#s)"/><polygon points="0,${h} 900,1300 1700,1900 2600,1100 ${w},2000 ${w},${h}" fill="#3f6d3a"/></svg>`;
  return sharp(Buffer.from(scene)).composite([{ input: noise, raw: { width: w, height: h, channels: 3 }, blend: 'soft-light' }]).jpeg({ quality: 92 }).withMetadata({ orientation: 1 }).toBuffer();
}

/** What the server makes of every photo, done bare: the three sizes, each in WebP and JPEG, with the server's settings. */
async function bareVariants(input: Buffer) {
  await Promise.all(
    [320, 1080, 2048].map(async (size) => {
      const resized = sharp(input).autoOrient().resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true });
      await Promise.all([resized.clone().webp({ quality: 80 }).toBuffer(), resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true }).toBuffer()]);
    }),
  );
}

/**
 * Photo uploads: signed-in members post the same phone photo to POST /media
 * (multipart) at 4 connections, and in the same run this process has sharp
 * make the same variants of it, 4 at a time, with Kindred idle. Both for the
 * run's duration.
 */
async function measureUploads(url: string, f: Fixtures): Promise<UploadRow> {
  const photo = await phonePhoto();
  const connections = 4;
  const boundary = `----kindred-bench-${crypto.randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="IMG_2048.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  await backgroundSettled();
  const result = await autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        setupRequest: (request) => {
          const user = pick(f.sessionUsers);
          return { ...request, method: 'POST', path: '/api/v1/media', headers: { ...headersFor(user), 'content-type': `multipart/form-data; boundary=${boundary}` }, body };
        },
      },
    ],
  });
  const kindred = measurementOf(result);
  console.log(`photo upload @${connections}: ${fmt(kindred.rps, 2)} 201/s, p50 ${kindred.p50} ms, p99 ${kindred.p99} ms; ${outcomes(kindred)}`);
  let done = 0;
  const until = Date.now() + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        await bareVariants(photo);
        done++;
      }
    }),
  );
  const bareSharp = done / duration;
  console.log(`bare sharp, ${connections} at once: ${fmt(bareSharp, 2)} photos/s`);
  return { photoBytes: photo.length, connections, kindred, bareSharp };
}

interface EmbeddedRow {
  connections: number;
  ok: number;
  refused: number;
  /** Responses neither 2xx nor the 503 of a full queue, and requests with no response: failures. */
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * The embedded database (PGlite, demo community) under 10, 50 and 150
 * clients: how many requests are served, how many refused with 503, and how
 * long responses take (autocannon does not honour Retry-After; it asks again at once).
 */
async function measureEmbedded(): Promise<EmbeddedRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-bench-embedded-'));
  const server = await startProcess('embedded Kindred', 'packages/server/src/index.ts', { NODE_ENV: 'production', DATABASE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, '/api/health');
  try {
    // The demo's photos are drawn in a background job after the first start (members last): measured once it is done.
    for (let waited = 0; !((await (await fetch(`${server.url}/api/v1/users/demo`)).json()) as { avatar: unknown }).avatar; waited++) {
      if (waited > 180) throw new Error('the demo photos were not drawn within three minutes');
      await new Promise((r) => setTimeout(r, 1000));
    }
    const groups = (await (await fetch(`${server.url}/api/v1/groups?limit=30`)).json()) as { items: { id: number; visibility: string }[] };
    // Public groups only: a private group's posts are a 404 to an anonymous visitor.
    const open = groups.items.filter((g) => g.visibility === 'public');
    const next = () => ({ path: `/api/v1/groups/${pick(open).id}/posts` });
    await measure(server.url, 10, 10, next);
    const rows: EmbeddedRow[] = [];
    for (const connections of [10, 50, 150]) {
      const result = await autocannon({ url: server.url, connections, duration, requests: [{ setupRequest: (r) => ({ ...r, ...next() }) }] });
      const ok = result['2xx'];
      const refused = result.statusCodeStats?.['503']?.count ?? 0;
      const failed = result.non2xx - refused + result.errors + result.timeouts;
      rows.push({ connections, ok: ok / result.duration, refused: refused / result.duration, failed, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max });
      console.log(`embedded @${connections}: ${fmt(ok / result.duration)} served/s, ${fmt(refused / result.duration)} refused (503)/s, ${fmt(failed)} failed, p99 ${result.latency.p99} ms`);
    }
    return rows;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Jobs that reschedule themselves: held during the measurements (a server's start schedules them again). */
const PERIODIC_JOBS = ['recs.train', 'activity.popularity', 'map.cells', 'media.sweep', 'notifications.prune', 'health.rollup', 'feed.trim'];

/** Background work a measurement left behind (for instance rankings after registrations), done before the next measurement. */
const settled: string[] = [];

/**
 * Waits until the server has no due background job and no deferred ranking left, so one measurement's background work is not
 * counted against the next one (or against a baseline). Returns the seconds waited.
 */
async function backgroundSettled(): Promise<number> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: benchUrl });
  await client.connect();
  try {
    for (;;) {
      // A member's ranking runs a while after their registration: work the measurement deferred, so it counts as left behind.
      const { rows } = await client.query<{ due: number }>(
        "select count(*)::int as due from jobs where done_at is null and dead_at is null and (run_at <= now() or kind = 'recs.rank')",
      );
      if (rows[0]!.due === 0 || Date.now() - started > 600_000) return (Date.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await client.end();
  }
}

async function measureBaselines(url: string, connections: number, f: Fixtures) {
  const requests = baselineRequests(f);
  const out = {} as Record<'A' | 'B' | 'C', Measurement>;
  for (const k of ['A', 'B', 'C'] as const) {
    if (k === 'C') await resetRegistrations(f.registerForBaseline);
    out[k] = await measure(url, connections, duration, requests[k]);
    console.log(`baseline ${k} @${connections}: ${fmt(out[k].rps)} 2xx/s, p50 ${out[k].p50} ms, p99 ${out[k].p99} ms; ${outcomes(out[k])}`);
  }
  return out;
}

function uploadSection(u: UploadRow): string[] {
  const ratio = u.kindred.rps / u.bareSharp;
  const met = clean(u.kindred) && ratio >= 0.6;
  return [
    '## Photo upload',
    '',
    `A ${fmt(u.photoBytes / 1e6, 1)} MB phone photo (4032 × 3024 JPEG) posted to \`POST /api/v1/media\` by signed-in members at ${u.connections} connections for ${duration} s; the baseline is sharp making the same variants of the same file (320, 1080 and 2048 px, WebP and JPEG, the server's settings) ${u.connections} at a time in a bare script, in the same run. Kindred also reads the file's type and orientation, draws the placeholder, writes six files and a row.`,
    '',
    '| path | photos/s | p50 ms | p99 ms | 2xx | 4xx | 5xx | errors | bare sharp photos/s | ratio | target | met |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    `| photo upload | ${fmt(u.kindred.rps, 2)} | ${u.kindred.p50} | ${u.kindred.p99} | ${fmt(u.kindred['2xx'])} | ${fmt(u.kindred['4xx'])} | ${fmt(u.kindred['5xx'])} | ${fmt(u.kindred.errors)} | ${fmt(u.bareSharp, 2)} | ${fmt(ratio, 2)}× | ≥ 60% of bare sharp | ${met ? 'yes' : '**no**'} |`,
    '',
  ];
}

function writeReport(results: Row[], f: Fixtures, oversoldCount: number, embedded: EmbeddedRow[], uploads: UploadRow | null, room: RoomDeliveryResult | null, fanout: FanoutResult | null) {
  const command = `npm run bench -- --scale ${scale} --duration ${duration} --warmup ${args.warmup} --connections ${args.connections}${args.only ? ` --only ${args.only}` : ''}${args.skip ? ` --skip ${args.skip}` : ''}`;
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit the tables by hand (the analysis at the end comes from \`bench/analysis.md\`).`,
    '',
    `- **Machine:** ${machine()}; PostgreSQL on the same machine.`,
    `- **Data (${scale}):** ${Object.entries(f.counts).map(([t, n]) => `${fmt(n)} ${t}`).join(', ')}.`,
    `- **Method:** Kindred in production mode (\`NODE_ENV=production\`) in ${KINDRED_WORKERS} worker processes (\`KINDRED_WORKERS\`, one per core) sharing a pool of 20 connections, and the bare Fastify + pg baselines (\`bench/baseline-server.ts\`, one process, pool of 20) on the same database. Each row is autocannon for ${duration} s after a ${args.warmup} s warm-up, requests spread over ${f.sessionUsers.length} signed-in members and random items. Baselines are measured before and after the paths at each connection count and averaged. A: primary-key select; B: keyset home feed with a LATERAL probe per joined group; C: registration transaction with a capacity check under the row lock.`,
    `- **Database state:** vacuumed and analyzed (\`VACUUM (ANALYZE)\`) after the server has started and trained, before the warm-up.`,
    `- **Background work:** each measurement starts once the server has no background job left, due or deferred (a ranking after a registration); the periodic jobs (${PERIODIC_JOBS.join(', ')}) are held from the first measurement to the last. ${settled.length ? `Measurements that left work behind, and how long it ran: ${settled.join('; ')}.` : 'No measurement left any.'}`,
    `- **Overselling:** ${oversoldCount === 0 ? 'none' : `${oversoldCount} activities over capacity`} (every registration activity checked after the run).`,
    `- **Counting:** req/s counts successful (2xx) responses only, and p50/p99 are their latencies; every row gives its responses by status class and the requests that got none (errors). A 5xx, an error or a redirect fails a row, and so does a 4xx except where a path expects one (registration's and baseline C's 409 for a member already registered). Before each registration measurement (Kindred's and baseline C's alike) the activities it registers for are emptied, so every measurement does the same real work. A row without a target has no "met".`,
    '',
  ];
  for (const connections of connectionCounts) {
    if (!results.some((r) => r.connections === connections)) continue;
    lines.push(
      `## ${connections} connections`,
      '',
      '| path | 2xx/s | p50 ms | p99 ms | 2xx | 3xx | 4xx | 5xx | errors | vs | ratio | target | met |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|',
    );
    for (const r of results.filter((x) => x.connections === connections)) {
      const isBase = r.path.name.startsWith('baseline');
      const ratio = isBase ? '' : `${fmt(r.own.rps / r.base.rps, 2)}×`;
      // A count the path should not have is bold; 4xx are expected only where the path says so.
      const count = (n: number, bad: boolean) => (n && bad ? `**${fmt(n)}**` : fmt(n));
      const counts = [count(r.own['2xx'], false), count(r.own['3xx'], true), count(r.own['4xx'], !r.path.expected4xx), count(r.own['5xx'], true), count(r.own.errors, true)];
      const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
      lines.push(`| ${r.path.name} | ${fmt(r.own.rps)} | ${r.own.p50} | ${r.own.p99} | ${counts.join(' | ')} | ${isBase ? '' : r.path.baseline} | ${ratio} | ${r.path.target?.text ?? ''} | ${met} |`);
    }
    lines.push('');
  }
  if (uploads) lines.push(...uploadSection(uploads));
  if (room) lines.push(...roomDeliverySection(room));
  if (fanout) lines.push(...fanoutSection(fanout));
  if (embedded.length > 0) {
    lines.push(
      '## Embedded database (PGlite, demo community)',
      '',
      `A group's posts, first page, ${duration} s per row. Past 4 running and ${'`KINDRED_DB_QUEUE_LIMIT`'} (64) waiting, requests are refused at once with 503; autocannon asks again immediately, which real clients (honouring Retry-After) do not.`,
      '',
      '| clients | served/s | refused (503)/s | other failures | p50 ms | p99 ms | max ms |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...embedded.map((e) => `| ${e.connections} | ${fmt(e.ok)} | ${fmt(e.refused)} | ${e.failed ? `**${fmt(e.failed)}**` : '0'} | ${e.p50} | ${e.p99} | ${e.max} |`),
      '',
    );
  }
  // The Lighthouse section is `npm run lighthouse`'s: kept as it is.
  const previous = fs.existsSync(args.out!) ? fs.readFileSync(args.out!, 'utf8') : '';
  const lighthouse = /<!-- lighthouse:start -->[\s\S]*<!-- lighthouse:end -->/.exec(previous);
  if (lighthouse) lines.push(lighthouse[0], '');
  const analysis = path.join(root, 'bench/analysis.md');
  if (fs.existsSync(analysis)) lines.push(fs.readFileSync(analysis, 'utf8').trim(), '');
  fs.writeFileSync(args.out!, lines.join('\n'));
  console.log(`Wrote ${args.out}`);
  const failed = results.filter((r) => !r.clean).map((r) => `${r.path.name} @${r.connections} (${outcomes(r.own)})`);
  for (const row of room?.rows ?? []) {
    const how = row.mode === 'steady' ? `steady ${row.inFlight} msg/s` : `back to back @${row.inFlight}`;
    if (!deliveryClean(row.room) || !deliveryClean(row.bare)) failed.push(`room delivery ${how} (${!deliveryClean(row.room) ? 'room' : 'bare broadcast'}: a POST not accepted, a delivery lost or duplicated)`);
  }
  if (failed.length) console.log(`Rows with failed or unexpected responses: ${failed.join('; ')}`);
  const missed = results.filter((r) => r.met === false).map((r) => `${r.path.name} @${r.connections}`);
  for (const row of room?.rows ?? []) {
    if (!ROOM_TARGETS[row.mode].meets(row.room, row.bare)) missed.push(`room delivery ${row.mode === 'steady' ? `steady ${row.inFlight} msg/s` : `back to back @${row.inFlight}`}`);
  }
  if (missed.length) console.log(`Targets missed: ${missed.join(', ')}`);
}

await main();
process.exit(0);
