import type { CreateCommentBody, CreatePostBody, GroupPostsQuery, UpdatePostBody } from '@kindred/contract';
import type { Updateable } from 'kysely';
import { loadCommentFacts, loadPostFacts, requireAccess, requireAccessOnFacts, requireGroupAccess, type PostFacts } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { Db, Tx } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import type { PostsTable } from '../../db/schema.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { excerptOf, NOTIFICATION_EXCERPT, renderMarkdown } from '../../lib/markdown.js';
import { searchQuery, searchVector } from '../../lib/search-vector.js';
import { normalizeTags } from '../../lib/tags.js';
import { placeMedia, placeSingleMedia, releaseMedia } from '../media/media.repository.js';
import * as repo from './posts.repository.js';
import { postFacts, presentComment, presentPost, presentPostSummaries, presentThreads, rowAccess } from './posts.views.js';
import { authorOf, notifyMentions } from '../social/mentions.js';
import { notify } from '../notifications/notifications.service.js';
import { audit } from '../moderation/audit.js';
import { fileHeld, screenText } from '../moderation/held.js';
import type { Verdict } from '../moderation/keywords.js';
import { touchGroup } from '../groups/groups.repository.js';
import { feedHorizon, planFanOut } from '../feed/feed.service.js';

const DEFAULT_LIMIT = 20;

type PostPermission = 'post.read' | 'post.like' | 'post.comment' | 'post.edit' | 'post.delete' | 'post.pin';
type CommentPermission = 'comment.edit' | 'comment.delete' | 'comment.restore';

/** Loads a live post in the viewer's context (one query) and checks the permission on the facts it carries. */
async function requirePost(db: Db, viewer: Viewer, id: number, permission: PostPermission) {
  const post = await repo.findFullPost(db, viewer?.id ?? null, id);
  const facts = post && postFacts(post);
  requireAccessOnFacts(viewer, permission, facts);
  return { post: post!, facts: facts! };
}

async function requireComment(db: Db, viewer: Viewer, id: number, permission: CommentPermission) {
  const facts = (await loadCommentFacts(db, viewer?.id ?? 0, [id])).get(id);
  requireAccessOnFacts(viewer, permission, facts);
  return facts!;
}

function requireText(value: string, field: string) {
  if (!value.trim()) throw new ValidationError(`The ${field} is empty.`, { [field]: 'must not be blank' });
  return value;
}

/**
 * A group's posts. The rows carry the viewer's access to the group, so a
 * page with posts needs no separate check; an empty one asks the group.
 */
export async function groupPosts(db: Db, viewer: Viewer, groupId: number, query: GroupPostsQuery) {
  const sort = query.sort ?? 'new';
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = decodeCursor(query.cursor, sort === 'new' ? 'tn' : 'nn');
  const all = await repo.groupPosts(db, viewer?.id ?? null, groupId, sort, query.kind ?? null, after, limit);
  const rows = all.filter((r) => !r.pinned_slot);
  const pinned = all.filter((r) => r.pinned_slot);
  const known = rows[0] ?? pinned[0];
  if (!known) await requireGroupAccess(db, viewer, groupId, 'read');
  else requireAccessOnFacts(viewer, 'group.read', rowAccess(known));
  const page = toPage(rows, limit, (r) => (sort === 'new' ? [r.created_cursor, r.id] : [sort === 'hot' ? r.hot_score : r.score, r.id]));
  return { items: presentPostSummaries(viewer, page.rows), nextCursor: page.nextCursor, pinned: presentPostSummaries(viewer, pinned) };
}

/** Writes a post; groups of up to `fanoutMaxMembers` members and authors of up to as many followers (0: none) fan it out to their feeds in a job. */
export async function createPost(db: Db, viewer: SignedInViewer, groupId: number, input: CreatePostBody, fanoutMaxMembers: number) {
  const title = requireText(input.title, 'title').trim();
  const body = requireText(input.body, 'body');
  const tags = normalizeTags(input.tags ?? []);
  const verdict = await screenText(db, { title, body });
  const id = await db.transaction().execute(async (tx) => {
    await requireAccess(tx, viewer, 'group.post', groupId);
    const postId = await repo.insertPost(tx, {
      group_id: groupId,
      author_id: viewer.id,
      kind: input.kind,
      title,
      body,
      body_html: renderMarkdown(body),
      excerpt: excerptOf(body),
      tags,
      search_vector: searchVector(title, `${body} ${tags.join(' ')}`),
    });
    if (input.photos?.length) await repo.updatePost(tx, groupId, postId, { cover_media_id: await placeMedia(tx, viewer.id, 'post', postId, input.photos) });
    // A held post is fanned out too: the feed filters it until it is let through.
    await planFanOut(tx, fanoutMaxMembers, postId, groupId, viewer.id);
    if (verdict) await holdForReview(tx, postId, groupId, viewer.id, verdict);
    else await touchGroup(tx, groupId);
    return postId;
  });
  if (!verdict) await notifyMentions(db, viewer, `${title}\n${body}`, { kind: 'post', postId: id, groupId, title });
  return getPost(db, viewer, id);
}

