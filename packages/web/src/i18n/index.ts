import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';

export const languages = ['en', 'zh-CN'] as const;
export type Language = (typeof languages)[number];

/** localStorage key that remembers the member's language choice. */
export const LANGUAGE_STORAGE_KEY = 'kindred.lang';

/** Any Chinese variant maps to Simplified Chinese; everything else to English. */
export function normalizeLanguage(lng: string | undefined | null): Language {
  return lng && lng.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
    supportedLngs: [...languages],
    fallbackLng: 'en',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
      convertDetectedLanguage: (lng: string) => normalizeLanguage(lng),
    },
  });

function syncDocumentLanguage(lng: string) {
  document.documentElement.lang = normalizeLanguage(lng);
}
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

/** The active language, always one of `languages`. */
export function currentLanguage(): Language {
  return normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
}

export default i18n;
