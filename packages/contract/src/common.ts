import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Stable, machine-readable error codes. Clients branch on these, never on messages. */
export const ErrorCode = {
  validationFailed: 'validation_failed',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  weakPassword: 'weak_password',
  usernameTaken: 'username_taken',
  csrfFailed: 'csrf_failed',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  rateLimited: 'rate_limited',
  payloadTooLarge: 'payload_too_large',
  uriTooLong: 'uri_too_long',
  unsupportedMediaType: 'unsupported_media_type',
  serviceUnavailable: 'service_unavailable',
  /** The database could not be reached or the connection was lost; retry after `Retry-After` seconds. */
  databaseUnavailable: 'database_unavailable',
  upgradeRequired: 'upgrade_required',
  companionCardRequired: 'companion_card_required',
  inviteLimit: 'invite_limit',
  inviteCooldown: 'invite_cooldown',
  requestClosed: 'request_closed',
  showUpTooLow: 'show_up_too_low',
  /** Deleting an account: groups to hand over or activities to cancel first (listed in `fields`). */
  accountUnsettled: 'account_unsettled',
  /** Signing in while suspended or banned: `fields.until` (an ISO time, absent for a ban) and `fields.reason` say why and until when. */
  accountSuspended: 'account_suspended',
  /** The text contains a term the community does not allow; `fields` names the field. */
  contentRejected: 'content_rejected',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      fields: Type.Optional(Type.Record(Type.String(), Type.String())),
    }),
  },
  { description: 'The one shape of every failure.' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** A positive integer id in a path, e.g. /groups/12. */
export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

export const Cursor = Type.String({ minLength: 1, maxLength: 200, description: 'Opaque cursor from a previous page.' });
export const Limit = Type.Integer({ minimum: 1, maximum: 50, default: 20 });
export const PageQuery = Type.Object({ cursor: Type.Optional(Cursor), limit: Type.Optional(Limit) });

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}
export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T, options?: { description?: string }) => Type.Union([t, Type.Null()], options);

export const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Longitude = Type.Number({ minimum: -180, maximum: 180 });

/** Free or curated interest tag: lowercase letters, digits, CJK, dashes. */
export const Tag = Type.String({ minLength: 1, maxLength: 32, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} \\-]*$' });

/** A client's id for a message it sends, so a retry is recognised. */
export const ClientMessageId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/**
 * Only for the author, while the keyword filter holds their text for review:
 * `new` — the whole thing is seen by them alone until a moderator lets it
 * through; `change` — the text shown is their change, others still see the
 * earlier text.
 */
export const HeldForReview = Type.Optional(
  Type.Union([Type.Literal('new'), Type.Literal('change')], { description: 'Set only for the author while the keyword filter holds their text for review: `new` (seen by them alone until let through) or `change` (the text shown is their waiting change; others see the earlier text).' }),
);
