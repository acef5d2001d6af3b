/**
 * npm run bench [-- --scale reference|small] [--duration 10] [--warmup 20] [--connections 10,50] [--only a,b] [--skip a,b] [--explain] [--out BENCHMARKS.md]
 *
 * Measures Kindred's hot paths with autocannon against a server in production
 * mode on generated data, and in the same run the bare Fastify + pg baselines
 * (bench/baseline-server.ts) on the same data; writes BENCHMARKS.md with
 * req/s, p50, p99 and each path's ratio to its baseline. Needs DATABASE_URL
 * (a PostgreSQL server); the data lives in the database `kindred_bench`
 * (reference scale) or `kindred_bench_<scale>`, generated on first use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { explainHotQueries } from './explain.js';

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
  bigGroups: { id: number; deepCursor: string }[];
  posts: number[];
  activities: number[];
  places: { lat: number; lng: number }[];
  words: string[];
  registerForKindred: number[];
  registerForBaseline: number[];
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
  // Groups with at least 25 pages of posts, and the cursor of page 26 (post 500) of each.
  const groups = await q<{ id: number }>('select id from groups where post_count >= 600 and visibility = $1 order by post_count desc limit 50', ['public']);
  const bigGroups = [];
  for (const g of groups) {
    const [row] = await q<{ at: string; id: number }>(
      'select created_at::text as at, id from posts where group_id = $1 and deleted_at is null order by created_at desc, id desc offset 499 limit 1',
      [g.id],
    );
    // ids arrive as text (int8); the cursor holds a number.
    if (row) bigGroups.push({ id: g.id, deepCursor: cursor([row.at, Number(row.id)]) });
  }
  if (bigGroups.length === 0) fail('No group has 500+ posts; the deep-page benchmark needs reference-scale data.');
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
  const counts: Record<string, number> = {};
  for (const table of ['users', 'groups', 'group_members', 'posts', 'comments', 'post_likes', 'activities', 'registrations', 'companion_cards']) {
    counts[table] = (await q<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
  }
  await db.end();
  return {
    sessionUsers,
    cardUsers,
    bigGroups,
    posts,
    activities,
    places,
    words,
    registerForKindred: open.filter((_, i) => i % 2 === 0),
    registerForBaseline: open.filter((_, i) => i % 2 === 1),
    counts,
  };
}

// ---- Servers ----

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

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

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

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
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

interface Path {
  name: string;
  baseline: 'A' | 'B' | 'C';
  request: () => Request;
  /** The target as a description and a check against the measurements. */
  target: string;
  meets: (own: Measurement, base: Measurement, all: Map<string, Measurement>) => boolean;
  /** Responses other than 2xx that are expected (e.g. 409 for a second registration). */
  allowNon2xx?: boolean;
}

