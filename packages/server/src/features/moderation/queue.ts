import type { ModerationItem, ModerationAction, PageOf, ReportTarget, ReportTargetKind, ResolveReportsBody } from '@kindred/contract';
import { sql } from 'kysely';
import { requireGroupAccess, requireStaff } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, encodeCursor } from '../../db/pagination.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import { cancelActivity } from '../activities/activities.service.js';
import { closeRequest } from '../companions/companions.service.js';
import { removeGroup } from '../groups/groups.service.js';
import { removeMedia } from '../media/media.service.js';
import { presentOptionalMedia } from '../media/media.views.js';
import { notify } from '../notifications/notifications.service.js';
import { deleteComment, deletePost } from '../posts/posts.service.js';
import { removeMessage } from '../rooms/rooms.service.js';
import { audit, historyOf } from './audit.js';
import { settleHeld } from './release.js';
import * as standing from './standing.js';
import { loadTargets, type TargetRow } from './targets.js';

const severitySql = sql<number>`max(case r.reason when 'unsafe' then 3 when 'harassment' then 2 when 'fake' then 1 when 'spam' then 1 else 0 end)`;

/** What a group's admins may do with reports of their group's content; staff may do everything. */
const groupActions: readonly ModerationAction[] = ['dismiss', 'remove'];
const removable: readonly ReportTargetKind[] = ['post', 'comment', 'activity', 'room_message', 'photo', 'companion_request'];

interface QueueRow {
  kind: ReportTargetKind;
  subject_id: number;
  severity: number;
  oldest: Date;
  oldest_cursor: string;
}

/**
 * The open reports grouped by target, gravest first, then oldest first (keyset
 * on severity, age and target), each with its content, its author's record
 * and every report. `groupId` limits it to one group's content.
 */
async function queue(db: Db, groupId: number | null, query: { cursor?: string; limit?: number }): Promise<PageOf<ModerationItem>> {
  const limit = query.limit ?? 20;
  const after = decodeCursor(query.cursor, 'ntsn');
  const { rows } = await sql<QueueRow>`
    select * from (
      select r.kind, r.subject_id, ${severitySql} as severity, min(r.created_at) as oldest, min(r.created_at)::text as oldest_cursor
      from reports r where r.status = 'open' ${groupId === null ? sql`` : sql`and r.group_id = ${groupId}`}
      group by r.kind, r.subject_id) q
    ${after ? sql`where (-q.severity, q.oldest, q.kind, q.subject_id) > (${-Number(after[0])}, ${after[1]}::timestamptz, ${after[2]}, ${after[3]})` : sql``}
    order by q.severity desc, q.oldest, q.kind, q.subject_id
    limit ${limit + 1}`.execute(db);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([last.severity, last.oldest_cursor, last.kind, Number(last.subject_id)]) : null;
  return { items: await presentItems(db, page), nextCursor };
}

