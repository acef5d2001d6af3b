import { cities, findInterest, interests } from '@kindred/contract';
import { feedHorizon, fillFeeds } from '../features/feed/feed.service.js';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { Tx } from '../db/database.js';
import { mapCells } from '../lib/map-cells.js';
import { excerptOf, renderMarkdown } from '../lib/markdown.js';
import { searchVector } from '../lib/search-vector.js';
import { normalizeTags } from '../lib/tags.js';
import { hashPassword } from '../features/accounts/accounts.service.js';
import { hotScoreSql } from '../features/posts/posts.repository.js';
import { DateTime } from 'luxon';
import { refreshGroupLiveliness } from '../features/groups/groups.repository.js';
import { scheduleJob } from '../jobs/jobs.repository.js';
import { newCheckInCode } from '../features/activities/registrations.repository.js';
import { createRoom } from '../features/rooms/rooms.repository.js';
import { recordCharge, recordPayout } from '../features/payments/payments.service.js';
import { activityIdeas, demoPlaces } from './activity-content.js';
import { seedDemoCompanions } from './companions.js';
import { seedDemoFollows } from './follows.js';
import { seedDemoRooms } from './rooms.js';
import type { DemoGroup } from './content-types.js';
import { random } from './random.js';

export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'kindred-demo';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long ago the owner of the quiet group was last here: past the 60 days after which an admin may claim it. */
const IDLE_OWNER_AWAY_DAYS = 110;

