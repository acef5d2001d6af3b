import { parseReason, type FieldReason } from '@kindred/contract/field-reasons';
import { useTranslation } from './translation';
import i18n from '../i18n';
import { ApiError } from './api';

const KNOWN = new Set([
  'validation_failed', 'unauthenticated', 'invalid_credentials', 'weak_password', 'username_taken', 'csrf_failed',
  'forbidden', 'not_found', 'conflict', 'rate_limited', 'payload_too_large', 'unsupported_media_type',
  'service_unavailable', 'database_unavailable', 'internal_error',
  'companion_card_required', 'invite_limit', 'invite_cooldown', 'request_closed', 'account_unsettled',
  'show_up_too_low', 'account_suspended', 'content_rejected',
]);

/** The translated message for an error, by its stable code. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.code === 'validation_failed') {
        const labels = fieldLabels(Object.keys(error.fields));
        if (labels.length > 0) return t('errors.checkFields', { fields: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(labels) });
      }
      if (KNOWN.has(error.code)) return t(`errors.${error.code}` as 'errors.generic');
    }
    return t('errors.generic');
  };
}

// Codes that are about one field: their translated message replaces the server's wording there.
const FIELD_CODES: Record<string, string> = { weak_password: 'password', username_taken: 'username' };

/** Field errors of a failed form submission (empty when none), translated where the code allows. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields: Record<string, string> = {};
  for (const [name, reason] of Object.entries(error.fields)) {
    fields[name] = fieldMessage(name, reason);
    // An item of a list ("tags.2") is also said at the list, where a form shows its one field.
    const item = /^(.+?)\.\d+(?:\.|$)/.exec(name);
    if (item) fields[item[1]!] ??= fields[name];
  }
  const field = FIELD_CODES[error.code];
  if (field) fields[field] = i18n.t(`errors.${error.code}` as 'errors.generic');
  return fields;
}

/** The banner for a failed form: left out when the field messages already say it all. */
export function formErrorBanner(error: unknown, message: (e: unknown) => string): string | null {
  if (!error) return null;
  if (error instanceof ApiError && FIELD_CODES[error.code] && Object.keys(error.fields).length > 0) return null;
  return message(error);
}

/** Fields whose numbers the API counts in minor units (cents, fen) while the form shows whole amounts. */
const MINOR_UNITS: Record<string, number> = { 'fee.amount': 100, amount: 100 };

/** Phrases particular to one rule on the server, and what they mean to a member. */
const PARTICULAR: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^must be after (the start|from)$|^is not after from$/, () => i18n.t('errors.field.afterStart')],
  [/^must not be after the start$/, () => i18n.t('errors.field.beforeStart')],
  [/^must be in the future$|^is in the past$|^is before the first occurrence$/, () => i18n.t('errors.field.future')],
  [/^is more than a year ahead$/, () => i18n.t('errors.field.yearAhead')],
  [/^is not a known IANA time zone$/, () => i18n.t('errors.field.timeZone')],
  [/^is too recent$/, () => i18n.t('errors.field.tooYoung')],
  [/^must not be blank without a photo$/, () => i18n.t('errors.field.textOrPhoto')],
  [/^must be at least the (\d+) seats already taken$/, (m) => i18n.t('errors.field.seatsTaken', { count: Number(m[1]) })],
  [/^must not exceed fullRefundHoursBefore$/, () => i18n.t('activityForm.partialAfterFull')],
  [/is above ageMax$/, () => i18n.t('errors.field.ageOrder')],
  [/^is you$/, () => i18n.t('errors.field.yourself')],
  [/^contains words the community does not allow$/, () => i18n.t('errors.field.contentRejected')],
  [/^must not repeat a photo$|^ids must be unique$/, () => i18n.t('errors.field.duplicate')],
  [/^at most (\d+)$/, (m) => i18n.t('errors.field.maximum', { limit: Number(m[1]) })],
  [/^a name is blank$/, () => i18n.t('errors.field.required')],
];

