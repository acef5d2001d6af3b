import { sql, type RawBuilder } from 'kysely';
import type { GroupRole } from '@kindred/contract';
import type { Db } from '../db/database.js';
import type { Audience, MediaUseKind } from '../db/schema.js';
import { NotFoundError, ForbiddenError, UnauthenticatedError } from '../errors.js';
import type { Viewer } from './viewer.js';

/**
 * The one place that decides who may see or do what. Every service asks
 * `requireAccess` (one id) or `checkAccess` (many ids → the allowed ones)
 * before it reads or writes an id, and every view that embeds another
 * resource (a linked activity, an author) asks `checkAccess` for it.
 *
 * A decision is made from facts: the resource's owner, group and status, the
 * viewer's role in that group, and whether either has blocked the other. The
 * facts are loaded here in one statement per kind of resource; the hot list
 * queries read the same facts with their rows (the repositories'
 * viewer-context queries) and ask the same decision functions, so a list and
 * a detail page can never disagree.
 *
 * What the viewer may not see is missing (404); what they may see but not do
 * is forbidden (403). A block, either way, makes the other member and their
 * content missing, for reads and for every interaction with it; so does the
 * member's suspension, for everyone, while it lasts. A group operators removed
 * is missing for everyone, with its posts, activities and room.
 */
export type Permission =
  /** That the group exists: its name and description. */
  | 'group.view'
  /** Its posts, members and activities: public groups, members, operators. */
  | 'group.read'
  /** Join or ask to join: not while either has blocked its owner. */
  | 'group.join'
  /** Write posts: members. */
  | 'group.post'
  /** Edit the group, approve join requests, remove members, organize activities: admins, the owner, operators. */
  | 'group.moderate'
  /** Promote and demote admins, transfer ownership: the owner. */
  | 'group.own'
  | 'post.read'
  | 'post.like'
  /** Comment on it: members of its group. */
  | 'post.comment'
  | 'post.edit'
  /** Its author, or the group's moderators (whom a block does not stop). */
  | 'post.delete'
  /** Bring back what a moderator removed, within RESTORE_DAYS: the group's moderators and staff. */
  | 'post.restore'
  | 'post.pin'
  | 'comment.read'
  | 'comment.like'
  | 'comment.reply'
  | 'comment.edit'
  | 'comment.delete'
  | 'comment.restore'
  /** Published in a group the viewer may read (or managed by them), organizer not blocked either way. */
  | 'activity.read'
  | 'activity.register'
  /** The organizer, the group's admins, and staff. */
  | 'activity.manage'
  /** Add photos to its album once it has begun: its organizer and admins, and members with a confirmed seat. */
  | 'activity.album'
  /** See who else was there ("you went with …"), on the same terms as the album. */
  | 'activity.wentWith'
  /** A member's profile, groups and activities. */
  | 'member.read'
  /** Invite, message, follow: a member neither has blocked. */
  | 'member.interact'
  /** Report a member: even one the viewer blocked (blocking often follows harassment). */
  | 'member.report'
  /** See a section of their profile (groups, activities, followers and following): as their privacy settings say, always themselves. */
  | 'member.groups'
  | 'member.activities'
  | 'member.follows'
  /** Invite them (companions): as their privacy setting says (everyone, friends, nobody). */
  | 'member.invite'
  | 'companionRequest.read'
  | 'companionRequest.apply'
  /** Edit or close it: its author, and staff. */
  | 'companionRequest.manage'
  | 'companionRequest.report'
  /** An invite or application: its two members, neither blocking the other. */
  | 'invite.read'
  /** A conversation: its two members, neither blocking the other. */
  | 'conversation.read'
  /** Write in it: as reading, while neither member has deleted their account. */
  | 'conversation.send'
  /** A photo: whoever may read the place using it; its owner alone while nothing does. */
  | 'media.read'
  /** Take it down: its owner; remove it (moderation): operators, and who moderates its place (a post's or comment's group admins, an album's activity managers). */
  | 'media.remove'
  /** A room's messages: an activity's organizer, admins and confirmed participants; a group's members (a closed room's history too). */
  | 'room.read'
  /** Its pinned notes: who reads it, and an activity's waitlisted and waiting members. */
  | 'room.pinned'
  /** Write in it: who reads it, unless a moderator muted them; not in a closed group room, nor an activity's a week after it ended. */
  | 'room.send'
  /** Pin, remove, mute: the activity's managers, the group's admins, operators. */
  | 'room.moderate'
  /** A payment and its receipt: its payer, and operators (who answer for the books); moderators do not see money. */
  | 'payment.read';

type Decision = 'allow' | 'hidden' | 'forbidden';

/** Staff (moderators and operators) read every group and moderate content everywhere. */
export function isStaff(viewer: Viewer): boolean {
  return viewer?.role === 'operator' || viewer?.role === 'moderator';
}
type Family = Permission extends `${infer F}.${string}` ? F : never;

// ---- Facts and the rules on them ----

export interface GroupAccess {
  groupId: number;
  visibility: 'public' | 'private';
  joinPolicy: 'open' | 'approval';
  role: GroupRole | null;
  /** Whether the viewer and the group's owner have blocked each other (loaded for join decisions). */
  ownerHidden?: boolean;
  /** Removed by operators: gone for everyone, its content with it. */
  removed?: boolean;
  /** New and held by the keyword filter (and removed until let through): its owner and staff still see and edit it. */
  held?: boolean;
}

