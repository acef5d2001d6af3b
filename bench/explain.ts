/**
 * `npm run bench -- --explain`: runs each hot path's real service code once
 * against the bench data with every SQL statement captured, then prints
 * `EXPLAIN (ANALYZE, BUFFERS)` for each statement and flags sequential scans
 * of large tables.
 */
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config/config.js';
import type { AppContext } from '../packages/server/src/context.js';
import { pgTypes } from '../packages/server/src/db/database.js';
import type { DB } from '../packages/server/src/db/schema.js';
import type { SignedInViewer } from '../packages/server/src/auth/viewer.js';
import { inProcessBus } from '../packages/server/src/events/bus.js';
import * as activities from '../packages/server/src/features/activities/activities.service.js';
import * as companions from '../packages/server/src/features/companions/companions.service.js';
import * as posts from '../packages/server/src/features/posts/posts.service.js';
import * as recs from '../packages/server/src/features/recommendations/recommendations.service.js';
import { followingFeed } from '../packages/server/src/features/social/following-feed.js';

interface ExplainFixtures {
  sessionUsers: number[];
  cardUsers: number[];
  heavyFollowers: number[];
  bigGroups: { id: number; deepCursor: string }[];
  posts: number[];
  activities: number[];
  places: { lat: number; lng: number }[];
  words: string[];
}

const LARGE_TABLES = new Set(['users', 'groups', 'group_members', 'posts', 'comments', 'post_likes', 'registrations', 'user_interests', 'companion_cards', 'companion_card_interests', 'activities', 'activity_cells', 'companion_cells', 'follows', 'feed_items', 'following_items']);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && LARGE_TABLES.has(node['Relation Name'])) found.push(node['Relation Name']);
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

export async function explainHotQueries(databaseUrl: string, f: ExplainFixtures) {
  // Ids as numbers, as the server reads them.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, types: pgTypes });
  let captured: CompiledQuery[] = [];
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const config = loadConfig({ databaseUrl, seedDemo: false, logLevel: 'silent' });
  const views = { count() {} };
  const ctx = { config, db, database: { db, kind: 'postgres' }, lifecycle: { closing: false }, events: inProcessBus(), urls: { self: '' }, views } as unknown as AppContext;
  // Fixture ids come from a plain pg client (int8 as text); the server's are numbers.
  const viewer = (id: number): SignedInViewer => ({ id: Number(id), username: `member${id}`, role: 'member', csrfToken: '', sessionHash: '' });
  const user = Number(f.sessionUsers[Math.floor(f.sessionUsers.length / 2)]);
  const group = { ...f.bigGroups[0]!, id: Number(f.bigGroups[0]!.id) };
  const place = f.places[0]!;
  const hotPaths: [string, () => Promise<unknown>][] = [
    ['home feed', () => posts.homeFeed(db, viewer(user), {})],
    ['following feed', () => followingFeed(ctx, viewer(Number(f.heavyFollowers[0] ?? user)), {})],
    ['group posts, first page', () => posts.groupPosts(db, viewer(user), group.id, {})],
    ['group posts, page 26', () => posts.groupPosts(db, viewer(user), group.id, { cursor: group.deepCursor })],
    ['post page', () => posts.getPost(db, viewer(user), Number(f.posts[0]))],
    ['post comments', () => posts.listComments(db, viewer(user), Number(f.posts[0]), {})],
    ['nearby activities', () => activities.nearby(ctx, viewer(user), { lat: place.lat, lng: place.lng, radiusKm: 25 })],
    ['activities in a map view', () => activities.inArea(ctx, viewer(user), { south: place.lat - 0.15, west: place.lng - 0.2, north: place.lat + 0.15, east: place.lng + 0.2 })],
    ['activity page', () => activities.getActivity(ctx, viewer(user), Number(f.activities[0]), false)],
    ['recommended groups', () => recs.recommendGroups(ctx, viewer(user), 10)],
    ['recommended posts', () => recs.recommendPosts(ctx, viewer(user), 10)],
    ['recommended activities', () => recs.recommendActivities(ctx, viewer(user), 10)],
    ['companion search', () => companions.searchPeople(ctx, viewer(f.cardUsers[0] ?? user), {})],
    ['search', () => posts.searchPosts(db, viewer(user), { q: f.words[0] ?? 'hike' })],
  ];
  const client = await pool.connect();
  const flagged: string[] = [];
  try {
    for (const [name, run] of hotPaths) {
      // Once to warm caches (and to store the member's ranking if they had none), then captured: what every request runs.
      await run();
      captured = [];
      await run();
      const statements = captured;
      console.log(`\n==== ${name}: ${statements.length} statement(s)`);
      for (const query of statements) {
        const explainArgs = [...query.parameters];
        const [{ 'QUERY PLAN': json }] = (await client.query(`explain (analyze, buffers, format json) ${query.sql}`, explainArgs)).rows as [{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }];
        const text = (await client.query(`explain (analyze, buffers) ${query.sql}`, explainArgs)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
        const scans = seqScans(json[0].Plan);
        console.log(`\n-- ${query.sql.replace(/\s+/g, ' ').slice(0, 300)}${query.sql.length > 300 ? '…' : ''}`);
        console.log(`-- execution ${json[0]['Execution Time'].toFixed(2)} ms${scans.length ? `; SEQUENTIAL SCAN of ${scans.join(', ')}` : ''}`);
        console.log(text);
        if (scans.length) flagged.push(`${name}: ${scans.join(', ')}`);
      }
    }
  } finally {
    client.release();
    await db.destroy();
  }
  console.log(flagged.length ? `\nSequential scans of large tables:\n${flagged.join('\n')}` : '\nNo hot query scans a large table sequentially.');
}
