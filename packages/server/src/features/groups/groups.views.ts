import type { Group, GroupMember, GroupSummary, JoinRequest, MyGroup, PageOf } from '@kindred/contract';
import { allows, can, type GroupAccess } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import { presentUserSummary } from '../accounts/accounts.views.js';
import { presentOptionalMedia } from '../media/media.views.js';
import type { Db } from '../../db/database.js';
import { friendsInGroups, type ViewerGroupRow, type ViewerGroupSummaryRow } from './groups.repository.js';

/** The access facts a group's row in a viewer's context carries. */
export function groupAccessOf(row: ViewerGroupSummaryRow): GroupAccess {
  return { groupId: row.id, visibility: row.visibility, joinPolicy: row.join_policy, role: row.viewer_role, ownerHidden: row.owner_hidden, removed: row.removed_at !== null, held: row.held_at !== null };
}

/** A group as a viewer's lists show it, from its row in their context (groups.repository viewerColumns). */
export function presentGroupSummary(viewer: Viewer, row: ViewerGroupSummaryRow): GroupSummary {
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    tags: row.tags,
    visibility: row.visibility,
    joinPolicy: row.join_policy,
    memberCount: row.member_count,
    postCount: row.post_count,
    attendedRecently: row.attended_90d,
    quiet: row.quiet,
    createdAt: row.created_at.toISOString(),
    cover: presentOptionalMedia(row.cover),
    owner: allows(viewer, 'member.read', { hidden: row.owner_hidden })
      ? presentUserSummary({ id: row.owner_id, username: row.owner_username, display_name: row.owner_display_name, avatar_media_id: row.owner_avatar_media_id })
      : null,
    friends: { count: 0, sample: [] },
    viewer: { role: row.viewer_role, pending: row.viewer_pending, canReadPosts: can(groupAccessOf(row), viewer, 'read') },
  };
}

/** A group's page as a viewer sees it. */
export function presentGroup(viewer: Viewer, row: ViewerGroupRow): Group {
  return { ...presentGroupSummary(viewer, row), description: row.description, descriptionHtml: row.description_html };
}

/** Rows of groups the viewer may not see (removed ones) are dropped here, for lists that load groups by id. */
export function presentGroupSummaries(viewer: Viewer, rows: ViewerGroupSummaryRow[]): GroupSummary[] {
  return rows.filter((row) => allows(viewer, 'group.view', groupAccessOf(row))).map((row) => presentGroupSummary(viewer, row));
}

const FRIENDS_SHOWN = 3;

/**
 * Fills in which of the viewer's friends belong to each of these groups (one
 * statement for the page), leaving out friends who show their groups to
 * nobody but themselves, and private groups the viewer is not in.
 */
export async function withFriendsInGroups<T extends Pick<GroupSummary, 'id' | 'friends' | 'visibility' | 'viewer'>>(db: Db, viewer: Viewer, items: T[]): Promise<T[]> {
  const open = items.filter((g) => g.visibility === 'public' || g.viewer.role !== null);
  if (!viewer || open.length === 0) return items;
  const rows = await friendsInGroups(db, viewer.id, open.map((g) => g.id));
  const byGroup = new Map<number, typeof rows>();
  for (const row of rows) byGroup.set(row.group_id, [...(byGroup.get(row.group_id) ?? []), row]);
  for (const item of open) {
    const friends = byGroup.get(item.id) ?? [];
    item.friends = { count: friends.length, sample: friends.slice(0, FRIENDS_SHOWN).map(presentUserSummary) };
  }
  return items;
}

export function presentMemberGroups(
  viewer: Viewer,
  page: { rows: (ViewerGroupSummaryRow & { role: MyGroup['role']; joined_at: Date })[]; nextCursor: string | null },
): PageOf<MyGroup> {
  return {
    items: page.rows.map((row) => {
      const group = presentGroupSummary(viewer, row);
      // Only its owner's own list carries a group held for review (repository.memberGroups).
      return { group: row.held_at ? { ...group, heldForReview: 'new' as const } : group, role: row.role, joinedAt: row.joined_at.toISOString() };
    }),
    nextCursor: page.nextCursor,
  };
}

type MemberRow = { user_id: number; username: string; display_name: string; avatar_media_id: number | null };

export function presentMember(row: MemberRow & { role: GroupMember['role']; joined_at: Date }): GroupMember {
  return { user: presentUserSummary({ ...row, id: row.user_id }), role: row.role, joinedAt: row.joined_at.toISOString() };
}

export function presentJoinRequest(row: MemberRow & { message: string; created_at: Date }): JoinRequest {
  return { user: presentUserSummary({ ...row, id: row.user_id }), message: row.message, createdAt: row.created_at.toISOString() };
}