async function presentItems(db: Db, rows: QueueRow[]): Promise<ModerationItem[]> {
  if (rows.length === 0) return [];
  const byKind = new Map<ReportTargetKind, number[]>();
  for (const r of rows) (byKind.get(r.kind) ?? byKind.set(r.kind, []).get(r.kind)!).push(Number(r.subject_id));
  const targets = new Map<string, TargetRow>();
  for (const [kind, ids] of byKind) for (const [id, t] of await loadTargets(db, kind, ids)) targets.set(`${kind}:${id}`, t);
  const reports = await db
    .selectFrom('reports')
    .select(['id', 'kind', 'subject_id', 'reporter_id', 'author_id', 'reason', 'details', 'message_ids', 'created_at'])
    .where('status', '=', 'open')
    .where(sql<boolean>`(kind, subject_id) in (${sql.join(rows.map((r) => sql`(${r.kind}, ${r.subject_id})`))})`)
    .orderBy('id')
    .execute();
  // Of a conversation, only the messages its reporters shared.
  const shared = [...new Set(reports.filter((r) => r.kind === 'conversation').flatMap((r) => r.message_ids.map(Number)))];
  const messages = shared.length
    ? await db.selectFrom('messages as m').innerJoin('users as u', 'u.id', 'm.sender_id').select(['m.id', 'm.conversation_id', 'u.username', 'm.body', 'm.created_at']).where('m.id', 'in', shared).orderBy('m.id').execute()
    : [];
  // The member each report is about was recorded when it was filed (of a conversation: the reporter's other member).
  const authorOf = (r: QueueRow) =>
    reports.find((x) => x.kind === r.kind && Number(x.subject_id) === Number(r.subject_id) && x.author_id !== null)?.author_id ?? targets.get(`${r.kind}:${r.subject_id}`)?.author_id ?? null;
  const authors = [...new Set(rows.map(authorOf).filter((id): id is number => id !== null))];
  const reporters = reports.flatMap((r) => (r.reporter_id === null ? [] : [r.reporter_id]));
  const [people, history, changes] = await Promise.all([loadUserSummaries(db, [...authors, ...reporters]), historyOf(db, authors), heldChanges(db, rows)]);
  return rows.map((r) => {
    const target = targets.get(`${r.kind}:${r.subject_id}`);
    const authorId = authorOf(r);
    const mine = reports.filter((x) => x.kind === r.kind && Number(x.subject_id) === Number(r.subject_id));
    return {
      target: { kind: r.kind, id: Number(r.subject_id) },
      severity: Number(r.severity),
      oldestAt: new Date(r.oldest).toISOString(),
      content: {
        title: target?.title ?? '',
        text: target?.text ?? '',
        photo: presentOptionalMedia(target?.photo ?? null),
        group: target?.group_id && target.group_name !== null ? { id: Number(target.group_id), name: target.group_name } : null,
        link: target?.link ?? null,
        removed: target?.removed ?? true,
      },
      author: authorId === null ? null : (people.get(authorId) ?? null),
      history: history.get(authorId ?? 0) ?? { warnings: 0, suspensions: 0, bans: 0, upheldReports: 0 },
      reports: mine.map((x) => ({ id: x.id, reporter: x.reporter_id === null ? null : people.get(x.reporter_id)!, reason: x.reason, details: x.details, createdAt: x.created_at.toISOString() })),
      sharedMessages: messages
        .filter((m) => m.conversation_id === Number(r.subject_id) && r.kind === 'conversation')
        .map((m) => ({ id: m.id, sender: m.username, body: m.body, createdAt: m.created_at.toISOString() })),
      heldChange: changes.get(`${r.kind}:${r.subject_id}`) ?? null,
    };
  });
}

/** The changes waiting on these targets (a companion card's is its member's). */
async function heldChanges(db: Db, rows: QueueRow[]) {
  const result = new Map<string, Record<string, string>>();
  const ids = rows.filter((r) => r.kind === 'user' || r.kind === 'group' || r.kind === 'activity').map((r) => Number(r.subject_id));
  if (ids.length === 0) return result;
  const edits = await db.selectFrom('held_edits').select(['kind', 'target_id', 'fields']).where('target_id', 'in', ids).execute();
  for (const edit of edits) {
    const key = `${edit.kind === 'companion_card' ? 'user' : edit.kind}:${edit.target_id}`;
    result.set(key, { ...result.get(key), ...edit.fields });
  }
  return result;
}

export async function staffQueue(ctx: AppContext, viewer: Viewer, query: { cursor?: string; limit?: number }) {
  requireStaff(viewer, 'moderate');
  return queue(ctx.db, null, query);
}

/** A group's admins read the reports of their group's content. */
export async function groupQueue(ctx: AppContext, viewer: Viewer, groupId: number, query: { cursor?: string; limit?: number }) {
  await requireGroupAccess(ctx.db, viewer, groupId, 'moderate');
  return queue(ctx.db, groupId, query);
}

/**
 * Acts on every open report of a target at once: dismisses them, removes the
 * content, or warns, suspends or bans its author. Each reporter is told the
 * outcome (action taken or not), never who acted or what else is known; the
 * author is never told who reported them. `groupId`: a group's admins acting
 * on their group's content (dismiss or remove only).
 */
