import {
  interestKeysInCategory,
  interestCategories,
  type CreateGroupBody,
  type Group,
  type GroupListQuery,
  type UpdateGroupBody,
} from '@kindred/contract';
import type { Updateable } from 'kysely';
import { checkAccess, isStaff, requireAccessOnFacts, requireGroupAccess, requireStaff, type GroupAction } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db, Tx } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import type { GroupsTable } from '../../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { searchQuery, searchVector } from '../../lib/search-vector.js';
import { normalizeTags } from '../../lib/tags.js';
import { placeSingleMedia } from '../media/media.repository.js';
import * as repo from './groups.repository.js';
import { groupAccessOf, presentGroup, presentGroupSummaries, withFriendsInGroups, presentJoinRequest, presentMember, presentMemberGroups } from './groups.views.js';
import { refreshRankingSoon } from '../recommendations/recommendations.service.js';
import { dropHeldFields, fileHeld, givenText, heldEditsBy, holdEdit, refuseFlagged, screenText, takeHeldEdit } from '../moderation/held.js';
import { notify } from '../notifications/notifications.service.js';
import { cancelGroupActivities } from '../activities/activities.service.js';
import { addGroupToFeed } from '../feed/feed.service.js';

const DEFAULT_LIMIT = 20;

/**
 * Runs a change to a group under its row lock, with the viewer's access
 * decided inside the same transaction: two owners' simultaneous transfers, or
 * a demoted admin's late request, can't both pass a check made before either wrote.
 */
function underGroupLock<T>(db: Db, viewer: SignedInViewer, groupId: number, action: GroupAction, change: (tx: Tx, access: Awaited<ReturnType<typeof requireGroupAccess>>) => Promise<T>) {
  return db.transaction().execute(async (tx) => {
    await repo.lockGroup(tx, groupId);
    return change(tx, await requireGroupAccess(tx, viewer, groupId, action));
  });
}

/** A group in the viewer's context, one statement; 404 unless the group.view decision allows it. */
async function viewGroup(db: Db, viewer: Viewer, id: number) {
  const row = await repo.groupPage(db, viewer?.id ?? null, id);
  requireAccessOnFacts(viewer, 'group.view', row && groupAccessOf(row));
  const [group] = await withFriendsInGroups(db, viewer, [presentGroup(viewer, row!)]);
  return withHeldText(db, viewer, row!.held_at !== null, group!);
}

/** Its author reads the group with the text the keyword filter holds (a held new group, or a change waiting). */
async function withHeldText(db: Db, viewer: Viewer, heldNew: boolean, group: Group): Promise<Group> {
  if (!viewer) return group;
  if (heldNew) return group.owner?.id === viewer.id ? { ...group, heldForReview: 'new' } : group;
  const change = (await heldEditsBy(db, 'group', [group.id], viewer.id)).get(group.id);
  if (!change) return group;
  const description = change.description ?? group.description;
  return { ...group, name: change.name ?? group.name, description, descriptionHtml: renderMarkdown(description), heldForReview: 'change' };
}

async function loadGroup(db: Db, id: number) {
  const [row] = await repo.findGroups(db, [id]);
  if (!row) throw new NotFoundError('group');
  return row;
}

export async function browseGroups(db: Db, viewer: Viewer, query: GroupListQuery) {
  let tags: string[] | null = null;
  if (query.category) {
    if (!interestCategories.some((c) => c.key === query.category)) {
      throw new ValidationError('Unknown interest category.', { category: 'is not a known category' });
    }
    tags = interestKeysInCategory(query.category);
  }
  if (query.tag) tags = normalizeTags([query.tag]);
  const sort = query.sort ?? 'popular';
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = decodeCursor(query.cursor, sort === 'popular' ? 'nn' : 'tn');
  const rows = await repo.browseGroups(db, viewer?.id ?? null, { tags, city: query.city ?? null, sort, after, limit });
  const page = toPage(rows, limit, (r) => (sort === 'popular' ? [r.activity_rank, r.id] : [r.created_cursor, r.id]));
  return { items: await withFriendsInGroups(db, viewer, presentGroupSummaries(viewer, page.rows)), nextCursor: page.nextCursor };
}

