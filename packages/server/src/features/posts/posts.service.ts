import type { CreatePostBody, GroupPostsQuery, UpdatePostBody } from '@kindred/contract';
import type { Updateable } from 'kysely';
import { requireGroupAccess, type GroupAction } from '../../auth/access.js';
import type { SignedInViewer, Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import type { PostsTable } from '../../db/schema.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { excerptOf, renderMarkdown } from '../../lib/markdown.js';
import { searchQuery, searchVector } from '../../lib/search-vector.js';
import { normalizeTags } from '../../lib/tags.js';
import * as repo from './posts.repository.js';
import { presentPost, presentPostSummaries, presentThreads } from './posts.views.js';

const DEFAULT_LIMIT = 20;

/** Loads a live post and checks the viewer's access to its group; a post in an unreadable group is a 404. */
async function requirePost(db: Db, viewer: Viewer, id: number, action: GroupAction) {
  const post = await repo.findFullPost(db, id);
  if (!post) throw new NotFoundError('post');
  const access = await requireGroupAccess(db, viewer, post.group_id, action);
  return { post, access };
}

async function requireComment(db: Db, viewer: Viewer, id: number, action: GroupAction) {
  const comment = await repo.findComment(db, id);
  if (!comment || comment.deleted_at) throw new NotFoundError('comment');
  const access = await requireGroupAccess(db, viewer, comment.group_id, action);
  return { comment, access };
}

function requireText(value: string, field: string) {
  if (!value.trim()) throw new ValidationError(`The ${field} is empty.`, { [field]: 'must not be blank' });
  return value;
}

export async function groupPosts(db: Db, viewer: Viewer, groupId: number, query: GroupPostsQuery) {
  await requireGroupAccess(db, viewer, groupId, 'read');
  const sort = query.sort ?? 'new';
  const limit = query.limit ?? DEFAULT_LIMIT;
  const after = decodeCursor(query.cursor, sort === 'new' ? 'tn' : 'nn');
  const [rows, pinned] = await Promise.all([
    repo.groupPosts(db, groupId, sort, query.kind ?? null, after, limit),
    after ? Promise.resolve([]) : repo.pinnedPosts(db, groupId),
  ]);
  const page = toPage(rows, limit, (r) => (sort === 'new' ? [r.created_cursor, r.id] : [sort === 'hot' ? r.hot_score : r.score, r.id]));
  const [items, pinnedItems] = await Promise.all([presentPostSummaries(db, viewer, page.rows), presentPostSummaries(db, viewer, pinned)]);
  return { items, nextCursor: page.nextCursor, pinned: pinnedItems };
}

export async function createPost(db: Db, viewer: SignedInViewer, groupId: number, input: CreatePostBody) {
  await requireGroupAccess(db, viewer, groupId, 'post');
  const title = requireText(input.title, 'title').trim();
  const body = requireText(input.body, 'body');
  const tags = normalizeTags(input.tags ?? []);
  const id = await db.transaction().execute((tx) =>
    repo.insertPost(tx, {
      group_id: groupId,
      author_id: viewer.id,
      kind: input.kind,
      title,
      body,
      body_html: renderMarkdown(body),
      excerpt: excerptOf(body),
      tags,
      search_vector: searchVector(title, `${body} ${tags.join(' ')}`),
    }),
  );
  return getPost(db, viewer, id);
}

export async function getPost(db: Db, viewer: Viewer, id: number) {
  const { post } = await requirePost(db, viewer, id, 'read');
  const presented = await presentPost(db, viewer, post);
  if (!presented) throw new NotFoundError('post');
  return presented;
}

export async function updatePost(db: Db, viewer: SignedInViewer, id: number, input: UpdatePostBody) {
  const { post } = await requirePost(db, viewer, id, 'read');
  if (post.author_id !== viewer.id) throw new ForbiddenError('Only the author edits a post.');
  const title = input.title !== undefined ? requireText(input.title, 'title').trim() : post.title;
  const body = input.body !== undefined ? requireText(input.body, 'body') : post.body;
  const tags = input.tags !== undefined ? normalizeTags(input.tags) : post.tags;
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
  await repo.updatePost(db, id, patch);
  return getPost(db, viewer, id);
}

/** The author, a group admin or an operator deletes a post (softly: it disappears from every list). */
export async function deletePost(db: Db, viewer: SignedInViewer, id: number) {
  const { post, access } = await requirePost(db, viewer, id, 'read');
  const mayModerate = access.role === 'owner' || access.role === 'admin' || viewer.role === 'operator';
  if (post.author_id !== viewer.id && !mayModerate) throw new ForbiddenError('Only the author or a group admin deletes a post.');
  await db.transaction().execute((tx) => repo.softDeletePost(tx, id, post.group_id));
}

export async function pinPost(db: Db, viewer: SignedInViewer, id: number, pinned: boolean) {
  await requirePost(db, viewer, id, 'moderate');
  await repo.updatePost(db, id, { pinned_at: pinned ? new Date() : null });
  return getPost(db, viewer, id);
}

export async function likePost(db: Db, viewer: SignedInViewer, id: number, liked: boolean) {
  await requirePost(db, viewer, id, 'read');
  const likeCount = await db.transaction().execute((tx) => repo.setPostLike(tx, id, viewer.id, liked));
  return { liked, likeCount };
}

export async function listComments(db: Db, viewer: Viewer, postId: number, query: { cursor?: string; limit?: number }) {
  const { access } = await requirePost(db, viewer, postId, 'read');
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.topLevelComments(db, postId, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.created_cursor, r.id]);
  const replies = await repo.repliesOf(db, page.rows.map((r) => r.id));
  const threads = page.rows.map((comment) => ({ comment, replies: replies.filter((r) => r.parent_id === comment.id) }));
  return { items: await presentThreads(db, viewer, access, threads), nextCursor: page.nextCursor };
}

