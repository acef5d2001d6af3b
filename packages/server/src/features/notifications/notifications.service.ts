import {
  notificationKinds,
  unmutableCategories,
  type Notification,
  type NotificationCategory,
  type NotificationKind,
  type NotificationSettings,
  type NotificationSubject,
  type UpdateNotificationSettingsBody,
} from '@kindred/contract';
import { checkAccess, requireAccess, type Permission } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import { NotFoundError } from '../../errors.js';
import { publishWithin } from '../../events/bus.js';
import { totalUnreadIn } from '../chat/chat.repository.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import * as repo from './notifications.repository.js';

type SubjectKind = NotificationSubject['kind'];
type Row = Awaited<ReturnType<typeof repo.notificationsByIds>>[number];

const categoryOfKind = new Map<string, NotificationCategory>(
  Object.entries(notificationKinds).flatMap(([category, kinds]) => kinds.map((kind) => [kind, category as NotificationCategory] as const)),
);
const categories = Object.keys(notificationKinds) as NotificationCategory[];

/** The badge counts at most this many; the web app shows "99+". */
export const UNREAD_CAP = 99;
/** Read notifications are kept this long, unread ones a little longer. */
const KEEP_READ_MS = 90 * 24 * 3600_000;
const KEEP_MS = 180 * 24 * 3600_000;
const PRUNE_EVERY_MS = 6 * 3600_000;
/** A chat message unread this long after it arrived becomes a notification. */
export const CHAT_AWAY_MS = 2 * 60_000;

export interface NotifyInput {
  kind: NotificationKind;
  /** Who did it: never told of their own act, and no one they blocked (or who blocked them) hears of it. */
  actorId?: number | null;
  subject?: { kind: SubjectKind; id: number } | null;
  /** The group it happens in: members who muted it don't hear. */
  groupId?: number | null;
  /** Shown with it; `title` is the subject's title. */
  data?: Record<string, unknown>;
  /** One row per member and key, growing with each actor (likes, comments on a post, a chat's unread messages). */
  groupKey?: string | null;
}

/**
 * Tells these members, each who wants to hear it (see insertNotifications),
 * and delivers it live to every device they have connected on any instance:
 * inside a transaction, when it commits.
 */
export async function notify(db: Db, userIds: readonly number[], input: NotifyInput) {
  const actorId = input.actorId ?? null;
  const users = [...new Set(userIds)].filter((id) => id !== actorId);
  if (users.length === 0) return;
  const category = categoryOfKind.get(input.kind)!;
  const mutable = !unmutableCategories.includes(category);
  const rows = await repo.insertNotifications(db, users, {
    kind: input.kind,
    payload: input.data ?? {},
    subjectKind: input.subject?.kind ?? null,
    subjectId: input.subject?.id ?? null,
    // What can't be muted isn't muted with its group either.
    groupId: mutable ? (input.groupId ?? null) : null,
    actorId,
    groupKey: input.groupKey ?? null,
    category: mutable ? category : null,
  });
  if (rows.length > 0) await publishWithin(db, rows.map((r) => r.user_id), { type: 'notification', ids: rows.map((r) => r.id) });
}

/**
 * Takes back what is no longer true: "you're confirmed" once the place is given up, say. The members'
 * other devices hear their new unread count when it commits.
 */
export async function withdrawNotifications(db: Db, userIds: readonly number[], kinds: NotificationKind[], subject: { kind: SubjectKind; id: number }) {
  if (userIds.length === 0) return;
  const unreadGone = await repo.deleteAbout(db, [...new Set(userIds)], kinds, subject);
  if (unreadGone.length > 0) await publishWithin(db, unreadGone, { type: 'unread' });
}

// ---- Reading ----

const subjectPermission: Record<SubjectKind, Permission> = {
  post: 'post.read',
  comment: 'comment.read',
  activity: 'activity.read',
  group: 'group.view',
  member: 'member.read',
  invite: 'invite.read',
  conversation: 'conversation.read',
  room: 'room.read',
};

/**
 * The rows the viewer may still see, each with the actors they may see: a
 * notification about a post in a group they left, a deleted comment or a
 * member either has blocked since is left out (access decides, as everywhere).
 */
