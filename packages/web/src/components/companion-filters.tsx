import type { DayPart, Gender, SkillLevel } from '@kindred/contract';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { useSearchParams } from 'react-router-dom';
import type { CompanionFilters } from '../data/companions';
import { useTaxonomy } from '../data/taxonomy';
import { dayParts, slotsFor, todayLocal, weekDays, weekendDays, workDays } from '../lib/availability';
import { useMediaQuery } from '../lib/use-media-query';
import { TagSelect, ToggleChips, genders, skillLevels } from './companion-fields';
import { Field } from './form-field';
import { Icon } from './icons';

export const distances = [1, 3, 5, 10, 25];
const groupSizes = [2, 3, 4, 5, 6, 8, 10, 15, 20];
type When = 'weekdays' | 'weekend' | 'date';
const whens: When[] = ['weekdays', 'weekend', 'date'];

/** The filters as the URL holds them (lists repeat their key, like the API). */
export interface FilterState {
  tag: string;
  km: number | null;
  when: When | null;
  parts: DayPart[];
  date: string;
  ageMin: string;
  ageMax: string;
  gender: Gender[];
  skill: SkillLevel[];
  groupSize: number | null;
}

const filterKeys = ['tag', 'km', 'when', 'part', 'date', 'ageMin', 'ageMax', 'gender', 'skill', 'group'];

function readState(params: URLSearchParams): FilterState {
  const km = Number(params.get('km'));
  const group = Number(params.get('group'));
  const when = whens.find((w) => w === params.get('when')) ?? null;
  const date = params.get('date') ?? '';
  return {
    tag: params.get('tag') ?? '',
    km: distances.includes(km) ? km : null,
    when: when === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(date) ? null : when,
    parts: dayParts.filter((p) => params.getAll('part').includes(p)),
    date,
    ageMin: params.get('ageMin') ?? '',
    ageMax: params.get('ageMax') ?? '',
    gender: genders.filter((g) => params.getAll('gender').includes(g)),
    skill: skillLevels.filter((s) => params.getAll('skill').includes(s)),
    groupSize: groupSizes.includes(group) ? group : null,
  };
}

function validAge(s: string): number | undefined {
  const n = Number(s);
  return s.trim() && Number.isInteger(n) && n >= 16 && n <= 100 ? n : undefined;
}

/** The state as API filters: "weekend" + "morning" become the slots sat-morning and sun-morning. */
export function toApiFilters(s: FilterState): CompanionFilters {
  const f: CompanionFilters = {};
  if (s.tag) f.tag = s.tag;
  if (s.km) f.maxKm = s.km;
  if (s.when === 'date') f.date = s.date;
  else if (s.when || s.parts.length) {
    const days = s.when === 'weekdays' ? workDays : s.when === 'weekend' ? weekendDays : weekDays;
    f.slots = slotsFor(days, s.parts.length ? s.parts : dayParts);
  }
  const ageMin = validAge(s.ageMin);
  const ageMax = validAge(s.ageMax);
  if (ageMin !== undefined && (ageMax === undefined || ageMin <= ageMax)) f.ageMin = ageMin;
  if (ageMax !== undefined && (ageMin === undefined || ageMin <= ageMax)) f.ageMax = ageMax;
  if (s.gender.length) f.gender = s.gender;
  if (s.skill.length) f.skill = s.skill;
  if (s.groupSize) f.groupSize = s.groupSize;
  return f;
}

export type FilterChange = Record<string, string | string[] | undefined>;

/** Filters kept in the URL's search params, shared by People and Requests. */
export function useCompanionFilters() {
  const [params, setParams] = useSearchParams();
  const state = readState(params);
  const update = (change: FilterChange) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(change)) {
      next.delete(key);
      if (Array.isArray(value)) for (const v of value) next.append(key, v);
      else if (value) next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  const clear = () => update(Object.fromEntries(filterKeys.map((k) => [k, undefined])));
  // The interest has its own chips; the rest counts on the Filters button.
  const active = [state.km, state.when, state.parts.length, state.ageMin || state.ageMax, state.gender.length, state.skill.length, state.groupSize].filter(Boolean).length;
  return { state, filters: toApiFilters(state), update, clear, active, params };
}

