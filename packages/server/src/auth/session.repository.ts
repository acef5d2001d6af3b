import type { Db } from '../db/database.js';

export function findLiveSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.csrf_token', 'sessions.expires_at', 'users.username', 'users.role', 'users.created_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', new Date())
    // A suspended member's sessions are ended when they are suspended; this holds if one was missed.
    .where((eb) => eb.or([eb('users.suspended_until', 'is', null), eb('users.suspended_until', '<=', new Date())]))
    .executeTakeFirst();
}

export async function insertSession(db: Db, row: { token_hash: string; user_id: number; csrf_token: string; expires_at: Date }) {
  await db.insertInto('sessions').values(row).execute();
}

/** Deletes a session; resolves with its member, or undefined when there was none. */
export async function deleteSession(db: Db, tokenHash: string) {
  const row = await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).returning('user_id').executeTakeFirst();
  return row?.user_id;
}

/** A member was seen (a session used): recorded at most hourly. */
export async function markSeen(db: Db, userId: number) {
  await db
    .updateTable('users')
    .set({ last_seen_at: new Date() })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', new Date(Date.now() - 3_600_000))]))
    .execute();
}
