import { ErrorCode, type CommunityHealth, type HealthMetrics, type HealthQuery } from '@kindred/contract';
import { sql, type RawBuilder } from 'kysely';
import { requireStaff } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';

/**
 * The community health dashboard. A page view reads one slice of `health_daily`
 * (a range of days of one city, one interest or everyone) by its primary key;
 * the `health.rollup` job builds those rows from the live tables every hour,
 * for the last week (attendance is marked and reports resolved days later),
 * and on its first run for the last 400 days. Days are UTC days.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back the first run builds, and how long the per-day records are kept. */
export const HEALTH_HISTORY_DAYS = 400;
/** Days rebuilt on every later run. */
const REBUILT_DAYS = 8;
const MAX_RANGE_DAYS = 366;
const FACETS = 50;

/** Each counted series of the dashboard and its column in health_daily. */
const COLUMNS = {
  activeMembers: 'active_members',
  weeklyActiveMembers: 'weekly_active_members',
  signups: 'signups',
  posts: 'posts',
  comments: 'comments',
  activitiesCreated: 'activities_created',
  activitiesHeld: 'activities_held',
  views: 'views',
  registrations: 'registrations',
  paid: 'paid',
  attended: 'attended',
  noShows: 'no_shows',
  reportsOpened: 'reports_opened',
  reportsResolved: 'reports_resolved',
} as const;
type Counted = keyof typeof COLUMNS;
type Metric = Counted | 'resolutionSeconds';
const COUNTED = Object.keys(COLUMNS) as Counted[];
const column = (metric: Metric) => (metric === 'resolutionSeconds' ? 'resolution_seconds' : COLUMNS[metric]);

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

export async function rollupHealth(ctx: AppContext) {
  const state = await ctx.db.selectFrom('health_state').select('built_at').executeTakeFirst();
  const today = Date.now();
  await buildRollups(ctx.db, isoDay(today - (state ? REBUILT_DAYS - 1 : HEALTH_HISTORY_DAYS - 1) * DAY), isoDay(today));
  await scheduleJob(ctx.db, 'health.rollup', 'all', new Date(Date.now() + HOUR));
}

/**
 * Rebuilds the rollups of the days `from`..`to` (inclusive) in one transaction: each figure is one
 * statement that counts its rows by day for everyone, by city and by interest at once (grouping sets).
 */
