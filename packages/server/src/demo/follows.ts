import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import type { Rng } from './seed.js';

/**
 * The demo's follow graph, from what members share: people in the same groups
 * and at the same activities follow some of each other, more often when they
 * share several, and most follows among them are returned, so friends come in
 * clusters around groups and outings. The demo account has friends among its
 * groups' members (so "friends" and what a profile shares show something at
 * once), and a few members ask to approve their followers.
 */
export async function seedDemoFollows(tx: Tx, rng: Rng, now: number, demoId: number) {
  const { rows } = await sql<{ a: number; b: number; shared: number }>`
    with together as (
      select m1.user_id as a, m2.user_id as b from group_members m1 join group_members m2 on m2.group_id = m1.group_id and m2.user_id > m1.user_id
      union all
      select r1.user_id, r2.user_id from registrations r1 join registrations r2 on r2.activity_id = r1.activity_id and r2.user_id > r1.user_id
      where r1.status = 'confirmed' and r2.status = 'confirmed'
    )
    select a, b, count(*)::int as shared from together group by a, b order by a, b`.execute(tx);
  const follows = new Map<string, { follower_id: number; followee_id: number; created_at: Date }>();
  const add = (from: number, to: number) => {
    const key = `${from}:${to}`;
    if (!follows.has(key)) follows.set(key, { follower_id: from, followee_id: to, created_at: new Date(now - rng.int(1, 120) * 86_400_000 - rng.int(0, 86_399) * 1000) });
  };
  for (const { a, b, shared } of rows) {
    const demo = a === demoId || b === demoId;
    // Two people who share more are likelier to know each other.
    if (rng.next() > (demo ? 0.35 : 0.04) * Math.min(shared, 4)) continue;
    const [from, to] = rng.next() < 0.5 ? [a, b] : [b, a];
    add(from, to);
    if (rng.next() < 0.65) add(to, from);
  }
  const values = [...follows.values()];
  for (let i = 0; i < values.length; i += 500) await tx.insertInto('follows').values(values.slice(i, i + 500)).execute();
  await sql`update users u set
    follower_count = (select count(*) from follows f where f.followee_id = u.id and f.status = 'active'),
    following_count = (select count(*) from follows f where f.follower_id = u.id and f.status = 'active')`.execute(tx);
  // A few members approve their followers; nobody has asked yet.
  await sql`update users set follow_approval = true where id % 11 = 3 and id <> ${demoId}`.execute(tx);
}
