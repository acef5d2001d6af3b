/**
 * The home feed fanned out on write (npm run bench, `--only fanout`).
 *
 * Two Kindred servers on the same data: one with fan-out on (the default
 * KINDRED_FANOUT_MAX_MEMBERS) and one with it off (0: every feed pulled, the
 * feed as it was before fan-out), measured in the same run.
 *
 * Reading: one bench member is made a member of 200 more groups (the most
 * recently active ones they were not in), by SQL; those groups are switched
 * to fanned out and the member's feed_items filled for them in one bulk
 * statement (what the generator's fillFeeds does for every member). Their
 * home feed's first page is read on both servers: fan-out off before and
 * after fan-out on, averaged. Everything is put back afterwards.
 *
 * Writing: a group of 10,000 members made for the measurement (deleted
 * after), posted to back to back by its owner on each server; the rows its
 * posts wrote into feed_items, per post, and how long each post took to reach
 * every member's feed (POST answered → fan-out done, polled).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export const FEED_GROUPS = 200;
export const POST_GROUP_MEMBERS = 10_000;
/** The horizon of the fanned-out feed (src/features/feed/feed.service.ts). */
const HORIZON = "interval '3 days'";
const GROUP_NAME = 'npm run bench: fan-out (temporary)';

export interface FeedMeasurement {
  rps: number;
  p50: number;
  p99: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  errors: number;
}

export interface FanoutResult {
  reader: number;
  groups: number;
  feedRows: number;
  reads: { connections: number; on: FeedMeasurement; off: FeedMeasurement }[];
  writes: { side: 'on' | 'off'; posts: number; failed: number; postP50: number; postP99: number; rowsPerPost: number; fanP50: number; fanP99: number; drainSeconds: number; rowsPerSecond: number }[];
  seconds: number;
}

type Measure = (url: string, connections: number, seconds: number, next: () => { path: string; user?: number }) => Promise<FeedMeasurement>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (values: number[], q: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
};
const session = (user: number) => ({ cookie: `kindred_session=bench-session-${user}`, 'x-csrf-token': `bench-csrf-${user}`, 'content-type': 'application/json' });

