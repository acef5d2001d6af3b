import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { unbalancedTransactions } from '../src/features/payments/ledger.repository.js';
import { startTestServer, type TestServer } from './_util.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ seedDemo: true });
});
after(() => server.stop());

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(server.db)).rows[0]!;

test('the demo community is alive: members, groups, posts and comments in two languages, activities', async () => {
  const counts = await one(sql<{ users: number; groups: number; posts: number; comments: number; zh: number; en: number }>`
    select (select count(*) from users)::int as users, (select count(*) from groups)::int as groups,
           (select count(*) from posts)::int as posts, (select count(*) from comments)::int as comments,
           (select count(*) from posts where title ~ '[\u4e00-\u9fff]')::int as zh,
           (select count(*) from posts where title !~ '[\u4e00-\u9fff]')::int as en`);
  assert.ok(counts.users >= 200, `${counts.users} members`);
  assert.ok(counts.groups >= 30, `${counts.groups} groups`);
  assert.ok(counts.posts + counts.comments >= 500);
  assert.ok(counts.zh >= 100 && counts.en >= 100, 'posts in Chinese and in English');
  const categories = await one(sql<{ n: number }>`select count(distinct t)::int as n from groups, unnest(tags) t`);
  assert.ok(categories.n >= 15);
  const acts = await one(sql<{ total: number; past: number; upcoming: number; paid: number; free: number; waitlisted: number }>`
    select count(*)::int as total, count(*) filter (where ends_at < now())::int as past, count(*) filter (where starts_at > now())::int as upcoming,
           count(*) filter (where fee_amount > 0)::int as paid, count(*) filter (where fee_amount = 0)::int as free,
           count(*) filter (where waitlist_count > 0)::int as waitlisted from activities`);
  assert.ok(acts.total >= 100, `${acts.total} activities`);
  assert.ok(acts.past > 10 && acts.upcoming > 50 && acts.paid > 10 && acts.free > 10 && acts.waitlisted > 3, JSON.stringify(acts));

  // The demo account signs in and has a living home feed and activities.
  const demo = server.client();
  assert.equal((await demo.post('/auth/signin', { username: 'demo', password: 'kindred-demo' })).status, 200);
  assert.ok((await demo.get('/feed')).body.items.length >= 10);
  assert.ok((await demo.get('/me/activities')).body.items.length >= 1);
  // Companions: people who match, open requests near the demo account, an inbox and a chat.
  assert.ok((await demo.get('/companions/people?limit=50')).body.items.length >= 3);
  assert.ok((await demo.get('/companion-requests?limit=50')).body.items.length >= 3);
  assert.equal((await demo.get('/me/companion-invites?box=incoming&status=pending')).body.items.length, 2);
  const chats = (await demo.get('/conversations')).body;
  assert.equal(chats.items.length, 1);
  assert.equal(chats.unread, 1);
  const search = await server.client().get(`/search/posts?q=${encodeURIComponent('徒步')}`);
  assert.ok(search.body.items.some((p: { title: string }) => p.title === '周末香山徒步攻略'));
  const english = await server.client().get('/search/posts?q=hiking');
  assert.ok(english.body.items.some((p: { title: string }) => p.title === 'Hiking in the Fragrant Hills'));
});

test('the demo data is consistent: owners, counters, seats, ledger', async () => {
  const ownerless = await sql`select g.id from groups g where (select count(*) from group_members m where m.group_id = g.id and m.role = 'owner') <> 1
    or g.owner_id <> (select user_id from group_members m where m.group_id = g.id and m.role = 'owner')`.execute(server.db);
  assert.deepEqual(ownerless.rows, []);
  const counters = await sql`select g.id from groups g where member_count <> (select count(*) from group_members m where m.group_id = g.id)
    or post_count <> (select count(*) from posts p where p.group_id = g.id and p.deleted_at is null)`.execute(server.db);
  assert.deepEqual(counters.rows, []);
  const seats = await sql`select a.id from activities a where a.seats_taken > a.capacity
    or a.seats_taken <> (select count(*) from registrations r where r.activity_id = a.id and r.status in ('confirmed', 'awaiting_payment'))
    or a.waitlist_count <> (select count(*) from registrations r where r.activity_id = a.id and r.status = 'waitlisted')`.execute(server.db);
  assert.deepEqual(seats.rows, []);
  assert.deepEqual(await unbalancedTransactions(server.db), []);
  const escrowLeft = await sql`select a.id from activities a where a.status = 'completed' and a.fee_amount > 0 and exists (
    select 1 from ledger_entries e join ledger_accounts l on l.id = e.account_id where l.code = 'activity_escrow:' || a.id group by l.code having sum(e.amount) <> 0)`.execute(server.db);
  assert.deepEqual(escrowLeft.rows, [], 'completed activities are paid out');
});
