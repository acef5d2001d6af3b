import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from '../lib/translation';
import i18n from '../i18n';
import { fieldMessage } from '../lib/errors';

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
  /** The most characters the field takes: a counter shows near it, and text past it is refused with a message, never cut. */
  limit?: number;
  /** The input; it gets id, aria-describedby and aria-invalid wired to the label, hint and error. */
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, hint, error: given, optional, limit, children }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const value = children.props.value;
  const over = limit !== undefined && typeof value === 'string' ? overLimit(value, limit) : 0;
  // Past the limit, the live count says how much to cut; back within it, an earlier "too long" goes.
  const stale = limit !== undefined && over === 0 && given === fieldMessage('', { kind: 'tooLong', limit });
  const error = over > 0 ? tooLongBy(t, over, limit!) : stale ? undefined : given;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const counterId = limit !== undefined ? `${id}-count` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> ({t('common.optional')})</span> : null}
      </label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId} role="alert" data-testid="field-error">
          {error}
        </p>
      ) : null}
      {limit !== undefined && typeof value === 'string' ? <CharCounter id={counterId} value={value} limit={limit} /> : null}
    </div>
  );
}

/** How many characters `value` has past `limit` (0 when within), counted as the server counts them: by code point. */
export function overLimit(value: string, limit: number): number {
  return Math.max(0, characterCount(value) - limit);
}

function formatCount(n: number): string {
  return new Intl.NumberFormat(i18n.language).format(n);
}

function tooLongBy(t: TFunction, over: number, limit: number): string {
  return t('errors.field.tooLongBy', { count: over, limit: formatCount(limit) });
}

function characterCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** "96 / 120" once the text nears its limit; in the error colour past it. Hidden from view well before. */
export function CharCounter({ id, value, limit }: { id?: string; value: string; limit: number }) {
  const { t } = useTranslation();
  const count = characterCount(value);
  if (count < limit * 0.8) return null;
  return (
    <p className={`field__counter${count > limit ? ' field__counter--over' : ''}`} id={id} data-testid="char-counter">
      {t('common.charCount', { count: formatCount(count), limit: formatCount(limit) })}
    </p>
  );
}

/** A form-level error banner. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      {message}
    </div>
  );
}

/** For a text box outside a <Field>: its counter near the limit, and past it the refusal, said once. */
export function TextLimit({ value, limit }: { value: string; limit: number }) {
  const { t } = useTranslation();
  const over = overLimit(value, limit);
  return (
    <>
      {over > 0 ? (
        <p className="field__error" role="alert" data-testid="field-error">
          {tooLongBy(t, over, limit)}
        </p>
      ) : null}
      <CharCounter value={value} limit={limit} />
    </>
  );
}