export type GroupAction = 'view' | 'read' | 'join' | 'post' | 'moderate' | 'own';

/** Whether the viewer may do this with a group, from its facts. */
export function can(access: GroupAccess, viewer: Viewer, action: GroupAction): boolean {
  const member = access.role !== null;
  const admin = access.role === 'owner' || access.role === 'admin';
  if (access.removed) {
    const reviewing = access.held === true && (access.role === 'owner' || isStaff(viewer)) && (action === 'view' || action === 'read' || action === 'moderate');
    if (!reviewing) return false;
  }
  switch (action) {
    case 'view':
      return true;
    case 'read':
      return access.visibility === 'public' || member || isStaff(viewer);
    case 'join':
      return viewer !== null && access.ownerHidden === false;
    case 'post':
      return member;
    case 'moderate':
      return admin || isStaff(viewer);
    case 'own':
      return access.role === 'owner';
  }
}

function groupDecision(viewer: Viewer, group: GroupAccess, action: GroupAction): Decision {
  if (action === 'view' || action === 'join') return can(group, viewer, action) ? 'allow' : 'hidden';
  if (!can(group, viewer, 'read')) return 'hidden';
  return can(group, viewer, action) ? 'allow' : 'forbidden';
}

export interface PostFacts {
  authorId: number;
  /** Either the viewer or the author has blocked the other. */
  authorHidden: boolean;
  deleted: boolean;
  /** Withdrawn for review by the keyword filter: its author and moderators still read (and may delete) it. */
  held?: boolean;
  /** Removed by a moderator (not its author, not held) within RESTORE_DAYS. */
  restorable?: boolean;
  group: GroupAccess;
}

function postDecision(viewer: Viewer, post: PostFacts, action: string): Decision {
  const author = viewer !== null && viewer.id === post.authorId;
  const moderator = can(post.group, viewer, 'moderate');
  const reviewing = post.held === true && (author || moderator) && (action === 'read' || action === 'delete');
  if (action === 'restore') return post.deleted && post.restorable === true && moderator ? 'allow' : 'hidden';
  if ((post.deleted && !reviewing) || !can(post.group, viewer, 'read')) return 'hidden';
  // Moderators keep moderating what a member hid from them by blocking.
  if (action === 'delete') return author || moderator ? 'allow' : post.authorHidden ? 'hidden' : 'forbidden';
  if (action === 'pin') return moderator ? 'allow' : post.authorHidden ? 'hidden' : 'forbidden';
  if (post.authorHidden) return 'hidden';
  switch (action) {
    case 'read':
      return 'allow';
    case 'like':
      return viewer ? 'allow' : 'forbidden';
    case 'comment':
      return can(post.group, viewer, 'post') ? 'allow' : 'forbidden';
    case 'edit':
      return author ? 'allow' : 'forbidden';
  }
  return 'forbidden';
}

export interface CommentFacts {
  authorId: number;
  authorHidden: boolean;
  /** Withdrawn: deleted, or held by the keyword filter (then `held` too). */
  deleted: boolean;
  held?: boolean;
  restorable?: boolean;
  postId: number;
  post: PostFacts;
}

function commentDecision(viewer: Viewer, comment: CommentFacts, action: string): Decision {
  const post = comment.post;
  const author = viewer !== null && viewer.id === comment.authorId;
  // A held comment is read (and deleted) by its author and the post's moderators only, as a held post is.
  const reviewing = comment.held === true && (author || can(post.group, viewer, 'moderate')) && (action === 'read' || action === 'delete');
  if (action === 'restore') return comment.deleted && comment.restorable === true && !post.deleted && can(post.group, viewer, 'moderate') ? 'allow' : 'hidden';
  if ((comment.deleted && !reviewing) || post.deleted || !can(post.group, viewer, 'read')) return 'hidden';
  const hidden = comment.authorHidden || post.authorHidden;
  if (action === 'delete') return author || can(post.group, viewer, 'moderate') ? 'allow' : hidden ? 'hidden' : 'forbidden';
  if (hidden) return 'hidden';
  switch (action) {
    case 'read':
      return 'allow';
    case 'like':
      return viewer ? 'allow' : 'forbidden';
    case 'reply':
      return can(post.group, viewer, 'post') ? 'allow' : 'forbidden';
    case 'edit':
      return author ? 'allow' : 'forbidden';
  }
  return 'forbidden';
}

/** An activity row read with its group's facts, the viewer's role there and the block state, as in the repositories' viewer-context queries. */
export interface ActivityWithGroupFacts {
  id: number;
  group_id: number | null;
  organizer_id: number;
  status: string;
  group_visibility: 'public' | 'private' | null;
  group_join_policy: 'open' | 'approval' | null;
  viewer_role: GroupRole | null;
  /** The viewer and the organizer have blocked each other, either way. */
  hidden: boolean;
  /** It has begun (loaded for album decisions). */
  started?: boolean;
  /** The viewer holds a confirmed seat (loaded for album decisions). */
  viewer_participated?: boolean;
  /** Its group was removed by operators: the activity went with it. */
  group_removed?: boolean;
}

export interface ActivityAccess {
  activityId: number;
  canView: boolean;
  canManage: boolean;
}