export async function resolveReports(ctx: AppContext, viewer: Viewer, input: ResolveReportsBody, groupId: number | null = null) {
  // A group's removal is the gravest content action: operators', not moderators' nor the group's own admins'.
  const groupRemoval = input.target.kind === 'group' && input.action === 'remove';
  if (groupId === null) requireStaff(viewer, input.action === 'ban' || groupRemoval ? 'operate' : 'moderate');
  else {
    await requireGroupAccess(ctx.db, viewer, groupId, 'moderate');
    if (groupRemoval) throw new ForbiddenError('Only operators remove a group.');
    if (!groupActions.includes(input.action)) throw new ValidationError('A group’s admins dismiss reports or remove content; staff act on members.', { action: 'dismiss or remove' });
  }
  const staff = viewer!;
  const { kind, id } = input.target;
  let open = ctx.db.selectFrom('reports').select(['id', 'reporter_id', 'author_id', 'message_ids']).where('status', '=', 'open').where('kind', '=', kind).where('subject_id', '=', id);
  if (groupId !== null) open = open.where('group_id', '=', groupId);
  const reports = await open.execute();
  if (reports.length === 0) throw new NotFoundError('open report of that target');
  const authorId = reports.find((r) => r.author_id !== null)?.author_id ?? null;
  const holds = reports.filter((r) => r.reporter_id === null);
  // Nobody lets their own held text through from their group's queue.
  if (groupId !== null && holds.some((r) => r.author_id === staff.id)) throw new ForbiddenError('Another moderator decides on your own held text.');
  const outcome = await act(ctx, staff, input, authorId);
  // Text the keyword filter held goes out when its reports are dismissed, and is dropped otherwise.
  if (holds.length > 0) await settleHeld(ctx, input.target, outcome === 'dismissed', holds.flatMap((r) => r.message_ids.map(Number)));
  await ctx.db.transaction().execute(async (tx) => {
    const closed = await tx
      .updateTable('reports')
      .set({ status: 'resolved', outcome, resolved_by: staff.id, resolved_at: new Date() })
      // By the target too: its reports live together, keyed (subject_id, id).
      .where('kind', '=', kind)
      .where('subject_id', '=', id)
      .where('id', 'in', reports.map((r) => r.id))
      .where('status', '=', 'open')
      .returning('reporter_id')
      .execute();
    await audit(tx, { actorId: staff.id, action: 'report.resolve', target: { kind, id, label: `${kind} ${id}` }, reason: input.reason, detail: { action: input.action, outcome, reports: closed.length, ...(groupId !== null ? { groupId } : {}) } });
    await notify(tx, closed.flatMap((r) => (r.reporter_id === null ? [] : [r.reporter_id])), { kind: 'report.resolved', actorId: null, data: { targetKind: kind, actionTaken: outcome !== 'dismissed' } });
  });
  return { resolved: reports.length };
}

type Outcome = 'dismissed' | 'removed' | 'warned' | 'suspended' | 'banned';

async function act(ctx: AppContext, staff: SignedInViewer, input: ResolveReportsBody, authorId: number | null): Promise<Outcome> {
  const { kind, id } = input.target;
  if (kind === 'group' && input.action === 'remove') {
    await removeGroup(ctx, staff, id, input.reason);
    return 'removed';
  }
  switch (input.action) {
    case 'dismiss':
      return 'dismissed';
    case 'remove':
      if (!removable.includes(kind)) throw new ValidationError(`A ${kind.replace('_', ' ')} is not removed: act on its member.`, { action: `not for a ${kind}` });
      await remove(ctx, staff, input.target);
      return 'removed';
  }
  const author = authorId === null ? undefined : (await ctx.db.selectFrom('users').select('username').where('id', '=', authorId).executeTakeFirst())?.username;
  if (!author) throw new ValidationError('This target has no member to act on.', { action: 'no member' });
  if (input.action === 'warn') {
    await standing.warn(ctx, staff, author, input.reason);
    return 'warned';
  }
  // Suspending or banning hides the member's content; the reported item goes too when it can.
  if (removable.includes(kind) && !(await loadTargets(ctx.db, kind, [id])).get(id)?.removed) await remove(ctx, staff, input.target);
  await standing.suspend(ctx, staff, author, input.action === 'ban' ? { ban: true, reason: input.reason } : { days: input.days ?? 7, reason: input.reason });
  return input.action === 'ban' ? 'banned' : 'suspended';
}

/** Takes the content down as its author or its place's moderators would: access.ts lets staff and the group's admins. */
async function remove(ctx: AppContext, staff: SignedInViewer, target: ReportTarget) {
  switch (target.kind) {
    case 'post':
      return deletePost(ctx.db, staff, target.id);
    case 'comment':
      return deleteComment(ctx.db, staff, target.id);
    case 'activity':
      return cancelActivity(ctx, staff, target.id);
    case 'photo':
      return removeMedia(ctx, staff, target.id);
    case 'companion_request':
      return closeRequest(ctx, staff, target.id);
    case 'room_message': {
      const message = await ctx.db.selectFrom('room_messages').select('room_id').where('id', '=', target.id).executeTakeFirst();
      if (!message) throw new NotFoundError('message');
      return removeMessage(ctx.db, staff, message.room_id, target.id);
    }
  }
}