export async function measureFanout(options: { onUrl: string; offUrl: string; benchUrl: string; sessionUsers: number[]; seconds: number; connections: number[]; measure: Measure }): Promise<FanoutResult> {
  const db = new pg.Client({ connectionString: options.benchUrl });
  await db.connect();
  const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];
  await q('delete from feed_items where group_id in (select id from groups where name = $1)', [GROUP_NAME]);
  await q('delete from groups where name = $1', [GROUP_NAME]);
  // The session member in the fewest groups reads; the first one owns the posting groups.
  const [reader] = await q<{ id: number }>(
    'select u as id from unnest($1::bigint[]) u order by (select count(*) from group_members m where m.user_id = u), u limit 1',
    [options.sessionUsers.slice(1)],
  );
  const readerId = Number(reader!.id);
  const poster = options.sessionUsers[0]!;
  let added: number[] = [];
  const made: number[] = [];
  try {
    added = (
      await q<{ id: string }>(
        `select id from groups g where removed_at is null and visibility = 'public'
           and not exists (select 1 from group_members m where m.group_id = g.id and m.user_id = $1)
           and not exists (select 1 from blocks b where (b.blocker_id = g.owner_id and b.blocked_id = $1) or (b.blocker_id = $1 and b.blocked_id = g.owner_id))
         order by last_active_at desc nulls last, id limit $2`,
        [readerId, FEED_GROUPS],
      )
    ).map((r) => Number(r.id));
    await q(`insert into group_members (group_id, user_id, role) select unnest($1::bigint[]), $2, 'member'`, [added, readerId]);
    await q('update groups set member_count = member_count + 1, feed_pulled = false where id = any($1)', [added]);
    // The reader's feed rows for those groups, as the generator's bulk fill writes them.
    const filled = await db.query(
      `insert into feed_items (user_id, created_at, post_id, group_id)
       select $1, p.created_at, p.id, p.group_id from posts p
       where p.group_id = any($2) and p.created_at >= now() - ${HORIZON} and (p.deleted_at is null or p.held_at is not null)
       on conflict do nothing`,
      [readerId, added],
    );
    const feedRows = filled.rowCount ?? 0;
    // Statistics as autovacuum would keep them: the plan of the feed's statement depends on them.
    await q('analyze feed_items, group_members, groups');
    console.log(`Fan-out: member ${readerId} in ${added.length} more groups, ${feedRows} feed rows; reading their feed…`);
    const read = () => ({ path: '/api/v1/feed', user: readerId });
    await options.measure(options.onUrl, 10, 3, read);
    await options.measure(options.offUrl, 10, 3, read);
    const reads: FanoutResult['reads'] = [];
    for (const connections of options.connections) {
      const before = await options.measure(options.offUrl, connections, options.seconds, read);
      const on = await options.measure(options.onUrl, connections, options.seconds, read);
      const after = await options.measure(options.offUrl, connections, options.seconds, read);
      const off: FeedMeasurement = {
        rps: (before.rps + after.rps) / 2,
        p50: (before.p50 + after.p50) / 2,
        p99: (before.p99 + after.p99) / 2,
        '2xx': before['2xx'] + after['2xx'],
        '3xx': before['3xx'] + after['3xx'],
        '4xx': before['4xx'] + after['4xx'],
        '5xx': before['5xx'] + after['5xx'],
        errors: before.errors + after.errors,
      };
      console.log(`home feed, ${added.length} groups @${connections}: fan-out on ${on.rps.toFixed(0)}/s p99 ${on.p99} ms; off ${off.rps.toFixed(0)}/s p99 ${off.p99} ms`);
      reads.push({ connections, on, off });
    }

    const writes: FanoutResult['writes'] = [];
    for (const [side, url] of [['on', options.onUrl], ['off', options.offUrl]] as const) {
      const [group] = await q<{ id: string }>(
        `insert into groups (name, description, visibility, join_policy, owner_id, member_count)
         values ($1, 'Made by npm run bench for the fan-out rows and deleted after them.', 'public', 'open', $2, $3) returning id`,
        [GROUP_NAME, poster, POST_GROUP_MEMBERS],
      );
      const groupId = Number(group!.id);
      made.push(groupId);
      await q(
        `insert into group_members (group_id, user_id, role)
         select $1, m.id, case when m.id = $2 then 'owner' else 'member' end
         from (select $2::bigint as id union all (select id from users where deleted_at is null and id <> $2 order by id limit $3)) m`,
        [groupId, poster, POST_GROUP_MEMBERS - 1],
      );
      // Starts once no background job is due (the job lane would be busy with it, not with the fan-out).
      for (let waited = 0; waited < 120_000; waited += 500) {
        const [due] = await q<{ n: string }>('select count(*) as n from jobs where done_at is null and dead_at is null and run_at <= now()');
        if (Number(due!.n) === 0) break;
        await sleep(500);
      }
      // Posts back to back, one in flight, for the run's duration; each post's fan-out is timed from its answer.
      const latencies: number[] = [];
      const answered = new Map<number, number>();
      let failed = 0;
      const started = performance.now();
      let n = 0;
      while (performance.now() - started < options.seconds * 1000) {
        const sent = performance.now();
        const response = await fetch(`${url}/api/v1/groups/${groupId}/posts`, {
          method: 'POST',
          headers: session(poster),
          body: JSON.stringify({ kind: 'discussion', title: `Meeting point for Saturday (${++n})`, body: 'North gate at seven; bring water and a hat.' }),
        });
        const at = performance.now();
        const body = (await response.json()) as { id?: number };
        if (response.status === 201 && body.id) {
          latencies.push(at - sent);
          answered.set(body.id, at);
        } else failed++;
      }
      // Polls until every post is in every member's feed (no fan-out pending).
      const fanned = new Map<number, number>();
      const deadline = performance.now() + 600_000;
      while (fanned.size < answered.size && performance.now() < deadline) {
        const done = await q<{ id: string }>('select id from posts where id = any($1) and not fanout_pending', [[...answered.keys()]]);
        const now = performance.now();
        for (const r of done) if (!fanned.has(Number(r.id))) fanned.set(Number(r.id), now);
        await sleep(20);
      }
      const [rows] = await q<{ n: string }>('select count(*) as n from feed_items where group_id = $1', [groupId]);
      const drainSeconds = (Math.max(...fanned.values(), started) - started) / 1000;
      const fan = [...answered].map(([id, at]) => (fanned.get(id) ?? at) - at);
      const total = Number(rows!.n);
      writes.push({
        side,
        posts: answered.size,
        failed,
        postP50: quantile(latencies, 0.5),
        postP99: quantile(latencies, 0.99),
        rowsPerPost: answered.size ? total / answered.size : 0,
        fanP50: quantile(fan, 0.5),
        fanP99: quantile(fan, 0.99),
        drainSeconds,
        rowsPerSecond: drainSeconds > 0 ? total / drainSeconds : 0,
      });
      console.log(`posting to ${POST_GROUP_MEMBERS} members, fan-out ${side}: ${answered.size} posts, POST p50 ${quantile(latencies, 0.5)} ms, ${total} feed rows, fan-out p50 ${quantile(fan, 0.5)} ms p99 ${quantile(fan, 0.99)} ms`);
      await q("delete from jobs where kind = 'feed.fanout' and dedupe_key = any($1)", [[...answered.keys()].map(String)]);
    }
    return { reader: readerId, groups: added.length, feedRows, reads, writes, seconds: options.seconds };
  } finally {
    // Everything put back as generated: the member's feed rows and memberships, the groups' state, the temporary groups.
    await q('delete from feed_items where user_id = $1 and group_id = any($2)', [readerId, added]);
    await q('delete from group_members where user_id = $1 and group_id = any($2)', [readerId, added]);
    await q('update groups set member_count = member_count - 1, feed_pulled = true where id = any($1)', [added]);
    await q('delete from feed_items where group_id = any($1)', [made]);
    await q('delete from groups where id = any($1)', [made]);
    await db.end();
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The report's section: the feed with fan-out on against off, and what a post to a large group costs. */
export function fanoutSection(r: FanoutResult): string[] {
  const bad = (n: number) => (n ? `**${fmt(n)}**` : '0');
  const lines = [
    '## Home feed fanned out on write',
    '',
    `Two Kindred servers on the same data in the same run: fan-out on (\`KINDRED_FANOUT_MAX_MEMBERS\` 10,000, the default) and off (0: every group pulled, the feed as it was). **Reading:** bench member ${r.reader} was made a member of ${r.groups} more groups (the most recently active public ones), those groups switched to fanned out and the member's feed filled for them in one bulk statement (${fmt(r.feedRows)} rows: the groups' posts of the last 3 days, the feed's horizon); their first page of \`GET /api/v1/feed\` is read for ${r.seconds} s per row, fan-out off measured before and after fan-out on and averaged (the baseline). **Writing:** a public group of ${fmt(POST_GROUP_MEMBERS)} members made for the measurement, posted to by its owner back to back (one in flight) for ${r.seconds} s on each server; feed rows per post counted afterwards, and each post timed from its POST's answer until its fan-out was done (polled every 20 ms; the job runner looks for work every second, \`KINDRED_JOB_INTERVAL_MS\`). Everything is put back afterwards.`,
    '',
    '| path | 2xx/s | p50 ms | p99 ms | 2xx | 3xx | 4xx | 5xx | errors | vs | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const row of r.reads) {
    for (const [name, m] of [[`home feed, ${r.groups} groups, fan-out off @${row.connections}`, row.off], [`home feed, ${r.groups} groups, fan-out on @${row.connections}`, row.on]] as const) {
      const isOn = m === row.on;
      lines.push(
        `| ${name} | ${fmt(m.rps)} | ${m.p50} | ${m.p99} | ${fmt(m['2xx'])} | ${bad(m['3xx'])} | ${bad(m['4xx'])} | ${bad(m['5xx'])} | ${bad(m.errors)} | ${isOn ? 'off' : ''} | ${isOn ? `${fmt(row.on.rps / row.off.rps, 2)}×` : ''} |`,
      );
    }
  }
  lines.push(
    '',
    '| posting to 10,000 members | posts | failed | POST p50 ms | POST p99 ms | feed rows per post | in every feed p50 ms | p99 ms | all fanned out after s | feed rows/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.writes.map(
      (w) =>
        `| fan-out ${w.side} | ${fmt(w.posts)} | ${bad(w.failed)} | ${w.postP50} | ${w.postP99} | ${fmt(w.rowsPerPost)} | ${w.side === 'on' ? fmt(w.fanP50) : '—'} | ${w.side === 'on' ? fmt(w.fanP99) : '—'} | ${w.side === 'on' ? fmt(w.drainSeconds, 1) : '—'} | ${w.side === 'on' ? fmt(w.rowsPerSecond) : '—'} |`,
    ),
    '',
  );
  return lines;
}