function paths(f: Fixtures): Path[] {
  const user = () => pick(f.sessionUsers);
  const atLeast = (share: number) => (own: Measurement, base: Measurement) => own.rps >= share * base.rps;
  return [
    {
      name: 'home feed',
      baseline: 'B',
      request: () => ({ path: '/api/v1/feed', user: user() }),
      target: '≥ 60% of B, p99 ≤ 1.5× B',
      meets: (own, base) => own.rps >= 0.6 * base.rps && own.p99 <= 1.5 * base.p99,
    },
    { name: 'group posts, first page', baseline: 'B', request: () => ({ path: `/api/v1/groups/${pick(f.bigGroups).id}/posts`, user: user() }), target: '≥ 2× B', meets: atLeast(2) },
    {
      name: 'group posts, page 26',
      baseline: 'B',
      request: () => {
        const g = pick(f.bigGroups);
        return { path: `/api/v1/groups/${g.id}/posts?cursor=${g.deepCursor}`, user: user() };
      },
      target: '≥ 2× B, within 1.2× of the first page',
      meets: (own, base, all) => {
        const first = all.get('group posts, first page');
        return own.rps >= 2 * base.rps && (!first || own.rps * 1.2 >= first.rps);
      },
    },
    { name: 'post page', baseline: 'A', request: () => ({ path: `/api/v1/posts/${pick(f.posts)}`, user: user() }), target: '≥ 60% of A', meets: atLeast(0.6) },
    { name: 'post comments', baseline: 'A', request: () => ({ path: `/api/v1/posts/${pick(f.posts)}/comments`, user: user() }), target: '≥ 60% of A', meets: atLeast(0.6) },
    {
      name: 'nearby activities',
      baseline: 'B',
      request: () => {
        const p = pick(f.places);
        return { path: `/api/v1/activities/nearby?lat=${p.lat}&lng=${p.lng}&radiusKm=25`, user: user() };
      },
      target: '≥ 50% of B',
      meets: atLeast(0.5),
    },
    { name: 'activity page', baseline: 'A', request: () => ({ path: `/api/v1/activities/${pick(f.activities)}`, user: user() }), target: '≥ 60% of A', meets: atLeast(0.6) },
    { name: 'recommended groups', baseline: 'A', request: () => ({ path: '/api/v1/recommendations/groups', user: user() }), target: '≥ 60% of A', meets: atLeast(0.6) },
    { name: 'recommended posts', baseline: 'A', request: () => ({ path: '/api/v1/recommendations/posts', user: user() }), target: '≥ 60% of A', meets: atLeast(0.6) },
    { name: 'recommended activities', baseline: 'A', request: () => ({ path: '/api/v1/recommendations/activities', user: user() }), target: '≥ 60% of A', meets: atLeast(0.6) },
    { name: 'companion search', baseline: 'B', request: () => ({ path: '/api/v1/companions/people', user: pick(f.cardUsers) }), target: '≥ 50% of B', meets: atLeast(0.5) },
    { name: 'search', baseline: 'B', request: () => ({ path: `/api/v1/search/posts?q=${pick(f.words)}`, user: user() }), target: '— (no target; for reference)', meets: () => true },
    {
      name: 'registration (write)',
      baseline: 'C',
      request: () => ({ method: 'POST', path: `/api/v1/activities/${pick(f.registerForKindred)}/registrations`, user: user(), body: {} }),
      target: '≥ 70% of C, no overselling',
      meets: atLeast(0.7),
      allowNon2xx: true,
    },
  ];
}

