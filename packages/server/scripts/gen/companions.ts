import { DAY_PARTS, WEEK_DAYS } from '@kindred/contract';
import { DateTime } from 'luxon';
import { slotsToBits, windowBits } from '../../src/features/companions/availability.js';
import { snapToGrid } from '../../src/lib/coarse-location.js';
import { mapCells } from '../../src/lib/map-cells.js';
import type { Gen } from './context.js';
import { memberInterestKeys, type Members } from './members.js';
import { interestLabel } from './text.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const skills = ['beginner', 'intermediate', 'advanced'] as const;
const allSlots = WEEK_DAYS.flatMap((d) => DAY_PARTS.map((p) => `${d}-${p}`));
const weekendSlots = allSlots.filter((s) => s.startsWith('sat') || s.startsWith('sun'));
const windows = [
  ['09:00', '12:00'],
  ['14:00', '17:30'],
  ['19:00', '21:30'],
] as const;
const intros = {
  en: ['Free most weekends; I like an easy pace and good conversation.', 'New to the city and keen to meet people who share my hobbies.', 'Reliable and always on time; happy to grab food afterwards.', 'Beginner, but I learn fast and bring snacks.'],
  zh: ['周末基本都有空，喜欢慢节奏，边走边聊。', '新手一枚，希望找到能带带我的伙伴～', '准时、靠谱，活动后可以一起吃个饭。', '平时工作忙，想认识些同好一起出门。'],
};

/**
 * Companion cards for about 30% of members (the point snapped to the privacy
 * grid as the app does on write, availability as the 21-bit slot set) with
 * their interests, and open requests by some of them in the coming weeks.
 */
export async function generateCompanions(gen: Gen, m: Members) {
  const { rng, t, loader, now, scale } = gen;
  const requestShare = scale.companionRequests / scale.companionCards;
  for (let i = 0; i < m.count; i++) {
    if (!rng.chance(scale.companionCards)) continue;
    const userId = m.firstId + i;
    const city = gen.cities[m.city[i]!]!;
    const lang = city.lang;
    const cell = snapToGrid(m.lat[i]! + rng.normal() * 0.01, m.lng[i]! + rng.normal() * 0.01);
    const slots = rng.chance(0.7) ? sample(gen, weekendSlots, rng.int(2, 5)) : sample(gen, allSlots, rng.int(3, 8));
    const picky = rng.chance(0.25);
    const createdAt = now - rng.int(2, 200) * DAY;
    t.companionCards.add(
      userId,
      rng.chance(0.92),
      slotsToBits(slots),
      lang === 'zh' ? city.nameZh : city.name,
      cell.lat,
      cell.lng,
      mapCells(cell.lat, cell.lng),
      rng.pick([5, 10, 15, 20, 30, 50]),
      picky ? rng.pick([18, 22, 25]) : null,
      picky ? rng.pick([35, 40, 50]) : null,
      rng.chance(0.1) ? ['female'] : [],
      rng.pick([2, 4, 4, 6, 8]),
      rng.pick(['free', 'low', 'medium', 'any', 'any']),
      rng.pick(['split', 'split', 'either', 'each']),
      rng.pick(intros[lang]),
      createdAt,
      createdAt,
    );
    const tags = memberInterestKeys(m, i);
    for (const tag of tags.slice(0, 4)) t.companionCardInterests.add(userId, tag, rng.pick(skills));

    if (rng.chance(requestShare) && tags.length > 0) addRequest(gen, userId, m, i, tags);
    if ((i & 1023) === 0) {
      await loader.flushFull();
      await loader.breathe();
    }
  }
}

function addRequest(gen: Gen, userId: number, m: Members, i: number, tags: string[]) {
  const { rng, t, now } = gen;
  const city = gen.cities[m.city[i]!]!;
  const zone = city.timeZone;
  const tag = rng.pick(tags);
  const area = snapToGrid(m.lat[i]! + rng.normal() * 0.02, m.lng[i]! + rng.normal() * 0.02);
  const spots = rng.pick([1, 1, 2, 3]);
  const recurring = rng.chance(0.15);
  const today = DateTime.fromMillis(now, { zone });
  let timing: { whenType: string; date: string | null; from: string | null; to: string | null; until: string | null; slots: number; startsAt: number | null; endsAt: number | null; closesAt: number };
  if (recurring) {
    const until = today.plus({ days: rng.int(21, 90) });
    timing = { whenType: 'recurring', date: null, from: null, to: null, until: until.toISODate()!, slots: slotsToBits(sample(gen, weekendSlots, 2)), startsAt: null, endsAt: null, closesAt: until.endOf('day').toMillis() };
  } else {
    const date = today.plus({ days: rng.int(1, 14) }).toISODate()!;
    const [from, to] = rng.pick(windows);
    const startsAt = DateTime.fromISO(`${date}T${from}`, { zone }).toMillis();
    const endsAt = DateTime.fromISO(`${date}T${to}`, { zone }).toMillis();
    timing = { whenType: 'once', date, from, to, until: null, slots: windowBits(date, from, to), startsAt, endsAt, closesAt: endsAt };
  }
  const name = interestLabel(tag, city.lang);
  const description =
    city.lang === 'zh'
      ? `想去${name}，再找 ${spots} 位搭子，新手老手都欢迎，费用 AA。`
      : `Looking for ${spots} ${spots === 1 ? 'person' : 'people'} for ${name.toLowerCase()}. All levels welcome; we split costs.`;
  t.companionRequests.add(
    userId,
    tag,
    timing.whenType,
    timing.date,
    timing.from,
    timing.to,
    timing.until,
    zone,
    timing.slots,
    timing.startsAt,
    timing.endsAt,
    timing.closesAt,
    city.lang === 'zh' ? city.nameZh : city.name,
    area.lat,
    area.lng,
    rng.pick([10, 15, 20]),
    spots,
    rng.pick(['free', 'low', 'medium']),
    rng.pick(['split', 'either']),
    description,
    now - rng.int(1, 72) * HOUR,
  );
}

function sample(gen: Gen, items: readonly string[], n: number): string[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(gen.rng.next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}