/**
 * What a member reads under a field that was refused: from the server's reason phrase (see
 * @kindred/contract's field-reasons) or a form's own check, by the reason's kind, in the reader's
 * language. It never restates the field's hint; the field's label is beside it already.
 */
export function fieldMessage(field: string, reason: FieldReason | string): string {
  const parsed = typeof reason === 'string' ? parseReason(reason) : reason;
  if (!parsed) {
    const text = reason as string;
    for (const [pattern, say] of PARTICULAR) {
      const m = pattern.exec(text);
      if (m) return say(m);
    }
    // A rule the app has no words for yet: English readers get the server's own, others a plain notice.
    if (!i18n.language?.startsWith('en')) return i18n.t('errors.field.invalid');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
  }
  const scale = MINOR_UNITS[field] ?? 1;
  const limitOf = (limit: number) => new Intl.NumberFormat(i18n.language).format(limit / scale);
  switch (parsed.kind) {
    case 'required':
    case 'blank':
      return i18n.t('errors.field.required');
    case 'tooShort':
    case 'tooLong':
    case 'tooFew':
    case 'tooMany':
    case 'above':
    case 'below':
    case 'maximum':
      return i18n.t(`errors.field.${parsed.kind}`, { limit: limitOf(parsed.limit) });
    case 'minimum':
      return parsed.limit === 0 ? i18n.t('errors.field.negative') : i18n.t('errors.field.minimum', { limit: limitOf(parsed.limit) });
    case 'format':
      if (parsed.format === 'date-time') return i18n.t('errors.field.dateTime');
      if (parsed.format === 'date') return i18n.t('errors.field.date');
      if (parsed.format === 'uri' || parsed.format === 'url') return i18n.t('errors.field.link');
      return i18n.t('errors.field.format');
    case 'pattern':
      return field === 'username' ? i18n.t('errors.field.usernamePattern') : i18n.t('errors.field.pattern');
    default:
      return i18n.t(`errors.field.${parsed.kind}`);
  }
}

/** The labels of refused fields, once each, for a form-level summary ("Please check: Title, Fee."). */
function fieldLabels(fields: string[]): string[] {
  const labels = new Set<string>();
  for (const field of fields) {
    const path = field.replace(/^activity\./, '').split('.');
    const key = path[0]!;
    if (i18n.exists(`errors.labels.${key}`)) labels.add(i18n.t(`errors.labels.${key}` as 'errors.labels.title'));
  }
  return [...labels];
}

function characters(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** A form's own check of text, worded as the server words its refusals; null when the text is fine. */
export function textProblem(field: string, value: string, { min = 0, max, required = min > 0 }: { min?: number; max?: number; required?: boolean }): string | null {
  const trimmed = value.trim();
  if (!trimmed) return required ? fieldMessage(field, { kind: 'required' }) : null;
  if (characters(trimmed) < min) return fieldMessage(field, { kind: 'tooShort', limit: min });
  if (max !== undefined && characters(value) > max) return fieldMessage(field, { kind: 'tooLong', limit: max });
  return null;
}

/** A form's own check of a number typed as text (empty is missing); null when it is fine. */
export function numberProblem(field: string, raw: string, { min, max, whole = true }: { min?: number; max?: number; whole?: boolean }): string | null {
  if (raw.trim() === '') return fieldMessage(field, { kind: 'required' });
  const n = Number(raw);
  if (!Number.isFinite(n)) return fieldMessage(field, { kind: 'number' });
  if (whole && !Number.isInteger(n)) return fieldMessage(field, { kind: 'wholeNumber' });
  if (min !== undefined && n < min) return fieldMessage(field, { kind: 'minimum', limit: min });
  if (max !== undefined && n > max) return fieldMessage(field, { kind: 'maximum', limit: max });
  return null;
}
