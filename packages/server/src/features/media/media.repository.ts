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
