import { sql } from 'kysely';
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

/**
 * A member was seen (a session used): recorded at most hourly, and on the first request of each day (UTC),
 * when the day also goes into member_days for the health dashboard's active members.
 */
export async function markSeen(db: Db, userId: number) {
  await sql`
    with seen as (
      update users set last_seen_at = now()
      where id = ${userId}
        and (last_seen_at is null or last_seen_at < now() - interval '1 hour'
             or (last_seen_at at time zone 'UTC')::date < (now() at time zone 'UTC')::date)
      returning id
    )
    insert into member_days (day, user_id)
    select (now() at time zone 'UTC')::date, id from seen
    on conflict do nothing`.execute(db);
}
