import { useId } from 'react';
import { useTranslation } from '../lib/translation';
import { languages, normalizeLanguage } from '../i18n';
import { Icon } from './icons';

/** Switches between English and Simplified Chinese; the choice is remembered in localStorage. */
export function LanguageSwitcher({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  return (
    <div className={`language-switcher${compact ? ' language-switcher--compact' : ''}`}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'field__label'}>
        {t('language.label')}
      </label>
      <div className="select-wrap">
        <Icon name="globe" size={16} />
        <select
          id={id}
          data-testid="language-select"
          value={current}
          onChange={(e) => void i18n.changeLanguage(e.target.value)}
        >
          {languages.map((lng) => (
            <option key={lng} value={lng} lang={lng}>
              {t(`language.${lng}`)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