/**
 * The viewer's access to an activity from the facts read with it: organizers
 * and the group's admins manage it; anyone who may read its group sees it once
 * published, unless they and the organizer have blocked each other.
 */
export function activityAccessFromRow(viewer: Viewer, row: ActivityWithGroupFacts): ActivityAccess {
  if (row.group_removed) return { activityId: row.id, canManage: false, canView: false };
  const group =
    row.group_id !== null && row.group_visibility !== null && row.group_join_policy !== null
      ? { groupId: row.group_id, visibility: row.group_visibility, joinPolicy: row.group_join_policy, role: row.viewer_role }
      : undefined;
  const canManage = viewer !== null && (row.organizer_id === viewer.id || isStaff(viewer) || (group !== undefined && can(group, viewer, 'moderate')));
  const groupReadable = row.group_id === null || (group !== undefined && can(group, viewer, 'read'));
  return { activityId: row.id, canManage, canView: canManage || (row.status !== 'draft' && groupReadable && !row.hidden) };
}

function activityDecision(viewer: Viewer, row: ActivityWithGroupFacts, action: string): Decision {
  const access = activityAccessFromRow(viewer, row);
  if (!access.canView) return 'hidden';
  if (action === 'read') return 'allow';
  if (action === 'register') return row.hidden ? 'hidden' : viewer ? 'allow' : 'forbidden';
  if (action === 'album' || action === 'wentWith') return row.hidden && !access.canManage ? 'hidden' : row.started && (access.canManage || row.viewer_participated) ? 'allow' : 'forbidden';
  return access.canManage ? 'allow' : 'forbidden';
}

export interface MemberFacts {
  hidden: boolean;
  /** The member's privacy settings and their tie to the viewer, for the actions that depend on them. */
  privacy?: MemberPrivacyFacts;
}

export interface MemberPrivacyFacts {
  self: boolean;
  /** Each follows the other. */
  friend: boolean;
  groups: Audience;
  activities: Audience;
  follows: Audience;
  invites: 'everyone' | 'friends' | 'nobody';
}

/** Actions on a member that their privacy settings decide. */
const privacyActions = new Set(['groups', 'activities', 'follows', 'invite']);

function memberDecision(viewer: Viewer, member: MemberFacts, action: string): Decision {
  if (action === 'report') return viewer ? 'allow' : 'forbidden';
  if (member.hidden) return 'hidden';
  if (action === 'read') return 'allow';
  if (!privacyActions.has(action)) return viewer ? 'allow' : 'forbidden';
  const privacy = member.privacy;
  if (!privacy) throw new Error(`member.${action} needs the member's privacy facts`);
  if (action === 'invite') {
    if (!viewer || privacy.self) return 'forbidden';
    return privacy.invites === 'everyone' || (privacy.invites === 'friends' && privacy.friend) ? 'allow' : 'forbidden';
  }
  // A section of the profile: anyone (signed out too) when shown to everyone.
  const audience = privacy[action as 'groups' | 'activities' | 'follows'];
  return privacy.self || audience === 'everyone' || (audience === 'friends' && privacy.friend) ? 'allow' : 'forbidden';
}

interface OwnedFacts {
  ownerId: number;
  hidden: boolean;
}

function companionRequestDecision(viewer: Viewer, request: OwnedFacts & { held: boolean }, action: string): Decision {
  if (!viewer) return 'hidden';
  const mine = request.ownerId === viewer.id;
  // Held by the keyword filter: its author's alone (and staff's) until let through.
  if (request.held && !mine && !isStaff(viewer)) return 'hidden';
  if (action === 'report') return 'allow';
  if (request.hidden) return 'hidden';
  if (action === 'manage') return mine || isStaff(viewer) ? 'allow' : 'forbidden';
  if (action === 'apply') return mine ? 'forbidden' : 'allow';
  return 'allow';
}

interface PairFacts {
  members: [number, number];
  hidden: boolean;
}

function pairDecision(viewer: Viewer, pair: PairFacts): Decision {
  return viewer && pair.members.includes(viewer.id) && !pair.hidden ? 'allow' : 'hidden';
}

function conversationDecision(viewer: Viewer, conversation: PairFacts & { closed: boolean }, action: string): Decision {
  const decision = pairDecision(viewer, conversation);
  return decision === 'allow' && action === 'send' && conversation.closed ? 'forbidden' : decision;
}

export interface RoomFacts {
  open: boolean;
  /** The activity's facts with the viewer's registration status, for an activity's room. */
  activity: (ActivityWithGroupFacts & { viewer_status: string | null; ended_long_ago: boolean }) | null;
  /** The group's facts, for a group's room. */
  group: GroupAccess | null;
  muted: boolean;
}