async function visible(db: Db, viewer: SignedInViewer, rows: Row[]) {
  const bySubject = new Map<SubjectKind, number[]>();
  for (const r of rows) if (r.subject_kind) (bySubject.get(r.subject_kind as SubjectKind) ?? bySubject.set(r.subject_kind as SubjectKind, []).get(r.subject_kind as SubjectKind)!).push(r.subject_id!);
  const allowed = new Map<SubjectKind, Set<number>>();
  for (const [kind, ids] of bySubject) allowed.set(kind, await checkAccess(db, viewer, subjectPermission[kind], ids));
  const actors = await checkAccess(db, viewer, 'member.read', rows.flatMap((r) => r.actor_ids));
  return rows.flatMap((row) => {
    if (row.subject_kind && !allowed.get(row.subject_kind as SubjectKind)?.has(row.subject_id!)) return [];
    const shown = row.actor_ids.filter((id) => actors.has(id));
    if (row.actor_ids.length > 0 && shown.length === 0) return [];
    return [{ row, actorIds: shown, actorCount: row.actor_count - (row.actor_ids.length - shown.length) }];
  });
}

/** Where the notification leads in the web app. */
function linkOf(kind: string, subject: NotificationSubject | null, data: Record<string, unknown>, actorName: string | undefined): string {
  if (!subject) return '/notifications';
  switch (subject.kind) {
    case 'post':
      return typeof data.commentId === 'number' ? `/posts/${subject.id}#comment-${data.commentId}` : `/posts/${subject.id}`;
    case 'comment':
      return `/posts/${Number(data.postId)}#comment-${subject.id}`;
    case 'activity':
      if (kind === 'registration.pending') return `/activities/${subject.id}/manage`;
      if (kind === 'activity.recap' && typeof data.groupId === 'number') return `/groups/${data.groupId}/posts/new?recap=${subject.id}`;
      if (kind === 'activity.feedback') return `/activities/${subject.id}#feedback`;
      if (kind === 'series.paused' && typeof data.seriesId === 'number') return `/series/${data.seriesId}`;
      return `/activities/${subject.id}`;
    case 'group':
      return kind === 'group.join_request' ? `/groups/${subject.id}#join-requests` : `/groups/${subject.id}`;
    case 'member':
      return kind === 'follow.request' ? '/me#follow-requests' : actorName ? `/u/${actorName}` : '/notifications';
    case 'invite':
      return inviteLink(kind, subject.id, data);
    case 'conversation':
      return `/companions/chats/${subject.id}`;
    case 'room':
      return `/rooms/${subject.id}`;
  }
}

/**
 * Where a companion invite's notification leads: an acceptance into the chat it opened, an application
 * to the request's applications, a decline to the invites the sender has out, an invite to itself in the inbox.
 */
function inviteLink(kind: string, inviteId: number, data: Record<string, unknown>): string {
  if (kind === 'companion.accepted' && typeof data.conversationId === 'number') return `/companions/chats/${data.conversationId}`;
  if (kind === 'companion.application' && typeof data.requestId === 'number') return `/companions/requests/${data.requestId}#invite-${inviteId}`;
  if (kind === 'companion.declined' || kind === 'companion.accepted') return `/companions/inbox?box=outgoing#invite-${inviteId}`;
  return `/companions/inbox#invite-${inviteId}`;
}

async function present(db: Db, viewer: SignedInViewer, rows: Row[]): Promise<Notification[]> {
  const shown = await visible(db, viewer, rows);
  const people = await loadUserSummaries(db, shown.flatMap((s) => s.actorIds));
  return shown.map(({ row, actorIds, actorCount }) => {
    const data = row.payload;
    const subject: NotificationSubject | null = row.subject_kind
      ? { kind: row.subject_kind as SubjectKind, id: row.subject_id!, title: typeof data.title === 'string' ? data.title : '' }
      : null;
    const actors = actorIds.flatMap((id) => people.get(id) ?? []);
    return {
      id: row.id,
      kind: row.kind,
      category: categoryOfKind.get(row.kind) ?? 'activities',
      actors,
      actorCount,
      subject,
      data,
      link: linkOf(row.kind, subject, data, actors[0]?.username),
      read: row.read_at !== null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      readAt: row.read_at?.toISOString() ?? null,
    };
  });
}

