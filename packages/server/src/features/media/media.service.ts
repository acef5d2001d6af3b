import type { Media, MediaFileParams } from '@kindred/contract';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import { requireAccess, requireMediaAccess, RESTORE_DAYS } from '../../auth/access.js';
import { refreshPostCover } from '../posts/posts.repository.js';
import { resolveReports } from '../reports/reports.repository.js';
import { NotFoundError } from '../../errors.js';
import { processImage, type ProcessedImage } from './images.js';
import { newMediaPrefix } from './storage.js';
import * as repo from './media.repository.js';
import { presentMedia } from './media.views.js';

/** Largest upload taken, in bytes (a phone's full-size photo is 3–12 MB). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;

const fileKey = (prefix: string, variant: string, format: 'webp' | 'jpg') => `${prefix}/${variant}.${format}`;
const filesOf = (row: { storage_prefix: string; variants: { name: string }[] }) =>
  row.variants.flatMap((v) => [fileKey(row.storage_prefix, v.name, 'webp'), fileKey(row.storage_prefix, v.name, 'jpg')]);

/** An upload nothing has used for this long is swept. */
const UNUSED_HOURS = 24;
const SWEEP_EVERY_MS = 6 * 3_600_000;
const SWEEP_BATCH = 500;

/**
 * Takes an uploaded photo: processes it (images.ts; refused formats and
 * sizes answer 415 or 400 and store nothing), then stores it.
 */
export async function upload(ctx: AppContext, viewer: SignedInViewer, file: Buffer): Promise<Media> {
  return presentMedia(await storeImage(ctx, viewer.id, await processImage(file)));
}

/**
 * Stores a processed photo's variants, then records it as the owner's
 * (unused) upload. Files stored for a photo that could not be recorded are
 * removed, so a failure leaves no orphan.
 */
export async function storeImage(ctx: AppContext, ownerId: number, image: ProcessedImage) {
  const prefix = newMediaPrefix();
  const files = image.variants.flatMap((v) => [
    { key: fileKey(prefix, v.name, 'webp'), body: v.webp },
    { key: fileKey(prefix, v.name, 'jpg'), body: v.jpeg },
  ]);
  try {
    await Promise.all(files.map((f) => ctx.media.put(f.key, f.body)));
    return await repo.insertMedia(ctx.db, {
      owner_id: ownerId,
      storage_prefix: prefix,
      source_type: image.sourceType,
      width: image.width,
      height: image.height,
      placeholder: image.placeholder,
      variants: JSON.stringify(image.variants.map(({ name, width, height }) => ({ name, width, height }))),
      bytes: files.reduce((sum, f) => sum + f.body.length, 0),
    });
  } catch (error) {
    await ctx.media.remove(files.map((f) => f.key)).catch(() => {});
    throw error;
  }
}

/**
 * One variant's file, to whoever may read the place using the photo; an
 * upload used nowhere is its owner's alone. Anyone else gets 404, as for a
 * photo that does not exist. `public`: anyone at all may fetch it.
 */
export async function variantFile(ctx: AppContext, viewer: Viewer, params: MediaFileParams) {
  const row = await repo.findMedia(ctx.db, params.id);
  if (!row) throw new NotFoundError('photo');
  const access = await requireMediaAccess(ctx.db, viewer, row.id, { ownerId: row.owner_id, useKind: row.use_kind, useId: row.use_id });
  const body = await ctx.media.read(fileKey(row.storage_prefix, params.variant, params.format));
  if (!body) throw new NotFoundError('photo');
  return { public: access.public, body, contentType: params.format === 'webp' ? 'image/webp' : 'image/jpeg', etag: `"${row.storage_prefix.split('/')[1]}-${params.variant}-${params.format}"` };
}

/**
 * Job: removes uploads nothing has used for a day, then schedules the next
 * run. Rows and files go in one transaction: the rows are deleted (locking
 * out a member placing one of them meanwhile), then the files removed; a
 * failure to remove files rolls the rows back for the next run, so no file
 * is ever left that nobody knows of.
 */
export async function sweepUnusedMedia(ctx: AppContext) {
  await repo.releaseRemovedContentMedia(ctx.db, RESTORE_DAYS);
  for (;;) {
    const unused = await repo.unusedMedia(ctx.db, UNUSED_HOURS, SWEEP_BATCH);
    await ctx.db.transaction().execute(async (tx) => {
      const deleted = await repo.deleteUnusedMedia(tx, unused.map((row) => row.id));
      await repo.clearMediaUses(tx, deleted.map((row) => row.id));
      await ctx.media.remove(deleted.flatMap(filesOf));
    });
    if (unused.length < SWEEP_BATCH) break;
  }
  await scheduleJob(ctx.db, 'media.sweep', 'all', new Date(Date.now() + SWEEP_EVERY_MS));
}

/**
 * Its owner takes a photo down, or an operator removes it (closing the open
 * reports of it): it leaves the place using it at once (a post's cover moves
 * to the next photo of its gallery) and its files are removed with its row.
 */
export async function removeMedia(ctx: AppContext, viewer: SignedInViewer, id: number) {
  await requireAccess(ctx.db, viewer, 'media.remove', id);
  await ctx.db.transaction().execute(async (tx) => {
    const row = await repo.deleteMediaRow(tx, id);
    if (!row) return;
    await repo.clearMediaUses(tx, [id]);
    if (row.use_kind === 'post') await refreshPostCover(tx, row.use_id!);
    await resolveReports(tx, 'photo', [id]);
    await ctx.media.remove(filesOf(row));
  });
}

/** Every upload of a member who is leaving Kindred, files and rows, in the caller's transaction (their reports closed). */
export async function removeMembersMedia(ctx: AppContext, tx: Tx, ownerId: number) {
  const rows = await tx.deleteFrom('media').where('owner_id', '=', ownerId).returning(['id', 'storage_prefix', 'variants']).execute();
  await repo.clearMediaUses(tx, rows.map((r) => r.id));
  await resolveReports(tx, 'photo', rows.map((r) => r.id));
  await ctx.media.remove(rows.flatMap(filesOf));
}
