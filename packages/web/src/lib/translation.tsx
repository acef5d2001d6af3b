import i18n, { type TFunction } from 'i18next';
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

interface Translation {
  /** The active language's strings. */
  t: TFunction;
  i18n: typeof i18n;
}

const TranslationContext = createContext<Translation | null>(null);

/**
 * The active language's `t` for the whole app, made once per language, with one listener for a change of
 * language. (react-i18next's hook subscribes every component that uses it and copies the i18next instance
 * for each one it mounts: on a phone a list of cards spent a fifth of its script time there.)
 */
export function TranslationProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    const changed = (lng: string) => setLanguage(lng);
    i18n.on('languageChanged', changed);
    setLanguage(i18n.language);
    return () => i18n.off('languageChanged', changed);
  }, []);
  const value = useMemo(() => ({ t: i18n.getFixedT(language), i18n }), [language]);
  return <TranslationContext.Provider value={value}>{children}</TranslationContext.Provider>;
}

/** `t` and the i18next instance, re-rendering the component when the language changes. */
export function useTranslation(): Translation {
  const translation = useContext(TranslationContext);
  if (!translation) throw new Error('useTranslation is used outside TranslationProvider');
  return translation;
}
