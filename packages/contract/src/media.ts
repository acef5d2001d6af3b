import { Type, type Static } from '@sinclair/typebox';
import { Id } from './common.js';
import { TEXT_LIMITS } from './limits.js';

export const MediaVariantName = Type.Union([Type.Literal('thumb'), Type.Literal('display'), Type.Literal('full')], {
  description: 'thumb: longer side up to 320 px; display: 1080 px; full: 2048 px (never enlarged).',
});
export type MediaVariantName = Static<typeof MediaVariantName>;

export const MediaVariant = Type.Object({
  name: MediaVariantName,
  width: Type.Integer(),
  height: Type.Integer(),
  /** WebP. */
  url: Type.String(),
  /** JPEG, for clients without WebP. */
  fallbackUrl: Type.String(),
});
export type MediaVariant = Static<typeof MediaVariant>;

/** An uploaded photo: upright, stripped of metadata, in three sizes. */
export const Media = Type.Object({
  id: Id,
  width: Type.Integer({ description: 'Upright width of the original, in pixels.' }),
  height: Type.Integer(),
  placeholder: Type.String({ description: 'ThumbHash of the photo (base64), to show while it loads.' }),
  variants: Type.Array(MediaVariant),
  alt: Type.String({ description: 'What the photo shows, for screen readers; empty when not given.' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Media = Static<typeof Media>;

export const MediaFileParams = Type.Object({
  id: Id,
  variant: MediaVariantName,
  format: Type.Union([Type.Literal('webp'), Type.Literal('jpg')]),
});
export type MediaFileParams = Static<typeof MediaFileParams>;

/** A photo to place (in a gallery, as a cover): one of the member's own uploads, with what it shows. */
export const PhotoRef = Type.Object(
  {
    id: Id,
    alt: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.photoAlt, description: 'What the photo shows, for screen readers.' })),
  },
  { additionalProperties: false },
);
export type PhotoRef = Static<typeof PhotoRef>;
