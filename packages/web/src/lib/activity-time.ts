import { dateTimeFormat } from './intl';

export { browserTimeZone } from './intl';

/**
 * An activity's time is shown as the wall time where it happens ("Sat, Nov 28, 09:00 (GMT+8)"),
 * whatever the reader's own zone: the server sends it as `startsAtLocal` in the activity's zone.
 */

/** 'YYYY-MM-DDTHH:mm' read as a wall clock: a Date whose UTC fields are those numbers. */
function wallClock(local: string): Date {
  const [date = '', time = '00:00'] = local.split('T');
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm));
}

function fmt(lang: string, options: Intl.DateTimeFormatOptions) {
  return dateTimeFormat(lang, { ...options, timeZone: 'UTC' });
}

/** "+08:00" → "GMT+8", "+05:30" → "GMT+5:30", "+00:00" → "GMT". */
export function gmtLabel(utcOffset: string): string {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (!m) return utcOffset;
  const hours = Number(m[2]);
  const minutes = m[3] === '00' ? '' : `:${m[3]}`;
  return hours === 0 && !minutes ? 'GMT' : `GMT${m[1]}${hours}${minutes}`;
}

export function wallDate(local: string, lang: string): string {
  return fmt(lang, { weekday: 'short', month: 'short', day: 'numeric' }).format(wallClock(local));
}

export function wallTime(local: string, lang: string): string {
  return fmt(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(wallClock(local));
}

/** "Saturday" / "星期六": the weekday of a wall-clock date. */
export function wallWeekday(local: string, lang: string): string {
  return fmt(lang, { weekday: 'long' }).format(wallClock(local));
}

/** "Sat, Nov 28 · 09:00" */
export function wallDateTime(local: string, lang: string): string {
  return `${wallDate(local, lang)} · ${wallTime(local, lang)}`;
}

/** "Sat, Nov 28 · 09:00–13:00" or, across days, "Sat, Nov 28 · 09:00 – Sun, Nov 29 · 17:00". */
export function wallRange(startLocal: string, endLocal: string, lang: string): string {
  if (startLocal.slice(0, 10) === endLocal.slice(0, 10)) return `${wallDateTime(startLocal, lang)}–${wallTime(endLocal, lang)}`;
  return `${wallDateTime(startLocal, lang)} – ${wallDateTime(endLocal, lang)}`;
}

/** The parts of a calendar tile: "NOV" and "28". */
export function dateTile(local: string, lang: string): { month: string; day: string; weekday: string } {
  const at = wallClock(local);
  return {
    month: fmt(lang, { month: 'short' }).format(at),
    day: String(at.getUTCDate()),
    weekday: fmt(lang, { weekday: 'short' }).format(at),
  };
}

/** An instant shown in a given zone (e.g. a registration deadline in the activity's zone). */
export function instantIn(iso: string, timeZone: string, lang: string): string {
  try {
    return dateTimeFormat(lang, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toLocaleString(lang);
  }
}
