import type { ReportTarget } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { settleHeldProfile } from '../accounts/accounts.service.js';
import { settleHeldActivity } from '../activities/activities.service.js';
import { settleHeldMessages } from '../chat/chat.service.js';
import { settleHeldCard, settleHeldRequest } from '../companions/companions.service.js';
import { settleHeldGroup } from '../groups/groups.service.js';
import { settleHeldComment, settleHeldPost } from '../posts/posts.service.js';
import { settleHeldMessage } from '../rooms/rooms.service.js';

/**
 * A moderator decided on a target whose text the keyword filter held
 * (held.ts): dismissing its reports lets the text through, any other action
 * drops it. `messageIds`: of a conversation, the held messages filed.
 */
export async function settleHeld(ctx: AppContext, target: ReportTarget, publish: boolean, messageIds: number[]) {
  switch (target.kind) {
    case 'post':
      return settleHeldPost(ctx.db, target.id, publish);
    case 'comment':
      return settleHeldComment(ctx.db, target.id, publish);
    case 'room_message':
      return settleHeldMessage(ctx, target.id, publish);
    case 'conversation':
      return settleHeldMessages(ctx, target.id, messageIds, publish);
    case 'companion_request':
      return settleHeldRequest(ctx.db, target.id, publish);
    case 'group':
      return settleHeldGroup(ctx.db, target.id, publish);
    case 'activity':
      return settleHeldActivity(ctx, target.id, publish);
    case 'user':
      await settleHeldProfile(ctx.db, target.id, publish);
      return settleHeldCard(ctx.db, target.id, publish);
    case 'photo':
      return;
  }
}
