import type { MemberListing, MemberSearchQuery, PageOf, StaffRole } from '@kindred/contract';
import { sql, type RawBuilder } from 'kysely';
import { requireStaff } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, encodeCursor, type CursorValue } from '../../db/pagination.js';
import { startsWithLower } from '../../db/prefix.js';
import { ValidationError } from '../../errors.js';
import { presentUserSummary } from '../accounts/accounts.views.js';
import { suspensionOf } from './standing.js';

interface ListingRow {
  id: number;
  username: string;
  display_name: string;
  avatar_media_id: number | null;
  role: StaffRole;
  suspended_until: Date | null;
  suspension_reason: string | null;
  created_at: Date;
}

const listingColumns = sql`u.id, u.username, u.display_name, u.avatar_media_id, u.role, u.suspended_until, u.suspension_reason, u.created_at`;

/**
 * The console's member search (moderators and operators). With `q`: members
 * whose username or display name starts with it, whatever its case, those
 * matching by username first (in username order), then by display name (in
 * its order). Without: the
 * members suspended or banned now first (suspensions ending soonest, then
 * bans), then everyone else, newest first. Suspended and banned members are
 * always listed (and marked); deleted accounts never are.
 */
export async function searchMembers(ctx: AppContext, viewer: Viewer, query: MemberSearchQuery): Promise<PageOf<MemberListing>> {
  requireStaff(viewer, 'moderate');
  const limit = query.limit ?? 20;
  const q = query.q?.trim().replace(/^@/, '') ?? '';
  const page = q ? await byPrefix(ctx.db, q, decodeCursor(query.cursor, 'nsn'), limit) : await forReview(ctx.db, decodeCursor(query.cursor, 'ntn'), limit);
  const now = Date.now();
  return {
    items: page.rows.map((r) => ({
      user: presentUserSummary({ ...r, id: Number(r.id), avatar_media_id: r.avatar_media_id === null ? null : Number(r.avatar_media_id) }),
      role: r.role,
      suspension: suspensionOf(r.suspended_until, r.suspension_reason, now),
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

const lowerUsername = sql<string>`lower(u.username)`;
const lowerDisplayName = sql<string>`lower(u.display_name)`;

/**
 * Members matching by username (in its byte order; unique whatever the case),
 * then those matching by display name only (in its byte order, then id): each
 * part walks its index in order, so a one-letter query costs a page, not
 * every match. The cursor names its part, the key and the id.
 */
async function byPrefix(db: Db, q: string, after: CursorValue[] | null, limit: number) {
  if (after && after[0] !== 0 && after[0] !== 1) throw new ValidationError('The cursor is not valid.', { cursor: 'malformed cursor' });
  type Row = ListingRow & { key: string };
  const rows: (Row & { part: number })[] = [];
  if (!after || after[0] === 0) {
    const { rows: byUsername } = await sql<Row>`
      select ${listingColumns}, ${lowerUsername} as key from users u
      where u.deleted_at is null and ${startsWithLower('u.username', q)}
        ${after ? sql`and ${lowerUsername} ~>~ ${after[1]}` : sql``}
      order by ${lowerUsername} using ~<~
      limit ${limit + 1}`.execute(db);
    rows.push(...byUsername.map((r) => ({ ...r, part: 0 })));
  }
  if (rows.length <= limit) {
    const resume = after && after[0] === 1 ? after : null;
    const { rows: byName } = await sql<Row>`
      select ${listingColumns}, ${lowerDisplayName} as key from users u
      where u.deleted_at is null and ${startsWithLower('u.display_name', q)} and not ${startsWithLower('u.username', q)}
        ${resume ? sql`and ${lowerDisplayName} ~>=~ ${resume[1]} and (${lowerDisplayName} ~>~ ${resume[1]} or u.id > ${resume[2]})` : sql``}
      order by ${lowerDisplayName} using ~<~, u.id
      limit ${limit + 1 - rows.length}`.execute(db);
    rows.push(...byName.map((r) => ({ ...r, part: 1 })));
  }
  return pageOf(rows, limit);
}

/** The page of a two-part list and the cursor of its last row: its part, key and id. */
function pageOf<R extends { part: number; key: string; id: number }>(rows: R[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor([last.part, last.key, Number(last.id)]) : null };
}

/** Suspended and banned members (users_suspended_idx), then the others newest first (users_created_idx); the cursor names its part. */
async function forReview(db: Db, after: CursorValue[] | null, limit: number) {
  if (after && after[0] !== 0 && after[0] !== 1) throw new ValidationError('The cursor is not valid.', { cursor: 'malformed cursor' });
  type Row = ListingRow & { key: string };
  const rows: (Row & { part: number })[] = [];
  if (!after || after[0] === 0) {
    const { rows: suspended } = await sql<Row>`
      select ${listingColumns}, u.suspended_until::text as key from users u
      where u.deleted_at is null and u.suspended_until > now()
        ${after ? sql`and (u.suspended_until, u.id) > (${after[1]}::timestamptz, ${after[2]})` : sql``}
      order by u.suspended_until, u.id
      limit ${limit + 1}`.execute(db);
    rows.push(...suspended.map((r) => ({ ...r, part: 0 })));
  }
  if (rows.length <= limit) {
    const resume = after && after[0] === 1 ? after : null;
    const { rows: others } = await sql<Row>`
      select ${listingColumns}, u.created_at::text as key from users u
      where u.deleted_at is null and (u.suspended_until is null or u.suspended_until <= now())
        ${resume ? sql`and (u.created_at, u.id) < (${resume[1]}::timestamptz, ${resume[2]})` : sql``}
      order by u.created_at desc, u.id desc
      limit ${limit + 1 - rows.length}`.execute(db);
    rows.push(...others.map((r) => ({ ...r, part: 1 })));
  }
  return pageOf(rows, limit);
}