export async function getGroup(db: Db, viewer: Viewer, id: number) {
  return viewGroup(db, viewer, id);
}

function groupFields(input: UpdateGroupBody, current?: { name: string; description: string; tags: string[] }) {
  const patch: Updateable<GroupsTable> = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    if (name.length < 3) throw new ValidationError('The group name is too short.', { name: 'must have at least 3 characters' });
    patch.name = name;
  }
  if (input.description !== undefined) {
    patch.description = input.description;
    patch.description_html = renderMarkdown(input.description);
  }
  if (input.tags !== undefined) {
    const tags = normalizeTags(input.tags);
    if (tags.length === 0) throw new ValidationError('A group needs at least one interest tag.', { tags: 'must not be empty' });
    patch.tags = tags;
  }
  if (input.city !== undefined) patch.city = input.city?.trim() || null;
  if (input.lat !== undefined || input.lng !== undefined) {
    if ((input.lat ?? null) === null !== ((input.lng ?? null) === null)) {
      throw new ValidationError('Latitude and longitude go together.', { lat: 'needs lng', lng: 'needs lat' });
    }
    patch.lat = input.lat ?? null;
    patch.lng = input.lng ?? null;
  }
  if (input.visibility !== undefined) patch.visibility = input.visibility;
  if (input.joinPolicy !== undefined) patch.join_policy = input.joinPolicy;
  const name = patch.name ?? current?.name ?? '';
  const description = (patch.description as string | undefined) ?? current?.description ?? '';
  const tags = (patch.tags as string[] | undefined) ?? current?.tags ?? [];
  if (patch.name !== undefined || patch.description !== undefined || patch.tags !== undefined) {
    patch.search_vector = searchVector(name, `${description} ${tags.join(' ')}`) as unknown as string;
  }
  return patch;
}

export async function createGroup(db: Db, viewer: SignedInViewer, input: CreateGroupBody) {
  const fields = groupFields(input);
  const held = await screenText(db, { name: input.name, description: input.description });
  const id = await db.transaction().execute(async (tx) => {
    const groupId = await repo.insertGroup(tx, {
      name: fields.name as string,
      description: input.description ?? '',
      description_html: renderMarkdown(input.description ?? ''),
      city: (fields.city as string | null | undefined) ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      tags: fields.tags as string[],
      visibility: input.visibility,
      join_policy: input.joinPolicy,
      owner_id: viewer.id,
      search_vector: searchVector(fields.name as string, `${input.description ?? ''} ${(fields.tags as string[]).join(' ')}`),
      ...(held ? { held_at: new Date() } : {}),
    });
    if (input.cover) await repo.updateGroup(tx, groupId, { cover_media_id: await placeSingleMedia(tx, viewer.id, 'group_cover', groupId, input.cover) });
    if (held) await fileHeld(tx, { kind: 'group', id: groupId }, viewer.id, held);
    return groupId;
  });
  return viewGroup(db, viewer, id);
}

export async function updateGroup(db: Db, viewer: SignedInViewer, id: number, input: UpdateGroupBody) {
  const text = { name: input.name, description: input.description };
  const held = await screenText(db, text);
  await underGroupLock(db, viewer, id, 'moderate', async (tx) => {
    const current = await loadGroup(tx, id);
    // A held change of the name or description waits for review (the rest goes in); a held new group is not public, so its text just changes.
    if (held && current.held_at === null) {
      groupFields({ name: input.name, description: input.description }); // refuses an invalid name before it is held
      await holdEdit(tx, { kind: 'group', targetId: id, authorId: viewer.id, fields: givenText(text) }, held, { kind: 'group', id });
      input = { ...input, name: undefined, description: undefined };
    } else if (held) {
      await fileHeld(tx, { kind: 'group', id }, viewer.id, held);
    } else {
      await dropHeldFields(tx, 'group', id, Object.keys(givenText(text)));
    }
    const patch = groupFields(input, current);
    if (input.cover !== undefined) patch.cover_media_id = await placeSingleMedia(tx, viewer.id, 'group_cover', id, input.cover);
    if (Object.keys(patch).length > 0) await repo.updateGroup(tx, id, patch);
  });
  return viewGroup(db, viewer, id);
}

