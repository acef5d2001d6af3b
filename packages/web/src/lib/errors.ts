import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import { ApiError } from './api';

const KNOWN = new Set([
  'validation_failed', 'unauthenticated', 'invalid_credentials', 'weak_password', 'username_taken', 'csrf_failed',
  'forbidden', 'not_found', 'conflict', 'rate_limited', 'payload_too_large', 'unsupported_media_type',
  'service_unavailable', 'database_unavailable', 'internal_error',
  'companion_card_required', 'invite_limit', 'invite_cooldown', 'request_closed', 'account_unsettled',
  'show_up_too_low', 'account_suspended',
]);

/** The translated message for an error, by its stable code. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
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
  for (const [name, message] of Object.entries(error.fields)) fields[name] = message.charAt(0).toUpperCase() + message.slice(1);
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