/** The full set of filters. */
export function FiltersPanel({ state, update, clear, myTags }: { state: FilterState; update: (change: FilterChange) => void; clear: () => void; myTags: string[] }) {
  const { t } = useTranslation();
  const [ageMin, setAgeMin] = useState(state.ageMin);
  const [ageMax, setAgeMax] = useState(state.ageMax);
  useEffect(() => setAgeMin(state.ageMin), [state.ageMin]);
  useEffect(() => setAgeMax(state.ageMax), [state.ageMax]);
  // Typed ages refresh the results once the member pauses.
  useEffect(() => {
    if (ageMin === state.ageMin && ageMax === state.ageMax) return;
    const timer = window.setTimeout(() => update({ ageMin: ageMin.trim() || undefined, ageMax: ageMax.trim() || undefined }), 500);
    return () => window.clearTimeout(timer);
  });

  return (
    <div className="filters companion-filters" data-testid="companion-filters">
      <Field label={t('companions.filters.interest')}>
        <TagSelect value={state.tag} onChange={(tag) => update({ tag: tag || undefined })} emptyLabel={t('companions.filters.anyInterest')} extra={myTags} data-testid="filter-interest" />
      </Field>

      <div className="filters__group">
        <span className="field__label" id="filter-distance">
          {t('companions.filters.distance')}
        </span>
        <div className="chip-row" role="radiogroup" aria-labelledby="filter-distance">
          {[null, ...distances].map((km) => (
            <button
              key={km ?? 'any'}
              type="button"
              role="radio"
              aria-checked={state.km === km}
              className={`chip chip--toggle${state.km === km ? ' chip--on' : ''}`}
              onClick={() => update({ km: km ? String(km) : undefined })}
              data-testid={`filter-km-${km ?? 'any'}`}
            >
              {km ? t('companions.km', { km }) : t('companions.filters.anyDistance')}
            </button>
          ))}
        </div>
      </div>

      <div className="filters__group">
        <span className="field__label" id="filter-when">
          {t('companions.filters.when')}
        </span>
        <div className="chip-row" role="radiogroup" aria-labelledby="filter-when">
          {[null, ...whens].map((w) => (
            <button
              key={w ?? 'any'}
              type="button"
              role="radio"
              aria-checked={state.when === w}
              className={`chip chip--toggle${state.when === w ? ' chip--on' : ''}`}
              onClick={() => update({ when: w ?? undefined, date: w === 'date' ? state.date || todayLocal() : undefined })}
              data-testid={`filter-when-${w ?? 'any'}`}
            >
              {w === 'weekdays' ? t('companions.filters.weekdays') : w === 'weekend' ? t('companions.filters.weekend') : w === 'date' ? t('companions.filters.onDate') : t('companions.filters.whenAny')}
            </button>
          ))}
        </div>
        {state.when === 'date' ? (
          <Field label={t('companions.filters.date')}>
            <input type="date" min={todayLocal()} value={state.date} onChange={(e) => update({ date: e.target.value || undefined, when: e.target.value ? 'date' : undefined })} />
          </Field>
        ) : (
          <div className="filters__sub">
            <span className="field__label field__label--sub">{t('companions.filters.partsOfDay')}</span>
            <ToggleChips label={t('companions.filters.partsOfDay')} options={dayParts} value={state.parts} onChange={(parts) => update({ part: parts })} optionLabel={(p) => t(`companions.parts.${p}`)} testIdPrefix="filter-part" />
          </div>
        )}
      </div>

      <div className="filters__group">
        <span className="field__label">{t('companions.filters.age')}</span>
        <div className="form-grid form-grid--pair">
          <Field label={t('companions.filters.ageMin')}>
            <input type="number" inputMode="numeric" min={16} max={100} value={ageMin} onChange={(e) => setAgeMin(e.target.value)} />
          </Field>
          <Field label={t('companions.filters.ageMax')}>
            <input type="number" inputMode="numeric" min={16} max={100} value={ageMax} onChange={(e) => setAgeMax(e.target.value)} />
          </Field>
        </div>
      </div>

      <div className="filters__group">
        <span className="field__label">{t('companions.filters.gender')}</span>
        <ToggleChips label={t('companions.filters.gender')} options={genders} value={state.gender} onChange={(g) => update({ gender: g })} optionLabel={(g) => t(`gender.${g}`)} testIdPrefix="filter-gender" />
      </div>

      <div className="filters__group">
        <span className="field__label">{t('companions.filters.skill')}</span>
        <ToggleChips label={t('companions.filters.skill')} options={skillLevels} value={state.skill} onChange={(s) => update({ skill: s })} optionLabel={(s) => t(`skill.${s}`)} testIdPrefix="filter-skill" />
      </div>

      <Field label={t('companions.filters.groupSize')}>
        <select value={state.groupSize ?? ''} onChange={(e) => update({ group: e.target.value || undefined })}>
          <option value="">{t('companions.filters.groupSizeAny')}</option>
          {groupSizes.map((n) => (
            <option key={n} value={n}>
              {t('companions.filters.groupSizeMax', { count: n })}
            </option>
          ))}
        </select>
      </Field>

      <button type="button" className="text-button filters__clear" onClick={clear} data-testid="clear-filters">
        <Icon name="x" size={14} /> {t('companions.filters.clear')}
      </button>
    </div>
  );
}

