import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../src/db/database.js';
import { unbalancedTransactions } from '../../src/features/payments/ledger.repository.js';
import { hotScoreSql } from '../../src/features/posts/posts.repository.js';
import { SET_ASIDE_TABLE } from './schema-ops.js';

/**
 * Integrity checks over a whole database: the invariants the app keeps with
 * every write, which a bulk load must keep too. Each check lists a few
 * offending ids; an empty list means it holds. Written as set-wise joins so
 * they stay fast on millions of rows.
 */
export interface CheckResult {
  name: string;
  /** Offending ids or names (at most 10). */
  failures: (number | string)[];
}

const checks: { name: string; query: RawBuilder<{ id: number }> }[] = [
  {
    name: "a post's cover is the first photo of its gallery, and a deleted post holds none",
    query: sql`select p.id from posts p
      left join lateral (select m.id from media m where m.use_kind = 'post' and m.use_id = p.id order by m.position limit 1) first on true
      where p.cover_media_id is distinct from first.id or (p.deleted_at is not null and first.id is not null)`,
  },
  {
    name: 'every group has exactly one owner, and groups.owner_id is that owner',
    query: sql`select g.id from groups g
      left join (select group_id, count(*) as n, min(user_id) as owner from group_members where role = 'owner' group by group_id) o on o.group_id = g.id
      where coalesce(o.n, 0) <> 1 or o.owner <> g.owner_id`,
  },
  {
    name: 'groups.member_count and post_count match the members and live posts',
    query: sql`select g.id from groups g
      left join (select group_id, count(*) as n from group_members group by group_id) m on m.group_id = g.id
      left join (select group_id, count(*) as n from posts where deleted_at is null group by group_id) p on p.group_id = g.id
      where g.member_count <> coalesce(m.n, 0) or g.post_count <> coalesce(p.n, 0)`,
  },
  {
    name: 'posts.like_count and comment_count match the likes and live comments',
    query: sql`select p.id from posts p
      left join (select post_id, count(*) as n from post_likes group by post_id) l on l.post_id = p.id
      left join (select post_id, count(*) as n from comments where deleted_at is null group by post_id) c on c.post_id = p.id
      where p.like_count <> coalesce(l.n, 0) or p.comment_count <> coalesce(c.n, 0)`,
  },
  {
    name: 'posts.hot_score is the hot formula of its engagement and age',
    query: sql`select id from posts where abs(hot_score - (${hotScoreSql})) > 1e-6`,
  },
  {
    name: 'comments.like_count matches the comment likes',
    query: sql`select c.id from comments c
      left join (select comment_id, count(*) as n from comment_likes group by comment_id) l on l.comment_id = c.id
      where c.like_count <> coalesce(l.n, 0)`,
  },
  {
    name: 'replies go one level deep and stay on their post',
    query: sql`select c.id from comments c join comments parent on parent.id = c.parent_id
      where parent.parent_id is not null or parent.post_id <> c.post_id`,
  },
  {
    name: 'no activity over capacity; seats_taken and waitlist_count match the registrations',
    query: sql`select a.id from activities a
      left join (select activity_id,
                        count(*) filter (where status in ('confirmed', 'awaiting_payment')) as seated,
                        count(*) filter (where status = 'waitlisted') as waiting
                 from registrations group by activity_id) r on r.activity_id = a.id
      where a.seats_taken > a.capacity or a.seats_taken <> coalesce(r.seated, 0) or a.waitlist_count <> coalesce(r.waiting, 0)`,
  },
  {
    name: 'users.follower_count and following_count match the active follows',
    query: sql`select u.id from users u
      left join (select follower_id as id, count(*) as n from follows where status = 'active' group by follower_id) o on o.id = u.id
      left join (select followee_id as id, count(*) as n from follows where status = 'active' group by followee_id) i on i.id = u.id
      where u.following_count <> coalesce(o.n, 0) or u.follower_count <> coalesce(i.n, 0)`,
  },
  {
    name: 'follow requests wait only on members who approve their followers',
    query: sql`select f.follower_id as id from follows f join users u on u.id = f.followee_id where f.status = 'pending' and not u.follow_approval`,
  },
  {
    name: 'every paid registration has a settled payment of what it paid',
    query: sql`select r.id from registrations r
      where r.amount_paid > 0 and not exists (
        select 1 from payments p where p.registration_id = r.id and p.status = 'succeeded' and p.amount = r.amount_paid)`,
  },
  {
    name: 'every settled payment is in the ledger',
    query: sql`select p.id from payments p
      where p.status = 'succeeded' and not exists (
        select 1 from ledger_transactions t where t.kind = 'charge' and t.reference = 'payment:' || p.id)`,
  },
  {
    name: 'completed activities are paid out (their escrow is empty)',
    query: sql`select a.id from activities a
      join ledger_accounts l on l.code = 'activity_escrow:' || a.id
      join ledger_entries e on e.account_id = l.id
      where a.status = 'completed'
      group by a.id having sum(e.amount) <> 0`,
  },
];

/** Runs every check; the ledger's balance uses the app's own `unbalancedTransactions`. */
export async function runIntegrityChecks(db: Db): Promise<CheckResult[]> {
  // Side by side on the pool's connections: they only read.
  const results: CheckResult[] = await Promise.all(
    checks.map(async (check) => {
      const rows = await sql<{ id: number }>`select id from (${check.query}) failing order by id limit 10`.execute(db);
      return { name: check.name, failures: rows.rows.map((r) => Number(r.id)) };
    }),
  );
  const unbalanced = await unbalancedTransactions(db);
  results.push({ name: 'every ledger transaction balances (entries sum to zero)', failures: unbalanced.slice(0, 10).map(Number) });
  // A generation that stopped half-way lists the indexes and foreign keys it had set aside.
  const leftover = await sql<{ present: boolean }>`select to_regclass(${SET_ASIDE_TABLE}) is not null as present`.execute(db);
  const setAside = leftover.rows[0]!.present ? (await sql<{ name: string }>`select name from ${sql.table(SET_ASIDE_TABLE)} order by name limit 10`.execute(db)).rows.map((r) => r.name) : [];
  results.push({ name: 'no indexes or foreign keys left set aside by an interrupted generation', failures: setAside });
  return results;
}

export function failedChecks(results: CheckResult[]): CheckResult[] {
  return results.filter((r) => r.failures.length > 0);
}

export function describeChecks(results: CheckResult[]): string[] {
  return results.map((r) => (r.failures.length === 0 ? `  ok    ${r.name}` : `  FAIL  ${r.name} (e.g. ${r.failures.join(', ')})`));
}