async function mutedKinds(db: Db, userId: number): Promise<string[]> {
  const muted = await repo.mutedCategories(db, userId);
  return muted.flatMap((c) => notificationKinds[c as NotificationCategory] ?? []);
}

export async function listNotifications(db: Db, viewer: SignedInViewer, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? 20;
  const muted = await mutedKinds(db, viewer.id);
  const rows = await repo.listNotifications(db, viewer.id, muted, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.updated_cursor, r.id]);
  return { items: await present(db, viewer, page.rows), nextCursor: page.nextCursor, unread: await unreadCount(db, viewer) };
}

/** Unread notifications the member would see, up to UNREAD_CAP. */
export async function unreadCount(db: Db, viewer: SignedInViewer) {
  const rows = await repo.listNotifications(db, viewer.id, await mutedKinds(db, viewer.id), null, UNREAD_CAP, true);
  return (await visible(db, viewer, rows.slice(0, UNREAD_CAP))).length;
}

/** The member's notifications by id, as they see them (for live delivery). */
export async function loadNotifications(db: Db, viewer: SignedInViewer, ids: number[]) {
  return present(db, viewer, await repo.notificationsByIds(db, viewer.id, ids));
}

/** Marks one (or, with null, every) notification read; the member's other devices hear the new count. */
export async function markRead(ctx: AppContext, viewer: SignedInViewer, id: number | null) {
  const changed = await repo.markRead(ctx.db, viewer.id, id);
  if (id !== null && changed === 0 && !(await repo.notificationExists(ctx.db, viewer.id, id))) throw new NotFoundError('notification');
  if (changed > 0) await ctx.events.publish([viewer.id], { type: 'unread' });
}

/** Reading a conversation reads its "unread messages" notification too. */
export async function markConversationRead(ctx: AppContext, userId: number, conversationId: number) {
  if ((await repo.markGroupRead(ctx.db, userId, `chat:${conversationId}`)) > 0) await ctx.events.publish([userId], { type: 'unread' });
}

// ---- Preferences ----

export async function settings(db: Db, viewer: SignedInViewer): Promise<NotificationSettings> {
  const [muted, groups] = await Promise.all([repo.mutedCategories(db, viewer.id), repo.mutedGroups(db, viewer.id)]);
  return {
    categories: categories.map((category) => ({ category, muted: muted.includes(category), mutable: !unmutableCategories.includes(category) })),
    mutedGroups: groups,
  };
}

export async function updateSettings(db: Db, viewer: SignedInViewer, body: UpdateNotificationSettingsBody) {
  const muted = new Set(await repo.mutedCategories(db, viewer.id));
  for (const [category, mute] of Object.entries(body.muted)) {
    if (mute) muted.add(category);
    else muted.delete(category);
  }
  await repo.setMutedCategories(db, viewer.id, [...muted].sort());
  return settings(db, viewer);
}

/** Mutes (or unmutes) a group's notifications: a group whose content the member may read. */
export async function muteGroup(db: Db, viewer: SignedInViewer, groupId: number, muted: boolean) {
  await requireAccess(db, viewer, 'group.read', groupId);
  await repo.muteGroup(db, viewer.id, groupId, muted);
}

// ---- Jobs ----

/** Job: deletes old notifications, then comes back in a few hours. */
export async function pruneNotifications(ctx: AppContext) {
  const now = Date.now();
  while ((await repo.pruneNotifications(ctx.db, new Date(now - KEEP_READ_MS), new Date(now - KEEP_MS), 5000)) === 5000);
  await scheduleJob(ctx.db, 'notifications.prune', 'all', new Date(now + PRUNE_EVERY_MS));
}

/** Job: a chat message still unread a while after it came becomes a notification ("Lin sent you 3 messages"). */
export async function notifyUnreadMessages(ctx: AppContext, conversationId: number, userId: number) {
  const unread = await totalUnreadIn(ctx.db, userId, conversationId);
  if (!unread) return;
  await notify(ctx.db, [userId], {
    kind: 'message.unread',
    actorId: unread.senderId,
    subject: { kind: 'conversation', id: conversationId },
    data: { count: unread.count, excerpt: unread.excerpt },
    groupKey: `chat:${conversationId}`,
  });
}
