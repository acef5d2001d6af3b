import { sql, type ExpressionBuilder, type RawBuilder, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { GroupRole } from '@kindred/contract';
import { blockedEitherWaySql, type PostFacts } from '../../auth/access.js';
import type { Db, Tx } from '../../db/database.js';
import type { CommentsTable, DB, PostsTable } from '../../db/schema.js';
import { keysetAfter, timestampCursor, type CursorValue } from '../../db/pagination.js';
import { runCached } from '../../db/statement-cache.js';
import { firstPlacedMediaJson, mediaJson, placedMediaJson } from '../media/media.repository.js';

const postColumns = [
  'posts.id',
  'posts.group_id',
  'posts.author_id',
  'posts.kind',
  'posts.title',
  'posts.excerpt',
  'posts.tags',
  'posts.like_count',
  'posts.comment_count',
  'posts.score',
  'posts.hot_score',
  'posts.pinned_at',
  'posts.created_at',
  'posts.edited_at',
  'posts.cover_media_id',
  'posts.held_at',
] as const;

/** Engagement decays by a factor of ten every 12.5 hours of age (45,000 s). */
export const hotScoreSql = sql<number>`log(greatest(1 + like_count + 2 * comment_count, 1)) + (extract(epoch from created_at) - 1700000000) / 45000`;

type PostBase = Awaited<ReturnType<ReturnType<typeof postRows>['execute']>>[number];

function postRows(db: Db) {
  return db.selectFrom('posts').select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')]);
}

/**
 * Post rows (from any query selecting the post columns, as `p`) with all a
 * viewer's list needs in the same statement: the author, the group, the
 * viewer's role in it, their like, and whether either has blocked the other.
 * One round trip instead of one per kind of fact.
 */
function inViewerContext<E>(db: Db, viewerId: number | null, source: SelectQueryBuilder<DB, any, PostBase & E>) {
  const viewer = viewerId ?? 0;
  return db
    .selectFrom(source.as('p'))
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .innerJoin('groups as g', 'g.id', 'p.group_id')
    .leftJoin('group_members as gm', (join) => join.onRef('gm.group_id', '=', 'p.group_id').on('gm.user_id', '=', viewer))
    .selectAll('p')
    .select([
      'u.username as author_username',
      'u.display_name as author_display_name',
      'u.avatar_media_id as author_avatar_media_id',
      'g.name as group_name',
      'g.visibility as group_visibility',
      'g.join_policy as group_join_policy',
      'gm.role as viewer_role',
      sql<boolean>`g.removed_at is not null`.as('group_removed'),
      sql<boolean>`exists (select 1 from post_likes l where l.group_id = p.group_id and l.post_id = p.id and l.user_id = ${viewer})`.as('liked'),
      blockedEitherWaySql(viewer, 'p.author_id').as('hidden'),
      mediaJson('p.cover_media_id').as('cover'),
    ]);
}

export type PostRow = Awaited<ReturnType<typeof findPosts>>[number];
export type FullPostRow = NonNullable<Awaited<ReturnType<typeof findFullPost>>>;

/** Live posts by id, in the viewer's context (in no particular order). */
export function findPosts(db: Db, viewerId: number | null, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return inViewerContext(db, viewerId, postRows(db).where('id', 'in', ids).where('deleted_at', 'is', null)).execute();
}

export async function findFullPost(db: Db, viewerId: number | null, id: number) {
  const [row] = await runCached(db, 'post', [viewerId ?? 0, id] as const, ([viewer, postId]) =>
    // A post held for review is read by its author and moderators (access.ts decides).
    inViewerContext(db, viewer, postRows(db).select(['posts.body', 'posts.body_html']).where('id', '=', postId).where((eb) => eb.or([eb('deleted_at', 'is', null), eb('held_at', 'is not', null)]))).select(
      placedMediaJson('post', 'p.id').as('photos'),
    ),
  );
  return row;
}

export type PostSortKey = 'new' | 'hot' | 'top';

/**
 * A group's posts in one of three orders, keyset-paginated on (sort key, id),
 * in the viewer's context. The first page also carries the group's pinned
 * posts (`pinned_slot`), in the same statement.
 */
export function groupPosts(
  db: Db,
  viewerId: number | null,
  groupId: number,
  sort: PostSortKey,
  kind: PostsTable['kind'] | null,
  after: CursorValue[] | null,
  limit: number,
) {
  const column = sort === 'new' ? 'created_at' : sort === 'hot' ? 'hot_score' : 'score';
  const shape = `group-posts:${sort}:${kind ? 'kind' : 'all'}:${after ? 'after' : 'first'}`;
  return runCached(db, shape, [viewerId ?? 0, groupId, limit + 1, kind ?? 'discussion', ...(after ?? [])] as const, ([viewer, group, take, postKind, ...cursor]) => {
    let page = postRows(db).where('group_id', '=', group).where('deleted_at', 'is', null).orderBy(column, 'desc').orderBy('id', 'desc').limit(take);
    if (kind) page = page.where('kind', '=', postKind);
    if (after) page = page.where(sort === 'new' ? keysetAfter(['created_at', 'id'], '<', cursor, 'timestamp') : keysetAfter([column, 'id'], '<', cursor));
    const slot = (pinned: boolean, order: RawBuilder<number>) => [sql<boolean>`${sql.lit(pinned)}`.as('pinned_slot'), order.as('slot_order')] as const;
    const rows = db.selectFrom(page.as('page')).selectAll('page').select(slot(false, sql<number>`row_number() over (order by ${sql.ref(`page.${column}`)} desc, page.id desc)`));
    const withPinned = after
      ? rows
      : rows.unionAll(
          db
            .selectFrom(postRows(db).where('group_id', '=', group).where('pinned_at', 'is not', null).where('deleted_at', 'is', null).orderBy('pinned_at', 'desc').limit(10).as('pin'))
            .selectAll('pin')
            .select(slot(true, sql<number>`row_number() over (order by pin.pinned_at desc)`)),
        );
    return inViewerContext(db, viewer, withPinned).orderBy('p.pinned_slot').orderBy('p.slot_order');
  });
}

/**
 * The newest posts of each group the member belongs to, after the cursor,
 * newest first: one LATERAL probe of the (group_id, created_at, id) index per
 * group, at most `take` each, so the work is bounded by groups × page size.
 * `window` narrows the posts' time; `pulledOnly` keeps the groups whose posts
 * are read at feed time (not fanned out).
 */
function newestInMemberGroups(db: Db, member: number, take: number, cursor: CursorValue[] | null, window: RawBuilder<boolean> | null, pulledOnly = false) {
  let groups = db
    .selectFrom('group_members as m')
    .innerJoinLateral(
      (eb) => {
        let inner = eb
          .selectFrom('posts')
          .select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')])
          .whereRef('posts.group_id', '=', 'm.group_id')
          .where('posts.deleted_at', 'is', null)
          .orderBy('posts.created_at', 'desc')
          .orderBy('posts.id', 'desc')
          .limit(take);
        if (cursor) inner = inner.where(keysetAfter(['posts.created_at', 'posts.id'], '<', cursor, 'timestamp'));
        if (window) inner = inner.where(window);
        return inner.as('f');
      },
      (join) => join.onTrue(),
    )
    .selectAll('f')
    .where('m.user_id', '=', member)
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(take);
  if (pulledOnly) groups = groups.where(sql<boolean>`exists (select 1 from groups pg where pg.id = m.group_id and pg.feed_pulled)`);
  return groups;
}

/**
 * The home feed pulled: newest posts across the member's groups, in their
 * context. One LATERAL probe of the (group_id, created_at, id) index per
 * group, so the work is bounded by groups × page size however many posts the
 * groups hold. `before` (an instant, or null) keeps only posts older than it:
 * the part of the feed past the fanned-out horizon (homeFeedFannedOut).
 */
export function homeFeed(db: Db, userId: number, after: CursorValue[] | null, limit: number, before: string | null = null) {
  const shape = `home-feed${after ? ':after' : ''}${before ? ':before' : ''}`;
  return runCached(db, shape, [userId, limit + 1, before ?? '', ...(after ?? [])] as const, ([member, take, older, ...cursor]) => {
    const newest = newestInMemberGroups(db, member, take, after ? cursor : null, before ? sql<boolean>`posts.created_at < ${older}::timestamptz` : null);
    return inViewerContext(db, member, newest).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc');
  });
}

/** Whether any of the member's groups is fanned out (else their feed is pulled whole, as homeFeed reads it). */
export async function inFannedOutGroup(db: Db, userId: number) {
  const [row] = await runCached(db, 'in-fanned-out-group', [userId] as const, ([member]) =>
    db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select('m.group_id')
      .where('m.user_id', '=', member)
      .where('g.feed_pulled', '=', false)
      .limit(1),
  );
  return row !== undefined;
}

/**
 * The home feed from `since` on, with fan-out on write: the member's
 * feed_items (posts of groups that fan out, in groups they still belong to),
 * merged with the posts of their pulled groups (one probe each, as in
 * homeFeed) and the posts whose fan-out has not finished. The three overlap
 * (a post fanned out before its group became pulled, a pending post half
 * fanned out): UNION keeps each post once. Same order, cursor and filters as
 * homeFeed; rows older than `since` are left to it (the caller asks).
 */
export function homeFeedFannedOut(db: Db, userId: number, after: CursorValue[] | null, limit: number, since: string) {
  const shape = `home-feed-fanned${after ? ':after' : ''}`;
  return runCached(db, shape, [userId, limit + 1, since, ...(after ?? [])] as const, ([member, take, horizon, ...cursor]) => {
    const fromHorizon = (column: string) => sql<boolean>`${sql.ref(column)} >= ${horizon}::timestamptz`;
    let fanned = db
      .selectFrom('feed_items as fi')
      .innerJoin('posts', (join) => join.onRef('posts.group_id', '=', 'fi.group_id').onRef('posts.id', '=', 'fi.post_id'))
      .innerJoin('group_members as fm', (join) => join.onRef('fm.group_id', '=', 'fi.group_id').onRef('fm.user_id', '=', 'fi.user_id'))
      .select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')])
      .where('fi.user_id', '=', member)
      .where(fromHorizon('fi.created_at'))
      .where('posts.deleted_at', 'is', null)
      .orderBy('fi.created_at', 'desc')
      .orderBy('fi.post_id', 'desc')
      .limit(take);
    if (after) fanned = fanned.where(keysetAfter(['fi.created_at', 'fi.post_id'], '<', cursor, 'timestamp'));
    const pulled = newestInMemberGroups(db, member, take, after ? cursor : null, fromHorizon('posts.created_at'), true);
    let pending = db
      .selectFrom('posts')
      .select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')])
      .where('posts.fanout_pending', '=', true)
      .where('posts.group_id', 'in', db.selectFrom('group_members as pm').select('pm.group_id').where('pm.user_id', '=', member))
      .where('posts.deleted_at', 'is', null)
      .where(fromHorizon('posts.created_at'))
      .orderBy('posts.created_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(take);
    if (after) pending = pending.where(keysetAfter(['posts.created_at', 'posts.id'], '<', cursor, 'timestamp'));
    const merged = db
      .selectFrom(fanned.as('a'))
      .selectAll('a')
      .union(db.selectFrom(pulled.as('b')).selectAll('b'))
      .union(db.selectFrom(pending.as('c')).selectAll('c'));
    const newest = db.selectFrom(merged.as('f')).selectAll('f').orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(take);
    return inViewerContext(db, member, newest).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc');
  });
}

/** Posts of groups the viewer may read: public ones, or theirs. */
function readableGroupPost(viewer: number) {
  return sql<boolean>`(exists (select 1 from groups pg where pg.id = posts.group_id and pg.visibility = 'public')
    or exists (select 1 from group_members vm where vm.group_id = posts.group_id and vm.user_id = ${viewer}))`;
}

/** The Following feed's keyset on posts: (created_at, 1, id), posts ranking 1 among items at one instant. */
function followingAfter(createdAt: string, id: string, cursor: CursorValue[]) {
  return sql<boolean>`(${sql.ref(createdAt)}, 1, ${sql.ref(id)}) < (${cursor[0]}::timestamptz, ${cursor[1]}, ${cursor[2]})`;
}

/**
 * Newest posts by the members the viewer follows (`pulledOnly`: those whose
 * posts are not fanned out), in groups the viewer may read, within `window`.
 *
 * The page's posts come from at most `take` authors, and each of them has a
 * newest post at least as new as the page's last: so one probe of the author
 * index per followee finds each one's newest post, the `take` newest of
 * those name the authors, and only their posts are read in full — not
 * `take` posts of every followee.
 */
function newestByFollowed(db: Db, viewer: number, take: number, cursor: CursorValue[] | null, window: RawBuilder<boolean> | null, pulledOnly = false) {
  const postsOf = (eb: ExpressionBuilder<DB & { f: { followee_id: number } }, 'f'>, count: number) => {
    let inner = eb
      .selectFrom('posts')
      .whereRef('posts.author_id', '=', 'f.followee_id')
      .where('posts.deleted_at', 'is', null)
      .where(readableGroupPost(viewer))
      .orderBy('posts.created_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(count);
    if (cursor) inner = inner.where(followingAfter('posts.created_at', 'posts.id', cursor));
    if (window) inner = inner.where(window);
    return inner;
  };
  let authors = db
    .selectFrom('follows as f')
    .innerJoinLateral(
      (eb) => postsOf(eb, 1).select(['posts.created_at', 'posts.id']).as('np'),
      (join) => join.onTrue(),
    )
    .select('f.followee_id')
    .where('f.follower_id', '=', viewer)
    .where('f.status', '=', 'active')
    .orderBy('np.created_at', 'desc')
    .orderBy('np.id', 'desc')
    .limit(take);
  if (pulledOnly) authors = authors.where('f.followee_id', 'in', db.selectFrom('users as pu').select('pu.id').where('pu.followers_pulled', '=', true));
  return db
    .selectFrom(authors.as('f'))
    .innerJoinLateral(
      (eb) => postsOf(eb, take).select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')]).as('fp'),
      (join) => join.onTrue(),
    )
    .selectAll('fp')
    .orderBy('fp.created_at', 'desc')
    .orderBy('fp.id', 'desc')
    .limit(take);
}

/**
 * The Following feed's posts pulled: newest posts by the members the viewer
 * follows, in groups the viewer may read (public ones, or theirs), in the
 * viewer's context; `take` of them. Keyset on (created_at, 1, id). `before`
 * (an instant, or null) keeps only posts older than it: the part past the
 * fanned-out horizon (followedPostsFannedOut).
 */
export async function followedPosts(db: Db, viewerId: number, after: CursorValue[] | null, take: number, before: string | null = null) {
  const shape = `followed-posts${after ? ':after' : ''}${before ? ':before' : ''}`;
  return runCached(db, shape, [viewerId, take, before ?? '', ...(after ?? [])] as const, ([viewer, count, older, ...cursor]) => {
    const newest = newestByFollowed(db, viewer, count, after ? cursor : null, before ? sql<boolean>`posts.created_at < ${older}::timestamptz` : null);
    return inViewerContext(db, viewer, newest).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc');
  });
}

/**
 * The Following feed's posts from `since` on, with fan-out on write: the
 * viewer's following_items (posts of authors they still follow, in groups
 * they may read), merged with the posts of pulled authors and the posts
 * whose fan-out has not finished; UNION keeps each post once, as in
 * homeFeedFannedOut. Same order, cursor and filters as followedPosts; older
 * rows are left to it (the caller asks).
 */
export async function followedPostsFannedOut(db: Db, viewerId: number, after: CursorValue[] | null, take: number, since: string) {
  const shape = `followed-posts-fanned${after ? ':after' : ''}`;
  return runCached(db, shape, [viewerId, take, since, ...(after ?? [])] as const, ([viewer, count, horizon, ...cursor]) => {
    const fromHorizon = (column: string) => sql<boolean>`${sql.ref(column)} >= ${horizon}::timestamptz`;
    let fanned = db
      .selectFrom('following_items as fi')
      .innerJoin('posts', (join) => join.onRef('posts.group_id', '=', 'fi.group_id').onRef('posts.id', '=', 'fi.post_id'))
      .innerJoin('follows as ff', (join) => join.onRef('ff.follower_id', '=', 'fi.user_id').onRef('ff.followee_id', '=', 'fi.author_id').on('ff.status', '=', 'active'))
      .select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')])
      .where('fi.user_id', '=', viewer)
      .where(fromHorizon('fi.created_at'))
      .where('posts.deleted_at', 'is', null)
      .where(readableGroupPost(viewer))
      .orderBy('fi.created_at', 'desc')
      .orderBy('fi.post_id', 'desc')
      .limit(count);
    if (after) fanned = fanned.where(followingAfter('fi.created_at', 'fi.post_id', cursor));
    const pulled = newestByFollowed(db, viewer, count, after ? cursor : null, fromHorizon('posts.created_at'), true);
    let pending = db
      .selectFrom('posts')
      .select([...postColumns, timestampCursor('posts.created_at').as('created_cursor')])
      .where('posts.fanout_pending', '=', true)
      .where('posts.author_id', 'in', db.selectFrom('follows as pf').select('pf.followee_id').where('pf.follower_id', '=', viewer).where('pf.status', '=', 'active'))
      .where('posts.deleted_at', 'is', null)
      .where(fromHorizon('posts.created_at'))
      .where(readableGroupPost(viewer))
      .orderBy('posts.created_at', 'desc')
      .orderBy('posts.id', 'desc')
      .limit(count);
    if (after) pending = pending.where(followingAfter('posts.created_at', 'posts.id', cursor));
    const merged = db
      .selectFrom(fanned.as('a'))
      .selectAll('a')
      .union(db.selectFrom(pulled.as('b')).selectAll('b'))
      .union(db.selectFrom(pending.as('c')).selectAll('c'));
    const newest = db.selectFrom(merged.as('f')).selectAll('f').orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(count);
    return inViewerContext(db, viewer, newest).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc');
  });
}

export async function insertPost(
  tx: Tx,
  row: Pick<PostsTable, 'group_id' | 'author_id' | 'kind' | 'title' | 'body' | 'body_html' | 'excerpt' | 'tags'> & { search_vector: ReturnType<typeof sql<string>> },
) {
  const { id } = await tx.insertInto('posts').values(row).returning('id').executeTakeFirstOrThrow();
  await tx.updateTable('posts').set({ hot_score: hotScoreSql }).where('group_id', '=', row.group_id).where('id', '=', id).execute();
  await tx.updateTable('groups').set((eb) => ({ post_count: eb('post_count', '+', 1) })).where('id', '=', row.group_id).execute();
  return id;
}

/** Makes a post's cover the first photo left in its gallery (one was removed). */
export async function refreshPostCover(tx: Tx, postId: number) {
  await tx
    .updateTable('posts')
    .set({ cover_media_id: (eb) => eb.selectFrom('media').select('media.id').where('media.use_kind', '=', 'post').whereRef('media.use_id', '=', 'posts.id').orderBy('media.position').limit(1) })
    .where('id', '=', postId)
    .execute();
}

/** Changes a post, named by its group and id (one shard). */
export async function updatePost(db: Db, groupId: number, id: number, patch: Updateable<PostsTable>) {
  await db.updateTable('posts').set(patch).where('group_id', '=', groupId).where('id', '=', id).execute();
}

/** Soft-deletes a post once (`removedBy`: the moderator, when not its author); false when it was already gone. */
export async function softDeletePost(tx: Tx, id: number, groupId: number, removedBy: number | null): Promise<boolean> {
  const row = await tx
    .updateTable('posts')
    .set({ deleted_at: new Date(), pinned_at: null, removed_by: removedBy })
    .where('group_id', '=', groupId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await tx.updateTable('groups').set((eb) => ({ post_count: eb('post_count', '-', 1) })).where('id', '=', groupId).execute();
  return true;
}

/**
 * Likes or unlikes a post of the group; `changed` says whether it did (a
 * second like is none), with what telling the author needs. Idempotent:
 * liking twice counts once.
 */
export async function setPostLike(tx: Tx, groupId: number, postId: number, userId: number, liked: boolean) {
  const changed = liked
    ? await tx.insertInto('post_likes').values({ group_id: groupId, post_id: postId, user_id: userId }).onConflict((oc) => oc.doNothing()).returning('user_id').executeTakeFirst()
    : await tx.deleteFrom('post_likes').where('group_id', '=', groupId).where('post_id', '=', postId).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
  if (changed) {
    await tx
      .updateTable('posts')
      .set((eb) => ({ like_count: eb('like_count', liked ? '+' : '-', 1) }))
      .where('group_id', '=', groupId)
      .where('id', '=', postId)
      .execute();
    await tx.updateTable('posts').set({ hot_score: hotScoreSql }).where('group_id', '=', groupId).where('id', '=', postId).execute();
  }
  const post = await tx
    .selectFrom('posts')
    .select(['like_count', 'author_id', 'title', 'group_id'])
    .where('group_id', '=', groupId)
    .where('id', '=', postId)
    .executeTakeFirstOrThrow();
  return { ...post, changed: changed !== undefined };
}

const commentColumns = [
  'comments.id',
  'comments.group_id',
  'comments.post_id',
  'comments.parent_id',
  'comments.author_id',
  'comments.body',
  'comments.body_html',
  'comments.like_count',
  'comments.created_at',
  'comments.edited_at',
  'comments.deleted_at',
  'comments.held_at',
] as const;

export type CommentRow = Awaited<ReturnType<typeof findComment>> & {};

export function findComment(db: Db, id: number) {
  return db
    .selectFrom('comments')
    .innerJoin('posts', (join) => join.onRef('posts.group_id', '=', 'comments.group_id').onRef('posts.id', '=', 'comments.post_id'))
    .select(commentColumns)
    .where('comments.id', '=', id)
    .where('posts.deleted_at', 'is', null)
    .executeTakeFirst();
}

function commentRows(db: Db) {
  return db.selectFrom('comments').select([...commentColumns, timestampCursor('comments.created_at').as('created_cursor')]);
}
type CommentBase = Awaited<ReturnType<ReturnType<typeof commentRows>['execute']>>[number];

/** Comment rows (as `c`) with their author, the viewer's like and whether either has blocked the other, in the same statement. */
function commentsInViewerContext(db: Db, viewerId: number | null, source: SelectQueryBuilder<DB, any, CommentBase>) {
  const viewer = viewerId ?? 0;
  return db
    .selectFrom(source.as('c'))
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .selectAll('c')
    .select([
      'u.username as author_username',
      'u.display_name as author_display_name',
      'u.avatar_media_id as author_avatar_media_id',
      firstPlacedMediaJson('comment', 'c.id').as('photo'),
      sql<boolean>`exists (select 1 from comment_likes l where l.group_id = c.group_id and l.comment_id = c.id and l.user_id = ${viewer})`.as('liked'),
      blockedEitherWaySql(viewer, 'c.author_id').as('hidden'),
    ]);
}

export type ThreadCommentRow = Awaited<ReturnType<ReturnType<typeof commentsInViewerContext>['execute']>>[number];

/** One comment in the viewer's context. */
export function commentInViewerContext(db: Db, viewerId: number | null, id: number) {
  return commentsInViewerContext(db, viewerId, commentRows(db).where('id', '=', id)).executeTakeFirst();
}

/**
 * A page of a post's top-level comments, oldest first, with all replies to
 * them (in the viewer's context), and the post's access facts for the viewer,
 * in one statement. Undefined: no such post (or deleted).
 */
export async function commentThreads(db: Db, viewerId: number | null, postId: number, after: CursorValue[] | null, limit: number) {
  const shape = after ? 'comment-threads:after' : 'comment-threads';
  const rows = await runCached(db, shape, [viewerId ?? 0, postId, limit + 1, ...(after ?? [])] as const, ([viewer, post, take, ...cursor]) => {
    let top = commentRows(db).where('post_id', '=', post).where('parent_id', 'is', null).orderBy('created_at').orderBy('id').limit(take);
    if (after) top = top.where(keysetAfter(['created_at', 'id'], '>', cursor, 'timestamp'));
    const withReplies = db
      .selectFrom(top.as('t'))
      .selectAll('t')
      // Deleted replies go; held ones stay for their authors (presentThreads decides).
      .unionAll(
        commentRows(db)
          .where('parent_id', 'in', db.selectFrom(top.as('t2')).select('t2.id'))
          .where((eb) => eb.or([eb('deleted_at', 'is', null), eb('held_at', 'is not', null)])),
      );
    const facts = db
      .selectFrom('posts as p')
      .innerJoin('groups as g', 'g.id', 'p.group_id')
      .select([
        'p.author_id as post_author_id',
        'p.group_id as post_group_id',
        'g.visibility as post_group_visibility',
        'g.join_policy as post_group_join_policy',
        sql<boolean>`g.removed_at is not null`.as('post_group_removed'),
        sql<GroupRole | null>`(select m.role from group_members m where m.group_id = p.group_id and m.user_id = ${viewer})`.as('post_viewer_role'),
        blockedEitherWaySql(viewer, 'p.author_id').as('post_author_hidden'),
      ])
      .where('p.id', '=', post)
      .where('p.deleted_at', 'is', null);
    return db
      .selectFrom(facts.as('pf'))
      .leftJoin(commentsInViewerContext(db, viewer, withReplies).as('c'), (join) => join.onTrue())
      .selectAll('pf')
      .selectAll('c')
      .orderBy('c.created_at')
      .orderBy('c.id');
  });
  const first = rows[0];
  if (!first) return undefined;
  const post: PostFacts = {
    authorId: first.post_author_id,
    authorHidden: first.post_author_hidden,
    deleted: false,
    group: { groupId: first.post_group_id, visibility: first.post_group_visibility, joinPolicy: first.post_group_join_policy, role: first.post_viewer_role, removed: first.post_group_removed },
  };
  // The left join types every comment column as nullable; a row with an id is a whole comment.
  return { post, comments: rows.filter((r) => r.id !== null) as ThreadCommentRow[] };
}

/** A comment on a post, in the post's group (its key). */
export async function insertComment(tx: Tx, row: Pick<CommentsTable, 'group_id' | 'post_id' | 'parent_id' | 'author_id' | 'body' | 'body_html'>) {
  const { id } = await tx.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  await tx
    .updateTable('posts')
    .set((eb) => ({ comment_count: eb('comment_count', '+', 1) }))
    .where('group_id', '=', row.group_id)
    .where('id', '=', row.post_id)
    .execute();
  await tx.updateTable('posts').set({ hot_score: hotScoreSql }).where('group_id', '=', row.group_id).where('id', '=', row.post_id).execute();
  return id;
}

/** Changes a comment, named by its group and id (one shard). */
export async function updateComment(db: Db, groupId: number, id: number, patch: Updateable<CommentsTable>) {
  await db.updateTable('comments').set(patch).where('group_id', '=', groupId).where('id', '=', id).execute();
}

export async function softDeleteComment(tx: Tx, groupId: number, id: number, postId: number, removedBy: number | null): Promise<boolean> {
  const row = await tx
    .updateTable('comments')
    .set({ deleted_at: new Date(), removed_by: removedBy })
    .where('group_id', '=', groupId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return false;
  await tx
    .updateTable('posts')
    .set((eb) => ({ comment_count: eb('comment_count', '-', 1) }))
    .where('group_id', '=', groupId)
    .where('id', '=', postId)
    .execute();
  await tx.updateTable('posts').set({ hot_score: hotScoreSql }).where('group_id', '=', groupId).where('id', '=', postId).execute();
  return true;
}

/** Brings back a post or comment a moderator removed (not held text); false when it is not (or no longer) removed. */
async function unremove(tx: Tx, table: 'posts' | 'comments', groupId: number, id: number): Promise<boolean> {
  const row = await tx
    .updateTable(table)
    .set({ deleted_at: null, removed_by: null })
    .where('group_id', '=', groupId)
    .where('id', '=', id)
    .where('removed_by', 'is not', null)
    .where('held_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** What telling a post's or comment's author of a moderator's removal or restoration says: their id, the post's title, the group's name, the comment's body. */
export function contentForNotice(tx: Tx, kind: 'post' | 'comment', groupId: number, id: number) {
  if (kind === 'post') {
    return tx
      .selectFrom('posts as p')
      .innerJoin('groups as g', 'g.id', 'p.group_id')
      .select(['p.author_id', 'p.title', sql<string>`''`.as('body'), 'p.id as post_id', 'g.name as group_name'])
      .where('p.group_id', '=', groupId)
      .where('p.id', '=', id)
      .executeTakeFirst();
  }
  return tx
    .selectFrom('comments as c')
    .innerJoin('posts as p', (join) => join.onRef('p.group_id', '=', 'c.group_id').onRef('p.id', '=', 'c.post_id'))
    .innerJoin('groups as g', 'g.id', 'c.group_id')
    .select(['c.author_id', 'p.title', 'c.body', 'p.id as post_id', 'g.name as group_name'])
    .where('c.group_id', '=', groupId)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function restorePost(tx: Tx, id: number, groupId: number): Promise<boolean> {
  if (!(await unremove(tx, 'posts', groupId, id))) return false;
  await tx.updateTable('groups').set((eb) => ({ post_count: eb('post_count', '+', 1) })).where('id', '=', groupId).execute();
  return true;
}

export async function restoreComment(tx: Tx, groupId: number, id: number, postId: number): Promise<boolean> {
  if (!(await unremove(tx, 'comments', groupId, id))) return false;
  await tx
    .updateTable('posts')
    .set((eb) => ({ comment_count: eb('comment_count', '+', 1) }))
    .where('group_id', '=', groupId)
    .where('id', '=', postId)
    .execute();
  await tx.updateTable('posts').set({ hot_score: hotScoreSql }).where('group_id', '=', groupId).where('id', '=', postId).execute();
  return true;
}

export async function setCommentLike(tx: Tx, groupId: number, commentId: number, userId: number, liked: boolean) {
  const changed = liked
    ? await tx
        .insertInto('comment_likes')
        .values({ group_id: groupId, comment_id: commentId, user_id: userId })
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .executeTakeFirst()
    : await tx.deleteFrom('comment_likes').where('group_id', '=', groupId).where('comment_id', '=', commentId).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
  if (changed) {
    await tx
      .updateTable('comments')
      .set((eb) => ({ like_count: eb('like_count', liked ? '+' : '-', 1) }))
      .where('group_id', '=', groupId)
      .where('id', '=', commentId)
      .execute();
  }
  const comment = await tx
    .selectFrom('comments as c')
    .innerJoin('posts as p', (join) => join.onRef('p.group_id', '=', 'c.group_id').onRef('p.id', '=', 'c.post_id'))
    .select(['c.like_count', 'c.author_id', 'c.post_id', 'c.body', 'p.title', 'p.group_id'])
    .where('c.group_id', '=', groupId)
    .where('c.id', '=', commentId)
    .executeTakeFirstOrThrow();
  return { ...comment, changed: changed !== undefined };
}

/** How many of the newest matching posts a search ranks: a frequent word matches a large share of all posts, and ranking is the costly part. */
export const SEARCH_CANDIDATES = 200;

/**
 * Full-text search over posts in groups the viewer may read (public ones, or
 * ones they belong to): the newest SEARCH_CANDIDATES matches are ranked by
 * relevance (ts_rank_cd) and paged by (rank, id). PostgreSQL finds the
 * candidates either from the GIN index (rare words) or by walking posts
 * newest first until enough match (frequent words), so the work stays bounded.
 */
export function searchPosts(db: Db, viewerId: number | null, query: ReturnType<typeof sql<string>>, after: CursorValue[] | null, limit: number) {
  const candidates = db
    .selectFrom('posts')
    .select(['posts.id'])
    .where(sql<boolean>`posts.search_vector @@ ${query}`)
    .where('posts.deleted_at', 'is', null)
    .orderBy('posts.id', 'desc')
    .limit(SEARCH_CANDIDATES);
  const rank = sql<number>`ts_rank_cd(posts.search_vector, ${query})`;
  let ranked = postRows(db)
    .innerJoin('groups', 'groups.id', 'posts.group_id')
    .select(rank.as('rank'))
    .where('posts.id', 'in', candidates)
    .where((eb) =>
      eb.or([
        eb('groups.visibility', '=', 'public'),
        eb.exists(
          eb.selectFrom('group_members as v').select('v.user_id').whereRef('v.group_id', '=', 'groups.id').where('v.user_id', '=', viewerId ?? 0),
        ),
      ]),
    )
    .orderBy(rank, 'desc')
    .orderBy('posts.id', 'desc')
    .limit(limit + 1);
  if (after) ranked = ranked.where(keysetAfter([rank, 'posts.id'], '<', after, 'real'));
  return inViewerContext(db, viewerId, ranked).orderBy('p.rank', 'desc').orderBy('p.id', 'desc').execute();
}
