import type { ChatMessage, Conversation } from '@kindred/contract';
import { checkAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import * as activitiesRepo from '../activities/activities.repository.js';
import type { MediaJson } from '../media/media.repository.js';
import { presentOptionalMedia } from '../media/media.views.js';
import * as repo from './chat.repository.js';

type MessageRow = { id: number; conversation_id: number; sender_id: number; body: string; client_id: string | null; held_at: Date | null; created_at: Date; photo: MediaJson | null };

export function presentMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    senderId: row.sender_id,
    body: row.body,
    photo: presentOptionalMedia(row.photo),
    clientId: row.client_id,
    held: row.held_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

interface ConversationRow {
  id: number;
  user_low: number;
  user_high: number;
  activity_id: number | null;
  last_message_id: number | null;
}

/** Conversations for one of their members: the other member, last message, unread count and read marks; hidden members drop out. */
export async function presentConversations(db: Db, viewer: SignedInViewer, rows: ConversationRow[]): Promise<Conversation[]> {
  const others = rows.map((r) => (r.user_low === viewer.id ? r.user_high : r.user_low));
  const ids = rows.map((r) => r.id);
  const activityIds = rows.flatMap((r) => (r.activity_id ? [r.activity_id] : []));
  const [users, visible, lastMessages, unread, marks, activities, visibleActivities] = await Promise.all([
    loadUserSummaries(db, others),
    checkAccess(db, viewer, 'conversation.read', ids),
    repo.findMessages(db, rows.flatMap((r) => (r.last_message_id ? [r.last_message_id] : []))),
    repo.unreadCounts(db, viewer.id, ids),
    repo.readMarks(db, ids),
    activitiesRepo.findActivities(db, activityIds),
    checkAccess(db, viewer, 'activity.read', activityIds),
  ]);
  const messageById = new Map(lastMessages.map((m) => [m.id, m]));
  const activityById = new Map(activities.map((a) => [a.id, a]));
  return rows.flatMap((row, i) => {
    const otherId = others[i]!;
    const other = users.get(otherId);
    if (!other || !visible.has(row.id)) return [];
    const last = row.last_message_id ? messageById.get(row.last_message_id) : undefined;
    const mark = (userId: number) => marks.find((m) => m.conversation_id === row.id && m.user_id === userId);
    const activity = row.activity_id && visibleActivities.has(row.activity_id) ? activityById.get(row.activity_id) : undefined;
    return [
      {
        id: row.id,
        other,
        lastMessage: last ? presentMessage(last) : null,
        unread: unread.get(row.id) ?? 0,
        myLastReadId: mark(viewer.id)?.last_read_id ?? 0,
        otherLastReadId: mark(otherId)?.last_read_id ?? 0,
        activity: activity ? { id: activity.id, title: activity.title, startsAt: activity.starts_at.toISOString() } : null,
        updatedAt: (mark(viewer.id)?.updated_at ?? new Date()).toISOString(),
      },
    ];
  });
}
