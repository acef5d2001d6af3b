import { findInterest, minorDigits, toMajorUnits } from '@kindred/contract';

/** The page languages, as the web app names them (its i18n `languages`); the first is the default. */
export const PAGE_LANGUAGES = ['en', 'zh-CN'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** A language tag as the web app reads one: any Chinese is Simplified Chinese, anything else English. */
export function pageLanguage(tag: string | null | undefined): PageLanguage {
  return tag && tag.trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The few phrases a server-rendered page says in its own words, in each page language. */
const phrases = {
  en: {
    site: 'Kindred',
    siteDescription: 'Kindred — find your people. Interest groups, posts and activities near you.',
    privateGroup: 'A private group on Kindred',
    members: (n: string) => `${n} ${n === '1' ? 'member' : 'members'}`,
    membersLabel: 'Members',
    free: 'Free',
    cancelled: 'Cancelled',
    when: 'When',
    where: 'Where',
    meetingPoint: 'Meeting point',
    fee: 'Fee',
    organizer: 'Organized by',
    inGroup: 'In',
    postedBy: 'By',
    interests: 'Interests',
    city: 'City',
  },
  'zh-CN': {
    site: 'Kindred',
    siteDescription: 'Kindred — 找到志同道合的人。身边的兴趣小组、帖子和活动。',
    privateGroup: 'Kindred 上的私密小组',
    members: (n: string) => `${n} 位成员`,
    membersLabel: '成员',
    free: '免费',
    cancelled: '已取消',
    when: '时间',
    where: '地点',
    meetingPoint: '集合点',
    fee: '费用',
    organizer: '发起人',
    inGroup: '小组',
    postedBy: '作者',
    interests: '兴趣',
    city: '城市',
  },
} satisfies Record<PageLanguage, unknown>;

export type Phrases = (typeof phrases)['en'];

export function phrasesFor(lang: PageLanguage): Phrases {
  return phrases[lang];
}

/** Open Graph's locale names (language_TERRITORY). */
export const ogLocale: Record<PageLanguage, string> = { en: 'en_US', 'zh-CN': 'zh_CN' };

/** An interest tag by its label in the language (curated ones), else the tag as written. */
export function interestLabel(tag: string, lang: PageLanguage): string {
  const interest = findInterest(tag);
  return interest ? (lang === 'zh-CN' ? interest.zh : interest.en) : tag;
}

export function formatCount(n: number, lang: PageLanguage): string {
  return new Intl.NumberFormat(lang).format(n);
}

/**
 * A moment as a person there reads it, in the activity's zone with the zone's
 * offset, on the 24-hour clock as everywhere in Kindred: "Sun, Mar 7, 2027, 07:30 GMT+8",
 * "2027年3月7日周日 GMT+8 07:30".
 */
export function formatLocalDateTime(iso: string, timeZone: string, lang: PageLanguage): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
  try {
    return new Intl.DateTimeFormat(lang, { ...options, timeZone }).format(new Date(iso));
  } catch {
    // A zone this runtime does not know: the time in UTC, said so.
    return new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}

/** A fee as the web app shows it (in major units, narrow symbol), or "Free". */
export function formatFee(amount: number, currency: string, lang: PageLanguage): string {
  if (amount === 0) return phrases[lang].free;
  const major = toMajorUnits(amount, currency);
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).format(major);
  } catch {
    return `${major.toFixed(minorDigits(currency))} ${currency}`;
  }
}

/** Text cut to about `length` characters at a word (or, in Chinese, anywhere), with an ellipsis when cut. */
export function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length - 1);
  const atSpace = cut.lastIndexOf(' ');
  return `${(atSpace > length * 0.6 ? cut.slice(0, atSpace) : cut).trimEnd()}…`;
}