function baselineRequests(f: Fixtures): Record<'A' | 'B' | 'C', () => Request> {
  return {
    A: () => ({ path: `/a/posts/${pick(f.posts)}` }),
    B: () => ({ path: `/b/feed/${pick(f.sessionUsers)}` }),
    C: () => ({ method: 'POST', path: '/c/register', body: { activityId: pick(f.registerForBaseline), userId: pick(f.sessionUsers) } }),
  };
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
  console.log(`Fixtures: ${fixtures.sessionUsers.length} members with sessions, ${fixtures.bigGroups.length} big groups, ${fixtures.registerForKindred.length * 2} open activities.`);
  if (args.explain) {
    await explainHotQueries(benchUrl, fixtures);
    return;
  }

  const kindred = await startProcess('Kindred', 'packages/server/src/index.ts', {
    NODE_ENV: 'production',
    DATABASE_URL: benchUrl,
    LOG_LEVEL: 'warn',
    KINDRED_SEED_DEMO: 'false',
    KINDRED_RATE_LIMIT_AUTH: '1000000',
  }, '/api/health');
  const baseline = await startProcess('baseline', 'bench/baseline-server.ts', { DATABASE_URL: benchUrl, POOL_SIZE: '20' }, '/a/posts/1');
  const stop = () => {
    kindred.child.kill('SIGTERM');
    baseline.child.kill('SIGTERM');
  };
  process.on('exit', stop);

  try {
    // The recommendation model trains at start; wait for it so it is not measured.
    const probeUser = fixtures.sessionUsers[0]!;
    // The server retrains the model in the background at start; wait for that too, so it is not measured.
    const startedAt = new Date();
    const models = new pg.Client({ connectionString: benchUrl });
    await models.connect();
    for (;;) {
      const { rows } = await models.query("select trained_at from rec_models where kind = 'group'");
      if (rows[0] && new Date(rows[0].trained_at as string) > startedAt) break;
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
    const all = paths(fixtures)
      .filter((p) => !args.only || args.only.split(',').some((o) => p.name.includes(o)))
      .filter((p) => !args.skip || !args.skip.split(',').includes(p.name));
    const getPaths = all.filter((p) => p.baseline !== 'C');
    console.log(`Warming up for ${args.warmup} s…`);
    await measure(kindred.url, 10, Number(args.warmup), () => pick(getPaths).request());
    await measure(baseline.url, 10, 5, () => pick([baselineRequests(fixtures).A, baselineRequests(fixtures).B])());

    const results: { path: Path; connections: number; own: Measurement; base: Measurement; ok: boolean }[] = [];
    for (const connections of connectionCounts) {
      // Baselines before and after the paths, averaged, so drift during the run affects both sides alike.
      const before = await measureBaselines(baseline.url, connections, fixtures);
      const own = new Map<string, Measurement>();
      for (const p of all) {
        const m = await measure(kindred.url, connections, duration, p.request);
        own.set(p.name, m);
        console.log(`${p.name} @${connections}: ${fmt(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms${m.non2xx ? `, ${m.non2xx} non-2xx` : ''}`);
      }
      const after = await measureBaselines(baseline.url, connections, fixtures);
      const base = (k: 'A' | 'B' | 'C'): Measurement => ({
        rps: (before[k].rps + after[k].rps) / 2,
        p50: (before[k].p50 + after[k].p50) / 2,
        p99: (before[k].p99 + after[k].p99) / 2,
        non2xx: before[k].non2xx + after[k].non2xx,
        errors: before[k].errors + after[k].errors,
      });
      for (const k of ['A', 'B', 'C'] as const) results.push({ path: { name: `baseline ${k}`, baseline: k, request: () => ({ path: '' }), target: '', meets: () => true }, connections, own: base(k), base: base(k), ok: true });
      for (const p of all) {
        const m = own.get(p.name)!;
        const ok = p.meets(m, base(p.baseline), own) && m.errors === 0 && (p.allowNon2xx || m.non2xx === 0);
        results.push({ path: p, connections, own: m, base: base(p.baseline), ok });
      }
    }
    const oversoldCount = await oversold([...fixtures.registerForKindred, ...fixtures.registerForBaseline]);
    stop();
    const embedded = await measureEmbedded();
    writeReport(results, fixtures, oversoldCount, embedded);
  } finally {
    stop();
  }
}

interface EmbeddedRow {
  connections: number;
  ok: number;
  refused: number;
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
    const groups = (await (await fetch(`${server.url}/api/v1/groups?limit=30`)).json()) as { items: { id: number; visibility: string }[] };
    // Public groups only: a private group's posts are a 404 to an anonymous visitor.
    const open = groups.items.filter((g) => g.visibility === 'public');
    const next = () => ({ path: `/api/v1/groups/${pick(open).id}/posts` });
    await measure(server.url, 10, 10, next);
    const rows: EmbeddedRow[] = [];
    for (const connections of [10, 50, 150]) {
      const result = await autocannon({ url: server.url, connections, duration, requests: [{ setupRequest: (r) => ({ ...r, ...next() }) }] });
      const ok = result['2xx'];
      rows.push({ connections, ok: ok / duration, refused: result.non2xx / duration, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max });
      console.log(`embedded @${connections}: ${fmt(ok / duration)} served/s, ${fmt(result.non2xx / duration)} refused/s, p99 ${result.latency.p99} ms`);
    }
    return rows;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureBaselines(url: string, connections: number, f: Fixtures) {
  const requests = baselineRequests(f);
  const out = {} as Record<'A' | 'B' | 'C', Measurement>;
  for (const k of ['A', 'B', 'C'] as const) {
    out[k] = await measure(url, connections, duration, requests[k]);
    console.log(`baseline ${k} @${connections}: ${fmt(out[k].rps)} req/s, p50 ${out[k].p50} ms, p99 ${out[k].p99} ms`);
  }
  return out;
}

function writeReport(results: { path: Path; connections: number; own: Measurement; base: Measurement; ok: boolean }[], f: Fixtures, oversoldCount: number, embedded: EmbeddedRow[]) {
  const command = `npm run bench -- --scale ${scale} --duration ${duration} --warmup ${args.warmup} --connections ${args.connections}${args.only ? ` --only ${args.only}` : ''}${args.skip ? ` --skip ${args.skip}` : ''}`;
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; do not edit the tables by hand (the analysis at the end comes from \`bench/analysis.md\`).`,
    '',
    `- **Machine:** ${machine()}; PostgreSQL on the same machine.`,
    `- **Data (${scale}):** ${Object.entries(f.counts).map(([t, n]) => `${fmt(n)} ${t}`).join(', ')}.`,
    `- **Method:** Kindred in production mode (\`NODE_ENV=production\`, pool of 20), and the bare Fastify + pg baselines (\`bench/baseline-server.ts\`, pool of 20) on the same database. Each row is autocannon for ${duration} s after a ${args.warmup} s warm-up, requests spread over ${f.sessionUsers.length} signed-in members and random items. Baselines are measured before and after the paths at each connection count and averaged. A: primary-key select; B: keyset home feed with a LATERAL probe per joined group; C: registration transaction with a capacity check under the row lock.`,
    `- **Overselling:** ${oversoldCount === 0 ? 'none' : `${oversoldCount} activities over capacity`} (every registration activity checked after the run).`,
    '',
  ];
  for (const connections of connectionCounts) {
    lines.push(`## ${connections} connections`, '', '| path | req/s | p50 ms | p99 ms | vs | ratio | target | met |', '|---|---:|---:|---:|---|---:|---|---|');
    for (const r of results.filter((x) => x.connections === connections)) {
      const isBase = r.path.name.startsWith('baseline');
      const ratio = isBase ? '' : `${fmt(r.own.rps / r.base.rps, 2)}×`;
      const notes = r.own.non2xx ? ` (${fmt(r.own.non2xx)} non-2xx)` : '';
      lines.push(`| ${r.path.name}${notes} | ${fmt(r.own.rps)} | ${r.own.p50} | ${r.own.p99} | ${isBase ? '' : r.path.baseline} | ${ratio} | ${r.path.target} | ${isBase ? '' : r.ok ? 'yes' : '**no**'} |`);
    }
    lines.push('');
  }
  lines.push(
    '## Embedded database (PGlite, demo community)',
    '',
    `A group's posts, first page, ${duration} s per row. Past 4 running and ${'`KINDRED_DB_QUEUE_LIMIT`'} (64) waiting, requests are refused at once with 503; autocannon asks again immediately, which real clients (honouring Retry-After) do not.`,
    '',
    '| clients | served/s | refused (503)/s | p50 ms | p99 ms | max ms |',
    '|---:|---:|---:|---:|---:|---:|',
    ...embedded.map((e) => `| ${e.connections} | ${fmt(e.ok)} | ${fmt(e.refused)} | ${e.p50} | ${e.p99} | ${e.max} |`),
    '',
  );
  const analysis = path.join(root, 'bench/analysis.md');
  if (fs.existsSync(analysis)) lines.push(fs.readFileSync(analysis, 'utf8').trim(), '');
  fs.writeFileSync(args.out!, lines.join('\n'));
  console.log(`Wrote ${args.out}`);
  const missed = results.filter((r) => !r.ok).map((r) => `${r.path.name} @${r.connections}`);
  if (missed.length) console.log(`Targets missed: ${missed.join(', ')}`);
}

await main();
process.exit(0);
