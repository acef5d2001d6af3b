import type { Group, GroupMember, JoinRequest, MyGroup, PageOf } from '@kindred/contract';
import { can, checkAccess, loadGroupAccess } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { loadUserSummaries, presentUserSummary } from '../accounts/accounts.views.js';
import * as repo from './groups.repository.js';
import type { GroupRow } from './groups.repository.js';

/** Hydrates group rows for a viewer in three batched queries, keeping their order. */
export async function presentGroups(db: Db, viewer: Viewer, rows: GroupRow[]): Promise<Group[]> {
  const ids = rows.map((r) => r.id);
  const ownerIds = rows.map((r) => r.owner_id);
  const [owners, visibleOwners, access, pending] = await Promise.all([
    loadUserSummaries(db, ownerIds),
    checkAccess(db, viewer, 'member.read', ownerIds),
    loadGroupAccess(db, viewer, ids),
    viewer ? repo.pendingRequests(db, viewer.id, ids) : Promise.resolve(new Set<number>()),
  ]);
  return rows.map((row) => {
    const groupAccess = access.get(row.id) ?? { groupId: row.id, visibility: row.visibility, joinPolicy: row.join_policy, role: null };
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      descriptionHtml: row.description_html,
      city: row.city,
      tags: row.tags,
      visibility: row.visibility,
      joinPolicy: row.join_policy,
      memberCount: row.member_count,
      postCount: row.post_count,
      createdAt: row.created_at.toISOString(),
      owner: visibleOwners.has(row.owner_id) ? (owners.get(row.owner_id) ?? null) : null,
      viewer: { role: groupAccess.role, pending: pending.has(row.id), canReadPosts: can(groupAccess, viewer, 'read') },
    };
  });
}

export async function presentGroup(db: Db, viewer: Viewer, row: GroupRow): Promise<Group> {
  return (await presentGroups(db, viewer, [row]))[0]!;
}

export async function presentMemberGroups(
  db: Db,
  viewer: Viewer,
  page: { rows: (GroupRow & { role: MyGroup['role']; joined_at: Date })[]; nextCursor: string | null },
): Promise<PageOf<MyGroup>> {
  const groups = await presentGroups(db, viewer, page.rows);
  return {
    items: page.rows.map((row, i) => ({ group: groups[i]!, role: row.role, joinedAt: row.joined_at.toISOString() })),
    nextCursor: page.nextCursor,
  };
}

export function presentMember(row: { user_id: number; username: string; display_name: string; role: GroupMember['role']; joined_at: Date }): GroupMember {
  return { user: presentUserSummary({ id: row.user_id, username: row.username, display_name: row.display_name }), role: row.role, joinedAt: row.joined_at.toISOString() };
}

export function presentJoinRequest(row: { user_id: number; username: string; display_name: string; message: string; created_at: Date }): JoinRequest {
  return { user: presentUserSummary({ id: row.user_id, username: row.username, display_name: row.display_name }), message: row.message, createdAt: row.created_at.toISOString() };
}
