import { useId, useState } from 'react';
import { useTranslation } from '../lib/translation';
import { dayParts, slotOf, slotsFor, sortSlots, todayLocal, useAvailabilityText, weekDays, weekendDays, workDays } from '../lib/availability';
import { Icon } from './icons';

/**
 * The week as a 7 × 3 grid of toggles (days down, morning/afternoon/evening across),
 * with quick picks for weekday evenings and weekends.
 */
export function AvailabilityGrid({ value, onChange, label, quick = true }: { value: string[]; onChange: (slots: string[]) => void; label: string; quick?: boolean }) {
  const { t } = useTranslation();
  const selected = new Set(value);
  const toggle = (slot: string) => {
    const next = new Set(selected);
    if (next.has(slot)) next.delete(slot);
    else next.add(slot);
    onChange(sortSlots(next));
  };
  const add = (slots: string[]) => onChange(sortSlots([...selected, ...slots]));
  return (
    <div className="availability">
      {quick ? (
        <div className="chip-row" role="group" aria-label={t('companions.card.quick')}>
          <button type="button" className="chip chip--filter" onClick={() => add(slotsFor(workDays, ['evening']))} data-testid="quick-weekday-evenings">
            <Icon name="plus" size={14} /> {t('companions.card.quickWeekdayEvenings')}
          </button>
          <button type="button" className="chip chip--filter" onClick={() => add(slotsFor(weekendDays, dayParts))} data-testid="quick-weekends">
            <Icon name="plus" size={14} /> {t('companions.card.quickWeekends')}
          </button>
          {value.length ? (
            <button type="button" className="chip chip--more" onClick={() => onChange([])}>
              <Icon name="x" size={14} /> {t('companions.card.quickClear')}
            </button>
          ) : null}
        </div>
      ) : null}
      <table className="availability-grid" aria-label={label}>
        <thead>
          <tr>
            <td />
            {dayParts.map((p) => (
              <th key={p} scope="col">
                {t(`companions.parts.${p}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weekDays.map((d) => (
            <tr key={d}>
              <th scope="row">
                <abbr title={t(`companions.daysLong.${d}`)}>{t(`companions.days.${d}`)}</abbr>
              </th>
              {dayParts.map((p) => {
                const slot = slotOf(d, p);
                const on = selected.has(slot);
                return (
                  <td key={p}>
                    <button
                      type="button"
                      className={`slot${on ? ' slot--on' : ''}`}
                      aria-pressed={on}
                      aria-label={t('companions.card.slotLabel', { day: t(`companions.daysLong.${d}`), part: t(`companions.partsLower.${p}`) })}
                      onClick={() => toggle(slot)}
                      data-testid={`slot-${slot}`}
                    >
                      {on ? <Icon name="check" size={16} strokeWidth={2.6} /> : null}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Specific dates (today or later) as removable chips, added with a date input. */
export function DateList({ value, onChange, max = 30 }: { value: string[]; onChange: (dates: string[]) => void; max?: number }) {
  const { t } = useTranslation();
  const text = useAvailabilityText();
  const id = useId();
  const [draft, setDraft] = useState('');
  const today = todayLocal();
  const add = () => {
    if (!draft || draft < today || value.includes(draft) || value.length >= max) return;
    onChange([...value, draft].sort());
    setDraft('');
  };
  return (
    <div className="date-list">
      <div className="input-row">
        <label htmlFor={id} className="visually-hidden">
          {t('companions.card.dates')}
        </label>
        <input id={id} type="date" min={today} value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="date-input" />
        <button type="button" className="btn btn--secondary" onClick={add} disabled={!draft || draft < today || value.length >= max}>
          {t('companions.card.addDate')}
        </button>
      </div>
      {value.length ? (
        <ul className="chip-grid">
          {value.map((d) => (
            <li key={d}>
              <button type="button" className="chip chip--toggle chip--on" aria-label={t('companions.card.removeDate', { date: text.date(d) })} onClick={() => onChange(value.filter((x) => x !== d))}>
                {text.date(d)} <Icon name="x" size={13} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
