import type { DayPart, WeekDay } from '@kindred/contract';
import { useTranslation } from './translation';
import { normalizeLanguage } from '../i18n';
import { dateTimeFormat } from './intl';

/** Weekly availability is a set of slots like `sat-morning`: a day and a part of it. */
export const weekDays: WeekDay[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const dayParts: DayPart[] = ['morning', 'afternoon', 'evening'];
export const workDays: WeekDay[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const weekendDays: WeekDay[] = ['sat', 'sun'];

export function slotOf(day: WeekDay, part: DayPart): string {
  return `${day}-${part}`;
}

/** Every slot of these days in these parts of the day, in week order. */
export function slotsFor(days: readonly WeekDay[], parts: readonly DayPart[]): string[] {
  return weekDays.filter((d) => days.includes(d)).flatMap((d) => dayParts.filter((p) => parts.includes(p)).map((p) => slotOf(d, p)));
}

/** Slots in week order (Monday morning first), without repeats. */
export function sortSlots(slots: Iterable<string>): string[] {
  const set = new Set(slots);
  return weekDays.flatMap((d) => dayParts.map((p) => slotOf(d, p))).filter((s) => set.has(s));
}

function sameDays(a: WeekDay[], b: readonly WeekDay[]): boolean {
  return a.length === b.length && b.every((d) => a.includes(d));
}

/** 'YYYY-MM-DD' as "Sat, Nov 28" in a language, whatever the reader's zone. */
export function localDateLabel(date: string, lang: string, withYear = false): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return dateTimeFormat(lang, { weekday: 'short', month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Today's date where the browser is, as YYYY-MM-DD. */
export function todayLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Availability in a few words: days sharing the same parts are grouped, so
 * ["sat-morning","sun-morning","mon-evening"] reads "Weekends · morning; Mon · evening".
 */
export function useAvailabilityText() {
  const { t, i18n } = useTranslation();
  const lang = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);

  const daysText = (days: WeekDay[]) => {
    if (days.length === 7) return t('companions.when.everyDay');
    if (sameDays(days, workDays)) return t('companions.when.weekdays');
    if (sameDays(days, weekendDays)) return t('companions.when.weekends');
    return days.map((d) => t(`companions.days.${d}`)).join(t('companions.when.listSep'));
  };
  const partsText = (parts: DayPart[]) =>
    parts.length === 3 ? t('companions.when.allDay') : parts.map((p) => t(`companions.partsLower.${p}`)).join(t('companions.when.listSep'));

  /** "Weekends · morning, afternoon; Wed · evening". */
  const slots = (slots: string[]): string => {
    const partsByDay = new Map<WeekDay, DayPart[]>();
    for (const slot of sortSlots(slots)) {
      const [day, part] = slot.split('-') as [WeekDay, DayPart];
      partsByDay.set(day, [...(partsByDay.get(day) ?? []), part]);
    }
    const groups = new Map<string, { days: WeekDay[]; parts: DayPart[] }>();
    for (const [day, parts] of partsByDay) {
      const key = parts.join(',');
      const group = groups.get(key) ?? { days: [], parts };
      group.days.push(day);
      groups.set(key, group);
    }
    return [...groups.values()].map((g) => t('companions.when.daysParts', { days: daysText(g.days), parts: partsText(g.parts) })).join(t('companions.when.groupSep'));
  };

  /** Slots plus specific dates, e.g. "Weekends · all day · also Sat, Nov 28". */
  const availability = (a: { slots: string[]; dates: string[] }): string => {
    const dates = [...a.dates].sort();
    const shownDates = dates.slice(0, 2).map((d) => localDateLabel(d, lang));
    const more = dates.length - shownDates.length;
    const datesText = shownDates.length
      ? more > 0
        ? t('companions.when.datesMore', { dates: shownDates.join(t('companions.when.listSep')), count: more })
        : shownDates.join(t('companions.when.listSep'))
      : '';
    if (!a.slots.length && !datesText) return t('companions.when.notSet');
    if (!a.slots.length) return datesText;
    if (!datesText) return slots(a.slots);
    return t('companions.when.slotsAndDates', { slots: slots(a.slots), dates: datesText });
  };

  return { slots, availability, date: (d: string) => localDateLabel(d, lang), lang };
}
