import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { unbalancedTransactions } from '../src/features/payments/ledger.repository.js';
import { jobHandlers } from '../src/jobs/handlers.js';
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
  // Rooms: every activity has one, upcoming ones with a pinned meeting note and talk; a few groups opened theirs; the demo account is in some.
  const rooms = await one(sql<{ rooms: number; talking: number; pinned: number; groups: number }>`
    select (select count(*) from rooms where activity_id is not null)::int as rooms,
           (select count(distinct room_id) from room_messages)::int as talking,
           (select count(*) from room_messages where pinned_at is not null)::int as pinned,
           (select count(*) from rooms where group_id is not null)::int as groups`);
  assert.equal(rooms.rooms, acts.total);
  assert.ok(rooms.talking >= 20 && rooms.pinned >= 10 && rooms.groups >= 2, JSON.stringify(rooms));
  assert.ok((await demo.get('/me/rooms')).body.items.some((r: { lastMessage: unknown }) => r.lastMessage), 'the demo account has a room with talk');
  // One group has gone quiet (the popularity job runs at start).
  await jobHandlers(server.ctx)['activity.popularity']!({});
  const quiet = await one(sql<{ n: number }>`select count(*)::int as n from groups where quiet`);
  assert.equal(quiet.n, 1);
  // Members were here lately, all in the last three days; only the quiet group's owner has been away (past the
  // 60 days after which an admin may claim a group), so that group alone shows what stewardship offers.
  const seen = await one(sql<{ recent: number; users: number; idle: number }>`
    select count(*) filter (where last_seen_at > now() - interval '3 days')::int as recent, count(*)::int as users,
           count(*) filter (where last_seen_at < now() - interval '60 days' and id = (select owner_id from groups where quiet))::int as idle from users`);
  assert.deepEqual(seen, { recent: seen.users - 1, users: seen.users, idle: 1 });
  const awayOwners = await sql<{ name: string; quiet: boolean }>`select g.name, g.quiet from groups g join users o on o.id = g.owner_id
    where o.last_seen_at is null or o.last_seen_at < now() - interval '60 days'`.execute(server.db);
  assert.deepEqual(awayOwners.rows, [{ name: 'SF Tandem: Mandarin · Spanish · English', quiet: true }]);
  // An admin of the quiet group may claim it; an admin of a group whose owner (not the demo account) was here may not.
  const adminOf = (quiet: boolean) =>
    one(sql<{ id: number; username: string }>`select g.id, u.username from groups g join group_members m on m.group_id = g.id join users u on u.id = m.user_id
      join users o on o.id = g.owner_id where g.quiet = ${quiet} and m.role = 'admin' and o.username <> 'demo' order by g.id, u.id limit 1`);
  const [idleGroup, liveGroup] = [await adminOf(true), await adminOf(false)];
  for (const [group, away] of [[idleGroup, true], [liveGroup, false]] as const) {
    const admin = server.client();
    assert.equal((await admin.post('/auth/signin', { username: group.username, password: 'kindred-demo' })).status, 200);
    const care = (await admin.get(`/groups/${group.id}/stewardship`)).body;
    assert.deepEqual([care.ownerAway, care.canClaim], [away, away], `group ${group.id}: its owner ${away ? 'is away' : 'was here lately'}`);
  }
  // Past activities' attendance is known, so show-up records and group liveliness have something to count.
  const attendance = await one(sql<{ attended: number; missed: number }>`
    select count(*) filter (where attendance = 'attended')::int as attended, count(*) filter (where attendance = 'no_show')::int as missed from registrations`);
  assert.ok(attendance.attended > 50 && attendance.missed > 0, JSON.stringify(attendance));

  // A follow graph: the demo account has friends, in clusters around what members share.
  const me = (await demo.get('/users/demo')).body;
  assert.ok(me.friendCount >= 3 && me.followerCount >= me.friendCount, JSON.stringify(me));
  const graph = await one(sql<{ follows: number; members: number; mutual: number }>`
    select count(*)::int as follows, count(distinct follower_id)::int as members,
           count(*) filter (where exists (select 1 from follows b where b.follower_id = f.followee_id and b.followee_id = f.follower_id))::int as mutual
    from follows f`);
  assert.ok(graph.follows >= 300 && graph.members >= 100 && graph.mutual >= graph.follows / 3, JSON.stringify(graph));
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
  const followCounters = await sql`select u.id from users u where follower_count <> (select count(*) from follows f where f.followee_id = u.id and f.status = 'active')
    or following_count <> (select count(*) from follows f where f.follower_id = u.id and f.status = 'active')`.execute(server.db);
  assert.deepEqual(followCounters.rows, []);
  const seats = await sql`select a.id from activities a where a.seats_taken > a.capacity
    or a.seats_taken <> (select count(*) from registrations r where r.activity_id = a.id and r.status in ('confirmed', 'awaiting_payment'))
    or a.waitlist_count <> (select count(*) from registrations r where r.activity_id = a.id and r.status = 'waitlisted')`.execute(server.db);
  assert.deepEqual(seats.rows, []);
  assert.deepEqual(await unbalancedTransactions(server.db), []);
  const escrowLeft = await sql`select a.id from activities a where a.status = 'completed' and a.fee_amount > 0 and exists (
    select 1 from ledger_entries e join ledger_accounts l on l.id = e.account_id where l.code = 'activity_escrow:' || a.id group by l.code having sum(e.amount) <> 0)`.execute(server.db);
  assert.deepEqual(escrowLeft.rows, [], 'completed activities are paid out');
});