function roomDecision(viewer: Viewer, room: RoomFacts, action: string): Decision {
  if (!viewer) return 'hidden';
  let moderator: boolean;
  let member: boolean;
  let waiting = false;
  let writable = room.open;
  if (room.activity) {
    const access = activityAccessFromRow(viewer, room.activity);
    if (!access.canView) return 'hidden';
    moderator = access.canManage;
    member = moderator || room.activity.viewer_status === 'confirmed';
    waiting = ['waitlisted', 'pending_approval', 'awaiting_payment'].includes(room.activity.viewer_status ?? '');
    writable = !room.activity.ended_long_ago;
  } else {
    const group = room.group!;
    if (!can(group, viewer, 'read')) return 'hidden';
    moderator = can(group, viewer, 'moderate');
    // A closed room keeps its history for its members to read; nobody writes in it.
    member = group.role !== null || isStaff(viewer);
  }
  if (isStaff(viewer)) moderator = true;
  switch (action) {
    case 'moderate':
      return moderator ? 'allow' : 'forbidden';
    case 'pinned':
      return member || moderator || waiting ? 'allow' : 'forbidden';
    case 'send':
      return (member || moderator) && writable && !room.muted ? 'allow' : 'forbidden';
    default:
      return member || moderator ? 'allow' : 'forbidden';
  }
}

/**
 * Of these members, the ones `room.read` allows in each of these rooms, in one
 * statement: the set form of roomDecision, for delivering rooms' messages to
 * the members connected to an instance (operators, who may read any room, are
 * not in it). Tested to agree with room.read.
 */
export async function roomReaders(db: Db, roomIds: readonly number[], userIds: readonly number[]): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(roomIds.map((id) => [id, []]));
  if (userIds.length === 0 || roomIds.length === 0) return result;
  const { rows } = await sql<{ room_id: number; id: number }>`
    select r.id as room_id, u.id from rooms r
    cross join unnest(${[...userIds]}::bigint[]) as u (id)
    left join activities a on a.id = r.activity_id
    left join groups g on g.id = coalesce(r.group_id, a.group_id)
    left join group_members gm on gm.group_id = g.id and gm.user_id = u.id
    where r.id = any(${[...new Set(roomIds)]}::bigint[])
      and (g.id is null or g.removed_at is null)
      and case when r.activity_id is not null then
        a.organizer_id = u.id
        or gm.role in ('owner', 'admin')
        or (a.status <> 'draft'
          and (a.group_id is null or g.visibility = 'public' or gm.user_id is not null)
          and exists (select 1 from registrations reg where reg.activity_id = a.id and reg.user_id = u.id and reg.status = 'confirmed')
          and not exists (select 1 from blocks b where (b.blocker_id = u.id and b.blocked_id = a.organizer_id) or (b.blocker_id = a.organizer_id and b.blocked_id = u.id)))
      else gm.user_id is not null end`.execute(db);
  for (const row of rows) result.get(row.room_id)?.push(row.id);
  return result;
}

function paymentDecision(viewer: Viewer, payment: { payerId: number }): Decision {
  return viewer !== null && (viewer.id === payment.payerId || viewer.role === 'operator') ? 'allow' : 'hidden';
}

async function loadPaymentFacts(db: Db, ids: readonly number[]): Promise<Map<number, { payerId: number }>> {
  const rows = await db.selectFrom('payments').select(['id', 'user_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { payerId: r.user_id }]));
}

// ---- Loading facts, one statement per kind ----

/** SQL: the members suspended or banned now, read once per statement (users_suspended_idx). */
const suspendedNowSql = sql<number[]>`array(select s.id from users s where s.suspended_until > now())`;

/** SQL condition: the member in `column` is not suspended now (for lists that do not hide blocked members). */
export function notSuspendedSql(column: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} <> all(${suspendedNowSql})`;
}

/**
 * SQL condition: the member in `column` and the viewer have blocked each
 * other, either way, or the member is suspended: either hides them and
 * their content from the viewer.
 */
export function blockedEitherWaySql(viewerId: number, column: string): RawBuilder<boolean> {
  const other = sql.ref(column);
  return sql<boolean>`(exists (select 1 from blocks b where (b.blocker_id = ${viewerId} and b.blocked_id = ${other}) or (b.blocked_id = ${viewerId} and b.blocker_id = ${other}))
    or ${other} = any(${suspendedNowSql}))`;
}

/** SQL condition: the member in `column` and the viewer have not blocked each other (for candidate queries). */
export function notBlockedSql(viewerId: number, column: string): RawBuilder<boolean> {
  return sql<boolean>`not ${blockedEitherWaySql(viewerId, column)}`;
}

/**
 * The same condition for scans over many rows: the viewer's blocks (and the
 * members suspended now) are read once for the statement rather than probed
 * for each row.
 */
export function notBlockedScanSql(viewerId: number, column: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} <> all (array(select b.blocked_id from blocks b where b.blocker_id = ${viewerId}
    union all select b.blocker_id from blocks b where b.blocked_id = ${viewerId}
    union all select s.id from users s where s.suspended_until > now()))`;
}

/** Access facts for many groups at once (one query), for lists and feeds. */
export async function loadGroupAccess(db: Db, viewer: Viewer, groupIds: readonly number[]): Promise<Map<number, GroupAccess>> {
  const result = new Map<number, GroupAccess>();
  if (groupIds.length === 0) return result;
  const viewerId = viewer?.id ?? 0;
  const rows = await db
    .selectFrom('groups')
    .leftJoin('group_members', (join) => join.onRef('group_members.group_id', '=', 'groups.id').on('group_members.user_id', '=', viewerId))
    .select(['groups.id', 'groups.visibility', 'groups.join_policy', 'groups.removed_at', 'groups.held_at', 'group_members.role', blockedEitherWaySql(viewerId, 'groups.owner_id').as('owner_hidden')])
    .where('groups.id', 'in', [...new Set(groupIds)])
    .execute();
  for (const row of rows) {
    result.set(row.id, { groupId: row.id, visibility: row.visibility, joinPolicy: row.join_policy, role: row.role ?? null, ownerHidden: row.owner_hidden, removed: row.removed_at !== null, held: row.held_at !== null });
  }
  return result;
}

/** How long a moderator's removal of a post or comment can be undone; its photos are kept until then. */
export const RESTORE_DAYS = 30;

/** The post or comment read as `alias` was removed by a moderator, not held, within RESTORE_DAYS. */
const restorableSql = (alias: 'p' | 'c') =>
  sql<boolean>`(${sql.ref(`${alias}.removed_by`)} is not null and ${sql.ref(`${alias}.held_at`)} is null and ${sql.ref(`${alias}.deleted_at`)} > now() - make_interval(days => ${RESTORE_DAYS}))`;

/** Access facts of posts (deleted ones included), by id. */
export async function loadPostFacts(db: Db, viewerId: number, ids: readonly number[]): Promise<Map<number, PostFacts>> {
  const rows = await db
    .selectFrom('posts as p')
    .innerJoin('groups as g', 'g.id', 'p.group_id')
    .leftJoin('group_members as gm', (join) => join.onRef('gm.group_id', '=', 'p.group_id').on('gm.user_id', '=', viewerId))
    .select(['p.id', 'p.author_id', 'p.deleted_at', 'p.held_at', 'p.group_id', 'g.visibility', 'g.join_policy', 'g.removed_at', 'gm.role', blockedEitherWaySql(viewerId, 'p.author_id').as('hidden'), restorableSql('p').as('restorable')])
    .where('p.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        authorId: r.author_id,
        authorHidden: r.hidden,
        deleted: r.deleted_at !== null,
        held: r.held_at !== null,
        restorable: r.restorable,
        group: { groupId: r.group_id, visibility: r.visibility, joinPolicy: r.join_policy, role: r.role ?? null, removed: r.removed_at !== null },
      },
    ]),
  );
}

