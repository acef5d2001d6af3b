import type { SkillLevel } from '@kindred/contract';
import { useId, useState } from 'react';
import { useTranslation } from '../lib/translation';
import { findInterest, interestCategories, interestsInCategory, useTaxonomy } from '../data/taxonomy';
import { fieldMessage } from '../lib/errors';
import { parseTags } from '../lib/format';
import { CategoryIcon, Icon } from './icons';

export interface PickedInterest {
  tag: string;
  skill: SkillLevel | null;
}

const skills: SkillLevel[] = ['beginner', 'intermediate', 'advanced'];
const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} -]*$/u;
/** The contract's Tag: at most this many characters. */
const TAG_LIMIT = 32;

/**
 * Curated interests as chips grouped by category, optional skill levels, and free tags.
 * `collapsible` folds categories into disclosure sections for long forms.
 */
export function InterestPicker({ value, onChange, withSkill = false, max, collapsible = false, label }: {
  value: PickedInterest[];
  onChange: (value: PickedInterest[]) => void;
  withSkill?: boolean;
  max?: number;
  collapsible?: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const { tagLabel, categoryLabel } = useTaxonomy();
  const freeId = useId();
  const [free, setFree] = useState('');
  const [freeError, setFreeError] = useState<string | null>(null);
  const selected = new Set(value.map((v) => v.tag));
  const full = max !== undefined && value.length >= max;

  const toggle = (tag: string) => {
    if (selected.has(tag)) onChange(value.filter((v) => v.tag !== tag));
    else if (!full) onChange([...value, { tag, skill: null }]);
  };
  const setSkill = (tag: string, skill: SkillLevel | null) => onChange(value.map((v) => (v.tag === tag ? { ...v, skill } : v)));
  // A tag that can't be taken is said, and the text stays for mending: nothing is dropped unseen.
  const addFree = () => {
    const typed = parseTags(free);
    const tooLong = typed.find((tg) => [...tg].length > TAG_LIMIT);
    const malformed = typed.find((tg) => !TAG_PATTERN.test(tg));
    const tags = typed.filter((tg) => !selected.has(tg));
    const room = max === undefined ? tags.length : Math.max(0, max - value.length);
    const problem = tooLong
      ? fieldMessage('tags', { kind: 'tooLong', limit: TAG_LIMIT })
      : malformed
        ? fieldMessage('tags', { kind: 'pattern' })
        : tags.length > room
          ? fieldMessage('tags', { kind: 'tooMany', limit: max! })
          : null;
    setFreeError(problem);
    if (problem) return;
    if (tags.length) onChange([...value, ...tags.map((tag) => ({ tag, skill: null }))]);
    setFree('');
  };
  const freeTags = value.filter((v) => !findInterest(v.tag));

  return (
    <div className="interest-picker" role="group" aria-label={label}>
      {interestCategories.map((category) => {
        const items = interestsInCategory(category.key);
        const count = items.filter((i) => selected.has(i.key)).length;
        const chips = (
          <ul className="chip-grid">
            {items.map((interest) => {
              const on = selected.has(interest.key);
              return (
                <li key={interest.key}>
                  <button
                    type="button"
                    className={`chip chip--toggle chip--${category.key}${on ? ' chip--on' : ''}`}
                    aria-pressed={on}
                    disabled={!on && full}
                    onClick={() => toggle(interest.key)}
                    data-testid={`interest-${interest.key}`}
                  >
                    {on ? <Icon name="check" size={14} /> : null}
                    {tagLabel(interest.key)}
                  </button>
                </li>
              );
            })}
          </ul>
        );
        const heading = (
          <>
            <span className={`category-icon category-icon--${category.key}`}>
              <CategoryIcon category={category.key} size={18} />
            </span>
            {categoryLabel(category)}
            {count ? <span className="count-pill">{count}</span> : null}
          </>
        );
        return collapsible ? (
          <details key={category.key} className="interest-picker__category" open={count > 0}>
            <summary className="interest-picker__heading">{heading}</summary>
            {chips}
          </details>
        ) : (
          <section key={category.key} className="interest-picker__category" aria-label={categoryLabel(category)}>
            <h3 className="interest-picker__heading">{heading}</h3>
            {chips}
          </section>
        );
      })}

      <div className="interest-picker__free">
        <label htmlFor={freeId} className="field__label">
          {t('onboarding.freeTags')}
        </label>
        <div className="input-row">
          <input
            id={freeId}
            type="text"
            value={free}
            placeholder={t('onboarding.freeTagsHint')}
            onChange={(e) => {
              setFree(e.target.value);
              setFreeError(null);
            }}
            aria-invalid={freeError ? true : undefined}
            aria-describedby={freeError ? `${freeId}-error` : undefined}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addFree();
              }
            }}
            disabled={full}
          />
          <button type="button" className="btn btn--secondary" onClick={addFree} disabled={!free.trim() || full}>
            {t('onboarding.addTag')}
          </button>
        </div>
        {freeError ? (
          <p className="field__error" id={`${freeId}-error`} role="alert" data-testid="field-error">
            {freeError}
          </p>
        ) : null}
        {freeTags.length ? (
          <ul className="chip-grid">
            {freeTags.map((v) => (
              <li key={v.tag}>
                <button type="button" className="chip chip--toggle chip--on chip--free" aria-pressed="true" onClick={() => toggle(v.tag)}>
                  #{v.tag} <Icon name="x" size={13} />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      {withSkill && value.length ? (
        <div className="skill-list">
          <h3 className="interest-picker__heading">{t('skill.label')}</h3>
          <ul>
            {value.map((v) => (
              <li key={v.tag} className="skill-row">
                <span className="skill-row__name">{tagLabel(v.tag)}</span>
                <label className="visually-hidden" htmlFor={`${freeId}-skill-${v.tag}`}>
                  {t('onboarding.skillFor', { interest: tagLabel(v.tag) })}
                </label>
                <select
                  id={`${freeId}-skill-${v.tag}`}
                  value={v.skill ?? ''}
                  onChange={(e) => setSkill(v.tag, (e.target.value || null) as SkillLevel | null)}
                  data-testid={`skill-${v.tag}`}
                >
                  <option value="">{t('skill.none')}</option>
                  {skills.map((s) => (
                    <option key={s} value={s}>
                      {t(`skill.${s}`)}
                    </option>
                  ))}
                </select>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
