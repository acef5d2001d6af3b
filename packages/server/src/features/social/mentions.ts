import { sql } from 'kysely';
import { checkAccess } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { mentionsIn } from '../../lib/mentions.js';
import * as notifications from '../notifications/notifications.repository.js';

type Place = { kind: 'post'; postId: number; title: string } | { kind: 'comment'; postId: number; commentId: number; title: string };

/**
 * Tells the members a new post or comment mentions (`@username`), each only if
 * they may read it: a mention in a private group tells an outsider nothing,
 * and neither does one by a member either has blocked.
 */
export async function notifyMentions(db: Db, author: SignedInViewer, text: string, place: Place) {
  const names = mentionsIn(text).filter((name) => name !== author.username.toLowerCase());
  if (names.length === 0) return;
  const members = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where(sql<string>`lower(username)`, 'in', names)
    .where('deleted_at', 'is', null)
    .execute();
  const told: number[] = [];
  for (const member of members) {
    const asMember = { id: member.id, username: member.username, role: member.role, csrfToken: '', sessionHash: '' };
    const [permission, id] = place.kind === 'post' ? (['post.read', place.postId] as const) : (['comment.read', place.commentId] as const);
    if ((await checkAccess(db, asMember, permission, [id])).has(id)) told.push(member.id);
  }
  await notifications.notify(db, told, 'mention', { from: author.username, ...place });
}
