import type { Featured, FeaturedParams } from '@kindred/contract';
import { checkAccess, requireAccess, requireGroupAccess, requireStaff } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { activitiesForViewer } from '../activities/activities.repository.js';
import { presentActivitySummaries } from '../activities/activities.views.js';
import { findGroupSummaries } from '../groups/groups.repository.js';
import { presentGroupSummaries } from '../groups/groups.views.js';
import { audit } from './audit.js';

/** The most of each kind Discover shows. */
const MOST = 12;

/** What operators pinned to Discover, oldest pin first, as this viewer may see it: groups they may read, activities to come. */
export async function featured(ctx: AppContext, viewer: Viewer): Promise<Featured> {
  const rows = await ctx.db.selectFrom('featured').select(['kind', 'subject_id']).orderBy('id').execute();
  const ids = (kind: 'group' | 'activity') => rows.filter((r) => r.kind === kind).map((r) => r.subject_id).slice(0, MOST * 2);
  const groupIds = ids('group');
  const readable = await checkAccess(ctx.db, viewer, 'group.read', groupIds);
  const groups = new Map((await findGroupSummaries(ctx.db, viewer?.id ?? null, groupIds.filter((id) => readable.has(id)))).map((g) => [g.id, g]));
  const activities = new Map((await activitiesForViewer(ctx.db, viewer?.id ?? null, ids('activity'))).map((a) => [a.id, a]));
  const upcoming = ids('activity').flatMap((id) => {
    const row = activities.get(id);
    return row && row.status === 'published' && row.starts_at.getTime() > Date.now() ? [row] : [];
  });
  return {
    groups: presentGroupSummaries(viewer, groupIds.flatMap((id) => (groups.has(id) ? [groups.get(id)!] : []))).slice(0, MOST),
    activities: presentActivitySummaries(viewer, upcoming).slice(0, MOST),
  };
}

/** Pins a public group or an activity to Discover, or unpins it (operators). */
export async function setFeatured(ctx: AppContext, viewer: Viewer, target: FeaturedParams, pinned: boolean, reason: string) {
  requireStaff(viewer, 'operate');
  if (pinned) {
    // Only what anyone may see: a public group, a published activity.
    if (target.kind === 'group') {
      const group = await requireGroupAccess(ctx.db, null, target.id, 'view');
      if (group.visibility !== 'public') throw new ConflictError('Only a public group can be featured.');
    } else {
      await requireAccess(ctx.db, null, 'activity.read', target.id);
    }
  }
  await ctx.db.transaction().execute(async (tx) => {
    const changed = pinned
      ? await tx.insertInto('featured').values({ kind: target.kind, subject_id: target.id, featured_by: viewer.id }).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst()
      : await tx.deleteFrom('featured').where('kind', '=', target.kind).where('subject_id', '=', target.id).returning('id').executeTakeFirst();
    if (!changed) {
      if (pinned) return;
      throw new NotFoundError('featured item');
    }
    await audit(tx, { actorId: viewer.id, action: pinned ? 'feature.add' : 'feature.remove', target: { kind: target.kind, id: target.id, label: `${target.kind} ${target.id}` }, reason });
  });
}