/** Access facts of comments with their posts', by id. */
export async function loadCommentFacts(db: Db, viewerId: number, ids: readonly number[]): Promise<Map<number, CommentFacts>> {
  const rows = await db
    .selectFrom('comments as c')
    .select(['c.id', 'c.author_id', 'c.deleted_at', 'c.held_at', 'c.post_id', blockedEitherWaySql(viewerId, 'c.author_id').as('hidden'), restorableSql('c').as('restorable')])
    .where('c.id', 'in', ids)
    .execute();
  if (rows.length === 0) return new Map();
  const posts = await loadPostFacts(db, viewerId, [...new Set(rows.map((r) => r.post_id))]);
  return new Map(
    rows.map((r) => [
      r.id,
      { authorId: r.author_id, authorHidden: r.hidden, deleted: r.deleted_at !== null, held: r.held_at !== null, restorable: r.restorable, postId: r.post_id, post: posts.get(r.post_id)! },
    ]),
  );
}

/** Access facts of activities with their groups', by id. */
export async function loadActivityFacts(db: Db, viewerId: number, ids: readonly number[]): Promise<Map<number, ActivityWithGroupFacts>> {
  const rows = await db
    .selectFrom('activities as a')
    .leftJoin('groups as g', 'g.id', 'a.group_id')
    .leftJoin('group_members as gm', (join) => join.onRef('gm.group_id', '=', 'a.group_id').on('gm.user_id', '=', viewerId))
    .select([
      'a.id',
      'a.group_id',
      'a.organizer_id',
      'a.status',
      'g.visibility as group_visibility',
      'g.join_policy as group_join_policy',
      'gm.role as viewer_role',
      blockedEitherWaySql(viewerId, 'a.organizer_id').as('hidden'),
      sql<boolean>`g.removed_at is not null`.as('group_removed'),
      sql<boolean>`a.starts_at <= now()`.as('started'),
      sql<boolean>`exists (select 1 from registrations r where r.activity_id = a.id and r.user_id = ${viewerId} and r.status = 'confirmed')`.as('viewer_participated'),
    ])
    .where('a.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** The member read as `u` is missing for the viewer: their account is deleted, or a block or suspension hides them. */
const memberHidden = (viewerId: number) => sql<boolean>`u.deleted_at is not null or ${blockedEitherWaySql(viewerId, 'u.id')}`.as('hidden');

/** A member's access facts with their privacy settings, as SQL columns of a query reading their row as `u` (decided with memberFactsOf). */
export function memberFactsColumns(viewerId: number) {
  return [
    memberHidden(viewerId),
    sql<Audience>`u.show_groups`.as('show_groups'),
    sql<Audience>`u.show_activities`.as('show_activities'),
    sql<Audience>`u.show_follows`.as('show_follows'),
    sql<MemberPrivacyFacts['invites']>`u.allow_invites`.as('allow_invites'),
    friendsSql(viewerId, 'u.id').as('friend'),
  ] as const;
}

type MemberFactsRow = { id: number; hidden: boolean; show_groups: Audience; show_activities: Audience; show_follows: Audience; allow_invites: MemberPrivacyFacts['invites']; friend: boolean };

/** The facts memberFactsColumns read. */
export function memberFactsOf(viewerId: number, r: MemberFactsRow): MemberFacts {
  return {
    hidden: r.hidden,
    privacy: { self: r.id === viewerId, friend: r.friend, groups: r.show_groups, activities: r.show_activities, follows: r.show_follows, invites: r.allow_invites },
  };
}

async function loadMemberFacts(db: Db, viewerId: number, ids: number[], withPrivacy: boolean): Promise<Map<number, MemberFacts>> {
  if (!withPrivacy) {
    const rows = await db.selectFrom('users as u').select(['u.id', memberHidden(viewerId)]).where('u.id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { hidden: r.hidden }]));
  }
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', ...memberFactsColumns(viewerId)])
    .where('u.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, memberFactsOf(viewerId, r)]));
}

/** A member's facts with their privacy settings, for deciding several of their sections at once with `allows`. */
export async function memberPrivacyFacts(db: Db, viewer: Viewer, userId: number): Promise<MemberFacts | undefined> {
  return (await loadMemberFacts(db, viewer?.id ?? 0, [userId], true)).get(userId);
}

/** SQL condition: the viewer and the member in `column` follow each other (friends). */
export function friendsSql(viewerId: number, column: string): RawBuilder<boolean> {
  const other = sql.ref(column);
  return sql<boolean>`(exists (select 1 from follows f where f.follower_id = ${viewerId} and f.followee_id = ${other} and f.status = 'active')
    and exists (select 1 from follows f where f.follower_id = ${other} and f.followee_id = ${viewerId} and f.status = 'active'))`;
}

async function loadCompanionRequestFacts(db: Db, viewerId: number, ids: number[]): Promise<Map<number, OwnedFacts & { held: boolean }>> {
  const rows = await db
    .selectFrom('companion_requests as r')
    .select(['r.id', 'r.author_id', 'r.held_at', blockedEitherWaySql(viewerId, 'r.author_id').as('hidden')])
    .where('r.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { ownerId: r.author_id, hidden: r.hidden, held: r.held_at !== null }]));
}

async function loadInviteFacts(db: Db, viewerId: number, ids: number[]): Promise<Map<number, PairFacts>> {
  const rows = await db
    .selectFrom('companion_invites as i')
    .select(['i.id', 'i.from_id', 'i.to_id', sql<boolean>`${blockedEitherWaySql(viewerId, 'i.from_id')} or ${blockedEitherWaySql(viewerId, 'i.to_id')}`.as('hidden')])
    .where('i.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { members: [r.from_id, r.to_id], hidden: r.hidden }]));
}

async function loadConversationFacts(db: Db, viewerId: number, ids: number[]): Promise<Map<number, PairFacts & { closed: boolean }>> {
  const rows = await db
    .selectFrom('conversations as c')
    .select([
      'c.id',
      'c.user_low',
      'c.user_high',
      sql<boolean>`${blockedEitherWaySql(viewerId, 'c.user_low')} or ${blockedEitherWaySql(viewerId, 'c.user_high')}`.as('hidden'),
      sql<boolean>`exists (select 1 from users u where u.id in (c.user_low, c.user_high) and u.deleted_at is not null)`.as('closed'),
    ])
    .where('c.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { members: [r.user_low, r.user_high], hidden: r.hidden, closed: r.closed }]));
}

/** Rooms with their activity's or group's facts, the viewer's registration and whether they are muted there. */
export async function loadRoomFacts(db: Db, viewer: Viewer, ids: readonly number[]): Promise<Map<number, RoomFacts>> {
  if (ids.length === 0) return new Map();
  const viewerId = viewer?.id ?? 0;
  const rooms = await db
    .selectFrom('rooms as r')
    .select([
      'r.id',
      'r.activity_id',
      'r.group_id',
      'r.open',
      sql<boolean>`exists (select 1 from room_mutes m where m.room_id = r.id and m.user_id = ${viewerId} and m.until > now())`.as('muted'),
    ])
    .where('r.id', 'in', ids)
    .execute();
  const activityIds = rooms.flatMap((r) => (r.activity_id === null ? [] : [r.activity_id]));
  const [activities, groups, statuses] = await Promise.all([
    activityIds.length ? loadActivityFacts(db, viewerId, activityIds) : new Map<number, ActivityWithGroupFacts>(),
    loadGroupAccess(db, viewer, rooms.flatMap((r) => (r.group_id === null ? [] : [r.group_id]))),
    activityIds.length
      ? db
          .selectFrom('activities as a')
          .leftJoin('registrations as reg', (join) =>
            join.onRef('reg.activity_id', '=', 'a.id').on('reg.user_id', '=', viewerId).on('reg.status', 'in', ['confirmed', 'waitlisted', 'pending_approval', 'awaiting_payment']),
          )
          .select(['a.id', 'reg.status', sql<boolean>`a.ends_at < now() - interval '7 days'`.as('ended_long_ago')])
          .where('a.id', 'in', activityIds)
          .execute()
      : [],
  ]);
  const statusOf = new Map(statuses.map((s) => [s.id, s]));
  const result = new Map<number, RoomFacts>();
  for (const r of rooms) {
    const activity = r.activity_id === null ? undefined : activities.get(r.activity_id);
    const status = r.activity_id === null ? undefined : statusOf.get(r.activity_id);
    result.set(r.id, {
      open: r.open,
      muted: r.muted,
      activity: activity ? { ...activity, viewer_status: status?.status ?? null, ended_long_ago: status?.ended_long_ago ?? false } : null,
      group: r.group_id === null ? null : (groups.get(r.group_id) ?? null),
    });
    if (r.activity_id !== null && !activity) result.delete(r.id);
    if (r.group_id !== null && !groups.has(r.group_id)) result.delete(r.id);
  }
  return result;
}

/** An upload: the place using it decides who may see it; used nowhere, it is its owner's alone. */
export interface MediaFacts {
  ownerId: number;
  useKind: MediaUseKind | null;
  useId: number | null;
}

/** Who may see a photo is who may read the place that uses it. */
const mediaUsePermission: Record<MediaUseKind, Permission> = {
  post: 'post.read',
  comment: 'comment.read',
  avatar: 'member.read',
  group_cover: 'group.view',
  activity_cover: 'activity.read',
  activity_album: 'activity.read',
  conversation: 'conversation.read',
  // A companion card is shown to members who may contact its owner.
  companion_card: 'member.interact',
  room: 'room.read',
};

/** Who, besides its owner and operators, may remove a photo from its place: who moderates the place. */
const mediaModeratePermission: Partial<Record<MediaUseKind, Permission>> = {
  post: 'post.delete',
  comment: 'comment.delete',
  activity_album: 'activity.manage',
  room: 'room.moderate',
};

async function loadMediaFacts(db: Db, ids: readonly number[]): Promise<Map<number, MediaFacts>> {
  const rows = await db.selectFrom('media').select(['id', 'owner_id', 'use_kind', 'use_id']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { ownerId: r.owner_id, useKind: r.use_kind, useId: r.use_id }]));
}

/**
 * Photos' decisions: who may see one is its owner for an unused upload, else
 * whoever may read its place (one statement per kind of place); of those, its
 * owner and operators may remove it.
 */
async function mediaDecisions(db: Db, viewer: Viewer, facts: Map<number, MediaFacts>, action: string): Promise<Map<number, Decision>> {
  const decisions = new Map<number, Decision>();
  const placesByPermission = new Map<Permission, number[]>();
  for (const [id, f] of facts) {
    if (f.useKind === null || f.useId === null) decisions.set(id, viewer !== null && viewer.id === f.ownerId ? 'allow' : 'hidden');
    else {
      const permission = mediaUsePermission[f.useKind];
      placesByPermission.set(permission, [...(placesByPermission.get(permission) ?? []), f.useId]);
    }
  }
  for (const [permission, places] of placesByPermission) {
    const placeDecisions = await decide(db, viewer, permission, [...new Set(places)]);
    for (const [id, f] of facts) {
      if (f.useKind && mediaUsePermission[f.useKind] === permission) decisions.set(id, placeDecisions.get(f.useId!) === 'allow' ? 'allow' : 'hidden');
    }
  }
  if (action === 'remove') {
    const moderated = [...facts].filter(([id, f]) => decisions.get(id) === 'allow' && viewer?.id !== f.ownerId && !isStaff(viewer));
    for (const [id, f] of moderated) {
      const permission = f.useKind ? mediaModeratePermission[f.useKind] : undefined;
      const allowed = permission !== undefined && (await decide(db, viewer, permission, [f.useId!])).get(f.useId!) === 'allow';
      if (!allowed) decisions.set(id, 'forbidden');
    }
  }
  return decisions;
}

/**
 * Whether the viewer may fetch this photo (404 when not), and whether anyone
 * at all may (signed in or not), which makes its files cacheable by shared caches.
 */
export async function requireMediaAccess(db: Db, viewer: Viewer, id: number, facts: MediaFacts): Promise<{ public: boolean }> {
  const one = new Map([[id, facts]]);
  const [mine, anyone] = await Promise.all([mediaDecisions(db, viewer, one, 'read'), viewer ? mediaDecisions(db, null, one, 'read') : null]);
  if (mine.get(id) !== 'allow') throw new NotFoundError('photo');
  return { public: (anyone ?? mine).get(id) === 'allow' };
}

/** Decisions for many ids of one kind of resource, in one statement. */
async function decide(db: Db, viewer: Viewer, permission: Permission, ids: number[]): Promise<Map<number, Decision>> {
  const [family, action] = permission.split('.') as [Family, string];
  const viewerId = viewer?.id ?? 0;
  const decisions = new Map<number, Decision>();
  const each = <F>(facts: Map<number, F>, rule: (f: F) => Decision) => {
    for (const [id, f] of facts) decisions.set(id, rule(f));
  };
  switch (family) {
    case 'group':
      each(await loadGroupAccess(db, viewer, ids), (g) => groupDecision(viewer, g, action as GroupAction));
      break;
    case 'post':
      each(await loadPostFacts(db, viewerId, ids), (p) => postDecision(viewer, p, action));
      break;
    case 'comment':
      each(await loadCommentFacts(db, viewerId, ids), (c) => commentDecision(viewer, c, action));
      break;
    case 'activity':
      each(await loadActivityFacts(db, viewerId, ids), (a) => activityDecision(viewer, a, action));
      break;
    case 'member':
      each(await loadMemberFacts(db, viewerId, ids, privacyActions.has(action)), (m) => memberDecision(viewer, m, action));
      break;
    case 'companionRequest':
      each(await loadCompanionRequestFacts(db, viewerId, ids), (r) => companionRequestDecision(viewer, r, action));
      break;
    case 'invite':
      each(await loadInviteFacts(db, viewerId, ids), (i) => pairDecision(viewer, i));
      break;
    case 'conversation':
      each(await loadConversationFacts(db, viewerId, ids), (c) => conversationDecision(viewer, c, action));
      break;
    case 'media':
      return mediaDecisions(db, viewer, await loadMediaFacts(db, ids), action);
    case 'room':
      each(await loadRoomFacts(db, viewer, ids), (r) => roomDecision(viewer, r, action));
      break;
    case 'payment':
      each(await loadPaymentFacts(db, ids), (p) => paymentDecision(viewer, p));
      break;
  }
  return decisions;
}

const resourceNames: Record<Family, string> = {
  group: 'group',
  post: 'post',
  comment: 'comment',
  activity: 'activity',
  member: 'member',
  companionRequest: 'companion request',
  invite: 'invite',
  conversation: 'conversation',
  media: 'photo',
  room: 'room',
  payment: 'payment',
};

/** Of these ids, the ones the viewer may use with this permission (missing ids are not allowed). */
export async function checkAccess(db: Db, viewer: Viewer, permission: Permission, ids: readonly number[]): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const decisions = await decide(db, viewer, permission, unique);
  return new Set(unique.filter((id) => decisions.get(id) === 'allow'));
}

/**
 * Throws unless the viewer may use every one of these ids with this
 * permission: 404 for what they may not see (or that does not exist), 403 for
 * what they see but may not do. Pass a transaction to decide on the rows the
 * write will change (with their locks taken first).
 */
export async function requireAccess(db: Db, viewer: Viewer, permission: Permission, ids: number | readonly number[]): Promise<void> {
  const unique = [...new Set(typeof ids === 'number' ? [ids] : ids)];
  if (unique.length === 0) return;
  const decisions = await decide(db, viewer, permission, unique);
  const family = permission.split('.')[0] as Family;
  for (const id of unique) {
    const decision = decisions.get(id) ?? 'hidden';
    if (decision === 'hidden') throw new NotFoundError(resourceNames[family]);
    if (decision === 'forbidden') throw new ForbiddenError();
  }
}

/**
 * The console: moderators `moderate` (reports, content, warnings,
 * suspensions for a period); operators also `operate` (bans, roles, the
 * audit log, failed jobs). Anonymous callers are asked to sign in, anyone
 * else is refused.
 */
export function requireStaff(viewer: Viewer, action: 'moderate' | 'operate'): asserts viewer is NonNullable<Viewer> {
  if (!viewer) throw new UnauthenticatedError();
  const allowed = viewer.role === 'operator' || (action === 'moderate' && viewer.role === 'moderator');
  if (!allowed) throw new ForbiddenError(action === 'operate' ? 'Only operators may do this.' : 'Only moderators and operators may do this.');
}

/** The viewer's group facts for one group, checked for an action (404 unseen, 403 not allowed). */
export async function requireGroupAccess(db: Db, viewer: Viewer, groupId: number, action: GroupAction): Promise<GroupAccess> {
  const access = (await loadGroupAccess(db, viewer, [groupId])).get(groupId);
  const decision = access ? groupDecision(viewer, access, action) : 'hidden';
  if (decision === 'hidden') throw new NotFoundError('group');
  if (decision === 'forbidden') throw new ForbiddenError();
  return access!;
}

interface FactsOf {
  group: GroupAccess;
  post: PostFacts;
  comment: CommentFacts;
  activity: ActivityWithGroupFacts;
  member: MemberFacts;
  room: RoomFacts;
}
type FactPermission = Extract<Permission, `${keyof FactsOf}.${string}`>;
type FamilyOf<P extends FactPermission> = P extends `${infer F extends keyof FactsOf}.${string}` ? F : never;

function decideOnFacts(viewer: Viewer, permission: FactPermission, facts: FactsOf[keyof FactsOf]): Decision {
  const [family, action] = permission.split('.') as [keyof FactsOf, string];
  switch (family) {
    case 'group':
      return groupDecision(viewer, facts as GroupAccess, action as GroupAction);
    case 'post':
      return postDecision(viewer, facts as PostFacts, action);
    case 'comment':
      return commentDecision(viewer, facts as CommentFacts, action);
    case 'activity':
      return activityDecision(viewer, facts as ActivityWithGroupFacts, action);
    case 'member':
      return memberDecision(viewer, facts as MemberFacts, action);
    case 'room':
      return roomDecision(viewer, facts as RoomFacts, action);
  }
}

/** Whether the viewer may do this, from facts a query read with its rows (the hot lists and pages). */
export function allows<P extends FactPermission>(viewer: Viewer, permission: P, facts: FactsOf[FamilyOf<P>]): boolean {
  return decideOnFacts(viewer, permission, facts) === 'allow';
}

/** As requireAccess, on facts a query read with the row (undefined: the row does not exist). */
export function requireAccessOnFacts<P extends FactPermission, F extends FactsOf[FamilyOf<P>]>(viewer: Viewer, permission: P, facts: F | undefined): asserts facts is F {
  const decision = facts ? decideOnFacts(viewer, permission, facts) : 'hidden';
  if (decision === 'hidden') throw new NotFoundError(resourceNames[permission.split('.')[0] as Family]);
  if (decision === 'forbidden') throw new ForbiddenError();
}