/**
 * A moderator decided on a group's held text: a held new group goes public
 * (or stays withdrawn), a waiting change is applied (or dropped).
 */
export async function settleHeldGroup(db: Db, id: number, publish: boolean) {
  await db.transaction().execute(async (tx) => {
    await repo.lockGroup(tx, id);
    await tx
      .updateTable('groups')
      .set(publish ? { held_at: null, removed_at: null } : { held_at: null })
      .where('id', '=', id)
      .where('held_at', 'is not', null)
      .execute();
    const change = await takeHeldEdit(tx, 'group', id);
    if (!change || !publish) return;
    const patch = groupFields(change.fields, await loadGroup(tx, id));
    if (Object.keys(patch).length > 0) await repo.updateGroup(tx, id, patch);
  });
}

/** Joins an open group at once; for an approval group, files (or updates) a join request. */
export async function joinGroup(db: Db, viewer: SignedInViewer, id: number, message = '') {
  const access = await requireGroupAccess(db, viewer, id, 'join');
  if (access.role) throw new ConflictError('You are already a member of this group.');
  let status: 'joined' | 'pending';
  if (access.joinPolicy === 'open') {
    await db.transaction().execute(async (tx) => {
      if (await repo.addMember(tx, id, viewer.id)) await addGroupToFeed(tx, id, viewer.id);
      await repo.deleteJoinRequest(tx, id, viewer.id);
    });
    status = 'joined';
  } else {
    await refuseFlagged(db, { message });
    await db.transaction().execute(async (tx) => {
      await repo.upsertJoinRequest(tx, id, viewer.id, message.trim());
      // The group's admins hear of requests in one notification per group while unread.
      const { name, admins } = await repo.groupAdmins(tx, id);
      await notify(tx, admins, { kind: 'group.join_request', actorId: viewer.id, subject: { kind: 'group', id }, groupId: id, data: { title: name }, groupKey: `join:group:${id}` });
    });
    status = 'pending';
  }
  await refreshRankingSoon(db, viewer.id);
  return { status, group: await viewGroup(db, viewer, id) };
}

/** Leaves a group, or withdraws a pending join request. The owner must hand the group over first. */
export async function leaveGroup(db: Db, viewer: SignedInViewer, id: number) {
  const access = await requireGroupAccess(db, viewer, id, 'view');
  if (access.role === 'owner') throw new ConflictError('Transfer ownership to another member before leaving.');
  const left = await db.transaction().execute(async (tx) => {
    const removed = access.role ? await repo.removeMember(tx, id, viewer.id) : false;
    const withdrawn = await repo.deleteJoinRequest(tx, id, viewer.id);
    return removed || withdrawn;
  });
  if (!left) throw new ConflictError('You are not a member of this group.');
  await refreshRankingSoon(db, viewer.id);
  return viewGroup(db, viewer, id);
}

export async function listMembers(db: Db, viewer: Viewer, id: number, query: { cursor?: string; limit?: number }) {
  await requireGroupAccess(db, viewer, id, 'read');
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.listMembers(db, id, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.joined_cursor, r.user_id]);
  const visible = await checkAccess(db, viewer, 'member.read', page.rows.map((r) => r.user_id));
  return { items: page.rows.filter((r) => visible.has(r.user_id)).map(presentMember), nextCursor: page.nextCursor };
}

async function requireMember(db: Db, groupId: number, userId: number) {
  const member = await repo.findMembership(db, groupId, userId);
  if (!member) throw new NotFoundError('member of this group');
  return member;
}

/** Owner only: make a member an admin or an admin a member. */
export async function changeRole(db: Db, viewer: SignedInViewer, groupId: number, userId: number, role: 'admin' | 'member') {
  await underGroupLock(db, viewer, groupId, 'own', async (tx) => {
    const member = await requireMember(tx, groupId, userId);
    if (member.role === 'owner') throw new ConflictError('The owner’s role changes only by transferring ownership.');
    await repo.setRole(tx, groupId, userId, role);
  });
  return presentMember((await repo.findMemberWithUser(db, groupId, userId))!);
}

