import { sql, type ExpressionBuilder, type Insertable, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { DB, MediaTable, MediaUseKind } from '../../db/schema.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';

const mediaColumns = ['id', 'owner_id', 'storage_prefix', 'width', 'height', 'placeholder', 'variants', 'alt', 'use_kind', 'use_id', 'created_at'] as const;

export function insertMedia(db: Db, row: Insertable<MediaTable>) {
  return db.insertInto('media').values(row).returning(mediaColumns).executeTakeFirstOrThrow();
}

export function findMedia(db: Db, id: number) {
  return db.selectFrom('media').select(mediaColumns).where('id', '=', id).executeTakeFirst();
}

/** What a list or page shows of a photo, as JSON built in the statement that lists what uses it. */
export interface MediaJson {
  id: number;
  width: number;
  height: number;
  placeholder: string;
  variants: { name: string; width: number; height: number }[];
  alt: string;
  created_at: string;
}

// `mj`: an alias no query using these has for its own tables.
const mediaJsonFields = sql`jsonb_build_object('id', mj.id, 'width', mj.width, 'height', mj.height, 'placeholder', mj.placeholder, 'variants', mj.variants, 'alt', mj.alt, 'created_at', mj.created_at)`;

/** The photo with this id (a column holding a media id), or null. */
export function mediaJson(idColumn: string): RawBuilder<MediaJson | null> {
  return sql<MediaJson | null>`(select ${mediaJsonFields} from media mj where mj.id = ${sql.ref(idColumn)})`;
}

/** The first photo a place uses (a comment's one photo), or null. */
export function firstPlacedMediaJson(kind: MediaUseKind, idColumn: string): RawBuilder<MediaJson | null> {
  return sql<MediaJson | null>`(select ${mediaJsonFields} from media mj where mj.use_kind = ${sql.lit(kind)} and mj.use_id = ${sql.ref(idColumn)} order by mj.position limit 1)`;
}

/** The photos a place (its kind, and the column holding its id) uses, in order. */
export function placedMediaJson(kind: MediaUseKind, idColumn: string): RawBuilder<MediaJson[]> {
  return sql<MediaJson[]>`(select coalesce(jsonb_agg(${mediaJsonFields} order by mj.position, mj.id), '[]'::jsonb) from media mj where mj.use_kind = ${sql.lit(kind)} and mj.use_id = ${sql.ref(idColumn)})`;
}

/**
 * Makes `photos`, in this order, the photos a place uses, in two statements:
 * the place's photos no longer listed are released (unused, the sweep removes
 * them), then the listed ones are claimed (see claimMedia). Returns the first
 * photo's id (the place's cover), or null.
 */
export async function placeMedia(tx: Tx, ownerId: number, kind: MediaUseKind, useId: number, photos: { id: number; alt?: string }[]): Promise<number | null> {
  let released = tx.updateTable('media').set({ use_kind: null, use_id: null, position: 0 }).where('use_kind', '=', kind).where('use_id', '=', useId);
  if (photos.length > 0) released = released.where('id', 'not in', photos.map((p) => p.id));
  await released.execute();
  await claimMedia(tx, ownerId, kind, useId, photos, 0);
  return photos[0]?.id ?? null;
}

/**
 * Adds `photos` after the photos a place already has (an album, which many
 * members fill), in one statement; see claimMedia.
 */
export async function appendMedia(tx: Tx, ownerId: number, kind: MediaUseKind, useId: number, photos: { id: number; alt?: string }[]) {
  const last = await tx.selectFrom('media').select((eb) => eb.fn.max('position').as('last')).where('use_kind', '=', kind).where('use_id', '=', useId).executeTakeFirst();
  await claimMedia(tx, ownerId, kind, useId, photos, last?.last === null || last?.last === undefined ? 0 : Number(last.last) + 1);
}

/** How many photos a place holds. */
export async function countPlacedMedia(tx: Tx, kind: MediaUseKind, useId: number) {
  const row = await tx.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).where('use_kind', '=', kind).where('use_id', '=', useId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Claims photos for a place, numbered from `firstPosition`. Each must be the
 * member's own upload (else 404, as for one that does not exist), used
 * nowhere else (else 409); otherwise nothing changes (the caller's
 * transaction rolls back).
 */
async function claimMedia(tx: Tx, ownerId: number, kind: MediaUseKind, useId: number, photos: { id: number; alt?: string }[], firstPosition: number) {
  const ids = photos.map((p) => p.id);
  if (new Set(ids).size !== ids.length) throw new ValidationError('A photo is listed twice.', { photos: 'must not repeat a photo' });
  if (photos.length === 0) return;
  const listed = JSON.stringify(photos.map((p, i) => ({ id: p.id, position: firstPosition + i, alt: (p.alt ?? '').trim() })));
  const claimed = await tx
    .updateTable('media')
    .from(sql<{ id: number; position: number; alt: string }>`(select * from jsonb_to_recordset(${listed}::jsonb) as x(id bigint, position smallint, alt text))`.as('v'))
    .set({ use_kind: kind, use_id: useId, position: sql`v.position`, alt: sql`v.alt` })
    .whereRef('media.id', '=', 'v.id')
    .where('media.owner_id', '=', ownerId)
    .where((eb) => eb.or([eb('media.use_kind', 'is', null), eb.and([eb('media.use_kind', '=', kind), eb('media.use_id', '=', useId)])]))
    .returning('media.id')
    .execute();
  const missing = ids.find((id) => !claimed.some((row) => Number(row.id) === id));
  if (missing !== undefined) {
    const row = await tx.selectFrom('media').select('owner_id').where('id', '=', missing).executeTakeFirst();
    // Another member's upload is as missing as one that does not exist.
    if (row?.owner_id !== ownerId) throw new NotFoundError('photo');
    throw new ConflictError(`Photo ${missing} is already used elsewhere; upload it again to use it here too.`);
  }
}

/** Makes `photo` a place's one photo (a cover, an avatar), or removes it (null): see placeMedia. */
export function placeSingleMedia(tx: Tx, ownerId: number, kind: MediaUseKind, useId: number, photo: { id: number; alt?: string } | null) {
  return placeMedia(tx, ownerId, kind, useId, photo ? [photo] : []);
}

/** Releases every photo a place uses (the place is gone); the sweep removes them. */
export async function releaseMedia(db: Db, kind: MediaUseKind, useIds: number[]) {
  if (useIds.length === 0) return;
  await db.updateTable('media').set({ use_kind: null, use_id: null, position: 0 }).where('use_kind', '=', kind).where('use_id', 'in', useIds).execute();
}

/** Lets go of the photos of posts and comments a moderator removed more than `days` ago: they can no longer be restored. */
export async function releaseRemovedContentMedia(db: Db, days: number) {
  const longRemoved = (table: 'posts' | 'comments') => (eb: ExpressionBuilder<DB, 'media'>) =>
    eb.selectFrom(table).select(`${table}.id`).where(`${table}.removed_by`, 'is not', null).where(`${table}.deleted_at`, '<', sql<Date>`now() - make_interval(days => ${days})`);
  await db
    .updateTable('media')
    .set({ use_kind: null, use_id: null, position: 0 })
    .where((eb) =>
      eb.or([
        eb.and([eb('use_kind', '=', 'post'), eb('use_id', 'in', longRemoved('posts')(eb))]),
        eb.and([eb('use_kind', '=', 'comment'), eb('use_id', 'in', longRemoved('comments')(eb))]),
      ]),
    )
    .execute();
}

/** Uploads older than `olderThanHours` that nothing uses, oldest first, at most `limit`. */
export function unusedMedia(db: Db, olderThanHours: number, limit: number) {
  return db
    .selectFrom('media')
    .select(['id', 'storage_prefix', 'variants'])
    .where('use_kind', 'is', null)
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** Deletes those of these uploads still unused (one may have been used since it was listed), returning them. */
export function deleteUnusedMedia(tx: Tx, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.deleteFrom('media').where('id', 'in', ids).where('use_kind', 'is', null).returning(['id', 'storage_prefix', 'variants']).execute();
}

/**
 * Clears the places showing these photos, which are being deleted: what `on
 * delete set null` did before media were keyed by their owner and the
 * references by id alone went (docs/scaling.md). A post's cover is then
 * chosen again by its caller (refreshPostCover).
 */
export async function clearMediaUses(tx: Tx, ids: readonly number[]) {
  if (ids.length === 0) return;
  const photos = [...new Set(ids)];
  await tx.updateTable('posts').set({ cover_media_id: null }).where('cover_media_id', 'in', photos).execute();
  await tx.updateTable('users').set({ avatar_media_id: null }).where('avatar_media_id', 'in', photos).execute();
  await tx.updateTable('groups').set({ cover_media_id: null }).where('cover_media_id', 'in', photos).execute();
  await tx.updateTable('activities').set({ cover_media_id: null }).where('cover_media_id', 'in', photos).execute();
  await tx.updateTable('messages').set({ photo_media_id: null }).where('photo_media_id', 'in', photos).execute();
  await tx.updateTable('room_messages').set({ photo_media_id: null }).where('photo_media_id', 'in', photos).execute();
  await tx.updateTable('companion_cards').set({ photo_media_id: null }).where('photo_media_id', 'in', photos).execute();
}

export function deleteMediaRow(tx: Tx, id: number) {
  return tx.deleteFrom('media').where('id', '=', id).returning(['storage_prefix', 'variants', 'use_kind', 'use_id']).executeTakeFirst();
}
