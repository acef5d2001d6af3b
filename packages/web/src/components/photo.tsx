import type { Media } from '@kindred/contract';
import type { CSSProperties } from 'react';
import { thumbHashToAverageRGBA } from 'thumbhash';

/**
 * The photo's average colour, read from its ThumbHash, shown under it until it arrives. (Decoding the
 * whole ThumbHash into an image costs a phone a few milliseconds a photo, and a list shows dozens.)
 */
function placeholderColor(media: Media): string | undefined {
  try {
    const { r, g, b } = thumbHashToAverageRGBA(Uint8Array.from(atob(media.placeholder), (c) => c.charCodeAt(0)));
    return `rgb(${Math.round(r * 255)} ${Math.round(g * 255)} ${Math.round(b * 255)})`;
  } catch {
    return undefined;
  }
}

/**
 * A photo at the size the layout needs: the browser picks from the sizes in
 * `srcset` (WebP, or JPEG where WebP is not understood) by `sizes`; it keeps
 * its aspect ratio while loading, over its average colour, and loads lazily
 * unless `eager` (a page's first photo, fetched first). `fit: cover` crops it
 * to the box the CSS gives it.
 */
export function Photo({ media, sizes, className, eager = false, fit = 'contain', style }: {
  media: Media;
  sizes: string;
  className?: string;
  eager?: boolean;
  fit?: 'contain' | 'cover';
  style?: CSSProperties;
}) {
  const srcset = (format: 'url' | 'fallbackUrl') => media.variants.map((v) => `${v[format]} ${v.width}w`).join(', ');
  const display = media.variants.find((v) => v.name === 'display') ?? media.variants[0];
  return (
    <picture className={`photo photo--${fit}${className ? ` ${className}` : ''}`} style={{ ...style, backgroundColor: placeholderColor(media) }}>
      <source type="image/webp" srcSet={srcset('url')} sizes={sizes} />
      <img
        src={display?.fallbackUrl}
        srcSet={srcset('fallbackUrl')}
        sizes={sizes}
        width={media.width}
        height={media.height}
        alt={media.alt}
        loading={eager ? 'eager' : 'lazy'}
        fetchPriority={eager ? 'high' : 'auto'}
        decoding="async"
      />
    </picture>
  );
}