test('the demo gets photos drawn in the background: covers on every group and most activities, galleries on most guides, avatars', async () => {
  // Seeding scheduled the job; the server's job runner draws them while it serves.
  const job = () => server.db.selectFrom('jobs').select(['done_at']).where('kind', '=', 'demo.photos').executeTakeFirstOrThrow();
  for (let waited = 0; !(await job()).done_at; waited += 250) {
    assert.ok(waited < 180_000, 'the photos job finishes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const photos = await one(sql<{ groups: number; covered: number; activities: number; activityCovers: number; guides: number; galleries: number; avatars: number; media: number; unused: number }>`
    select (select count(*) from groups)::int as groups, (select count(*) from groups where cover_media_id is not null)::int as covered,
           (select count(*) from activities)::int as activities, (select count(*) from activities where cover_media_id is not null)::int as "activityCovers",
           (select count(*) from posts where kind in ('guide', 'experience'))::int as guides,
           (select count(*) from posts where kind in ('guide', 'experience') and cover_media_id is not null)::int as galleries,
           (select count(*) from users where avatar_media_id is not null)::int as avatars,
           (select count(*) from media)::int as media, (select count(*) from media where use_kind is null)::int as unused`);
  assert.equal(photos.covered, photos.groups, JSON.stringify(photos));
  assert.ok(photos.activityCovers > photos.activities / 2, JSON.stringify(photos));
  assert.ok(photos.galleries > photos.guides / 2, JSON.stringify(photos));
  assert.ok(photos.avatars >= 50, JSON.stringify(photos));
  assert.equal(photos.unused, 0, 'every drawn photo is in use');

  // What members see: covers on the demo's feed, loadable by anyone for a public group's post.
  const demo = server.client();
  await demo.post('/auth/signin', { username: 'demo', password: 'kindred-demo' });
  const withCover = (await demo.get('/feed?limit=50')).body.items.find((p: { cover: unknown; group: { visibility: string } }) => p.cover && p.group.visibility === 'public');
  assert.ok(withCover, 'the feed shows posts with covers');
  const file = await fetch(`${server.url}${withCover.cover.variants[0].url}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'image/webp');

  // Run again (a retried job), it adds nothing.
  await jobHandlers(server.ctx)['demo.photos']!({});
  assert.equal((await one(sql<{ n: number }>`select count(*)::int as n from media`)).n, photos.media);
});
