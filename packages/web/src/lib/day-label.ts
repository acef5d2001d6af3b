import { relativeTimeFormat } from './intl';

/** A calendar day's key in the reader's zone, for grouping messages by day. */
export function dayKey(iso: string | Date): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** "Today", "Yesterday", else the date, in the reader's language and zone. */
export function dayLabel(iso: string, lang: string, date: (iso: string) => string): string {
  const key = dayKey(iso);
  const rtf = relativeTimeFormat(lang, { numeric: 'auto' });
  const capital = (s: string) => s.charAt(0).toLocaleUpperCase(lang) + s.slice(1);
  if (key === dayKey(new Date())) return capital(rtf.format(0, 'day'));
  if (key === dayKey(new Date(Date.now() - 86_400_000))) return capital(rtf.format(-1, 'day'));
  return date(iso);
}
