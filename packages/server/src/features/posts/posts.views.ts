import type { Comment, CommentThread, Post, PostSummary } from '@kindred/contract';
import { allows, type GroupAccess, type PostFacts } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import { avatarUrl } from '../accounts/accounts.views.js';
import { presentMedia, presentOptionalMedia } from '../media/media.views.js';
import type { FullPostRow, PostRow, ThreadCommentRow } from './posts.repository.js';

type Row = Omit<PostRow, 'created_cursor'>;

/** The viewer's access to a row's group, from the facts the row carries. */
export function rowAccess(row: Row): GroupAccess {
  return { groupId: row.group_id, visibility: row.group_visibility, joinPolicy: row.group_join_policy, role: row.viewer_role, removed: row.group_removed };
}

/** The access facts a post row loaded in a viewer's context carries. */
export function postFacts(row: Row): PostFacts {
  const held = row.held_at !== null;
  return { authorId: row.author_id, authorHidden: row.hidden, deleted: held, held, group: rowAccess(row) };
}

/**
 * Post rows loaded in a viewer's context (posts.repository's inViewerContext)
 * as summaries, keeping their order. Rows of groups the viewer may not read,
 * or by a member either side has blocked, are dropped here, so no list can
 * leak them.
 */
export function presentPostSummaries(viewer: Viewer, rows: Row[]): PostSummary[] {
  return rows
    .filter((row) => allows(viewer, 'post.read', postFacts(row)))
    .map((row) => ({
      id: row.id,
      group: { id: row.group_id, name: row.group_name, visibility: row.group_visibility },
      author: { id: row.author_id, username: row.author_username, displayName: row.author_display_name, avatarUrl: avatarUrl(row.author_avatar_media_id) },
      kind: row.kind,
      title: row.title,
      tags: row.tags,
      likeCount: row.like_count,
      commentCount: row.comment_count,
      pinned: row.pinned_at !== null,
      createdAt: row.created_at.toISOString(),
      editedAt: row.edited_at?.toISOString() ?? null,
      viewer: postPermissions(viewer, postFacts(row), row.liked),
      excerpt: row.excerpt,
      cover: presentOptionalMedia(row.cover),
    }));
}

function postPermissions(viewer: Viewer, facts: PostFacts, liked: boolean) {
  return {
    liked,
    canEdit: allows(viewer, 'post.edit', facts),
    canDelete: allows(viewer, 'post.delete', facts),
    canPin: allows(viewer, 'post.pin', facts),
  };
}

/** The full post, or null when the viewer may not see it (an unreadable group, a hidden author). */
export function presentPost(viewer: Viewer, row: FullPostRow): Post | null {
  const [summary] = presentPostSummaries(viewer, [row]);
  if (!summary) return null;
  const { excerpt: _excerpt, cover: _cover, ...rest } = summary;
  return { ...rest, body: row.body, bodyHtml: row.body_html, photos: row.photos.map(presentMedia), held: row.held_at !== null };
}

/**
 * Comment threads on a post the viewer may read; deleted comments keep their
 * place but lose their text (below); hidden members' comments, and held ones
 * the viewer may not review, are dropped.
 */
export function presentThreads(viewer: Viewer, post: PostFacts, threads: { comment: ThreadCommentRow; replies: ThreadCommentRow[] }[]): CommentThread[] {
  const held = (c: ThreadCommentRow) => c.held_at !== null;
  const shown = (c: ThreadCommentRow) => allows(viewer, 'comment.read', { authorId: c.author_id, authorHidden: c.hidden, deleted: held(c), held: held(c), postId: c.post_id, post });
  return threads
    .filter((t) => shown(t.comment))
    .map((t) => ({ comment: presentComment(viewer, post, t.comment), replies: t.replies.filter(shown).map((r) => presentComment(viewer, post, r)) }));
}

export function presentComment(viewer: Viewer, post: PostFacts, c: ThreadCommentRow): Comment {
  const held = c.held_at !== null;
  const deleted = c.deleted_at !== null && !held;
  const facts = { authorId: c.author_id, authorHidden: c.hidden, deleted: c.deleted_at !== null, held, postId: c.post_id, post };
  return {
    id: c.id,
    postId: c.post_id,
    parentId: c.parent_id,
    author: { id: c.author_id, username: c.author_username, displayName: c.author_display_name, avatarUrl: avatarUrl(c.author_avatar_media_id) },
    body: deleted ? '' : c.body,
    bodyHtml: deleted ? '' : c.body_html,
    likeCount: c.like_count,
    photo: deleted ? null : presentOptionalMedia(c.photo),
    deleted,
    held,
    createdAt: c.created_at.toISOString(),
    editedAt: c.edited_at?.toISOString() ?? null,
    viewer: {
      liked: c.liked,
      canEdit: allows(viewer, 'comment.edit', facts),
      canDelete: allows(viewer, 'comment.delete', facts),
    },
  };
}
