import type { Comment, CommentThread, Post, PostSummary } from '@kindred/contract';
import { can, type GroupAccess } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { FullPostRow, PostRow, ThreadCommentRow } from './posts.repository.js';

type Row = Omit<PostRow, 'created_cursor'>;

/** The viewer's access to a row's group, from the facts the row carries. */
export function rowAccess(row: Row): GroupAccess {
  return { groupId: row.group_id, visibility: row.group_visibility, joinPolicy: row.group_join_policy, role: row.viewer_role };
}

/**
 * Post rows loaded in a viewer's context (posts.repository's inViewerContext)
 * as summaries, keeping their order. Rows of groups the viewer may not read,
 * or by a member either side has blocked, are dropped here, so no list can
 * leak them.
 */
export function presentPostSummaries(viewer: Viewer, rows: Row[]): PostSummary[] {
  return rows
    .filter((row) => !row.hidden && can(rowAccess(row), viewer, 'read'))
    .map((row) => ({
      id: row.id,
      group: { id: row.group_id, name: row.group_name, visibility: row.group_visibility },
      author: { id: row.author_id, username: row.author_username, displayName: row.author_display_name },
      kind: row.kind,
      title: row.title,
      tags: row.tags,
      likeCount: row.like_count,
      commentCount: row.comment_count,
      pinned: row.pinned_at !== null,
      createdAt: row.created_at.toISOString(),
      editedAt: row.edited_at?.toISOString() ?? null,
      viewer: postPermissions(viewer, rowAccess(row), row),
      excerpt: row.excerpt,
    }));
}

function postPermissions(viewer: Viewer, access: GroupAccess, row: Row) {
  const author = viewer !== null && viewer.id === row.author_id;
  return {
    liked: row.liked,
    canEdit: author,
    canDelete: author || can(access, viewer, 'moderate'),
    canPin: can(access, viewer, 'moderate'),
  };
}

/** The full post, or null when the viewer may not see it (an unreadable group, a hidden author). */
export function presentPost(viewer: Viewer, row: FullPostRow): Post | null {
  const [summary] = presentPostSummaries(viewer, [row]);
  if (!summary) return null;
  const { excerpt: _excerpt, ...rest } = summary;
  return { ...rest, body: row.body, bodyHtml: row.body_html };
}

/** Comment threads for one viewer; deleted comments keep their place but lose their text, and hidden members' comments are dropped. */
export function presentThreads(viewer: Viewer, access: GroupAccess, threads: { comment: ThreadCommentRow; replies: ThreadCommentRow[] }[]): CommentThread[] {
  return threads
    .filter((t) => !t.comment.hidden)
    .map((t) => ({ comment: presentComment(viewer, access, t.comment), replies: t.replies.filter((r) => !r.hidden).map((r) => presentComment(viewer, access, r)) }));
}

export function presentComment(viewer: Viewer, access: GroupAccess, c: ThreadCommentRow): Comment {
  const deleted = c.deleted_at !== null;
  const author = viewer !== null && viewer.id === c.author_id;
  return {
    id: c.id,
    postId: c.post_id,
    parentId: c.parent_id,
    author: { id: c.author_id, username: c.author_username, displayName: c.author_display_name },
    body: deleted ? '' : c.body,
    bodyHtml: deleted ? '' : c.body_html,
    likeCount: c.like_count,
    deleted,
    createdAt: c.created_at.toISOString(),
    editedAt: c.edited_at?.toISOString() ?? null,
    viewer: {
      liked: c.liked,
      canEdit: author && !deleted,
      canDelete: !deleted && (author || can(access, viewer, 'moderate')),
    },
  };
}
