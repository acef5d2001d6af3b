import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Insertable } from 'kysely';
import type { MediaTable } from '../../db/schema.js';

const mediaColumns = ['id', 'owner_id', 'storage_prefix', 'width', 'height', 'placeholder', 'variants', 'created_at'] as const;

export function insertMedia(db: Db, row: Insertable<MediaTable>) {
  return db.insertInto('media').values(row).returning(mediaColumns).executeTakeFirstOrThrow();
}

export function findMedia(db: Db, id: number) {
  return db.selectFrom('media').select(mediaColumns).where('id', '=', id).executeTakeFirst();
}

export type MediaRow = NonNullable<Awaited<ReturnType<typeof findMedia>>>;

/**
 * Uploads older than `olderThanHours` that nothing uses, oldest first, at most
 * `limit`. Nothing uses uploads yet (posts, covers and avatars will), so every
 * upload that old is unused.
 */
export function unusedMedia(db: Db, olderThanHours: number, limit: number) {
  return db
    .selectFrom('media')
    .select(['id', 'storage_prefix', 'variants'])
    .where('created_at', '<', sql<Date>`now() - make_interval(hours => ${olderThanHours})`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

export async function deleteMedia(db: Db, ids: number[]) {
  if (ids.length > 0) await db.deleteFrom('media').where('id', 'in', ids).execute();
}
