import type { PageOf, Report, ReportBody } from '@kindred/contract';
import { requireAccess, requireStaff } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import * as accountsRepo from '../accounts/accounts.repository.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import * as repo from './reports.repository.js';

/**
 * Records a report for moderation. A member may report someone they have
 * blocked (blocking often follows harassment): access.ts lets reports through blocks.
 */
export async function fileReport(ctx: AppContext, viewer: SignedInViewer, input: ReportBody): Promise<{ id: number }> {
  let subjectId: number;
  if (input.kind === 'user') {
    const user = await accountsRepo.findUserByUsername(ctx.db, input.username);
    if (!user) throw new NotFoundError('member');
    if (user.id === viewer.id) throw new ValidationError('You cannot report yourself.', { username: 'is you' });
    await requireAccess(ctx.db, viewer, 'member.report', user.id);
    subjectId = user.id;
  } else {
    // A photo is reported by whoever may see it.
    await requireAccess(ctx.db, viewer, input.kind === 'photo' ? 'media.read' : 'companionRequest.report', input.id);
    subjectId = input.id;
  }
  const id = await repo.insertReport(ctx.db, { reporter_id: viewer.id, kind: input.kind, subject_id: subjectId, reason: input.reason, details: input.details.trim() });
  return { id };
}

/** The open moderation queue, for operators. */
export async function openReports(ctx: AppContext, viewer: SignedInViewer, query: { cursor?: string; limit?: number }): Promise<PageOf<Report>> {
  requireStaff(viewer, 'moderate');
  const limit = query.limit ?? 20;
  const rows = await repo.openReports(ctx.db, decodeCursor(query.cursor, 'n'), limit);
  const page = toPage(rows, limit, (r) => [r.id]);
  const reporters = await loadUserSummaries(ctx.db, page.rows.map((r) => r.reporter_id));
  return {
    items: page.rows.map((r) => ({
      id: r.id,
      reporter: reporters.get(r.reporter_id) ?? { id: r.reporter_id, username: 'unknown', displayName: 'Unknown', avatarUrl: null },
      kind: r.kind,
      subjectId: r.subject_id,
      reason: r.reason,
      details: r.details,
      status: r.status,
      createdAt: r.created_at.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
