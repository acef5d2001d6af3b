import { minorDigits, toMajorUnits } from '@kindred/contract/money';

/** The currencies an organizer charges in, and a fee filter reads in. */
export const feeCurrencies = ['CNY', 'USD', 'GBP', 'EUR'] as const;
import { useTranslation } from './translation';
import { normalizeLanguage } from '../i18n';
import { dateTimeFormat, numberFormat, relativeTimeFormat } from './intl';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago" / "3小时前" in the given language. */
export function timeAgo(iso: string, lang: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = relativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(0, 'minute');
}

export function formatDate(iso: string, lang: string): string {
  return dateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

/** A day and time: "12 March 2026, 14:30" / "2026年3月12日 14:30". */
export function formatDateTime(iso: string, lang: string): string {
  return dateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));
}

/** A time of day on the 24-hour clock: "14:30" in both languages. */
export function formatTime(iso: string, lang: string): string {
  return dateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function formatNumber(n: number, lang: string): string {
  return numberFormat(lang, { notation: n >= 10000 ? 'compact' : 'standard' }).format(n);
}

/** An amount in minor units (cents, fen; yen have none) as currency: "¥88.00", "$12.50", "¥8,800" in JPY. */
export function formatMoney(amount: number, currency: string, lang: string): string {
  const major = toMajorUnits(amount, currency);
  try {
    return numberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(major);
  } catch {
    return `${major.toFixed(minorDigits(currency))} ${currency}`;
  }
}

/** Formatters bound to the active language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lang = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  return {
    lang,
    timeAgo: (iso: string) => timeAgo(iso, lang),
    date: (iso: string) => formatDate(iso, lang),
    dateTime: (iso: string) => formatDateTime(iso, lang),
    time: (iso: string) => formatTime(iso, lang),
    number: (n: number) => formatNumber(n, lang),
    money: (amount: number, currency: string) => formatMoney(amount, currency, lang),
    /** A share 0–1 as a whole percentage: "67%". */
    percent: (share: number) => numberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(share),
  };
}

/** A stable hue 0–359 for a string or number, for avatars and covers. */
export function hueOf(seed: string | number): number {
  const s = String(seed);
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** Splits "a, b  c" into distinct lowercase tags. */
export function parseTags(input: string): string[] {
  const tags = input
    .split(/[,，\s]+/)
    .map((t) => t.trim().replace(/^#/, '').toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}
