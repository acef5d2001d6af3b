import type { AuditAction, AuditEntry, AuditQuery, ModerationItem, PageOf } from '@kindred/contract';
import { sql } from 'kysely';

type MemberHistory = ModerationItem['history'];
import { requireStaff } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { NotFoundError } from '../../errors.js';
import { findUserByUsername } from '../accounts/accounts.repository.js';

export interface AuditInput {
  /** Who acted; null for the server's command line. */
  actorId: number | null;
  action: AuditAction;
  target: { kind: string; id: number | null; label: string };
  reason: string;
  detail?: Record<string, unknown>;
}

/** Writes an entry to the append-only audit log, in the caller's transaction when `db` is one. */
export async function audit(db: Db, entry: AuditInput) {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      target_kind: entry.target.kind,
      target_id: entry.target.id,
      target_label: entry.target.label,
      reason: entry.reason,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}

/** The audit log, newest first, filtered by who acted, what they did or to what (operators). */
export async function listAudit(ctx: AppContext, viewer: Viewer, query: AuditQuery): Promise<PageOf<AuditEntry>> {
  requireStaff(viewer, 'operate');
  const limit = query.limit ?? 20;
  const after = decodeCursor(query.cursor, 'n');
  let rows = ctx.db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_id')
    .select(['l.id', 'l.actor_id', 'u.username', 'l.action', 'l.target_kind', 'l.target_id', 'l.target_label', 'l.reason', 'l.detail', 'l.created_at'])
    .orderBy('l.id', 'desc')
    .limit(limit + 1);
  if (query.actor) {
    const actor = await findUserByUsername(ctx.db, query.actor);
    if (!actor) throw new NotFoundError('member');
    rows = rows.where('l.actor_id', '=', actor.id);
  }
  if (query.action) rows = rows.where('l.action', '=', query.action);
  if (query.targetKind) rows = rows.where('l.target_kind', '=', query.targetKind);
  if (query.targetId) rows = rows.where('l.target_id', '=', query.targetId);
  if (after) rows = rows.where('l.id', '<', Number(after[0]));
  const page = toPage(await rows.execute(), limit, (r) => [r.id]);
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      actor: r.actor_id === null ? null : { id: r.actor_id, username: r.username ?? '' },
      action: r.action as AuditAction,
      target: { kind: r.target_kind, id: r.target_id, label: r.target_label },
      reason: r.reason,
      detail: r.detail,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}

/** Members' records: staff actions against them, and upheld reports about them or their content; every member of `ids` has one. */
export async function historyOf(db: Db, authors: number[]) {
  const result = new Map<number, MemberHistory>();
  if (authors.length === 0) return result;
  const { rows } = await sql<{ id: number; warnings: number; suspensions: number; bans: number; upheld: number }>`
    select u.id,
      (select count(*) from audit_log l where l.target_kind = 'member' and l.target_id = u.id and l.action = 'member.warn')::int as warnings,
      (select count(*) from audit_log l where l.target_kind = 'member' and l.target_id = u.id and l.action = 'member.suspend')::int as suspensions,
      (select count(*) from audit_log l where l.target_kind = 'member' and l.target_id = u.id and l.action = 'member.ban')::int as bans,
      (select count(*) from reports r where r.author_id = u.id and r.status = 'resolved' and r.outcome <> 'dismissed')::int as upheld
    from unnest(${authors}::bigint[]) as u (id)`.execute(db);
  for (const r of rows) result.set(Number(r.id), { warnings: r.warnings, suspensions: r.suspensions, bans: r.bans, upheldReports: r.upheld });
  return result;
}
