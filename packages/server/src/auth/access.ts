import { sql, type RawBuilder } from 'kysely';
import type { GroupRole } from '@kindred/contract';
import type { Db } from '../db/database.js';
import { NotFoundError, ForbiddenError } from '../errors.js';
import type { Viewer } from './viewer.js';

/**
 * The one place that decides who may see or do what with a group and its
 * content. Services call it before touching any id.
 *
 * - view:     see that the group exists (name, description) — any group
 * - read:     read posts, comments and the member list — public groups, or members
 * - post:     write posts and comments, like — members
 * - moderate: delete others' posts and comments, pin, edit the group, approve
 *             join requests, remove members — admins, the owner, operators
 * - own:      promote/demote admins, transfer ownership — the owner
 */
export type GroupAction = 'view' | 'read' | 'post' | 'moderate' | 'own';

export interface GroupAccess {
  groupId: number;
  visibility: 'public' | 'private';
  joinPolicy: 'open' | 'approval';
  role: GroupRole | null;
}

export function can(access: GroupAccess, viewer: Viewer, action: GroupAction): boolean {
  const member = access.role !== null;
  const admin = access.role === 'owner' || access.role === 'admin';
  switch (action) {
    case 'view':
      return true;
    case 'read':
      return access.visibility === 'public' || member || viewer?.role === 'operator';
    case 'post':
      return member;
    case 'moderate':
      return admin || viewer?.role === 'operator';
    case 'own':
      return access.role === 'owner';
  }
}

/** Access facts for many groups at once (one query), for lists and feeds. */
export async function loadGroupAccess(db: Db, viewer: Viewer, groupIds: readonly number[]): Promise<Map<number, GroupAccess>> {
  const result = new Map<number, GroupAccess>();
  if (groupIds.length === 0) return result;
  const rows = await db
    .selectFrom('groups')
    .leftJoin('group_members', (join) =>
      join.onRef('group_members.group_id', '=', 'groups.id').on('group_members.user_id', '=', viewer?.id ?? 0),
    )
    .select(['groups.id', 'groups.visibility', 'groups.join_policy', 'group_members.role'])
    .where('groups.id', 'in', [...new Set(groupIds)])
    .execute();
  for (const row of rows) {
    result.set(row.id, { groupId: row.id, visibility: row.visibility, joinPolicy: row.join_policy, role: row.role ?? null });
  }
  return result;
}

/**
 * The viewer's access to one group, checked for an action. Content of a group
 * the viewer may not read is reported as missing (404), not forbidden.
 */
export async function requireGroupAccess(db: Db, viewer: Viewer, groupId: number, action: GroupAction): Promise<GroupAccess> {
  const access = (await loadGroupAccess(db, viewer, [groupId])).get(groupId);
  if (!access) throw new NotFoundError('group');
  if (!can(access, viewer, action)) {
    if (!can(access, viewer, 'read')) throw new NotFoundError('group content');
    throw new ForbiddenError();
  }
  return access;
}

/** What the viewer may do with an activity: see it (published, in a readable group) or manage it (organizer, group admins). */
export type ActivityAction = 'view' | 'manage';

export interface ActivityAccess {
  activityId: number;
  canView: boolean;
  canManage: boolean;
}

/** Access facts for many activities at once, for lists and feeds. */
export async function loadActivityAccess(db: Db, viewer: Viewer, activityIds: readonly number[]): Promise<Map<number, ActivityAccess>> {
  const result = new Map<number, ActivityAccess>();
  if (activityIds.length === 0) return result;
  const rows = await db
    .selectFrom('activities')
    .select(['id', 'group_id', 'organizer_id', 'status'])
    .where('id', 'in', [...new Set(activityIds)])
    .execute();
  const groups = await loadGroupAccess(db, viewer, rows.flatMap((r) => (r.group_id ? [r.group_id] : [])));
  for (const row of rows) result.set(row.id, activityAccess(viewer, row, row.group_id ? groups.get(row.group_id) : undefined));
  return result;
}

/**
 * The viewer's access to an activity from its facts: organizers and the
 * group's admins manage it; anyone who may read its group sees it once published.
 */
