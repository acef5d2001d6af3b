import type { BackgroundJob, JobListQuery, PageOf } from '@kindred/contract';
import { requireStaff } from '../auth/access.js';
import type { SignedInViewer } from '../auth/viewer.js';
import type { AppContext } from '../context.js';
import { decodeCursor, toPage } from '../db/pagination.js';
import { ConflictError, NotFoundError } from '../errors.js';
import * as repo from './jobs.repository.js';
import { presentJob } from './jobs.views.js';

/** Jobs that failed on every attempt, most recently dead first (operators). */
export async function listJobs(ctx: AppContext, viewer: SignedInViewer, query: JobListQuery): Promise<PageOf<BackgroundJob>> {
  requireStaff(viewer, 'operate');
  const limit = query.limit ?? 20;
  const rows = await repo.deadJobs(ctx.db, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.dead_cursor, r.id]);
  return { items: page.rows.map((r) => presentJob(r)), nextCursor: page.nextCursor };
}

/** Runs a dead job again, now, with a fresh set of attempts (operators); only a dead job can be retried. */
export async function retryDeadJob(ctx: AppContext, viewer: SignedInViewer, id: number): Promise<BackgroundJob> {
  requireStaff(viewer, 'operate');
  const revived = await repo.reviveDeadJob(ctx.db, id);
  if (revived) return presentJob(revived);
  const job = await repo.findJob(ctx.db, id);
  if (!job) throw new NotFoundError('job');
  throw new ConflictError(`The job is ${presentJob(job).state}; only a dead job can be retried.`);
}