/** The member's interests as quick chips above the results (the full picker is in the panel). */
function InterestShortcuts({ value, myTags, onChange }: { value: string; myTags: string[]; onChange: (tag: string | undefined) => void }) {
  const { t } = useTranslation();
  const { tagLabel } = useTaxonomy();
  const tags = [...new Set([...(value ? [value] : []), ...myTags])];
  return (
    <div className="category-bar category-bar--scroll companion-interests" role="group" aria-label={t('companions.filters.myInterests')}>
      <button type="button" className={`category-chip${!value ? ' category-chip--on' : ''}`} aria-pressed={!value} onClick={() => onChange(undefined)}>
        <Icon name="sparkle" size={16} />
        {t('companions.filters.anyInterest')}
      </button>
      {tags.map((tag) => (
        <button key={tag} type="button" className={`category-chip${value === tag ? ' category-chip--on' : ''}`} aria-pressed={value === tag} onClick={() => onChange(value === tag ? undefined : tag)} data-testid={`interest-chip-${tag}`}>
          {tagLabel(tag)}
        </button>
      ))}
    </div>
  );
}

/**
 * People and Requests: interest shortcuts, then filters beside the results on a wide screen,
 * or behind a Filters button on a phone.
 */
export function CompanionSearch({ myTags, toolbar, label, children }: { myTags: string[]; toolbar?: ReactNode; label: string; children: ReactNode }) {
  const { t } = useTranslation();
  const wide = useMediaQuery('(min-width: 960px)');
  const [open, setOpen] = useState(false);
  const { state, update, clear, active } = useCompanionFilters();
  const panel = <FiltersPanel state={state} update={update} clear={clear} myTags={myTags} />;
  return (
    <>
      <InterestShortcuts value={state.tag} myTags={myTags} onChange={(tag) => update({ tag })} />
      <div className="activities-bar activities-bar--filters">
        <div className="companion-toolbar">{toolbar}</div>
        {!wide ? (
          <button type="button" className={`btn btn--ghost btn--sm filters-button${active ? ' filters-button--on' : ''}`} aria-expanded={open} aria-controls="companion-filters" onClick={() => setOpen((o) => !o)} data-testid="filters-button">
            <Icon name="sliders" size={16} />
            {t('companions.filters.title')}
            {active ? <span className="count-pill">{active}</span> : null}
          </button>
        ) : null}
      </div>
      {!wide && open ? (
        <div id="companion-filters" className="filters-sheet card card--padded">
          {panel}
        </div>
      ) : null}
      <div className="activities-layout">
        {wide ? (
          <aside className="activities-layout__filters card card--padded" id="companion-filters" aria-label={t('companions.filters.title')}>
            <h2 className="card__title">
              <Icon name="sliders" size={18} /> {t('companions.filters.title')}
            </h2>
            {panel}
          </aside>
        ) : null}
        <section className="activities-layout__results" aria-labelledby="companion-results-title">
          <h2 id="companion-results-title" className="visually-hidden">
            {label}
          </h2>
          {children}
        </section>
      </div>
    </>
  );
}
