import { DAY_PARTS, WEEK_DAYS, type Availability, type DayPart, type WeekDay } from '@kindred/contract';
import { DateTime } from 'luxon';

/**
 * Weekly availability as a 21-bit set: bit (day * 3 + part), Monday = 0,
 * morning = 0. Overlap between two members is then one AND.
 */
export function slotBit(day: WeekDay, part: DayPart): number {
  return 1 << (WEEK_DAYS.indexOf(day) * 3 + DAY_PARTS.indexOf(part));
}

export function slotsToBits(slots: readonly string[]): number {
  let bits = 0;
  for (const slot of slots) {
    const [day, part] = slot.split('-') as [WeekDay, DayPart];
    bits |= slotBit(day, part);
  }
  return bits;
}

export function bitsToSlots(bits: number): string[] {
  const slots: string[] = [];
  WEEK_DAYS.forEach((day, d) => DAY_PARTS.forEach((part, p) => bits & (1 << (d * 3 + p)) && slots.push(`${day}-${part}`)));
  return slots;
}

export function countBits(bits: number): number {
  let n = 0;
  for (let b = bits; b; b &= b - 1) n++;
  return n;
}

/** Hours each part of the day covers, local time: [start, end). */
const PART_HOURS: Record<DayPart, [number, number]> = { morning: [0, 12], afternoon: [12, 18], evening: [18, 24] };

/** Monday = 0 … Sunday = 6 for a 'YYYY-MM-DD' date. */
export function weekdayIndex(date: string): number {
  return DateTime.fromISO(date, { zone: 'utc' }).weekday - 1;
}

/** All three parts of the weekday a date falls on. */
export function dayBits(date: string): number {
  return 0b111 << (weekdayIndex(date) * 3);
}

/** The slots a local time window on a date touches, e.g. Saturday 10:00–14:00 → sat-morning, sat-afternoon. */
export function windowBits(date: string, from: string, to: string): number {
  const [start, end] = [toHours(from), toHours(to)];
  const day = weekdayIndex(date);
  let bits = 0;
  DAY_PARTS.forEach((part, p) => {
    const [ps, pe] = PART_HOURS[part];
    if (start < pe && end > ps) bits |= 1 << (day * 3 + p);
  });
  return bits;
}

function toHours(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h + m / 60;
}

/** Is a member with this availability free on the date (a listed date, or any slot on its weekday)? */
export function freeOn(availability: { slots: number; dates: readonly string[] }, date: string): boolean {
  return availability.dates.includes(date) || (availability.slots & dayBits(date)) !== 0;
}

export function presentAvailability(slots: number, dates: readonly string[]): Availability {
  return { slots: bitsToSlots(slots), dates: [...dates].sort() };
}

const DAY_NAMES: Record<WeekDay, { en: string; zh: string }> = {
  mon: { en: 'Monday', zh: '周一' },
  tue: { en: 'Tuesday', zh: '周二' },
  wed: { en: 'Wednesday', zh: '周三' },
  thu: { en: 'Thursday', zh: '周四' },
  fri: { en: 'Friday', zh: '周五' },
  sat: { en: 'Saturday', zh: '周六' },
  sun: { en: 'Sunday', zh: '周日' },
};
const PART_NAMES: Record<DayPart, { en: string; zh: string }> = {
  morning: { en: 'morning', zh: '上午' },
  afternoon: { en: 'afternoon', zh: '下午' },
  evening: { en: 'evening', zh: '晚上' },
};

/** "Saturday morning" / "周六上午" for a slot. */
export function slotName(slot: string): { en: string; zh: string } {
  const [day, part] = slot.split('-') as [WeekDay, DayPart];
  return { en: `${DAY_NAMES[day].en} ${PART_NAMES[part].en}`, zh: `${DAY_NAMES[day].zh}${PART_NAMES[part].zh}` };
}