/** Members comment; a reply to a reply joins the thread of its top-level comment (one level of replies). */
export async function createComment(db: Db, viewer: SignedInViewer, postId: number, input: { body: string; parentId?: number }) {
  const { access } = await requirePost(db, viewer, postId, 'post');
  const body = requireText(input.body, 'body');
  let parentId: number | null = null;
  if (input.parentId !== undefined) {
    const parent = await repo.findComment(db, input.parentId);
    if (!parent || parent.post_id !== postId || parent.deleted_at) {
      throw new ValidationError('The comment replied to is not on this post.', { parentId: 'is not a comment on this post' });
    }
    parentId = parent.parent_id ?? parent.id;
  }
  const id = await db.transaction().execute((tx) =>
    repo.insertComment(tx, { post_id: postId, parent_id: parentId, author_id: viewer.id, body, body_html: renderMarkdown(body) }),
  );
  return presentComment(db, viewer, access, id);
}

async function presentComment(db: Db, viewer: Viewer, access: Awaited<ReturnType<typeof requireGroupAccess>>, id: number) {
  const row = await repo.findComment(db, id);
  if (!row) throw new NotFoundError('comment');
  const [thread] = await presentThreads(db, viewer, access, [{ comment: row, replies: [] }]);
  return thread!.comment;
}

export async function updateComment(db: Db, viewer: SignedInViewer, id: number, body: string) {
  const { comment, access } = await requireComment(db, viewer, id, 'read');
  if (comment.author_id !== viewer.id) throw new ForbiddenError('Only the author edits a comment.');
  requireText(body, 'body');
  await repo.updateComment(db, id, { body, body_html: renderMarkdown(body), edited_at: new Date() });
  return presentComment(db, viewer, access, id);
}

export async function deleteComment(db: Db, viewer: SignedInViewer, id: number) {
  const { comment, access } = await requireComment(db, viewer, id, 'read');
  const mayModerate = access.role === 'owner' || access.role === 'admin' || viewer.role === 'operator';
  if (comment.author_id !== viewer.id && !mayModerate) throw new ForbiddenError('Only the author or a group admin deletes a comment.');
  await db.transaction().execute((tx) => repo.softDeleteComment(tx, id, comment.post_id));
}

export async function likeComment(db: Db, viewer: SignedInViewer, id: number, liked: boolean) {
  await requireComment(db, viewer, id, 'read');
  const likeCount = await db.transaction().execute((tx) => repo.setCommentLike(tx, id, viewer.id, liked));
  return { liked, likeCount };
}

export async function homeFeed(db: Db, viewer: SignedInViewer, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.homeFeed(db, viewer.id, decodeCursor(query.cursor, 'tn'), limit);
  const page = toPage(rows, limit, (r) => [r.created_cursor, r.id]);
  return { items: await presentPostSummaries(db, viewer, page.rows), nextCursor: page.nextCursor };
}

export async function searchPosts(db: Db, viewer: Viewer, query: { q: string; cursor?: string; limit?: number }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const rows = await repo.searchPosts(db, viewer?.id ?? null, searchQuery(query.q), decodeCursor(query.cursor, 'nn'), limit);
  const page = toPage(rows, limit, (r) => [r.rank, r.id]);
  return { items: await presentPostSummaries(db, viewer, page.rows), nextCursor: page.nextCursor };
}