/**
 * A post with a term the keyword filter holds: withdrawn (as a deleted post
 * is, so no list shows it) with `held_at`, which lets its author and the
 * group's moderators still read it, and filed in the moderation queue.
 */
async function holdForReview(tx: Tx, postId: number, groupId: number, authorId: number, verdict: Verdict) {
  await repo.softDeletePost(tx, postId, groupId, null);
  await repo.updatePost(tx, groupId, postId, { held_at: new Date() });
  await fileHeld(tx, { kind: 'post', id: postId }, authorId, verdict, { groupId });
}

/** A moderator decided on a held post: let through (back in every list, its mentions told) or taken down for good. */
export async function settleHeldPost(db: Db, id: number, publish: boolean) {
  const released = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('posts')
      .set(publish ? { held_at: null, deleted_at: null } : { held_at: null })
      .where('id', '=', id)
      .where('held_at', 'is not', null)
      .returning(['group_id', 'author_id', 'title', 'body'])
      .executeTakeFirst();
    if (!row || !publish) return null;
    await tx.updateTable('groups').set((eb) => ({ post_count: eb('post_count', '+', 1) })).where('id', '=', row.group_id).execute();
    await touchGroup(tx, row.group_id);
    return row;
  });
  if (!released) return;
  // Its mentions are told now, as they would have been when it was posted.
  const author = await authorOf(db, released.author_id);
  if (author) await notifyMentions(db, author, `${released.title}\n${released.body}`, { kind: 'post', postId: id, groupId: released.group_id, title: released.title });
}

/** A comment with a term the keyword filter holds: withdrawn as a held post is (its author and the post's moderators read it) and queued. */
async function holdCommentForReview(tx: Tx, commentId: number, post: { id: number; group_id: number }, authorId: number, verdict: Verdict) {
  await repo.softDeleteComment(tx, post.group_id, commentId, post.id, null);
  await repo.updateComment(tx, post.group_id, commentId, { held_at: new Date() });
  await fileHeld(tx, { kind: 'comment', id: commentId }, authorId, verdict, { groupId: post.group_id });
}

/** A moderator decided on a held comment: let through (back in its thread, its mentions told) or taken down for good. */
export async function settleHeldComment(db: Db, id: number, publish: boolean) {
  const released = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('comments')
      .set(publish ? { held_at: null, deleted_at: null } : { held_at: null })
      .where('id', '=', id)
      .where('held_at', 'is not', null)
      .returning(['group_id', 'post_id', 'author_id', 'body'])
      .executeTakeFirst();
    if (!row || !publish) return null;
    const post = await tx
      .updateTable('posts')
      .set((eb) => ({ comment_count: eb('comment_count', '+', 1) }))
      .where('group_id', '=', row.group_id)
      .where('id', '=', row.post_id)
      .returning(['group_id', 'title', 'author_id'])
      .executeTakeFirstOrThrow();
    await tx.updateTable('posts').set({ hot_score: repo.hotScoreSql }).where('group_id', '=', row.group_id).where('id', '=', row.post_id).execute();
    return { ...row, post };
  });
  if (!released) return;
  const author = await authorOf(db, released.author_id);
  if (author) {
    await notifyMentions(db, author, released.body, { kind: 'comment', postId: released.post_id, commentId: id, groupId: released.post.group_id, title: released.post.title }, [
      released.post.author_id,
    ]);
  }
}

export async function getPost(db: Db, viewer: Viewer, id: number) {
  const presented = presentPost(viewer, (await requirePost(db, viewer, id, 'post.read')).post);
  if (!presented) throw new NotFoundError('post');
  return presented;
}

