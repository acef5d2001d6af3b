import type { PageOf, RemovedContent } from '@kindred/contract';
import { sql } from 'kysely';
import { requireGroupAccess, RESTORE_DAYS } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../db/pagination.js';
import { excerptOf } from '../../lib/markdown.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';

const DAY_MS = 86_400_000;
const TEXT_EXCERPT = 160;

/**
 * What was removed from a group by someone other than its author in the last
 * RESTORE_DAYS and may still be restored, newest removal first: its posts, and
 * comments on posts still up (a comment waits for its post). For the group's
 * admins and staff. Keyset on (removed at, kind, id), each part an index
 * range of the partial `*_removed_idx` indexes.
 */
export async function removedInGroup(ctx: AppContext, viewer: Viewer, groupId: number, query: { cursor?: string; limit?: number }): Promise<PageOf<RemovedContent>> {
  await requireGroupAccess(ctx.db, viewer, groupId, 'moderate');
  const limit = query.limit ?? 20;
  const after = decodeCursor(query.cursor, 'tsn');
  const since = sql`now() - make_interval(days => ${RESTORE_DAYS})`;
  const before = (alias: string) => (after ? sql`and (${sql.ref(`${alias}.deleted_at`)}, ${sql.lit(alias === 'p' ? 'post' : 'comment')}, ${sql.ref(`${alias}.id`)}) < (${after[0]}::timestamptz, ${after[1]}, ${after[2]})` : sql``);
  const { rows } = await sql<{ kind: 'post' | 'comment'; id: number; post_id: number; title: string; text: string; author_id: number; removed_by: number; deleted_at: Date; removed_cursor: string }>`
    select * from (
      (select 'post' as kind, p.id, p.id as post_id, p.title, p.excerpt as text, p.author_id, p.removed_by, p.deleted_at, p.deleted_at::text as removed_cursor
       from posts p
       where p.group_id = ${groupId} and p.removed_by is not null and p.held_at is null and p.deleted_at > ${since} ${before('p')}
       order by p.deleted_at desc, p.id desc limit ${limit + 1})
      union all
      (select 'comment', c.id, c.post_id, p.title, c.body, c.author_id, c.removed_by, c.deleted_at, c.deleted_at::text
       from comments c
       join posts p on p.group_id = c.group_id and p.id = c.post_id and p.deleted_at is null
       where c.group_id = ${groupId} and c.removed_by is not null and c.held_at is null and c.deleted_at > ${since} ${before('c')}
       order by c.deleted_at desc, c.id desc limit ${limit + 1})
    ) r
    order by r.deleted_at desc, r.kind desc, r.id desc
    limit ${limit + 1}`.execute(ctx.db);
  const page = rows.slice(0, limit);
  const people = await loadUserSummaries(ctx.db, page.flatMap((r) => [r.author_id, r.removed_by]));
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      kind: r.kind,
      id: r.id,
      postId: r.post_id,
      title: r.title,
      text: r.kind === 'comment' ? excerptOf(r.text, TEXT_EXCERPT) : r.text,
      author: people.get(r.author_id) ?? null,
      removedBy: people.get(r.removed_by) ?? null,
      removedAt: r.deleted_at.toISOString(),
      restorableUntil: new Date(r.deleted_at.getTime() + RESTORE_DAYS * DAY_MS).toISOString(),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor([last.removed_cursor, last.kind, last.id]) : null,
  };
}
