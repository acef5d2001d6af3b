import { sql } from 'kysely';
import { checkAccess, type Permission } from '../../auth/access.js';
import type { SignedInViewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { excerptOf, NOTIFICATION_EXCERPT } from '../../lib/markdown.js';
import { mentionsIn } from '../../lib/mentions.js';
import { notify } from '../notifications/notifications.service.js';

type Place = { kind: 'post'; postId: number; groupId: number; title: string } | { kind: 'comment'; postId: number; commentId: number; groupId: number; title: string };
export type Author = Pick<SignedInViewer, 'id' | 'username'>;

/** The author of text let through after review, to tell its mentions as they would have been told (none for a deleted account). */
export function authorOf(db: Db, userId: number): Promise<Author | undefined> {
  return db.selectFrom('users').select(['id', 'username']).where('id', '=', userId).where('deleted_at', 'is', null).executeTakeFirst();
}

/** The first words of a plain text (a chat or room message), on one line, for a notification or a quote. Markdown goes through `excerptOf`. */
export function excerpt(text: string) {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * The members a text mentions (`@username`) who may use `permission` on `id`
 * (read the post, comment or room it is in), leaving out its author, deleted
 * accounts and those already told another way.
 */
export async function mentionedWhoMay(db: Db, author: Author, text: string, permission: Permission, id: number, toldAlready: (number | null)[] = []) {
  const names = mentionsIn(text).filter((name) => name !== author.username.toLowerCase());
  if (names.length === 0) return [];
  const members = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where(sql<string>`lower(username)`, 'in', names)
    .where('deleted_at', 'is', null)
    .execute();
  const told: number[] = [];
  for (const member of members) {
    if (toldAlready.includes(member.id)) continue;
    const asMember = { id: member.id, username: member.username, role: member.role, csrfToken: '', sessionHash: '' };
    if ((await checkAccess(db, asMember, permission, [id])).has(id)) told.push(member.id);
  }
  return told;
}

/**
 * Tells the members a new post or comment mentions (`@username`), each only if
 * they may read it: a mention in a private group tells an outsider nothing,
 * and neither does one by a member either has blocked. Members told of the
 * same comment another way (its post's author, the replied-to) are left out.
 */
export async function notifyMentions(db: Db, author: Author, text: string, place: Place, toldAlready: (number | null)[] = []) {
  const [permission, id] = place.kind === 'post' ? (['post.read', place.postId] as const) : (['comment.read', place.commentId] as const);
  const told = await mentionedWhoMay(db, author, text, permission, id, toldAlready);
  if (told.length === 0) return;
  await notify(db, told, {
    kind: 'mention',
    actorId: author.id,
    subject: place.kind === 'post' ? { kind: 'post', id: place.postId } : { kind: 'comment', id: place.commentId },
    groupId: place.groupId,
    data: { title: place.title, postId: place.postId, excerpt: excerptOf(text, NOTIFICATION_EXCERPT) },
  });
}
