import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { UsersTable } from '../../db/schema.js';
import type { Updateable } from 'kysely';

export function findUserByUsername(db: Db, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export function findUserById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, row: { username: string; display_name: string; password_hash: string }) {
  return db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: number, patch: Updateable<UsersTable>) {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export function interestsOf(db: Db, userIds: number[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('user_interests').selectAll().where('user_id', 'in', userIds).orderBy('tag').execute();
}

export async function replaceInterests(
  db: Db,
  userId: number,
  rows: { tag: string; skill: 'beginner' | 'intermediate' | 'advanced' | null }[],
) {
  await db.deleteFrom('user_interests').where('user_id', '=', userId).execute();
  if (rows.length > 0) {
    await db.insertInto('user_interests').values(rows.map((r) => ({ user_id: userId, ...r }))).execute();
  }
}

export function usersByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  // One statement text whatever the count, so it is prepared once per connection.
  return db.selectFrom('users').select(['id', 'username', 'display_name', 'avatar_media_id']).where('id', '=', sql<number>`any(${[...new Set(ids)]}::bigint[])`).execute();
}
