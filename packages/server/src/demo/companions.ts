import { cities, findInterest, WEEK_DAYS, DAY_PARTS } from '@kindred/contract';
import { DateTime } from 'luxon';
import type { Tx } from '../db/database.js';
import { snapToGrid } from '../lib/coarse-location.js';
import { mapCells } from '../lib/map-cells.js';
import { openConversation } from '../features/chat/chat.service.js';
import { slotsToBits, windowBits } from '../features/companions/availability.js';
import type { Rng } from './seed.js';

export interface DemoMember {
  id: number;
  city: string;
  lang: 'en' | 'zh';
  tags: string[];
}

const INTROS = {
  zh: ['周末基本都有空，喜欢慢节奏，边走边聊。', '新手一枚，希望找到能带带我的伙伴～', '准时、靠谱，活动后可以一起吃个饭。', '平时工作忙，想认识些同好一起出门。', '不太会拍照但很会找好吃的。'],
  en: ['Free most weekends; I like an easy pace and good conversation.', 'New to the city and keen to meet people who share my hobbies.', 'Reliable and always on time; happy to grab food afterwards.', 'Beginner, but I learn fast and bring snacks.', 'Looking for regular partners rather than one-offs.'],
};

const WINDOWS = [
  ['09:00', '12:00'],
  ['14:00', '17:30'],
  ['19:00', '21:30'],
] as const;

function describe(lang: 'en' | 'zh', tag: string, spots: number, when: string) {
  const interest = findInterest(tag);
  const name = lang === 'zh' ? (interest?.zh ?? tag) : (interest?.en.toLowerCase() ?? tag);
  return lang === 'zh'
    ? `${when}想去${name}，再找 ${spots} 位搭子，新手老手都欢迎，费用 AA。`
    : `Looking for ${spots} ${spots === 1 ? 'person' : 'people'} for ${name} ${when}. All levels welcome; we split costs.`;
}

/**
 * Companion cards for most members (a few paused), open requests around the
 * demo cities (some tied to upcoming activities), and for the demo account a
 * pending invite, an application to its own request and a companion to chat with.
 */