export async function updatePost(db: Db, viewer: SignedInViewer, id: number, input: UpdatePostBody) {
  const { post } = await requirePost(db, viewer, id, 'post.edit');
  const title = input.title !== undefined ? requireText(input.title, 'title').trim() : post.title;
  const body = input.body !== undefined ? requireText(input.body, 'body') : post.body;
  const tags = input.tags !== undefined ? normalizeTags(input.tags) : post.tags;
  const verdict = await screenText(db, { title: input.title, body: input.body });
  const patch: Updateable<PostsTable> = {
    title,
    body,
    body_html: renderMarkdown(body),
    excerpt: excerptOf(body),
    tags,
    edited_at: new Date(),
    search_vector: searchVector(title, `${body} ${tags.join(' ')}`) as unknown as string,
  };
  if (input.kind !== undefined) patch.kind = input.kind;
  await db.transaction().execute(async (tx) => {
    if (input.photos !== undefined) patch.cover_media_id = await placeMedia(tx, viewer.id, 'post', id, input.photos);
    await repo.updatePost(tx, post.group_id, id, patch);
    if (verdict) await holdForReview(tx, id, post.group_id, post.author_id, verdict);
  });
  return getPost(db, viewer, id);
}

/**
 * The author, a group admin or an operator deletes a post (softly: it
 * disappears from every list); its photos are released, for the sweep.
 */
/**
 * Deletes a post: its author's deletion is final and lets its photos go; a
 * moderator's removal names them and keeps the photos, so that it can be
 * restored within RESTORE_DAYS (the media sweep lets them go after).
 */
export async function deletePost(db: Db, viewer: SignedInViewer, id: number) {
  const facts = (await loadPostFacts(db, viewer.id, [id])).get(id);
  requireAccessOnFacts(viewer, 'post.delete', facts);
  const removedBy = facts!.authorId === viewer.id ? null : viewer.id;
  await db.transaction().execute(async (tx) => {
    if (!(await repo.softDeletePost(tx, id, facts!.group.groupId, removedBy))) return;
    if (removedBy === null) await releaseMedia(tx, 'post', [id]);
    else await tellAuthor(tx, 'post', facts!.group.groupId, id, 'content.removed');
  });
}

/**
 * Tells a post's or comment's author that a moderator removed it (about the
 * group it was in: they can no longer open it) or brought it back (about the
 * post or comment itself). The moderator is not named.
 */
async function tellAuthor(tx: Tx, kind: 'post' | 'comment', groupId: number, id: number, what: 'content.removed' | 'content.restored') {
  const content = await repo.contentForNotice(tx, kind, groupId, id);
  if (!content) return;
  const excerpt = kind === 'comment' ? excerptOf(content.body, NOTIFICATION_EXCERPT) : undefined;
  if (what === 'content.removed') {
    await notify(tx, [content.author_id], { kind: what, actorId: null, subject: { kind: 'group', id: groupId }, data: { title: content.group_name, contentKind: kind, postTitle: content.title, excerpt } });
  } else {
    await notify(tx, [content.author_id], { kind: what, actorId: null, subject: { kind, id }, data: { title: content.title, contentKind: kind, postId: content.post_id, excerpt } });
  }
}

/** A moderator brings back a post they or another moderator removed (an author's own deletion stays). */
export async function restorePost(db: Db, viewer: SignedInViewer, id: number) {
  const facts = (await loadPostFacts(db, viewer.id, [id])).get(id);
  requireAccessOnFacts(viewer, 'post.restore', facts);
  const groupId = facts!.group.groupId;
  await db.transaction().execute(async (tx) => {
    if (!(await repo.restorePost(tx, id, groupId))) return;
    await audit(tx, { actorId: viewer.id, action: 'content.restore', target: { kind: 'post', id, label: `post ${id}` }, reason: '', detail: { groupId } });
    await tellAuthor(tx, 'post', groupId, id, 'content.restored');
  });
}

export async function pinPost(db: Db, viewer: SignedInViewer, id: number, pinned: boolean) {
  const facts = (await loadPostFacts(db, viewer.id, [id])).get(id);
  requireAccessOnFacts(viewer, 'post.pin', facts);
  await repo.updatePost(db, facts.group.groupId, id, { pinned_at: pinned ? new Date() : null });
  return getPost(db, viewer, id);
}

