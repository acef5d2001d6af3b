import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { memberFactsColumns, notBlockedScanSql } from '../../auth/access.js';
import { runCached } from '../../db/statement-cache.js';
import { mediaJson } from '../media/media.repository.js';
import { profileFactsColumns } from '../social/follows.repository.js';
import type { Db } from '../../db/database.js';
import { startsWithLower, startsWithLowered } from '../../db/prefix.js';
import type { DB, UserInterestsTable, UsersTable } from '../../db/schema.js';
import type { Updateable } from 'kysely';

/** A member by the id their username names (usernames: the one place a name is unique). */
function byUsername(name: string | RawBuilder<unknown>) {
  return sql<number>`(select user_id from usernames where name = ${name})`;
}

export function findUserByUsername(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('id', '=', byUsername(username.toLowerCase())).executeTakeFirst();
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
      .where('u.id', '=', byUsername(name)),
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
  /** 0: matched by username, 1: by the start of the display name, 2: by a later word of it only. */
  part: number;
  key: string;
}

/**
 * People search: members whose username, display name, or a later word of
 * the display name (any later character of a Chinese one) starts with the
 * query, whatever its case — by username first (in its order), then by the
 * name's start (in its order, then id), then by a later word (in the order
 * of the name from that word, then id); each part walks its index
 * (users_username_prefix_idx, users_display_name_prefix_idx,
 * user_name_keys_key_idx) from the cursor, and a member is listed in the
 * first part they match, once. Deleted accounts, suspended members and
 * members either side has blocked are never candidates; signed out, only
 * members whose profile search engines may index. The cursor is (part, key, id).
 */
export async function searchPeople(db: Db, viewerId: number | null, q: string, after: [number, string, number] | null, limit: number): Promise<PersonRow[]> {
  const visible = (eb: ExpressionBuilder<DB, 'users'>) =>
    eb.and([eb('users.deleted_at', 'is', null), notBlockedScanSql(viewerId ?? 0, 'users.id'), ...(viewerId === null ? [eb('users.search_engines', '=', true)] : [])]);
  const columns = ['users.id', 'users.username', 'users.display_name', 'users.avatar_media_id'] as const;
  const part = after?.[0] ?? 0;
  /** A part resumes after the cursor's key and id in its own part, and starts from the beginning after an earlier one. */
  const resumeAt = (key: RawBuilder<string>, [, k, id]: [number, string, number]) => sql<boolean>`${key} ~>=~ ${k} and (${key} ~>~ ${k} or users.id > ${id})`;
  const rows: PersonRow[] = [];
  if (part === 0) {
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
  if (part <= 1 && rows.length <= limit) {
    const lowered = sql<string>`lower(users.display_name)`;
    const byName = await db
      .selectFrom('users')
      .select([...columns, lowered.as('key')])
      .where(visible)
      .where(startsWithLower('users.display_name', q))
      .where(sql<boolean>`not ${startsWithLower('users.username', q)}`)
      .$if(after !== null && part === 1, (b) => b.where(resumeAt(lowered, after!)))
      .orderBy(sql`${lowered} using ~<~`)
      .orderBy('users.id')
      .limit(limit + 1 - rows.length)
      .execute();
    rows.push(...byName.map((r) => ({ ...r, part: 1 })));
  }
  if (rows.length <= limit) {
    const key = sql<string>`k.key`;
    const byWord = await db
      .selectFrom('user_name_keys as k')
      .innerJoin('users', 'users.id', 'k.user_id')
      .select([...columns, 'k.key'])
      .where(visible)
      .where(startsWithLowered(key, q))
      .where(sql<boolean>`not ${startsWithLower('users.username', q)} and not ${startsWithLower('users.display_name', q)}`)
      // Listed once, at the earliest place in the name that matches: its keys are suffixes of one name, so
      // that is the longest matching key (the member's few keys are read by the primary key, not the prefix).
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('user_name_keys as e').select(sql`1`.as('one')).whereRef('e.user_id', '=', 'k.user_id').where(sql<boolean>`length(e.key) > length(k.key) and left(e.key, length(${q})) = lower(${q})`))),
      )
      .$if(after !== null && part === 2, (b) => b.where(resumeAt(key, after!)))
      .orderBy(sql`${key} using ~<~`)
      .orderBy('users.id')
      .limit(limit + 1 - rows.length)
      .execute();
    rows.push(...byWord.map((r) => ({ ...r, part: 2 })));
  }
  return rows;
}