export async function seedDemoCompanions(tx: Tx, rng: Rng, now: number, members: DemoMember[], demoId: number) {
  const cityByKey = new Map(cities.map((c) => [c.key, c]));
  const skills = ['beginner', 'intermediate', 'advanced'] as const;
  const allSlots = WEEK_DAYS.flatMap((d) => DAY_PARTS.map((p) => `${d}-${p}`));
  const weekendSlots = allSlots.filter((s) => s.startsWith('sat') || s.startsWith('sun'));
  const place = (cityKey: string) => {
    const city = cityByKey.get(cityKey)!;
    return { city, ...snapToGrid(city.lat + (rng.next() - 0.5) * 0.1, city.lng + (rng.next() - 0.5) * 0.12) };
  };

  const carded = members.filter((m) => m.id === demoId || rng.next() < 0.65);
  for (const m of carded) {
    const area = place(m.city);
    const slots = rng.next() < 0.7 ? rng.sample(weekendSlots, rng.int(2, 5)) : rng.sample(allSlots, rng.int(3, 8));
    const demo = m.id === demoId;
    // The demo account is open to anyone nearby, so its lists are full.
    const picky = !demo && rng.next() < 0.25;
    await tx.insertInto('companion_cards').values({
      user_id: m.id,
      discoverable: demo || rng.next() < 0.92,
      slots: slotsToBits(slots),
      dates: [],
      area_name: m.lang === 'zh' ? area.city.zh : area.city.en,
      lat: area.lat,
      lng: area.lng,
      map_cells: mapCells(area.lat, area.lng),
      travel_km: demo ? 30 : rng.pick([5, 10, 15, 20, 30]),
      age_min: picky ? rng.pick([18, 22, 25]) : null,
      age_max: picky ? rng.pick([35, 40, 50]) : null,
      genders: !demo && rng.next() < 0.1 ? ['female'] : [],
      skills: [],
      group_size_max: demo ? 6 : rng.pick([2, 4, 4, 6, 8]),
      budget: demo ? 'any' : rng.pick(['free', 'low', 'medium', 'any', 'any'] as const),
      cost_sharing: demo ? 'either' : rng.pick(['split', 'split', 'either', 'each'] as const),
      intro: rng.pick(INTROS[m.lang]),
      created_at: new Date(now - rng.int(2, 90) * 86_400_000),
    }).execute();
    await tx
      .insertInto('companion_card_interests')
      .values(m.tags.slice(0, 4).map((tag) => ({ user_id: m.id, tag, skill: rng.pick(skills) })))
      .execute();
  }

  // Open requests: one-offs in the next two weeks and a few weekly ones.
  const upcoming = await tx.selectFrom('activities').select(['id', 'tags', 'lat', 'lng', 'starts_at', 'time_zone']).where('starts_at', '>', new Date(now)).where('status', '=', 'published').execute();
  // A third of them in the demo account's own city, so its "near me" list is full.
  const demoCity = members.find((m) => m.id === demoId)!.city;
  const others = carded.filter((m) => m.id !== demoId);
  const authors = [...rng.sample(others.filter((m) => m.city === demoCity), 15), ...rng.sample(others.filter((m) => m.city !== demoCity), 30)];
  const requests: { id: number; author: number }[] = [];
  for (const [i, author] of [{ ...members.find((m) => m.id === demoId)! }, ...authors].entries()) {
    const area = place(author.city);
    const tag = rng.pick(author.tags);
    const zone = area.city.timeZone;
    const recurring = i % 7 === 3;
    const spots = rng.pick([1, 1, 2, 3]);
    const activity = upcoming.find((a) => a.tags.includes(tag) && Math.abs(a.lat - area.lat) < 0.5 && Math.abs(a.lng - area.lng) < 0.5 && rng.next() < 0.6);
    let timing;
    if (recurring) {
      const slots = rng.sample(weekendSlots, 2);
      const until = DateTime.fromMillis(now, { zone }).plus({ days: 60 });
      timing = { when_type: 'recurring' as const, until_date: until.toISODate(), slots: slotsToBits(slots), closes_at: until.endOf('day').toJSDate(), local_date: null, local_from: null, local_to: null, starts_at: null, ends_at: null };
    } else {
      const day = activity ? DateTime.fromJSDate(activity.starts_at, { zone: activity.time_zone }) : DateTime.fromMillis(now, { zone }).plus({ days: rng.int(1, 14) });
      // Around the activity's start (kept within its day), or one of the usual windows.
      const [from, to] = activity ? [day.toFormat('HH:mm'), day.hour >= 21 ? '23:59' : day.plus({ hours: 3 }).toFormat('HH:mm')] : rng.pick(WINDOWS);
      const date = day.toISODate()!;
      const starts = DateTime.fromISO(`${date}T${from}`, { zone });
      const ends = DateTime.fromISO(`${date}T${to}`, { zone });
      timing = { when_type: 'once' as const, local_date: date, local_from: from, local_to: to, until_date: null, slots: windowBits(date, from, to), starts_at: starts.toJSDate(), ends_at: ends.toJSDate(), closes_at: ends.toJSDate() };
    }
    const whenText = author.lang === 'zh' ? (recurring ? '每个周末' : '这周') : recurring ? 'most weekends' : 'soon';
    const { id } = await tx
      .insertInto('companion_requests')
      .values({
        author_id: author.id,
        tag,
        activity_id: activity?.id ?? null,
        ...timing,
        time_zone: zone,
        area_name: author.lang === 'zh' ? area.city.zh : area.city.en,
        lat: area.lat,
        lng: area.lng,
        radius_km: rng.pick([10, 15, 20]),
        spots,
        age_min: null,
        age_max: null,
        genders: [],
        skills: [],
        budget: rng.pick(['free', 'low', 'medium'] as const),
        cost_sharing: rng.pick(['split', 'either'] as const),
        description: describe(author.lang, tag, spots, whenText),
        created_at: new Date(now - rng.int(1, 72) * 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    requests.push({ id, author: author.id });
  }

  // The demo account's inbox and chat.
  const neighbours = others.filter((m) => m.city === demoCity);
  const [inviter, applicant, companion] = rng.sample(neighbours, 3);
  const demoRequest = requests[0]!;
  if (inviter) {
    await tx.insertInto('companion_invites').values({ kind: 'invite', from_id: inviter.id, to_id: demoId, message: '看到你也喜欢户外，周六一起去香山吗？', created_at: new Date(now - 5 * 3_600_000) }).execute();
  }
  if (applicant) {
    await tx.insertInto('companion_invites').values({ kind: 'application', from_id: applicant.id, to_id: demoId, request_id: demoRequest.id, message: '我时间合适，想一起去！', created_at: new Date(now - 2 * 3_600_000) }).execute();
  }
  if (companion) {
    const at = new Date(now - 3 * 86_400_000);
    await tx.insertInto('companion_invites').values({ kind: 'invite', from_id: demoId, to_id: companion.id, message: 'Coffee walk this weekend?', status: 'accepted', created_at: at, decided_at: new Date(at.getTime() + 3_600_000) }).execute();
    const conversationId = await openConversation(tx, demoId, companion.id, null);
    const lines: [number, string][] = [
      [companion.id, '你好！很高兴认识你 👋'],
      [demoId, 'Hi! Saturday morning works for me.'],
      [companion.id, '好呀，那周六上午九点地铁站见？'],
      [demoId, '👍 See you there'],
      [companion.id, '记得带水，山上没有小卖部～'],
    ];
    let lastId = 0;
    for (const [i, [sender, body]] of lines.entries()) {
      const created = new Date(at.getTime() + (i + 2) * 3_600_000);
      const message = await tx.insertInto('messages').values({ conversation_id: conversationId, sender_id: sender, body, client_id: `demo-${i}`, created_at: created }).returning('id').executeTakeFirstOrThrow();
      lastId = message.id;
    }
    await tx.updateTable('conversations').set({ last_message_id: lastId }).where('id', '=', conversationId).execute();
    await tx.updateTable('conversation_members').set({ updated_at: new Date(at.getTime() + 7 * 3_600_000) }).where('conversation_id', '=', conversationId).execute();
    // The demo account has read all but the last message.
    await tx.updateTable('conversation_members').set({ last_read_id: lastId - 1 }).where('conversation_id', '=', conversationId).where('user_id', '=', demoId).execute();
    await tx.updateTable('conversation_members').set({ last_read_id: lastId }).where('conversation_id', '=', conversationId).where('user_id', '=', companion.id).execute();
  }
}
