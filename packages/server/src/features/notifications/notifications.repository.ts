import type { Db } from '../../db/database.js';
import type { CursorValue } from '../../db/pagination.js';

export async function notify(db: Db, userIds: number[], kind: string, payload: Record<string, unknown>) {
  if (userIds.length === 0) return;
  await db
    .insertInto('notifications')
    .values([...new Set(userIds)].map((user_id) => ({ user_id, kind, payload: JSON.stringify(payload) })))
    .execute();
}

export function listNotifications(db: Db, userId: number, after: CursorValue[] | null, limit: number) {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'payload', 'read_at', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (after) query = query.where('id', '<', Number(after[0]));
  return query.execute();
}

export async function markAllRead(db: Db, userId: number) {
  await db.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null).execute();
}

export async function unreadCount(db: Db, userId: number) {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

