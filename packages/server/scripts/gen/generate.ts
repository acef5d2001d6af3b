import crypto from 'node:crypto';
import { feedHorizon, fillFeeds } from '../../src/features/feed/feed.service.js';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { hashPassword } from '../../src/features/accounts/accounts.service.js';
import { hotScoreSql } from '../../src/features/posts/posts.repository.js';
import { buildRollups, HEALTH_HISTORY_DAYS } from '../../src/features/moderation/health.js';
import { refreshGroupLiveliness } from '../../src/features/groups/groups.repository.js';
import { generateStandaloneActivities } from './activities.js';
import { describeChecks, failedChecks, runIntegrityChecks, type CheckResult } from './checks.js';
import { generateCommunity } from './community.js';
import { generateCompanions } from './companions.js';
import { DistinctPicker, type Gen } from './context.js';
import { Circles, generateFollows } from './follows.js';
import { BulkLoader } from './loader.js';
import { generateMembers, type Members } from './members.js';
import { Random } from './random.js';
import { scales, type Scale, type ScaleName } from './scales.js';
import { pendingSetAside, restoreIndexesAndKeys, setAsideIndexesAndKeys, syncIdentity, truncateAppTables, vacuumAnalyze } from './schema-ops.js';
import { defineTables, tablesWithExplicitIds } from './tables.js';
import { buildCities } from './world.js';

export const BENCH_PASSWORD = 'kindred-bench';
/** Session settings for the big joins and aggregates of checks and foreign keys: in memory, no JIT (too short to pay off). */
export const CHECK_SETTINGS = '-c work_mem=256MB -c jit=off';
const DAY = 86_400_000;

export interface GenerateOptions {
  databaseUrl: string;
  scale: ScaleName | Scale;
  /** Empty every app table first (identities restart at 1). */
  reset?: boolean;
  /** Add to a database that already has members. */
  force?: boolean;
  seed?: number;
  log?: (line: string) => void;
  /** Groups of up to this many members get their posts fanned out into feed_items, as the server would (KINDRED_FANOUT_MAX_MEMBERS; 0: none). */
  fanoutMaxMembers?: number;
}

export interface GenerateResult {
  seconds: number;
  /** Rows written per table. */
  rows: Record<string, number>;
  /** Id of the first generated member (1 in a fresh or reset database); bench sessions start there. */
  firstMemberId: number;
  checks: CheckResult[];
}

export class GeneratorRefusal extends Error {}

/** The bench session token of a member; the server stores its SHA-256 as auth/session.ts's hashToken does. */
export function benchSessionToken(memberId: number) {
  return `bench-session-${memberId}`;
}