/** Likes or unlikes a post; a new like tells its author, in one notification per post ("Lin and 12 others liked …"). */
export async function likePost(db: Db, viewer: SignedInViewer, id: number, liked: boolean) {
  const likeCount = await db.transaction().execute(async (tx) => {
    const facts = (await loadPostFacts(tx, viewer.id, [id])).get(id);
    requireAccessOnFacts(viewer, 'post.like', facts);
    const post = await repo.setPostLike(tx, facts.group.groupId, id, viewer.id, liked);
    if (liked && post.changed) {
      await notify(tx, [post.author_id], {
        kind: 'post.liked',
        actorId: viewer.id,
        subject: { kind: 'post', id },
        groupId: post.group_id,
        data: { title: post.title },
        groupKey: `like:post:${id}`,
      });
    }
    return post.like_count;
  });
  return { liked, likeCount };
}

export async function listComments(db: Db, viewer: Viewer, postId: number, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const found = await repo.commentThreads(db, viewer?.id ?? null, postId, decodeCursor(query.cursor, 'tn'), limit);
  requireAccessOnFacts(viewer, 'post.read', found?.post);
  const { post: facts, comments: rows } = found!;
  const page = toPage(rows.filter((r) => r.parent_id === null), limit, (r) => [r.created_cursor, r.id]);
  const replies = new Map<number, typeof rows>();
  for (const r of rows) if (r.parent_id !== null) (replies.get(r.parent_id) ?? replies.set(r.parent_id, []).get(r.parent_id)!).push(r);
  const threads = page.rows.map((comment) => ({ comment, replies: replies.get(comment.id) ?? [] }));
  return { items: presentThreads(viewer, facts, threads), nextCursor: page.nextCursor };
}

/**
 * Members comment; a reply to a reply joins the thread of its top-level
 * comment (one level of replies). Neither the post's author nor the replied-to
 * comment's may have blocked the commenter, or been blocked by them.
 */
export async function createComment(db: Db, viewer: SignedInViewer, postId: number, input: CreateCommentBody) {
  const body = requireText(input.body, 'body');
  const verdict = await screenText(db, { body });
  const { post, facts } = await requirePost(db, viewer, postId, 'post.comment');
  let repliedTo: number | null = null;
  const id = await db.transaction().execute(async (tx) => {
    let parentId: number | null = null;
    if (input.parentId !== undefined) {
      const parent = await repo.findComment(tx, input.parentId);
      if (!parent || parent.post_id !== postId || parent.deleted_at) {
        throw new ValidationError('The comment replied to is not on this post.', { parentId: 'is not a comment on this post' });
      }
      await requireAccess(tx, viewer, 'comment.reply', parent.id);
      parentId = parent.parent_id ?? parent.id;
      repliedTo = parent.author_id;
    }
    await requireAccess(tx, viewer, 'post.comment', postId);
    const commentId = await repo.insertComment(tx, {
      group_id: post.group_id,
      post_id: postId,
      parent_id: parentId,
      author_id: viewer.id,
      body,
      body_html: renderMarkdown(body),
    });
    if (input.photo) await placeSingleMedia(tx, viewer.id, 'comment', commentId, input.photo);
    if (verdict) {
      // Nobody hears of it until a moderator lets it through.
      await holdCommentForReview(tx, commentId, post, viewer.id, verdict);
      return commentId;
    }
    // The replied-to member hears of the reply, the post's author of the comment (once per post while unread).
    const about = { actorId: viewer.id, groupId: post.group_id, data: { title: post.title, postId, excerpt: excerptOf(body, NOTIFICATION_EXCERPT) } };
    if (repliedTo !== null) await notify(tx, [repliedTo], { kind: 'comment.replied', subject: { kind: 'comment', id: commentId }, ...about });
    if (post.author_id !== repliedTo) {
      await notify(tx, [post.author_id], {
        kind: 'post.commented',
        subject: { kind: 'post', id: postId },
        groupKey: `comments:post:${postId}`,
        ...about,
        // The newest comment, where the notification leads.
        data: { ...about.data, commentId },
      });
    }
    return commentId;
  });
  if (!verdict) await notifyMentions(db, viewer, body, { kind: 'comment', postId, commentId: id, groupId: post.group_id, title: post.title }, [post.author_id, repliedTo]);
  return loadComment(db, viewer, facts, id);
}

async function loadComment(db: Db, viewer: Viewer, post: PostFacts, id: number) {
  const row = await repo.commentInViewerContext(db, viewer?.id ?? null, id);
  if (!row) throw new NotFoundError('comment');
  return presentComment(viewer, post, row);
}

