import { ErrorCode } from '@kindred/contract';
import sharp, { type Metadata } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { AppError, ValidationError } from '../../errors.js';

/**
 * What an uploaded photo becomes: read for what it is (by its content, never
 * its name or declared type), turned upright by its EXIF orientation, stripped
 * of all metadata (a phone photo's GPS tags are its owner's home), and saved
 * as sized variants in WebP with a JPEG fallback, with its size and a tiny
 * placeholder (ThumbHash) so pages lay out before it loads. sharp decodes and
 * encodes on libuv's thread pool, off the event loop.
 */

/** Formats taken, by what sharp reads in the file; AVIF is HEIF with AV1 inside. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'] as const;
export type ImageType = (typeof ACCEPTED_TYPES)[number];

/** Past this many pixels a file is refused before it is decoded (a small file can claim a huge image). */
export const MAX_INPUT_PIXELS = 64_000_000;

/** The variants made of every photo: the longer side at most this many pixels, never enlarged. */
export const VARIANTS = [
  { name: 'thumb', size: 320 },
  { name: 'display', size: 1080 },
  { name: 'full', size: 2048 },
] as const;
export type VariantName = (typeof VARIANTS)[number]['name'];

export interface ImageVariant {
  name: VariantName;
  width: number;
  height: number;
  webp: Buffer;
  jpeg: Buffer;
}

export interface ProcessedImage {
  /** What the upload was, as read from its content. */
  sourceType: ImageType;
  /** Upright size of the original. */
  width: number;
  height: number;
  /** ThumbHash of the upright image, base64. */
  placeholder: string;
  variants: ImageVariant[];
}

export class UnsupportedImageError extends AppError {
  constructor() {
    super(415, ErrorCode.unsupportedMediaType, 'Only JPEG, PNG, WebP, AVIF and still GIF photos can be uploaded.');
  }
}

/** Reads what the file is from its content; refuses anything but the accepted still-image formats. */
async function sniff(input: Buffer): Promise<{ type: ImageType; width: number; height: number; orientation: number }> {
  let meta: Metadata;
  try {
    // The header only: nothing is decoded yet.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new UnsupportedImageError();
  }
  const type =
    meta.format === 'jpeg' ? 'image/jpeg'
    : meta.format === 'png' ? 'image/png'
    : meta.format === 'webp' ? 'image/webp'
    : meta.format === 'gif' ? 'image/gif'
    : meta.format === 'heif' && meta.compression === 'av1' ? 'image/avif'
    : null;
  // SVG (scripts, external references), HEIC, TIFF, raw and the rest are refused; so are animations.
  if (!type || (meta.pages ?? 1) > 1 || !meta.width || !meta.height) throw new UnsupportedImageError();
  if (meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw new ValidationError(`The photo is too large: at most ${MAX_INPUT_PIXELS / 1_000_000} million pixels.`, { file: 'has too many pixels' });
  }
  return { type, width: meta.width, height: meta.height, orientation: meta.orientation ?? 1 };
}

/** Processes an uploaded photo into its variants; a 415 or 400 (in the error shape) for what is refused. */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  const source = await sniff(input);
  // EXIF orientations 5–8 turn the picture a quarter: the upright image has its sides swapped.
  const [width, height] = source.orientation >= 5 ? [source.height, source.width] : [source.width, source.height];
  const largest = VARIANTS[VARIANTS.length - 1]!.size;
  try {
    // Decoded once, upright, at the largest variant's size (JPEG shrinks while it decodes); every variant and the
    // placeholder are made from these pixels. sharp writes no metadata unless asked: no EXIF, XMP or IPTC
    // reaches a variant.
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .autoOrient()
      .resize({ width: largest, height: largest, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const variants = await Promise.all(
      VARIANTS.map(async ({ name, size }) => {
        const resized = size >= largest ? pixels() : pixels().resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true });
        const [webp, jpeg] = await Promise.all([
          resized.clone().webp({ quality: 80 }).toBuffer({ resolveWithObject: true }),
          resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true }).toBuffer(),
        ]);
        return { name, width: webp.info.width, height: webp.info.height, webp: webp.data, jpeg };
      }),
    );
    const small = await pixels().resize({ width: 100, height: 100, fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const placeholder = Buffer.from(rgbaToThumbHash(small.info.width, small.info.height, small.data)).toString('base64');
    return { sourceType: source.type, width, height, placeholder, variants };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The header was readable but the picture is not (truncated, corrupt).
    throw new ValidationError('The photo could not be read; it may be damaged.', { file: 'is not a readable image' });
  }
}
