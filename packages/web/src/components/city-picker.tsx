import { useTranslation } from '../lib/translation';
import { cities, findCity, useTaxonomy, type City } from '../data/taxonomy';
import { Icon } from './icons';

/** Cities as large tappable cards (onboarding). */
export function CityCards({ value, onChange }: { value: string | null; onChange: (city: City | null) => void }) {
  const { t } = useTranslation();
  const { lang } = useTaxonomy();
  const current = findCity(value)?.key ?? null;
  return (
    <div className="city-cards" role="radiogroup" aria-label={t('onboarding.cityTitle')}>
      {cities.map((city) => (
        <button
          key={city.key}
          type="button"
          role="radio"
          aria-checked={current === city.key}
          className="city-card"
          onClick={() => onChange(city)}
          data-testid={`city-${city.key}`}
        >
          <Icon name="mapPin" size={18} />
          <span className="city-card__name">{lang === 'zh-CN' ? city.zh : city.en}</span>
          <span className="city-card__alt muted">{lang === 'zh-CN' ? city.en : city.zh}</span>
        </button>
      ))}
      <button type="button" role="radio" aria-checked={current === null} className="city-card city-card--none" onClick={() => onChange(null)}>
        <span className="city-card__name">{t('onboarding.skipCity')}</span>
      </button>
    </div>
  );
}

/** A <select> of cities; `noneLabel` is the empty choice. Values are city keys. */
export function CitySelect({ value, onChange, noneLabel, ...rest }: {
  value: string | null;
  onChange: (city: City | null) => void;
  noneLabel: string;
  id?: string;
}) {
  const { lang } = useTaxonomy();
  const known = findCity(value);
  return (
    <select
      {...rest}
      value={known?.key ?? ''}
      onChange={(e) => onChange(cities.find((c) => c.key === e.target.value) ?? null)}
    >
      <option value="">{noneLabel}</option>
      {cities.map((c) => (
        <option key={c.key} value={c.key}>
          {lang === 'zh-CN' ? c.zh : c.en}
        </option>
      ))}
    </select>
  );
}
