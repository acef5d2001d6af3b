import type { Db } from '../db/database.js';

export function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.csrf_token', 'users.username', 'users.role'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', new Date())
    .executeTakeFirst();
}

export async function insertSession(db: Db, row: { token_hash: string; user_id: number; csrf_token: string; expires_at: Date }) {
  await db.insertInto('sessions').values(row).execute();
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
