import i18n, { type BackendModule, type ResourceKey } from 'i18next';
import type { Messages } from './types';

export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

/** localStorage key that remembers the member's language choice. */
export const LANGUAGE_STORAGE_KEY = 'kindred.lang';

/** Any Chinese variant maps to Simplified Chinese; everything else to English. */
export function normalizeLanguage(lng: string | undefined | null): Language {
  return lng && lng.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Each language's strings are a chunk of their own, fetched when that language is first used. */
const dictionaries: Record<Language, () => Promise<Messages>> = {
  en: () => import('./en').then((m) => m.en),
  'zh-CN': () => import('./zh').then((m) => m.zh),
};

const dictionaryBackend: BackendModule = {
  type: 'backend',
  init() {},
  read(language, _namespace, callback) {
    dictionaries[normalizeLanguage(language)]().then(
      (messages) => callback(null, messages as unknown as ResourceKey),
      (error: Error) => callback(error, null),
    );
  },
};

/** The member's stored choice, else the browser's first language. */
function detectLanguage(): Language {
  // A link to a language version (`?lang=zh-CN`, as the pages' hreflang links give) wins, and is remembered.
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked) return normalizeLanguage(asked);
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    // Storage is unavailable (blocked by the browser): the browser's language it is.
  }
  return normalizeLanguage(stored ?? navigator.languages?.[0] ?? navigator.language);
}

/** Remembers the language (a detected one too: a later change of the browser's does not switch it) and sets the page's. */
function onLanguage(lng: string) {
  document.documentElement.lang = normalizeLanguage(lng);
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, normalizeLanguage(lng));
  } catch {
    // Not remembered: detected again on the next visit.
  }
}
i18n.on('languageChanged', onLanguage);

/** Resolves once the active language's strings are loaded; the app renders after it. */
export const i18nReady = i18n
  .use(dictionaryBackend)
  .init({
    lng: detectLanguage(),
    supportedLngs: [...languages],
    // Every language has every key (the types check it), so no second dictionary is loaded as a fallback.
    fallbackLng: false,
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** The active language, always one of `languages`. */
export function currentLanguage(): Language {
  return normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
}

export default i18n;