export async function buildRollups(db: Db, from: string, to: string) {
  const start = sql`(${from}::date)::timestamp at time zone 'UTC'`;
  const end = sql`(${to}::date + 1)::timestamp at time zone 'UTC'`;
  const inRange = (column: RawBuilder<unknown>) => sql`${column} >= ${start} and ${column} < ${end}`;
  const utcDay = (column: RawBuilder<unknown>) => sql`(${column} at time zone 'UTC')::date`;
  // A member's city and interests; a group's; an activity's (its group's city, else its organizer's).
  const memberSlices = sql`left join lateral unnest(array(select ui.tag from user_interests ui where ui.user_id = u.id)) with ordinality t(tag, ord) on true`;
  const groupSlices = sql`left join lateral unnest(g.tags) with ordinality t(tag, ord) on true`;
  const activityFrom = sql`activities a left join groups g on g.id = a.group_id join users o on o.id = a.organizer_id
    left join lateral unnest(a.tags) with ordinality t(tag, ord) on true`;
  const activityCity = sql`coalesce(g.city, o.city)`;

  const metrics: [Exclude<Metric, 'weeklyActiveMembers'>, RawBuilder<unknown>][] = [
    ['activeMembers', sql`select m.day, u.city, t.tag, t.ord, 1 as n from member_days m join users u on u.id = m.user_id ${memberSlices}
      where m.day between ${from}::date and ${to}::date`],
    ['signups', sql`select ${utcDay(sql`u.created_at`)} as day, u.city, t.tag, t.ord, 1 as n from users u ${memberSlices} where ${inRange(sql`u.created_at`)}`],
    ['posts', sql`select ${utcDay(sql`p.created_at`)} as day, g.city, t.tag, t.ord, 1 as n from posts p join groups g on g.id = p.group_id ${groupSlices}
      where ${inRange(sql`p.created_at`)}`],
    ['comments', sql`select ${utcDay(sql`c.created_at`)} as day, g.city, t.tag, t.ord, 1 as n
      from comments c join groups g on g.id = c.group_id ${groupSlices} where ${inRange(sql`c.created_at`)}`],
    ['activitiesCreated', sql`select ${utcDay(sql`a.created_at`)} as day, ${activityCity} as city, t.tag, t.ord, 1 as n from ${activityFrom}
      where ${inRange(sql`a.created_at`)} and a.status <> 'draft'`],
    ['activitiesHeld', sql`select ${utcDay(sql`a.starts_at`)} as day, ${activityCity} as city, t.tag, t.ord, 1 as n from ${activityFrom}
      where ${inRange(sql`a.starts_at`)} and a.starts_at < now() and a.status in ('published', 'completed')`],
    ['views', sql`select v.day, ${activityCity} as city, t.tag, t.ord, v.views as n
      from ${activityFrom} join activity_view_days v on v.activity_id = a.id where v.day between ${from}::date and ${to}::date`],
    ['registrations', sql`select ${utcDay(sql`r.created_at`)} as day, ${activityCity} as city, t.tag, t.ord, 1 as n
      from ${activityFrom} join registrations r on r.activity_id = a.id where ${inRange(sql`r.created_at`)}`],
    ['paid', sql`select ${utcDay(sql`r.created_at`)} as day, ${activityCity} as city, t.tag, t.ord, 1 as n
      from ${activityFrom} join registrations r on r.activity_id = a.id where ${inRange(sql`r.created_at`)} and r.amount_paid > 0`],
    ['attended', sql`select ${utcDay(sql`a.starts_at`)} as day, ${activityCity} as city, t.tag, t.ord, 1 as n
      from ${activityFrom} join registrations r on r.activity_id = a.id where ${inRange(sql`a.starts_at`)} and r.attendance = 'attended'`],
    ['noShows', sql`select ${utcDay(sql`a.starts_at`)} as day, ${activityCity} as city, t.tag, t.ord, 1 as n
      from ${activityFrom} join registrations r on r.activity_id = a.id where ${inRange(sql`a.starts_at`)} and r.attendance = 'no_show'`],
    ['reportsOpened', sql`select ${utcDay(sql`r.created_at`)} as day, g.city, t.tag, t.ord, 1 as n
      from reports r left join groups g on g.id = r.group_id ${groupSlices} where ${inRange(sql`r.created_at`)}`],
    ['reportsResolved', sql`select ${utcDay(sql`r.resolved_at`)} as day, g.city, t.tag, t.ord, 1 as n
      from reports r left join groups g on g.id = r.group_id ${groupSlices} where ${inRange(sql`r.resolved_at`)}`],
    ['resolutionSeconds', sql`select ${utcDay(sql`r.resolved_at`)} as day, g.city, t.tag, t.ord, extract(epoch from r.resolved_at - r.created_at)::bigint as n
      from reports r left join groups g on g.id = r.group_id ${groupSlices} where ${inRange(sql`r.resolved_at`)}`],
  ];
  // Everyone, each city and each interest at once. A row fans out over its interests (`ord` numbers them):
  // an interest adds all its rows, everyone and a city only the first (or only) row of each.
  const sliced = (source: RawBuilder<unknown>) => sql`
    select case when grouping(city) = 0 then 'city' when grouping(tag) = 0 then 'interest' else 'all' end as dimension,
           coalesce(city, tag, '') as key, day,
           case when grouping(tag) = 0 then sum(n) else sum(n) filter (where coalesce(ord, 1) = 1) end as n
    from (${source}) s
    group by grouping sets ((day), (day, city), (day, tag))
    having (grouping(city) = 1 or city is not null) and (grouping(tag) = 1 or tag is not null)`;
  // Weekly active members without counting distinct members over every window: each day a member was
  // seen starts a span that lasts seven days or until the next day they were seen, so no two of a
  // member's spans overlap; a day's weekly active members are the spans open on it, a running sum of
  // +1 where spans start and -1 where they end, per slice over every day of the range.
  const weekly = sql`
    with spans as (
      select user_id, day as starts, least(day + 7, coalesce(lead(day) over (partition by user_id order by day), day + 7)) as ends
      from member_days where day between ${from}::date - 6 and ${to}::date
    ),
    edges as (
      select starts as day, user_id, 1 as n from spans
      union all select ends, user_id, -1 from spans where ends <= ${to}::date
    ),
    net as (${sliced(sql`select e.day, u.city, t.tag, t.ord, e.n from edges e join users u on u.id = e.user_id ${memberSlices}`)}),
    grid as (
      select k.dimension, k.key, d.day::date as day
      from (select distinct dimension, key from net) k cross join generate_series(${from}::date - 6, ${to}::date, interval '1 day') d(day)
    ),
    running as (
      select g.dimension, g.key, g.day, sum(coalesce(net.n, 0)) over (partition by g.dimension, g.key order by g.day) as value
      from grid g left join net on net.dimension = g.dimension and net.key = g.key and net.day = g.day
    )
    insert into health_figures (dimension, key, day, metric, value)
    select dimension, key, day, 'weeklyActiveMembers', value from running where day >= ${from}::date and value > 0`;

  // Each figure is counted into a scratch table, then each day and slice becomes one row with all of them.
  const pivot = [...COUNTED, 'resolutionSeconds' as const].map((metric) => sql`coalesce(sum(value) filter (where metric = ${sql.lit(metric)}), 0)`);
  await db.transaction().execute(async (tx) => {
    // One build at a time (the job, and the generator or a test calling it directly).
    await sql`select pg_advisory_xact_lock(hashtext('health.rollup'))`.execute(tx);
    await sql`create temporary table health_figures (dimension text, key text, day date, metric text, value bigint) on commit drop`.execute(tx);
    for (const [metric, source] of metrics) {
      await sql`insert into health_figures (dimension, key, day, metric, value)
        select dimension, key, day, ${sql.lit(metric)}, n from (${sliced(source)}) x where n <> 0`.execute(tx);
    }
    await weekly.execute(tx);
    await sql`delete from health_daily where day between ${from}::date and ${to}::date`.execute(tx);
    await sql`insert into health_daily (dimension, key, day, ${sql.join([...COUNTED, 'resolutionSeconds' as const].map((m) => sql.ref(column(m))))})
      select dimension, key, day, ${sql.join(pivot)} from health_figures group by dimension, key, day order by dimension, key, day`.execute(tx);
    await sql`delete from health_facets`.execute(tx);
    await sql`insert into health_facets (dimension, key, members)
      select 'city', city, count(*) from users where city is not null and deleted_at is null group by city order by count(*) desc, city limit ${FACETS}`.execute(tx);
    await sql`insert into health_facets (dimension, key, members)
      select 'interest', tag, count(*) from user_interests group by tag order by count(*) desc, tag limit ${FACETS}`.execute(tx);
    await sql`insert into health_state (built_at, covers_from) values (now(), ${from}::date)
      on conflict (id) do update set built_at = excluded.built_at, covers_from = least(health_state.covers_from, excluded.covers_from)`.execute(tx);
    const kept = sql`(now() at time zone 'UTC')::date - ${sql.lit(HEALTH_HISTORY_DAYS)}`;
    await sql`delete from member_days where day < ${kept}`.execute(tx);
    await sql`delete from activity_view_days where day < ${kept}`.execute(tx);
  });
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function dayRange(query: HealthQuery) {
  const to = query.to ?? isoDay(Date.now());
  const toTime = Date.parse(`${to}T00:00:00Z`);
  const from = query.from ?? isoDay(toTime - 29 * DAY);
  const fromTime = Date.parse(`${from}T00:00:00Z`);
  if (!DAY_PATTERN.test(from) || !DAY_PATTERN.test(to) || Number.isNaN(fromTime) || Number.isNaN(toTime) || isoDay(fromTime) !== from || isoDay(toTime) !== to) {
    throw new AppError(400, ErrorCode.validationFailed, 'Give days as YYYY-MM-DD.', { from: 'a day, YYYY-MM-DD', to: 'a day, YYYY-MM-DD' });
  }
  const days = Math.round((toTime - fromTime) / DAY) + 1;
  if (days < 1) throw new AppError(400, ErrorCode.validationFailed, 'The range ends before it starts.', { to: 'on or after from' });
  if (days > MAX_RANGE_DAYS) throw new AppError(400, ErrorCode.validationFailed, `A range is at most ${MAX_RANGE_DAYS} days.`, { from: `at most ${MAX_RANGE_DAYS} days before to` });
  return { from, to, days: Array.from({ length: days }, (_, i) => isoDay(fromTime + i * DAY)) };
}

/**
 * The rollups change once an hour: each instance answers the same question from memory for a minute
 * (the page says when the figures were built).
 */
const REMEMBER_MS = 60_000;
const REMEMBERED = 200;
const answers = new WeakMap<Db, Map<string, { at: number; value: Promise<CommunityHealth> }>>();

function remembered(db: Db, key: string, load: () => Promise<CommunityHealth>) {
  const memo = answers.get(db) ?? answers.set(db, new Map()).get(db)!;
  const hit = memo.get(key);
  if (hit && Date.now() - hit.at < REMEMBER_MS) return hit.value;
  memo.delete(key);
  // Oldest first: a Map iterates in insertion order.
  if (memo.size >= REMEMBERED) memo.delete(memo.keys().next().value!);
  const value = load();
  memo.set(key, { at: Date.now(), value });
  value.catch(() => memo.delete(key));
  return value;
}

/** The dashboard's data: one slice's series over a range of days, their totals, and the slices there are. */
export async function communityHealth(ctx: AppContext, viewer: Viewer, query: HealthQuery): Promise<CommunityHealth> {
  requireStaff(viewer, 'operate');
  if (query.city !== undefined && query.interest !== undefined) {
    throw new AppError(400, ErrorCode.validationFailed, 'Filter by a city or by an interest, not both.', { interest: 'leave out with city' });
  }
  const { from, to, days } = dayRange(query);
  const [dimension, key] = query.city !== undefined ? (['city', query.city] as const) : query.interest !== undefined ? (['interest', query.interest] as const) : (['all', ''] as const);
  return remembered(ctx.db, JSON.stringify([dimension, key, from, to]), () => readHealth(ctx.db, dimension, key, from, to, days));
}

async function readHealth(db: Db, dimension: 'all' | 'city' | 'interest', key: string, from: string, to: string, days: string[]): Promise<CommunityHealth> {
  const [rows, facets, state] = await Promise.all([
    db
      .selectFrom('health_daily')
      .select([sql<string>`day::text`.as('day'), ...COUNTED.map((m) => COLUMNS[m]), sql<number>`resolution_seconds::float8`.as('resolution_seconds')])
      .where('dimension', '=', dimension)
      .where('key', '=', key)
      .where(sql<boolean>`day between ${from}::date and ${to}::date`)
      .execute(),
    db.selectFrom('health_facets').select(['dimension', 'key', 'members']).orderBy('members', 'desc').orderBy('key').execute(),
    db.selectFrom('health_state').select('built_at').executeTakeFirst(),
  ]);
  const facet = (dimension: 'city' | 'interest') => facets.filter((f) => f.dimension === dimension).map(({ key, members }) => ({ key, members }));
  const index = new Map(days.map((day, i) => [day, i]));
  const zeros = () => days.map(() => 0);
  const counted = Object.fromEntries(COUNTED.map((name) => [name, zeros()])) as Record<Counted, number[]>;
  const seconds = zeros();
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    for (const name of COUNTED) counted[name][i] = row[COLUMNS[name]];
    seconds[i] = row.resolution_seconds;
  }
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const hours = (secs: number, n: number) => (n > 0 ? Math.round((secs / n / 3600) * 10) / 10 : null);
  const series: HealthMetrics = { ...counted, resolutionHours: seconds.map((s, i) => hours(s, counted.reportsResolved[i]!)) };
  const total = (name: Counted) => sum(counted[name]);
  const marked = total('attended') + total('noShows');
  return {
    from,
    to,
    city: dimension === 'city' ? key : null,
    interest: dimension === 'interest' ? key : null,
    updatedAt: state?.built_at.toISOString() ?? null,
    days,
    series,
    totals: {
      signups: total('signups'),
      posts: total('posts'),
      comments: total('comments'),
      activitiesCreated: total('activitiesCreated'),
      activitiesHeld: total('activitiesHeld'),
      views: total('views'),
      registrations: total('registrations'),
      paid: total('paid'),
      attended: total('attended'),
      noShows: total('noShows'),
      reportsOpened: total('reportsOpened'),
      reportsResolved: total('reportsResolved'),
      showUpRate: marked > 0 ? Math.round((total('attended') / marked) * 1000) / 1000 : null,
      resolutionHours: hours(sum(seconds), total('reportsResolved')),
    },
    cities: facet('city'),
    interests: facet('interest'),
  };
}