export function activityAccess(
  viewer: Viewer,
  activity: { id: number; group_id: number | null; organizer_id: number; status: string },
  group: GroupAccess | undefined,
): ActivityAccess {
  const canManage = viewer !== null && (activity.organizer_id === viewer.id || (group !== undefined && can(group, viewer, 'moderate')));
  const groupReadable = activity.group_id === null || (group !== undefined && can(group, viewer, 'read'));
  return { activityId: activity.id, canManage, canView: canManage || (activity.status !== 'draft' && groupReadable) };
}

/** An activity row read with its group's facts and the viewer's role there, as in the repositories' viewer-context queries. */
export interface ActivityWithGroupFacts {
  id: number;
  group_id: number | null;
  organizer_id: number;
  status: string;
  group_visibility: 'public' | 'private' | null;
  group_join_policy: 'open' | 'approval' | null;
  viewer_role: GroupRole | null;
}

/** The viewer's access to an activity from the group facts read with it. */
export function activityAccessFromRow(viewer: Viewer, row: ActivityWithGroupFacts): ActivityAccess {
  const group =
    row.group_id !== null && row.group_visibility !== null && row.group_join_policy !== null
      ? { groupId: row.group_id, visibility: row.group_visibility, joinPolicy: row.group_join_policy, role: row.viewer_role }
      : undefined;
  return activityAccess(viewer, row, group);
}

/** The viewer's access to one activity, checked; an activity they may not see is a 404. */
export async function requireActivityAccess(db: Db, viewer: Viewer, activityId: number, action: ActivityAction): Promise<ActivityAccess> {
  const access = (await loadActivityAccess(db, viewer, [activityId])).get(activityId);
  if (!access || !access.canView) throw new NotFoundError('activity');
  if (action === 'manage' && !access.canManage) throw new ForbiddenError('Only the organizer manages this activity.');
  return access;
}

/**
 * Of these members, the ones hidden from the viewer: blocked by them, or who
 * blocked them. Views drop their content, so every list agrees.
 */
export async function loadHiddenMembers(db: Db, viewer: Viewer, userIds: readonly number[]): Promise<Set<number>> {
  if (!viewer || userIds.length === 0) return new Set();
  const ids = [...new Set(userIds)].filter((id) => id !== viewer.id);
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('blocks')
    .select(['blocker_id', 'blocked_id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('blocker_id', '=', viewer.id), eb('blocked_id', 'in', ids)]),
        eb.and([eb('blocked_id', '=', viewer.id), eb('blocker_id', 'in', ids)]),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => (r.blocker_id === viewer.id ? r.blocked_id : r.blocker_id)));
}

/** SQL condition: the member in `column` and the viewer have blocked each other, either way (their content is hidden). */
export function blockedEitherWaySql(viewerId: number, column: string): RawBuilder<boolean> {
  const other = sql.ref(column);
  return sql<boolean>`exists (select 1 from blocks b where (b.blocker_id = ${viewerId} and b.blocked_id = ${other}) or (b.blocked_id = ${viewerId} and b.blocker_id = ${other}))`;
}

/** SQL condition: the member in `column` and the viewer have not blocked each other (for candidate queries). */
export function notBlockedSql(viewerId: number, column: string): RawBuilder<boolean> {
  return sql<boolean>`not ${blockedEitherWaySql(viewerId, column)}`;
}

export interface ConversationAccess {
  conversationId: number;
  otherId: number;
  activityId: number | null;
}

/**
 * Only the two members of a conversation may read or write it, and not while
 * either has blocked the other; anyone else gets a 404.
 */
export async function requireConversationAccess(db: Db, viewer: Viewer, conversationId: number): Promise<ConversationAccess> {
  const row = viewer
    ? await db.selectFrom('conversations').select(['id', 'user_low', 'user_high', 'activity_id']).where('id', '=', conversationId).executeTakeFirst()
    : undefined;
  if (!viewer || !row || (row.user_low !== viewer.id && row.user_high !== viewer.id)) throw new NotFoundError('conversation');
  const otherId = row.user_low === viewer.id ? row.user_high : row.user_low;
  if ((await loadHiddenMembers(db, viewer, [otherId])).size > 0) throw new NotFoundError('conversation');
  return { conversationId: row.id, otherId, activityId: row.activity_id };
}
