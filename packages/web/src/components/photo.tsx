import type { Media } from '@kindred/contract';
import { useMemo, useState, type CSSProperties } from 'react';
import { thumbHashToDataURL } from 'thumbhash';

/** The photo's ThumbHash as a tiny image, shown blurred until the photo itself arrives. */
export function usePlaceholder(media: Media): string | undefined {
  return useMemo(() => {
    try {
      return thumbHashToDataURL(Uint8Array.from(atob(media.placeholder), (c) => c.charCodeAt(0)));
    } catch {
      return undefined;
    }
  }, [media.placeholder]);
}

/**
 * A photo at the size the layout needs: the browser picks from the sizes in
 * `srcset` (WebP, or JPEG where WebP is not understood) by `sizes`; it keeps
 * its aspect ratio while loading, over its placeholder, and loads lazily
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
  const placeholder = usePlaceholder(media);
  const [loaded, setLoaded] = useState(false);
  const srcset = (format: 'url' | 'fallbackUrl') => media.variants.map((v) => `${v[format]} ${v.width}w`).join(', ');
  const display = media.variants.find((v) => v.name === 'display') ?? media.variants[0];
  return (
    <picture className={`photo photo--${fit}${className ? ` ${className}` : ''}`} style={{ ...style, backgroundImage: loaded || !placeholder ? undefined : `url(${placeholder})` }}>
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
        onLoad={() => setLoaded(true)}
      />
    </picture>
  );
}
