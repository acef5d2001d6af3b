import type { Media } from '@kindred/contract';
import type { MediaJson } from './media.repository.js';

type MediaFields = Omit<MediaJson, 'created_at'> & { created_at: Date | string };

/** A photo as the API shows it: its sizes, each in WebP with a JPEG fallback. */
export function presentMedia(row: MediaFields): Media {
  const id = Number(row.id);
  return {
    id,
    width: row.width,
    height: row.height,
    placeholder: row.placeholder,
    variants: row.variants.map((v) => ({
      name: v.name as Media['variants'][number]['name'],
      width: v.width,
      height: v.height,
      url: `/api/v1/media/${id}/${v.name}.webp`,
      fallbackUrl: `/api/v1/media/${id}/${v.name}.jpg`,
    })),
    alt: row.alt,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export const presentOptionalMedia = (row: MediaFields | null) => (row ? presentMedia(row) : null);
