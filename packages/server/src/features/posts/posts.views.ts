import type { Comment, CommentThread, Post, PostSummary } from '@kindred/contract';
import { can, loadGroupAccess, loadHiddenMembers, type GroupAccess } from '../../auth/access.js';
import type { Viewer } from '../../auth/viewer.js';
import type { Db } from '../../db/database.js';
import { loadUserSummaries } from '../accounts/accounts.views.js';
import * as groupsRepo from '../groups/groups.repository.js';
import * as repo from './posts.repository.js';
import type { FullPostRow, PostRow } from './posts.repository.js';

type Row = Omit<PostRow, 'created_cursor'>;

/**
 * Hydrates post rows for one viewer: authors, groups, the viewer's likes and
 * role per group, in four batched queries, keeping the rows' order. Rows of
 * groups the viewer may not read are dropped here, so no list can leak them.
 */
async function hydrate(db: Db, viewer: Viewer, rows: Row[]) {
  if (rows.length === 0) return [];
  const groupIds = [...new Set(rows.map((r) => r.group_id))];
  const [authors, groups, access, liked, hidden] = await Promise.all([
    loadUserSummaries(db, rows.map((r) => r.author_id)),
    groupsRepo.findGroups(db, groupIds),
    loadGroupAccess(db, viewer, groupIds),
    viewer ? repo.likedPosts(db, viewer.id, rows.map((r) => r.id)) : Promise.resolve(new Set<number>()),
    loadHiddenMembers(db, viewer, rows.map((r) => r.author_id)),
  ]);
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const visible = rows.filter((r) => {
    const a = access.get(r.group_id);
    return a !== undefined && can(a, viewer, 'read') && !hidden.has(r.author_id);
  });
  return visible.map((row) => {
    const group = groupById.get(row.group_id)!;
    const groupAccess = access.get(row.group_id)!;
    return {
      id: row.id,
      group: { id: group.id, name: group.name, visibility: group.visibility },
      author: authors.get(row.author_id) ?? { id: row.author_id, username: 'unknown', displayName: 'Unknown' },
      kind: row.kind,
      title: row.title,
      tags: row.tags,
      likeCount: row.like_count,
      commentCount: row.comment_count,
      pinned: row.pinned_at !== null,
      createdAt: row.created_at.toISOString(),
      editedAt: row.edited_at?.toISOString() ?? null,
      viewer: postPermissions(viewer, groupAccess, row, liked.has(row.id)),
      excerpt: row.excerpt,
    };
  });
}

function postPermissions(viewer: Viewer, access: GroupAccess, row: Row, liked: boolean) {
  const author = viewer !== null && viewer.id === row.author_id;
  return {
    liked,
    canEdit: author,
    canDelete: author || can(access, viewer, 'moderate'),
    canPin: can(access, viewer, 'moderate'),
  };
}

export function presentPostSummaries(db: Db, viewer: Viewer, rows: Row[]): Promise<PostSummary[]> {
  return hydrate(db, viewer, rows);
}

/** The full post, or null when the viewer may not see it (a hidden author). */
export async function presentPost(db: Db, viewer: Viewer, row: FullPostRow): Promise<Post | null> {
  const [summary] = await hydrate(db, viewer, [row]);
  if (!summary) return null;
  const { excerpt: _excerpt, ...rest } = summary;
  return { ...rest, body: row.body, bodyHtml: row.body_html };
}

type CommentRowLike = {
  id: number;
  post_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  body_html: string;
  like_count: number;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
};

/** Comment threads for one viewer; deleted comments keep their place but lose their text. */
export async function presentThreads(
  db: Db,
  viewer: Viewer,
  access: GroupAccess,
  threads: { comment: CommentRowLike; replies: CommentRowLike[] }[],
): Promise<CommentThread[]> {
  const hidden = await loadHiddenMembers(db, viewer, threads.flatMap((t) => [t.comment, ...t.replies]).map((c) => c.author_id));
  threads = threads
    .filter((t) => !hidden.has(t.comment.author_id))
    .map((t) => ({ comment: t.comment, replies: t.replies.filter((r) => !hidden.has(r.author_id)) }));
  const all = threads.flatMap((t) => [t.comment, ...t.replies]);
  const [authors, liked] = await Promise.all([
    loadUserSummaries(db, all.map((c) => c.author_id)),
    viewer ? repo.likedComments(db, viewer.id, all.map((c) => c.id)) : Promise.resolve(new Set<number>()),
  ]);
  const present = (c: CommentRowLike): Comment => {
    const deleted = c.deleted_at !== null;
    const author = viewer !== null && viewer.id === c.author_id;
    return {
      id: c.id,
      postId: c.post_id,
      parentId: c.parent_id,
      author: authors.get(c.author_id) ?? { id: c.author_id, username: 'unknown', displayName: 'Unknown' },
      body: deleted ? '' : c.body,
      bodyHtml: deleted ? '' : c.body_html,
      likeCount: c.like_count,
      deleted,
      createdAt: c.created_at.toISOString(),
      editedAt: c.edited_at?.toISOString() ?? null,
      viewer: {
        liked: liked.has(c.id),
        canEdit: author && !deleted,
        canDelete: !deleted && (author || can(access, viewer, 'moderate')),
      },
    };
  };
  return threads.map((t) => ({ comment: present(t.comment), replies: t.replies.map(present) }));
}