export async function updateComment(db: Db, viewer: SignedInViewer, id: number, body: string) {
  const facts = await requireComment(db, viewer, id, 'comment.edit');
  requireText(body, 'body');
  const verdict = await screenText(db, { body });
  await db.transaction().execute(async (tx) => {
    await repo.updateComment(tx, facts.post.group.groupId, id, { body, body_html: renderMarkdown(body), edited_at: new Date() });
    if (verdict) await holdCommentForReview(tx, id, { id: facts.postId, group_id: facts.post.group.groupId }, viewer.id, verdict);
  });
  return loadComment(db, viewer, facts.post, id);
}

/** Deletes a comment: as a post (deletePost), a moderator's removal can be restored. */
export async function deleteComment(db: Db, viewer: SignedInViewer, id: number) {
  const { postId, post, authorId } = await requireComment(db, viewer, id, 'comment.delete');
  const removedBy = authorId === viewer.id ? null : viewer.id;
  await db.transaction().execute(async (tx) => {
    if (!(await repo.softDeleteComment(tx, post.group.groupId, id, postId, removedBy))) return;
    if (removedBy === null) await releaseMedia(tx, 'comment', [id]);
    else await tellAuthor(tx, 'comment', post.group.groupId, id, 'content.removed');
  });
}

export async function restoreComment(db: Db, viewer: SignedInViewer, id: number) {
  const { postId, post } = await requireComment(db, viewer, id, 'comment.restore');
  const groupId = post.group.groupId;
  await db.transaction().execute(async (tx) => {
    if (!(await repo.restoreComment(tx, groupId, id, postId))) return;
    await audit(tx, { actorId: viewer.id, action: 'content.restore', target: { kind: 'comment', id, label: `comment ${id}` }, reason: '', detail: { groupId, postId } });
    await tellAuthor(tx, 'comment', groupId, id, 'content.restored');
  });
}

export async function likeComment(db: Db, viewer: SignedInViewer, id: number, liked: boolean) {
  const likeCount = await db.transaction().execute(async (tx) => {
    const facts = (await loadCommentFacts(tx, viewer.id, [id])).get(id);
    requireAccessOnFacts(viewer, 'comment.like', facts);
    const comment = await repo.setCommentLike(tx, facts.post.group.groupId, id, viewer.id, liked);
    if (liked && comment.changed) {
      await notify(tx, [comment.author_id], {
        kind: 'comment.liked',
        actorId: viewer.id,
        subject: { kind: 'comment', id },
        groupId: comment.group_id,
        data: { title: comment.title, postId: comment.post_id, excerpt: excerptOf(comment.body, NOTIFICATION_EXCERPT) },
        groupKey: `like:comment:${id}`,
      });
    }
    return comment.like_count;
  });
  return { liked, likeCount };
}

/**
 * The member's home feed. With fan-out on and a fanned-out group among the
 * member's, the part from the feed's horizon on is read from feed_items
 * merged with pulled groups (homeFeedFannedOut); past it, or otherwise,
 * every group is pulled. Both parts order,
 * page and filter alike, so a page may join them without a gap or a repeat.
 */
export async function homeFeed(db: Db, viewer: SignedInViewer, query: { cursor?: string; limit?: number }, fanout = true) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = decodeCursor(query.cursor, 'tn');
  let rows: Awaited<ReturnType<typeof repo.homeFeed>>;
  // A member whose groups are all pulled (none fanned out yet) reads the pulled feed in one statement.
  if (!fanout || !(await repo.inFannedOutGroup(db, viewer.id))) rows = await repo.homeFeed(db, viewer.id, after, limit);
  else {
    const horizon = feedHorizon().toISOString();
    rows = await repo.homeFeedFannedOut(db, viewer.id, after, limit, horizon);
    if (rows.length <= limit) rows = rows.concat(await repo.homeFeed(db, viewer.id, after, limit - rows.length, horizon));
  }
  const page = toPage(rows, limit, (r) => [r.created_cursor, r.id]);
  return { items: presentPostSummaries(viewer, page.rows), nextCursor: page.nextCursor };
}

export async function searchPosts(db: Db, viewer: Viewer, query: { q: string; cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.searchPosts(db, viewer?.id ?? null, searchQuery(query.q), decodeCursor(query.cursor, 'nn'), limit);
  const page = toPage(rows, limit, (r) => [r.rank, r.id]);
  return { items: presentPostSummaries(viewer, page.rows), nextCursor: page.nextCursor };
}