async function insertInBatches<T>(items: T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

/**
 * Fills an empty database with a living demo community: ~200 members in six
 * cities, 30+ groups, hundreds of posts and comments in Chinese and English,
 * likes, pending join requests, and the demo account shown on the sign-in page.
 * Does nothing when any member exists.
 */
export async function seedDemoCommunity(ctx: AppContext): Promise<boolean> {
  const existing = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const started = Date.now();
  // Loaded only when seeding: the content is large and most starts don't need it.
  const [{ enGroups }, { zhGroups }, { people }] = await Promise.all([import('./content-en.js'), import('./content-zh.js'), import('./people.js')]);
  const rng = random(20261125);
  const now = Date.now();
  const demoHash = await hashPassword(DEMO_PASSWORD);

  await ctx.db.transaction().execute(async (tx) => {
    const cityByKey = new Map(cities.map((c) => [c.key, c]));
    const zhCities = ['beijing', 'shanghai', 'chengdu', 'hangzhou'];
    const enCities = ['san-francisco', 'london'];
    const near = (cityKey: string) => {
      const city = cityByKey.get(cityKey)!;
      return { lat: Math.round((city.lat + (rng.next() - 0.5) * 0.2) * 100) / 100, lng: Math.round((city.lng + (rng.next() - 0.5) * 0.2) * 100) / 100 };
    };

    // Members: the demo account first, then the cast.
    const cast = [
      { username: DEMO_USERNAME, displayName: 'Demo 小K', bio: 'Trying out Kindred — hiking, photos and good coffee. 周末爱爬山。', lang: 'en' as const, gender: undefined, birthYear: 1994 },
      ...people,
    ];
    const memberCity = cast.map((p, i) => (i === 0 ? 'beijing' : p.lang === 'zh' ? rng.pick(zhCities) : rng.pick(enCities)));
    // A living community: everyone was here in the last three days, most of them today. (Drawn from a
    // generator of its own so the rest of the demo stays as it was.) The quiet group's owner is the one
    // exception, set once the groups are made.
    const seen = random(20261206);
    const lastSeen = cast.map((_, i) => new Date(i === 0 ? now : now - (Math.round(seen.next() ** 2 * 70 * 60) + 1) * 60_000));
    const userRows = await tx
      .insertInto('users')
      .values(
        cast.map((p, i) => ({
          username: p.username,
          display_name: p.displayName,
          password_hash: demoHash,
          bio: p.bio,
          city: cityByKey.get(memberCity[i]!)!.en,
          ...near(memberCity[i]!),
          birth_year: p.birthYear ?? null,
          gender: p.gender ?? null,
          onboarded_at: new Date(now - rng.int(30, 400) * DAY),
          created_at: new Date(now - rng.int(120, 500) * DAY),
          last_seen_at: lastSeen[i],
        })),
      )
      .returning(['id', 'username'])
      .execute();
    const userIds = userRows.map((r) => r.id);
    const demoId = userIds[0]!;

    // Groups, their members (power-law sizes, mostly from the group's city) and their owners.
    const allGroups: DemoGroup[] = [...zhGroups, ...enGroups];
    // Each member has a few interests of their own, drawn from the groups of their city; they mostly
    // join groups that match them (and now and then one that doesn't), as people do.
    const cityTags = new Map<string, string[]>();
    for (const g of allGroups) cityTags.set(g.city, [...(cityTags.get(g.city) ?? []), ...normalizeTags(g.tags).filter((t) => findInterest(t))]);
    const memberInterests = new Map<number, Set<string>>(
      userIds.map((id, i) => [id, new Set(rng.sample([...new Set(cityTags.get(memberCity[i]!) ?? [])], rng.int(2, 4)))]),
    );
    const likes = (userId: number, tags: string[]) => tags.some((t) => memberInterests.get(userId)!.has(t));
    const seededGroups: { id: number; members: number[]; group: DemoGroup; tags: string[]; idle: boolean }[] = [];
    const owners = new Set<number>();
    let idleOwnerId: number | null = null;
    for (const [index, group] of allGroups.entries()) {
      const idle = index === allGroups.length - 1;
      const locals = userIds.filter((_, i) => memberCity[i] === group.city && i !== 0);
      const others = userIds.filter((_, i) => memberCity[i] !== group.city && i !== 0);
      const size = Math.min(locals.length + 10, Math.round(8 + 70 / (1 + index * 0.35) + rng.int(0, 10)));
      const groupTags = normalizeTags(group.tags);
      const fans = rng.sample(locals.filter((u) => likes(u, groupTags)), Math.round(size * 0.7));
      const rest = rng.sample(locals.filter((u) => !fans.includes(u)), Math.max(0, Math.round(size * 0.85) - fans.length));
      const members = [...fans, ...rest, ...rng.sample(others.filter((u) => likes(u, groupTags)), Math.round(size * 0.15))];
      if (idle) {
        // The quiet group's owner has been away as long as the group has been quiet, so its members can
        // show what stewardship offers (claim it, or step up as an admin). The owner is a member who owns
        // no other group (whose owner would then be away too) and belongs to the fewest others, so little
        // elsewhere says they were here lately. The group is the last one seeded, so every other is known.
        const elsewhere = (u: number) => seededGroups.filter((g) => g.members.includes(u)).length;
        const away = members.filter((u) => !owners.has(u)).sort((a, b) => elsewhere(a) - elsewhere(b))[0]!;
        members.splice(members.indexOf(away), 1);
        members.unshift(away);
        idleOwnerId = away;
      }
      const ownerId = index === 0 || group.key === enGroups[0]?.key ? demoId : members[0]!;
      if (!members.includes(ownerId)) members.unshift(ownerId);
      owners.add(ownerId);
      // The demo account belongs to a handful of groups so its home feed is alive.
      if (ownerId !== demoId && (index % 4 === 1) && group.visibility === 'public' && !members.includes(demoId)) members.push(demoId);
      const tags = normalizeTags(group.tags);
      const created = new Date(now - rng.int(200, 400) * DAY);
      const { id } = await tx
        .insertInto('groups')
        .values({
          name: group.name,
          description: group.description,
          description_html: renderMarkdown(group.description),
          city: cityByKey.get(group.city)?.en ?? group.city,
          ...near(group.city),
          tags,
          visibility: group.visibility,
          join_policy: group.joinPolicy,
          owner_id: ownerId,
          search_vector: searchVector(group.name, `${group.description} ${tags.join(' ')}`),
          created_at: created,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const admins = new Set(members.slice(1, 3));
      await tx
        .insertInto('group_members')
        .values(
          members.map((userId) => ({
            group_id: id,
            user_id: userId,
            role: userId === ownerId ? ('owner' as const) : admins.has(userId) ? ('admin' as const) : ('member' as const),
            joined_at: userId === ownerId ? created : new Date(created.getTime() + rng.int(1, 180) * DAY + rng.int(0, 23) * HOUR),
          })),
        )
        .execute();
      seededGroups.push({ id, members, group, tags, idle });

      // Pending join requests for approval groups, so admins have a queue to work.
      if (group.joinPolicy === 'approval') {
        const hopefuls = rng.sample(userIds.filter((u) => !members.includes(u)), 3);
        await tx
          .insertInto('join_requests')
          .values(hopefuls.map((userId, i) => ({ group_id: id, user_id: userId, message: i === 0 ? '你好，想加入一起玩！' : 'Hi! I would love to join.', created_at: new Date(now - rng.int(1, 72) * HOUR) })))
          .execute();
      }

      // Posts, oldest first, then comment threads after each post and likes from members.
      const postRows = group.posts.map((post, i) => {
        const body = post.body.trim();
        const postTags = normalizeTags(post.tags);
        // The last group has gone quiet: nothing posted or held in four months.
        const ageHours = Math.round(((group.posts.length - i) / group.posts.length) * rng.int(200, 1400) + rng.int(1, 48)) + (idle ? 120 * 24 : 0);
        return {
          group_id: id,
          author_id: rng.pick(members),
          kind: post.kind,
          title: post.title,
          body,
          body_html: renderMarkdown(body),
          excerpt: excerptOf(body),
          tags: postTags,
          created_at: new Date(now - ageHours * HOUR),
          pinned_at: i === 0 && post.kind === 'guide' ? new Date(now - ageHours * HOUR) : null,
          search_vector: searchVector(post.title, `${body} ${postTags.join(' ')}`),
        };
      });
      const inserted = await tx.insertInto('posts').values(postRows).returning(['id', 'created_at', 'author_id']).execute();
      const commentRows: { group_id: number; post_id: number; author_id: number; body: string; body_html: string; created_at: Date; replies: string[] }[] = [];
      for (const [i, post] of group.posts.entries()) {
        const postRow = inserted[i]!;
        let at = postRow.created_at.getTime();
        for (const comment of post.comments) {
          at += rng.int(10, 600) * 60_000;
          commentRows.push({
            group_id: id,
            post_id: postRow.id,
            author_id: rng.pick(members.filter((m) => m !== postRow.author_id)),
            body: comment.body,
            body_html: renderMarkdown(comment.body),
            created_at: new Date(Math.min(at, now - 60_000)),
            replies: comment.replies ?? [],
          });
        }
        const likers = rng.sample(members, rng.int(0, Math.min(members.length, 25)));
        if (likers.length > 0) {
          await tx
            .insertInto('post_likes')
            .values(likers.map((userId) => ({ group_id: id, post_id: postRow.id, user_id: userId, created_at: new Date(Math.min(postRow.created_at.getTime() + rng.int(1, 96) * HOUR, now)) })))
            .execute();
        }
      }
      for (const c of commentRows) {
        const { replies, ...row } = c;
        const { id: commentId } = await tx.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
        let at = row.created_at.getTime();
        if (replies.length > 0) {
          await tx
            .insertInto('comments')
            .values(
              replies.map((body) => {
                at += rng.int(5, 240) * 60_000;
                return {
                  group_id: row.group_id,
                  post_id: row.post_id,
                  parent_id: commentId,
                  author_id: rng.pick(members),
                  body,
                  body_html: renderMarkdown(body),
                  created_at: new Date(Math.min(at, now - 30_000)),
                };
              }),
            )
            .execute();
        }
      }
    }

    // Declared interests with skill levels; every member ends up with at least two.
    const skills = ['beginner', 'intermediate', 'advanced'] as const;
    const interestRows = userIds.flatMap((userId) => {
      const tags = memberInterests.get(userId)!;
      while (tags.size < 2) tags.add(rng.pick(interests).key);
      return [...tags].slice(0, 6).map((tag) => ({ user_id: userId, tag, skill: rng.next() < 0.7 ? rng.pick(skills) : null }));
    });
    await insertInBatches(interestRows, 500, (batch) => tx.insertInto('user_interests').values(batch).execute());

    await seedDemoActivities(tx, rng, now, seededGroups, userIds, memberCity);
    const companionMembers = userIds.map((id, i) => ({ id, city: memberCity[i]!, lang: cast[i]!.lang, tags: [...memberInterests.get(id)!] }));
    await seedDemoCompanions(tx, rng, now, companionMembers, demoId);
    await seedDemoFollows(tx, rng, now, demoId);
    await seedDemoRooms(tx, rng, now);
    await recountDemo(tx);
    if (idleOwnerId !== null) {
      const awaySince = new Date(now - IDLE_OWNER_AWAY_DAYS * DAY);
      await tx
        .updateTable('users')
        .set({ last_seen_at: awaySince, onboarded_at: sql<Date>`least(onboarded_at, ${awaySince})`, created_at: sql<Date>`least(created_at, ${awaySince})` })
        .where('id', '=', idleOwnerId)
        .execute();
    }
    await seedDemoDays(tx, now);
    // Each group's liveliness and rank, so Browse is in popular order from the first visit.
    await refreshGroupLiveliness(tx);
    // Photos are drawn in the background, once the server is up (first, so they are done before members pay:
    // the runner takes one job at a time, and a payment's confirmation is a job too).
    await scheduleJob(tx, 'demo.photos', 'all', new Date());
  });
  // Posts written here, not through createPost: their groups' feeds are filled in bulk, as the generator does.
  await fillFeeds(ctx.db, ctx.config.fanoutMaxMembers, feedHorizon());
  console.info(`Seeded the demo community in ${Date.now() - started} ms`);
  return true;
}

export type Rng = ReturnType<typeof random>;

/**
 * The per-day records the health dashboard counts from, for the last 90 days: the days each member was
 * seen (each comes on some share of days, and on the day they were last seen; never before they joined
 * or after they were last seen) and each activity's page views spread over the days it was listed.
 */
async function seedDemoDays(tx: Tx, now: number) {
  const rng = random(20261207);
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  const members = await tx.selectFrom('users').select(['id', 'created_at', 'last_seen_at']).execute();
  const seen = members.flatMap((m) => {
    const comes = 0.1 + 0.6 * rng.next();
    const last = m.last_seen_at?.getTime() ?? m.created_at.getTime();
    return Array.from({ length: 90 }, (_, k) => now - k * DAY)
      .filter((t) => t >= m.created_at.getTime() && (day(t) === day(last) || (t < last && rng.next() < comes)))
      .map((t) => ({ day: day(t), user_id: m.id }));
  });
  await insertInBatches(seen, 1000, (batch) => tx.insertInto('member_days').values(batch).onConflict((oc) => oc.doNothing()).execute());
  const listed = await tx.selectFrom('activities').select(['id', 'created_at', 'starts_at', 'view_count']).where('view_count', '>', 0).execute();
  const views = listed.flatMap((a) => {
    const first = Math.max(a.created_at.getTime(), now - 89 * DAY);
    const last = Math.min(a.starts_at.getTime(), now);
    const days = Math.max(1, Math.floor((last - first) / DAY) + 1);
    const byDay = new Map<string, number>();
    for (let v = 0; v < a.view_count; v++) {
      const key = day(first + rng.int(0, days - 1) * DAY);
      byDay.set(key, (byDay.get(key) ?? 0) + 1);
    }
    return [...byDay].map(([d, n]) => ({ day: d, activity_id: a.id, views: n }));
  });
  await insertInBatches(views, 1000, (batch) => tx.insertInto('activity_view_days').values(batch).execute());
}

/**
 * 100+ activities around the demo cities: three per group (one past, two
 * upcoming) and some standalone ones; free and paid; some full with a
 * waitlist. Paid seats carry a settled payment and its ledger entries, and
 * past activities are completed and paid out, so the books balance.
 */
async function seedDemoActivities(
  tx: Tx,
  rng: Rng,
  now: number,
  groups: { id: number; members: number[]; group: DemoGroup; tags: string[]; idle: boolean }[],
  userIds: number[],
  memberCity: string[],
) {
  const cityByKey = new Map(cities.map((c) => [c.key, c]));
  const plans: { groupId: number | null; organizer: number; city: string; tag: string; zh: boolean; candidates: number[]; past: boolean }[] = [];
  for (const g of groups.filter((group) => !group.idle)) {
    const tag = g.tags.find((t) => activityIdeas[t]) ?? 'hiking';
    const zh = !['san-francisco', 'london'].includes(g.group.city);
    for (const past of [true, false, false]) {
      plans.push({ groupId: g.id, organizer: g.members[0]!, city: g.group.city, tag, zh, candidates: g.members, past });
    }
  }
  for (let i = 0; i < 16; i++) {
    const organizerIndex = rng.int(1, userIds.length - 1);
    const city = memberCity[organizerIndex]!;
    const locals = userIds.filter((_, j) => memberCity[j] === city);
    plans.push({ groupId: null, organizer: userIds[organizerIndex]!, city, tag: rng.pick(Object.keys(activityIdeas)), zh: !['san-francisco', 'london'].includes(city), candidates: locals, past: i % 4 === 0 });
  }
  const demoId = userIds[0]!;
  for (const [index, plan] of plans.entries()) {
    const idea = activityIdeas[plan.tag]!;
    const place = rng.pick(demoPlaces[plan.city]!);
    const city = cityByKey.get(plan.city)!;
    const dayOffset = plan.past ? -rng.int(3, 60) : rng.int(1, 28);
    const local = DateTime.fromMillis(now, { zone: city.timeZone }).startOf('day').plus({ days: dayOffset, hours: rng.pick([9, 10, 14, 19]) });
    const startsAt = local.toJSDate();
    const endsAt = local.plus({ minutes: Math.round(idea[3] * 60) }).toJSDate();
    const paid = rng.next() < 0.4;
    const currency = plan.zh ? 'CNY' : plan.city === 'london' ? 'GBP' : 'USD';
    const fee = paid ? (plan.zh ? rng.int(2, 20) * 1000 : rng.int(5, 40) * 100) : 0;
    const capacity = rng.pick([6, 8, 10, 12, 15, 20, 30]);
    const title = (plan.zh ? idea[1] : idea[0]).replace('{place}', place.name);
    const description = plan.zh
      ? `集合地点：**${place.meetingPoint}**。\n\n- 时长约 ${idea[3]} 小时\n- 新手友好，请准时到达\n- 报名后如不能参加请提前取消，把名额让给候补的朋友`
      : `Meet at **${place.meetingPoint}**.\n\n- About ${idea[3]} hours\n- All levels welcome; please be on time\n- Can't make it? Cancel early so someone on the waitlist gets your spot`;
    const { id } = await tx
      .insertInto('activities')
      .values({
        group_id: plan.groupId,
        organizer_id: plan.organizer,
        title,
        description,
        description_html: renderMarkdown(description),
        tags: [plan.tag],
        search_vector: searchVector(title, `${description} ${plan.tag}`),
        starts_at: startsAt,
        ends_at: endsAt,
        time_zone: city.timeZone,
        place_name: place.name,
        address: place.address,
        lat: place.lat,
        lng: place.lng,
        map_cells: mapCells(place.lat, place.lng),
        meeting_point: place.meetingPoint,
        difficulty: idea[2],
        distance_km: plan.tag === 'hiking' || plan.tag === 'cycling' ? rng.int(5, 40) : null,
        duration_minutes: Math.round(idea[3] * 60),
        gear: idea[4],
        included: idea[5],
        fee_amount: fee,
        currency,
        capacity,
        registration_deadline: null,
        requires_approval: index % 11 === 5,
        questions: JSON.stringify(index % 5 === 0 ? [{ id: 'level', text: plan.zh ? '你的经验水平？' : 'Your experience level?', required: false }] : []),
        full_refund_hours: 24,
        partial_refund_hours: paid ? 6 : null,
        partial_refund_percent: paid ? 50 : null,
        status: plan.past ? 'completed' : 'published',
        view_count: rng.int(5, 400),
        created_at: new Date(startsAt.getTime() - rng.int(5, 30) * DAY),
        updated_at: new Date(now),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createRoom(tx, { activityId: id });

    // Registrations: some activities fill up and keep a waitlist.
    const pool = plan.candidates.filter((u) => u !== plan.organizer);
    const wanted = rng.next() < 0.2 ? capacity + rng.int(1, 6) : rng.int(0, capacity);
    const people = rng.sample(pool, Math.min(pool.length, wanted));
    if (!plan.past && index % 7 === 1 && !people.includes(demoId) && plan.organizer !== demoId) people.unshift(demoId);
    let queued = startsAt.getTime() - 20 * DAY;
    for (const [position, userId] of people.entries()) {
      queued += rng.int(1, 600) * 60_000;
      const seated = position < capacity;
      if (!seated && plan.past) break;
      const { id: registrationId } = await tx
        .insertInto('registrations')
        .values({
          activity_id: id,
          user_id: userId,
          status: seated ? 'confirmed' : 'waitlisted',
          answers: '{}',
          queued_at: new Date(Math.min(queued, now - 60_000)),
          amount_paid: seated ? fee : 0,
          check_in_code: newCheckInCode(),
          ...(plan.past && seated ? attendedOrNot(rng.next() < 0.85, startsAt) : {}),
          created_at: new Date(Math.min(queued, now - 60_000)),
          updated_at: new Date(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (seated && fee > 0) {
        const chargeId = `ch_demo_${registrationId}`;
        await tx.insertInto('wallet_charges').values({ id: chargeId, idempotency_key: `demo-${registrationId}`, amount: fee, currency, status: 'succeeded' }).execute();
        const payment = await tx
          .insertInto('payments')
          // Paid when they registered, so a member's payment history reads in order.
          .values({ activity_id: id, registration_id: registrationId, user_id: userId, idempotency_key: `demo-${registrationId}`, provider: 'wallet', provider_charge_id: chargeId, amount: fee, currency, status: 'succeeded', created_at: new Date(Math.min(queued, now - 60_000)) })
          .returning(['id', 'amount', 'currency'])
          .executeTakeFirstOrThrow();
        await recordCharge(tx, payment, id);
      }
    }
    const seatedCount = Math.min(people.length, capacity);
    const waitlisted = plan.past ? 0 : Math.max(0, people.length - capacity);
    await tx
      .updateTable('activities')
      .set({ seats_taken: seatedCount, waitlist_count: waitlisted, recent_registrations: rng.int(0, seatedCount) })
      .where('id', '=', id)
      .execute();
    if (plan.past) {
      await recordPayout(tx, id, plan.organizer, currency, seatedCount * fee);
    } else {
      for (const hours of [24, 2]) {
        const at = new Date(startsAt.getTime() - hours * HOUR);
        if (at.getTime() > now) await scheduleJob(tx, 'activity.remind', `${id}:${hours}`, at, { activityId: id, hours });
      }
      await scheduleJob(tx, 'activity.complete', String(id), new Date(endsAt.getTime() + HOUR), { activityId: id });
    }
  }
}

/** A held activity's seat: checked in and came, or a no-show. */
function attendedOrNot(came: boolean, at: Date) {
  return came ? { checked_in_at: at, attendance: 'attended' as const } : { attendance: 'no_show' as const };
}

/** Recomputes the denormalized counters and hot scores after bulk inserts. */
async function recountDemo(tx: Tx) {
  await sql`update groups g set member_count = (select count(*) from group_members m where m.group_id = g.id),
    post_count = (select count(*) from posts p where p.group_id = g.id and p.deleted_at is null)`.execute(tx);
  await sql`update posts p set like_count = (select count(*) from post_likes l where l.group_id = p.group_id and l.post_id = p.id),
    comment_count = (select count(*) from comments c where c.group_id = p.group_id and c.post_id = p.id and c.deleted_at is null)`.execute(tx);
  await tx.updateTable('posts').set({ hot_score: hotScoreSql }).execute();
}
