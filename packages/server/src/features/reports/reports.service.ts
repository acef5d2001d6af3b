import type { ReportBody } from '@kindred/contract';
import { sql } from 'kysely';
import { requireAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { AppContext } from '../../context.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import * as accountsRepo from '../accounts/accounts.repository.js';
import { loadTargets } from '../moderation/targets.js';
import * as repo from './reports.repository.js';

const readPermission = {
  photo: 'media.read',
  companion_request: 'companionRequest.report',
  post: 'post.read',
  comment: 'comment.read',
  activity: 'activity.read',
  group: 'group.view',
  conversation: 'conversation.read',
} as const;

/**
 * Records a report for moderation, with the group the content is in (for its
 * admins' queue) and the member it is about. Whoever may see something may
 * report it; a member may report someone they have blocked (blocking often
 * follows harassment): access.ts lets reports through blocks. A conversation
 * is reported with the messages the reporter chooses to share.
 */
export async function fileReport(ctx: AppContext, viewer: SignedInViewer, input: ReportBody): Promise<{ id: number }> {
  let subjectId: number;
  let messageIds: number[] = [];
  if (input.kind === 'user') {
    const user = await accountsRepo.findUserByUsername(ctx.db, input.username);
    if (!user) throw new NotFoundError('member');
    if (user.id === viewer.id) throw new ValidationError('You cannot report yourself.', { username: 'is you' });
    await requireAccess(ctx.db, viewer, 'member.report', user.id);
    subjectId = user.id;
  } else if (input.kind === 'room_message') {
    const message = await ctx.db.selectFrom('room_messages').select('room_id').where('id', '=', input.id).executeTakeFirst();
    if (!message) throw new NotFoundError('message');
    await requireAccess(ctx.db, viewer, 'room.read', message.room_id);
    subjectId = input.id;
  } else {
    await requireAccess(ctx.db, viewer, readPermission[input.kind], input.id);
    subjectId = input.id;
    if (input.kind === 'conversation') {
      messageIds = [...new Set(input.messageIds)];
      const found = await ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', subjectId).where('id', 'in', messageIds).execute();
      if (found.length !== messageIds.length) throw new ValidationError('Share messages of this conversation.', { messageIds: 'not all in this conversation' });
    }
  }
  const target = (await loadTargets(ctx.db, input.kind, [subjectId])).get(subjectId);
  const conversationPeer = input.kind === 'conversation'
    ? await ctx.db.selectFrom('conversations').select(sql<number>`case when user_low = ${viewer.id} then user_high else user_low end`.as('peer')).where('id', '=', subjectId).executeTakeFirst()
    : undefined;
  const id = await repo.insertReport(ctx.db, {
    reporter_id: viewer.id,
    kind: input.kind,
    subject_id: subjectId,
    reason: input.reason,
    details: input.details.trim(),
    message_ids: messageIds,
    group_id: target?.group_id ?? null,
    author_id: conversationPeer?.peer ?? target?.author_id ?? null,
  });
  return { id };
}
