/**
 * Intl formatters, made once per language and options. Building one costs far more than using it
 * (on a phone, a list of cards that built its own spent most of its render there).
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeTimeFormats = new Map<string, Intl.RelativeTimeFormat>();

function cached<T>(cache: Map<string, T>, lang: string, options: object, make: () => T): T {
  const key = `${lang}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/**
 * Every formatter that shows a time of day shows it on the 24-hour clock ("14:30", never "2:30 PM"),
 * in every language, so a chat, a card and an activity page never disagree.
 */
export function dateTimeFormat(lang: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const clock: Intl.DateTimeFormatOptions = options.hour !== undefined || options.timeStyle !== undefined ? { ...options, hour12: undefined, hourCycle: 'h23' } : options;
  return cached(dateTimeFormats, lang, clock, () => new Intl.DateTimeFormat(lang, clock));
}

export function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(numberFormats, lang, options, () => new Intl.NumberFormat(lang, options));
}

export function relativeTimeFormat(lang: string, options: Intl.RelativeTimeFormatOptions): Intl.RelativeTimeFormat {
  return cached(relativeTimeFormats, lang, options, () => new Intl.RelativeTimeFormat(lang, options));
}

let browserZone: string | undefined;

/** The zone the browser runs in, e.g. "Asia/Shanghai" (read once: it does not change while a page is open). */
export function browserTimeZone(): string {
  if (browserZone === undefined) {
    try {
      browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      browserZone = 'UTC';
    }
  }
  return browserZone;
}