export function benchCsrfToken(memberId: number) {
  return `bench-csrf-${memberId}`;
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Fills a PostgreSQL database with a synthetic community for performance
 * work, migrating it first, and runs the integrity checks at the end. Rows are
 * written by several connections at once with the tables' secondary indexes
 * and foreign keys set aside (schema-ops.ts), so a run that fails half-way
 * leaves a partly filled database: run again with --reset.
 */
export async function generateCommunityData(options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const scale = typeof options.scale === 'string' ? scales[options.scale] : options.scale;
  const started = Date.now();
  const bulkUrl = withSessionSettings(options.databaseUrl, `${CHECK_SETTINGS} -c synchronous_commit=off`);
  const database = await openDatabase({ databaseUrl: bulkUrl, dataDir: '', dbPoolSize: 20 });
  // Three writers: PostgreSQL turns text into search vectors on two cores while the next batch is generated.
  const clients = Array.from({ length: 3 }, () => new pg.Client({ connectionString: bulkUrl }));
  const main = clients[0]!;
  let loading = false;
  try {
    await migrate(database);
    // Each batch commits on its own (synchronous_commit is off: a crash loses the run either way).
    for (const client of clients) await client.connect();
    const interrupted = await pendingSetAside(main);
    if (interrupted.length > 0 && !options.reset) {
      throw new GeneratorRefusal(`An earlier generation stopped half-way and left ${interrupted.length} indexes and foreign keys set aside; run again with --reset.`);
    }
    const existing = await main.query('select 1 from users limit 1');
    if (existing.rowCount && !options.reset && !options.force) {
      throw new GeneratorRefusal('The database already has members; pass --reset to empty it first, or --force to add to it.');
    }
    log(`Generating ${typeof options.scale === 'string' ? options.scale : 'custom'} scale: ${fmt(scale.members)} members, ${fmt(scale.groups)} groups, ${fmt(scale.memberships)} memberships, ${fmt(scale.posts)} posts, ${fmt(scale.activities)} activities, and who follows whom`);
    if (options.reset) {
      await truncateAppTables(main);
      log(`  emptied every app table (${secs(started)} since start)`);
      if (interrupted.length > 0) {
        log(`  putting back the ${interrupted.length} indexes and foreign keys an interrupted generation had set aside`);
        await restoreIndexesAndKeys(clients, log);
      }
    }

    const loader = new BulkLoader(clients);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const t = defineTables(loader, { passwordHash, hotScore: hotScoreSql.compile(database.db).sql });
    const seed = options.seed ?? 20261125;
    const rng = new Random(seed);
    const { cities, shareTotals } = buildCities(rng.fork(1), scale.cities);
    const gen: Gen = {
      rng,
      social: new Random(seed ^ 0x5f011ed),
      scale,
      now: Date.now(),
      loader,
      t,
      cities,
      cityShareTotals: shareTotals,
      ids: await lastIds(main),
      providerCash: await providerCashAccounts(main),
      organizerPayable: new Map(),
      picker: new DistinctPicker(rng, scale.members),
      circles: new Circles(scale.memberships + scale.activities * 12),
    };
    const setAside = await setAsideIndexesAndKeys(main, [...loader.tables.keys()]);
    loading = true;
    log(`  set aside ${setAside.filter((i) => i.kind === 'index').length} indexes and ${setAside.filter((i) => i.kind === 'foreign_key').length} foreign keys until the rows are in (${secs(started)} since start)`);
    const progress = new Progress(log, loader);

    progress.phase('members');
    const members = await generateMembers(gen);
    addBenchSessions(gen, members);
    await progress.endPhase();

    progress.phase('groups, posts, comments, likes, activities');
    await generateCommunity(gen, members, (done) => progress.tick(() => `${fmt(done)}/${fmt(scale.groups)} groups`));
    await generateStandaloneActivities(gen, members);
    await progress.endPhase();

    progress.phase('companions');
    await generateCompanions(gen, members);
    await progress.endPhase();

    progress.phase('follows');
    const follows = await generateFollows(gen, members, main);
    await progress.endPhase();
    log(`  ${fmt(follows.follows)} follows, ${fmt(follows.pending)} of them requests awaiting approval`);

    const indexStarted = Date.now();
    log('indexes and foreign keys');
    await restoreIndexesAndKeys(clients, log);
    loading = false;
    for (const table of tablesWithExplicitIds) await syncIdentity(main, table);
    log(`  indexes and foreign keys: ${secs(indexStarted)}`);
    // Every activity has its chat room; every group its liveliness (last active, recent attendance, quiet, rank).
    await main.query(`
      with made as (
        insert into rooms (activity_id) select a.id from activities a where not exists (select 1 from activity_rooms r where r.activity_id = a.id)
        returning id, activity_id)
      insert into activity_rooms (activity_id, room_id) select activity_id, id from made`);
    await refreshGroupLiveliness(database.db);
    // The home and Following feeds' fanned-out rows, in bulk statements rather than a job per post.
    const feedStarted = Date.now();
    const feedRows = await fillFeeds(database.db, options.fanoutMaxMembers ?? 10_000, feedHorizon());
    log(`  home and Following feeds: ${fmt(feedRows)} fanned-out rows (${secs(feedStarted)})`);

    const analyzeStarted = Date.now();
    // With the lists per map cell, which triggers fill as the tables load.
    await vacuumAnalyze(clients, [...loader.tables.keys(), 'activity_cells', 'companion_cells']);
    log(`vacuum and analyze: ${secs(analyzeStarted)}`);

    // The health dashboard's rollups: members count as seen on the days they wrote or registered.
    const healthStarted = Date.now();
    await main.query(`
      insert into member_days (day, user_id)
      select (created_at at time zone 'UTC')::date, author_id from posts where created_at > now() - interval '${HEALTH_HISTORY_DAYS} days'
      union select (created_at at time zone 'UTC')::date, author_id from comments where created_at > now() - interval '${HEALTH_HISTORY_DAYS} days'
      union select (created_at at time zone 'UTC')::date, user_id from registrations where created_at > now() - interval '${HEALTH_HISTORY_DAYS} days'
      on conflict do nothing`);
    const today = Date.now();
    await buildRollups(database.db, new Date(today - (HEALTH_HISTORY_DAYS - 1) * 86_400_000).toISOString().slice(0, 10), new Date(today).toISOString().slice(0, 10));
    log(`health rollups: ${secs(healthStarted)}`);

    const checks = await checkDatabase(database, log);
    const rows = Object.fromEntries([...loader.tables.values()].map((b) => [b.spec.table, b.loaded]));
    const seconds = (Date.now() - started) / 1000;
    log(`Generated in ${seconds.toFixed(1)} s; bench sessions for members ${members.firstId}…${members.firstId + Math.min(scale.sessions, scale.members) - 1} (cookie kindred_session=bench-session-<id>), password "${BENCH_PASSWORD}" for everyone`);
    return { seconds, rows, firstMemberId: members.firstId, checks };
  } catch (error) {
    if (loading) log('The generation failed half-way: the database is partly filled and its indexes are set aside; run again with --reset.');
    throw error;
  } finally {
    for (const client of clients) await client.end().catch(() => {});
    await database.close();
  }
}

/** The URL with PostgreSQL settings for each session it opens (e.g. '-c work_mem=256MB'). */
export function withSessionSettings(databaseUrl: string, settings: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', [url.searchParams.get('options'), settings].filter(Boolean).join(' '));
  return url.toString();
}

/** Runs the integrity checks and logs each; see checks.ts. */
export async function checkDatabase(database: Database, log: (line: string) => void): Promise<CheckResult[]> {
  const started = Date.now();
  log('integrity checks');
  const results = await runIntegrityChecks(database.db);
  for (const line of describeChecks(results)) log(line);
  log(`  ${failedChecks(results).length === 0 ? 'all passed' : `${failedChecks(results).length} failed`} in ${secs(started)}`);
  return results;
}

/** Sessions the benchmark can use: token bench-session-<id>, CSRF token bench-csrf-<id>, 30 days. */
function addBenchSessions(gen: Gen, m: Members) {
  const count = Math.min(gen.scale.sessions, m.count);
  for (let i = 0; i < count; i++) {
    const id = m.firstId + i;
    gen.t.sessions.add(hashToken(benchSessionToken(id)), id, benchCsrfToken(id), gen.now, gen.now + 30 * DAY);
  }
}

/** The highest id used so far per table (0 when empty), so new rows never collide with --force. */
async function lastIds(client: pg.Client): Promise<Gen['ids']> {
  const ids = {} as Gen['ids'];
  for (const table of tablesWithExplicitIds) {
    const sequence = (await client.query<{ name: string }>(`select pg_get_serial_sequence($1, 'id') as name`, [table])).rows[0]!.name;
    const row = await client.query<{ last: string }>(
      `select greatest(coalesce((select max(id) from ${table}), 0), (select case when is_called then last_value else 0 end from ${sequence})) as last`,
    );
    ids[table] = Number(row.rows[0]!.last);
  }
  return ids;
}

async function providerCashAccounts(client: pg.Client): Promise<Map<string, number>> {
  const rows = await client.query<{ id: string; currency: string }>(`select id, currency from ledger_accounts where code like 'provider\\_cash:%'`);
  return new Map(rows.rows.map((r) => [r.currency, Number(r.id)]));
}

/** Progress: a status line every ten seconds, and per phase a line per table with rows and rows/s. */
class Progress {
  private name = '';
  private started = 0;
  private lastTick = 0;
  private before = new Map<string, number>();
  private busyBefore = new Map<string, number>();
  private readonly runStarted = Date.now();

  constructor(
    private log: (line: string) => void,
    private loader: BulkLoader,
  ) {}

  phase(name: string) {
    this.name = name;
    this.started = this.lastTick = Date.now();
    this.before = new Map([...this.loader.tables.values()].map((b) => [b.spec.table, b.loaded]));
    this.busyBefore = new Map([...this.loader.tables.values()].map((b) => [b.spec.table, b.busyMs]));
    this.log(`${name}`);
  }

  async tick(detail: () => string) {
    await this.loader.breathe();
    if (Date.now() - this.lastTick < 10_000) return;
    this.lastTick = Date.now();
    const posts = this.loader.tables.get('posts')!;
    this.log(`  … ${detail()}, ${fmt(posts.loaded)} posts stored (${secs(this.runStarted)} since start)`);
  }

  async endPhase() {
    await this.loader.drain();
    const elapsed = (Date.now() - this.started) / 1000;
    for (const buffer of this.loader.tables.values()) {
      const rows = buffer.loaded - (this.before.get(buffer.spec.table) ?? 0);
      if (rows === 0) continue;
      const busy = (buffer.busyMs - (this.busyBefore.get(buffer.spec.table) ?? 0)) / 1000;
      this.log(
        `  ${buffer.spec.table.padEnd(26)} ${fmt(rows).padStart(12)} rows ${elapsed.toFixed(1).padStart(7)} s ${fmt(Math.round(rows / Math.max(elapsed, 0.001))).padStart(11)} rows/s   (database ${busy.toFixed(1)} s, ${fmt(Math.round(rows / Math.max(busy, 0.001)))} rows/s)`,
      );
    }
    this.log(`  ${this.name}: ${elapsed.toFixed(1)} s`);
  }
}

function fmt(n: number) {
  return n.toLocaleString('en-US');
}

function secs(started: number) {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}
