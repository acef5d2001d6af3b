import type { Media, MediaFileParams } from '@kindred/contract';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { requireAccessOnFacts } from '../../auth/access.js';
import { NotFoundError } from '../../errors.js';
import { processImage } from './images.js';
import { newMediaPrefix } from './storage.js';
import * as repo from './media.repository.js';
import type { MediaRow } from './media.repository.js';

/** Largest upload taken, in bytes (a phone's full-size photo is 3–12 MB). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

const fileKey = (prefix: string, variant: string, format: 'webp' | 'jpg') => `${prefix}/${variant}.${format}`;
const filesOf = (row: { storage_prefix: string; variants: { name: string }[] }) =>
  row.variants.flatMap((v) => [fileKey(row.storage_prefix, v.name, 'webp'), fileKey(row.storage_prefix, v.name, 'jpg')]);

/** An upload nothing has used for this long is swept. */
const UNUSED_HOURS = 24;
const SWEEP_EVERY_MS = 6 * 3_600_000;
const SWEEP_BATCH = 500;

function presentMedia(row: MediaRow): Media {
  return {
    id: row.id,
    width: row.width,
    height: row.height,
    placeholder: row.placeholder,
    variants: row.variants.map((v) => ({
      name: v.name as Media['variants'][number]['name'],
      width: v.width,
      height: v.height,
      url: `/api/v1/media/${row.id}/${v.name}.webp`,
      fallbackUrl: `/api/v1/media/${row.id}/${v.name}.jpg`,
    })),
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Takes an uploaded photo: processes it (images.ts; refused formats and
 * sizes answer 415 or 400 and store nothing), stores its variants, then
 * records it. Files stored for an upload that could not be recorded are
 * removed, so a failure leaves no orphan.
 */
export async function upload(ctx: AppContext, viewer: SignedInViewer, file: Buffer): Promise<Media> {
  const image = await processImage(file);
  const prefix = newMediaPrefix();
  const files = image.variants.flatMap((v) => [
    { key: fileKey(prefix, v.name, 'webp'), body: v.webp },
    { key: fileKey(prefix, v.name, 'jpg'), body: v.jpeg },
  ]);
  try {
    await Promise.all(files.map((f) => ctx.media.put(f.key, f.body)));
    const row = await repo.insertMedia(ctx.db, {
      owner_id: viewer.id,
      storage_prefix: prefix,
      source_type: image.sourceType,
      width: image.width,
      height: image.height,
      placeholder: image.placeholder,
      variants: JSON.stringify(image.variants.map(({ name, width, height }) => ({ name, width, height }))),
      bytes: files.reduce((sum, f) => sum + f.body.length, 0),
    });
    return presentMedia(row);
  } catch (error) {
    await ctx.media.remove(files.map((f) => f.key)).catch(() => {});
    throw error;
  }
}

/**
 * One variant's file. An upload not yet used anywhere is its owner's alone:
 * anyone else gets 404, as for a photo that does not exist.
 */
export async function variantFile(ctx: AppContext, viewer: Viewer, params: MediaFileParams) {
  const row = await repo.findMedia(ctx.db, params.id);
  if (!row) throw new NotFoundError('photo');
  requireAccessOnFacts(viewer, 'media.read', { ownerId: row.owner_id });
  const body = await ctx.media.read(fileKey(row.storage_prefix, params.variant, params.format));
  if (!body) throw new NotFoundError('photo');
  return { body, contentType: params.format === 'webp' ? 'image/webp' : 'image/jpeg', etag: `"${row.storage_prefix.split('/')[1]}-${params.variant}-${params.format}"` };
}

/**
 * Job: removes uploads nothing has used for a day (their files, then their
 * rows: a failure between the two leaves a row the next run removes, never
 * files nobody knows of), then schedules the next run.
 */
export async function sweepUnusedMedia(ctx: AppContext) {
  for (;;) {
    const unused = await repo.unusedMedia(ctx.db, UNUSED_HOURS, SWEEP_BATCH);
    await ctx.media.remove(unused.flatMap(filesOf));
    await repo.deleteMedia(ctx.db, unused.map((row) => row.id));
    if (unused.length < SWEEP_BATCH) break;
  }
  await scheduleJob(ctx.db, 'media.sweep', 'all', new Date(Date.now() + SWEEP_EVERY_MS));
}
