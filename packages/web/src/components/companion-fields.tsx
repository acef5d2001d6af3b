import type { Budget, CompanionPreferences, CostSharing, Gender, Me, SkillLevel } from '@kindred/contract';
import { useMemo, useState, type ComponentProps, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { cities, findCity, findInterest, interestCategories, interestsInCategory, useTaxonomy } from '../data/taxonomy';
import { Field } from './form-field';
import { Icon, type IconName } from './icons';
import { MapView } from './map-view';

export const genders: Gender[] = ['female', 'male', 'nonbinary', 'other'];
export const skillLevels: SkillLevel[] = ['beginner', 'intermediate', 'advanced'];
export const budgets: Budget[] = ['free', 'low', 'medium', 'any'];
export const costSharings: CostSharing[] = ['split', 'each', 'either'];

/** An interest from the taxonomy, grouped by category; `extra` adds free tags (e.g. the member's own). */
export function TagSelect({ value, onChange, emptyLabel, extra = [], ...rest }: {
  value: string;
  onChange: (tag: string) => void;
  emptyLabel: string;
  extra?: string[];
} & Omit<ComponentProps<'select'>, 'value' | 'onChange'>) {
  const { tagLabel, categoryLabel } = useTaxonomy();
  const free = [...new Set([...extra, value].filter((tag) => tag && !findInterest(tag)))];
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{emptyLabel}</option>
      {interestCategories.map((c) => (
        <optgroup key={c.key} label={categoryLabel(c)}>
          {interestsInCategory(c.key).map((i) => (
            <option key={i.key} value={i.key}>
              {tagLabel(i.key)}
            </option>
          ))}
        </optgroup>
      ))}
      {free.length ? (
        <optgroup label="#">
          {free.map((tag) => (
            <option key={tag} value={tag}>
              #{tag}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}

/** Several-of choices as toggle chips (none picked = anyone). */
export function ToggleChips<T extends string>({ label, options, value, onChange, optionLabel, testIdPrefix }: {
  label: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
  optionLabel: (option: T) => string;
  testIdPrefix?: string;
}) {
  return (
    <div className="chip-row" role="group" aria-label={label}>
      {options.map((o) => {
        const on = value.includes(o);
        return (
          <button
            key={o}
            type="button"
            className={`chip chip--toggle${on ? ' chip--on' : ''}`}
            aria-pressed={on}
            onClick={() => onChange(on ? value.filter((v) => v !== o) : options.filter((x) => x === o || value.includes(x)))}
            data-testid={testIdPrefix ? `${testIdPrefix}-${o}` : undefined}
          >
            {on ? <Icon name="check" size={14} /> : null}
            {optionLabel(o)}
          </button>
        );
      })}
    </div>
  );
}

/** Where, while editing: a shown name, a point, and where the point came from. */
export interface AreaDraft {
  name: string;
  lat: number | null;
  lng: number | null;
  /** 'home', 'here', a city key, or 'point' (saved, or tapped on the map). */
  source: string;
}

/** The member's home area as a starting point, when their profile has one. */
export function homeArea(me: Me | null | undefined, lang: string): AreaDraft | null {
  const city = findCity(me?.city);
  const lat = me?.lat ?? city?.lat ?? null;
  const lng = me?.lng ?? city?.lng ?? null;
  if (lat === null || lng === null) return null;
  const name = city ? (lang === 'zh-CN' ? city.zh : city.en) : (me?.city ?? '');
  return { name, lat, lng, source: 'home' };
}

/**
 * The area picker: around my home, my current location, a city, or a point tapped on the map;
 * plus the area's name, which is all others see.
 */
export function AreaPicker({ value, onChange, me, errors = {} }: { value: AreaDraft; onChange: (area: AreaDraft) => void; me: Me | null | undefined; errors?: { name?: string; point?: string } }) {
  const { t } = useTranslation();
  const { lang, cityLabel } = useTaxonomy();
  const [locating, setLocating] = useState(false);
  const [locateFailed, setLocateFailed] = useState(false);
  const home = homeArea(me, lang);
  const pin = useMemo(() => (value.lat !== null && value.lng !== null ? { lat: value.lat, lng: value.lng } : null), [value.lat, value.lng]);
  const center = pin ?? (home ? { lat: home.lat!, lng: home.lng! } : { lat: cities[0]!.lat, lng: cities[0]!.lng });

  // A name the member typed stays; one we filled in follows the chosen place.
  const autoNames = new Set([home?.name, ...cities.flatMap((c) => [c.en, c.zh]), ''].filter((n) => n !== undefined));
  const nameFor = (suggested: string) => (autoNames.has(value.name.trim()) ? suggested : value.name);

  const choose = (source: string) => {
    setLocateFailed(false);
    if (source === 'home' && home) onChange({ ...home, name: nameFor(home.name) });
    else if (source === 'here') locate();
    else {
      const city = cities.find((c) => c.key === source);
      if (city) onChange({ name: nameFor(lang === 'zh-CN' ? city.zh : city.en), lat: city.lat, lng: city.lng, source: city.key });
    }
  };
  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocateFailed(true);
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange({ ...value, lat: Number(pos.coords.latitude.toFixed(4)), lng: Number(pos.coords.longitude.toFixed(4)), source: 'here' });
      },
      () => {
        setLocating(false);
        setLocateFailed(true);
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  };

  return (
    <div className="area-picker stack stack--sm">
      <div className="form-grid">
        <Field label={t('companions.card.areaFrom')} error={errors.point}>
          <select value={value.source} onChange={(e) => choose(e.target.value)} data-testid="area-source">
            {!value.source ? <option value="">{t('activities.pickShort')}</option> : null}
            {value.source === 'point' ? <option value="point">{t('companions.card.areaPicked')}</option> : null}
            {home ? <option value="home">{t('companions.card.areaHome', { city: cityLabel(me?.city) ?? t('activities.homeArea') })}</option> : null}
            <option value="here">{locating ? t('common.loading') : t('companions.card.areaHere')}</option>
            {cities.map((c) => (
              <option key={c.key} value={c.key}>
                {lang === 'zh-CN' ? c.zh : c.en}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('companions.card.areaName')} hint={t('companions.card.areaNameHint')} error={errors.name} limit={80}>
          <input type="text" value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
        </Field>
      </div>
      {locateFailed ? (
        <p className="small field__error" role="alert">
          {t('companions.card.locateFailed')}
        </p>
      ) : null}
      <p className="field__hint">{t('companions.card.mapHint')}</p>
      <MapView
        label={t('companions.card.area')}
        center={center}
        zoom={pin ? 12 : 10}
        pin={pin}
        onPick={(p) => onChange({ ...value, lat: Number(p.lat.toFixed(4)), lng: Number(p.lng.toFixed(4)), source: 'point' })}
        size="sm"
        testId="area-map"
      />
    </div>
  );
}

/** Age range, genders and skill levels wanted; every part is optional. */
export function PreferencesFields({ value, onChange, ageError }: { value: PreferencesDraft; onChange: (value: PreferencesDraft) => void; ageError?: string }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      <div className="form-grid form-grid--pair">
        <Field label={t('companions.card.ageFrom')} optional error={ageError}>
          <input type="number" inputMode="numeric" min={16} max={100} value={value.ageMin} onChange={(e) => onChange({ ...value, ageMin: e.target.value })} />
        </Field>
        <Field label={t('companions.card.ageTo')} optional>
          <input type="number" inputMode="numeric" min={16} max={100} value={value.ageMax} onChange={(e) => onChange({ ...value, ageMax: e.target.value })} />
        </Field>
      </div>
      <div className="field">
        <span className="field__label">{t('companions.card.genders')}</span>
        <ToggleChips label={t('companions.card.genders')} options={genders} value={value.genders} onChange={(g) => onChange({ ...value, genders: g })} optionLabel={(g) => t(`gender.${g}`)} testIdPrefix="pref-gender" />
        <p className="field__hint">{t('companions.card.gendersHint')}</p>
      </div>
      <div className="field">
        <span className="field__label">{t('companions.card.skills')}</span>
        <ToggleChips label={t('companions.card.skills')} options={skillLevels} value={value.skills} onChange={(s) => onChange({ ...value, skills: s })} optionLabel={(s) => t(`skill.${s}`)} testIdPrefix="pref-skill" />
      </div>
    </div>
  );
}

/** Preferences while editing: ages as typed. */
export interface PreferencesDraft {
  ageMin: string;
  ageMax: string;
  genders: Gender[];
  skills: SkillLevel[];
}

export function preferencesDraft(p: CompanionPreferences | undefined): PreferencesDraft {
  return { ageMin: p?.ageMin != null ? String(p.ageMin) : '', ageMax: p?.ageMax != null ? String(p.ageMax) : '', genders: p?.genders ?? [], skills: p?.skills ?? [] };
}

/** The preferences to send, or null when the age range is not valid. */
export function preferencesFromDraft(d: PreferencesDraft): CompanionPreferences | null {
  const age = (s: string) => (s.trim() ? Number(s) : null);
  const ageMin = age(d.ageMin);
  const ageMax = age(d.ageMax);
  const ok = (n: number | null) => n === null || (Number.isInteger(n) && n >= 16 && n <= 100);
  if (!ok(ageMin) || !ok(ageMax) || (ageMin !== null && ageMax !== null && ageMin > ageMax)) return null;
  return { ageMin, ageMax, genders: d.genders, skills: d.skills };
}

/** Budget and how costs are shared. */
export function MoneyFields({ budget, costSharing, onBudget, onCostSharing }: { budget: Budget; costSharing: CostSharing; onBudget: (b: Budget) => void; onCostSharing: (c: CostSharing) => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-grid">
      <Field label={t('companions.budget.label')}>
        <select value={budget} onChange={(e) => onBudget(e.target.value as Budget)}>
          {budgets.map((b) => (
            <option key={b} value={b}>
              {t(`companions.budget.${b}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('companions.costSharing.label')}>
        <select value={costSharing} onChange={(e) => onCostSharing(e.target.value as CostSharing)}>
          {costSharings.map((c) => (
            <option key={c} value={c}>
              {t(`companions.costSharing.${c}`)}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** A titled part of a long form (the activity form's look). */
export function FormSection({ icon, title, children }: { icon: IconName; title: string; children: ReactNode }) {
  return (
    <section className="form-section">
      <h2 className="form-section__title">
        <span className="form-section__icon">
          <Icon name={icon} size={18} />
        </span>
        {title}
      </h2>
      <div className="form-section__body">{children}</div>
    </section>
  );
}
