import { sql, type ExpressionBuilder } from 'kysely';
import { memberFactsColumns, notBlockedScanSql } from '../../auth/access.js';
import { runCached } from '../../db/statement-cache.js';
import { mediaJson } from '../media/media.repository.js';
import { profileFactsColumns } from '../social/follows.repository.js';
import type { Db } from '../../db/database.js';
import { startsWithLower } from '../../db/prefix.js';
import type { DB, UserInterestsTable, UsersTable } from '../../db/schema.js';
import type { Updateable } from 'kysely';

export function findUserByUsername(db: Db, username: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

/**
 * A member's profile page in one fixed statement: their row, their access
 * facts for the viewer (memberFactsColumns), their interests and photo, and
 * what the profile counts and the two share (profileFactsColumns).
 */
export async function profilePage(db: Db, viewerId: number | null, username: string) {
  const [row] = await runCached(db, 'profile-page', [viewerId ?? 0, username.toLowerCase()] as const, ([viewer, name]) =>
    db
      .selectFrom('users as u')
      .selectAll('u')
      .select([
        ...memberFactsColumns(viewer),
        ...profileFactsColumns(viewer),
        sql<Pick<UserInterestsTable, 'tag' | 'skill'>[]>`coalesce((select json_agg(json_build_object('tag', i.tag, 'skill', i.skill) order by i.tag) from user_interests i where i.user_id = u.id), '[]')`.as(
          'interests',
        ),
        mediaJson('u.avatar_media_id').as('avatar'),
      ])
      .where(sql`lower(u.username)`, '=', name),
  );
  return row;
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

export interface PersonRow {
  id: number;
  username: string;
  display_name: string;
  avatar_media_id: number | null;
  /** 0: matched by username, 1: by display name only. */
  part: number;
  key: string;
}

/**
 * People search: members whose username or display name starts with the
 * query, whatever its case — by username first (in its order), then by
 * display name only (in its order, then id); each part walks its index
 * (users_username_prefix_idx, users_display_name_prefix_idx) from the cursor.
 * Deleted accounts, suspended members and members either side has blocked
 * are never candidates; signed out, only members whose profile search
 * engines may index. The cursor is (part, key, id).
 */
export async function searchPeople(db: Db, viewerId: number | null, q: string, after: [number, string, number] | null, limit: number): Promise<PersonRow[]> {
  const visible = (eb: ExpressionBuilder<DB, 'users'>) =>
    eb.and([eb('users.deleted_at', 'is', null), notBlockedScanSql(viewerId ?? 0, 'users.id'), ...(viewerId === null ? [eb('users.search_engines', '=', true)] : [])]);
  const columns = ['users.id', 'users.username', 'users.display_name', 'users.avatar_media_id'] as const;
  const rows: PersonRow[] = [];
  if (!after || after[0] === 0) {
    const lowered = sql<string>`lower(users.username)`;
    let byUsername = db
      .selectFrom('users')
      .select([...columns, lowered.as('key')])
      .where(visible)
      .where(startsWithLower('users.username', q))
      .orderBy(sql`${lowered} using ~<~`)
      .limit(limit + 1);
    if (after) byUsername = byUsername.where(sql<boolean>`${lowered} ~>~ ${after[1]}`);
    rows.push(...(await byUsername.execute()).map((r) => ({ ...r, part: 0 })));
  }
  if (rows.length <= limit) {
    const lowered = sql<string>`lower(users.display_name)`;
    const resume = after && after[0] === 1 ? after : null;
    let byName = db
      .selectFrom('users')
      .select([...columns, lowered.as('key')])
      .where(visible)
      .where(startsWithLower('users.display_name', q))
      .where(sql<boolean>`not ${startsWithLower('users.username', q)}`)
      .orderBy(sql`${lowered} using ~<~`)
      .orderBy('users.id')
      .limit(limit + 1 - rows.length);
    if (resume) byName = byName.where(sql<boolean>`${lowered} ~>=~ ${resume[1]} and (${lowered} ~>~ ${resume[1]} or users.id > ${resume[2]})`);
    rows.push(...(await byName.execute()).map((r) => ({ ...r, part: 1 })));
  }
  return rows;
}
