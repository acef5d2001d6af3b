import { useId, type KeyboardEvent } from 'react';
import { Icon, type IconName } from './icons';

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
  testId?: string;
  /** With an icon, narrow screens show only the icon (the label stays the accessible name). */
  icon?: IconName;
}

/** A single-choice control shown as pills; a radio group for assistive tech, arrow keys move. */
export function Segmented<T extends string>({ label, options, value, onChange, size = 'md' }: {
  label: string;
  options: SegmentOption<T>[];
  value: T;
  onChange: (value: T) => void;
  size?: 'sm' | 'md';
}) {
  const name = useId();
  const onKey = (e: KeyboardEvent, index: number) => {
    const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = options[(index + delta + options.length) % options.length];
    if (next) onChange(next.value);
    const buttons = (e.currentTarget.parentElement?.querySelectorAll('[role=radio]') ?? []) as NodeListOf<HTMLElement>;
    buttons[(index + delta + options.length) % options.length]?.focus();
  };
  return (
    <div className={`segmented segmented--${size}`} role="radiogroup" aria-label={label} id={name}>
      {options.map((o, i) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          tabIndex={o.value === value ? 0 : -1}
          className="segmented__option"
          onClick={() => onChange(o.value)}
          onKeyDown={(e) => onKey(e, i)}
          data-testid={o.testId}
          aria-label={o.icon ? o.label : undefined}
          title={o.icon ? o.label : undefined}
        >
          {o.icon ? (
            <>
              <Icon name={o.icon} size={17} />
              <span className="segmented__label">{o.label}</span>
            </>
          ) : (
            o.label
          )}
        </button>
      ))}
    </div>
  );
}