/** Admins remove members; only the owner removes admins; nobody removes the owner. */
export async function removeMember(db: Db, viewer: SignedInViewer, groupId: number, userId: number) {
  await underGroupLock(db, viewer, groupId, 'moderate', async (tx, access) => {
    if (userId === viewer.id) throw new ConflictError('Use “leave” to leave a group yourself.');
    const member = await requireMember(tx, groupId, userId);
    if (member.role === 'owner') throw new ForbiddenError('The owner cannot be removed.');
    if (member.role === 'admin' && access.role !== 'owner') throw new ForbiddenError('Only the owner removes admins.');
    await repo.removeMember(tx, groupId, userId);
  });
  await refreshRankingSoon(db, userId);
}

export async function transferOwnership(db: Db, viewer: SignedInViewer, groupId: number, userId: number) {
  await underGroupLock(db, viewer, groupId, 'own', async (tx) => {
    if (userId === viewer.id) throw new ConflictError('You already own this group.');
    await requireMember(tx, groupId, userId);
    // Demote first: one owner per group is enforced by a unique index.
    await repo.setRole(tx, groupId, viewer.id, 'admin');
    await repo.setRole(tx, groupId, userId, 'owner');
    await repo.updateGroup(tx, groupId, { owner_id: userId });
  });
  return viewGroup(db, viewer, groupId);
}

export async function listJoinRequests(db: Db, viewer: SignedInViewer, groupId: number, query: { cursor?: string; limit?: number }) {
  await requireGroupAccess(db, viewer, groupId, 'moderate');
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.listJoinRequests(db, groupId, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.created_cursor, r.user_id]);
  return { items: page.rows.map(presentJoinRequest), nextCursor: page.nextCursor };
}

export async function decideJoinRequest(db: Db, viewer: SignedInViewer, groupId: number, userId: number, approve: boolean) {
  await underGroupLock(db, viewer, groupId, 'moderate', async (tx) => {
    if (!(await repo.deleteJoinRequest(tx, groupId, userId))) throw new NotFoundError('join request');
    if (approve && (await repo.addMember(tx, groupId, userId))) await addGroupToFeed(tx, groupId, userId);
    const { name } = await repo.groupAdmins(tx, groupId);
    await notify(tx, [userId], { kind: approve ? 'group.join_approved' : 'group.join_declined', subject: { kind: 'group', id: groupId }, data: { title: name } });
  });
  if (approve) await refreshRankingSoon(db, userId);
}

/**
 * Operators remove a group (from the moderation queue): at once it is gone
 * for everyone, with its posts, activities and room (access.ts reads
 * removed_at); its activities not over yet are cancelled with full refunds,
 * its series stop, and its owner is told why. Its row and content stay, for
 * the record and an appeal.
 */
export async function removeGroup(ctx: AppContext, viewer: Viewer, groupId: number, reason: string) {
  requireStaff(viewer, 'operate');
  await ctx.db.transaction().execute(async (tx) => {
    const group = await repo.markGroupRemoved(tx, groupId);
    if (!group) throw new NotFoundError('group');
    await cancelGroupActivities(ctx, tx, groupId);
    await notify(tx, [group.owner_id], { kind: 'group.removed', actorId: null, data: { groupName: group.name, reason } });
  });
}

/** A member's groups as the viewer may see them: all of them for the member themself, otherwise public or shared ones. */
export async function memberGroups(db: Db, viewer: Viewer, userId: number, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const visibleTo = viewer?.id === userId || isStaff(viewer) ? 'all' : (viewer?.id ?? null);
  const rows = await repo.memberGroups(db, viewer?.id ?? null, userId, visibleTo, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.joined_cursor, r.id]);
  return presentMemberGroups(viewer, page);
}

export async function searchGroups(db: Db, viewer: Viewer, query: { q: string; cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.searchGroups(db, viewer?.id ?? null, searchQuery(query.q), decodeCursor(query.cursor, 'nn'), limit);
  const page = toPage(rows, limit, (r) => [r.rank, r.id]);
  return { items: await withFriendsInGroups(db, viewer, presentGroupSummaries(viewer, page.rows)), nextCursor: page.nextCursor };
}
