import type {
  Comment,
  CommentThread,
  CreateCommentBody,
  CreatePostBody,
  FollowingFeedItem,
  PageOf,
  Post,
  PostKind,
  PostSort,
  PostSummary,
  UpdatePostBody,
} from '@kindred/contract';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { del, get, patch, post, put } from '../lib/api';
import { groupKeys } from './groups';

export type GroupPostsPage = PageOf<PostSummary> & { pinned?: PostSummary[] };

export const postKeys = {
  all: ['posts'] as const,
  group: (groupId: number, sort: PostSort, kind: PostKind | null) => ['posts', 'group', groupId, sort, kind] as const,
  feed: ['posts', 'feed'] as const,
  detail: (id: number) => ['posts', 'detail', id] as const,
  search: (q: string) => ['posts', 'search', q] as const,
  comments: (postId: number) => ['comments', postId] as const,
};

const firstCursor = null as string | null;

export const groupPostsQuery = (groupId: number, sort: PostSort, kind: PostKind | null) =>
  infiniteQueryOptions({
    queryKey: postKeys.group(groupId, sort, kind),
    queryFn: ({ pageParam, signal }) =>
      get<GroupPostsPage>(`/groups/${groupId}/posts`, { sort, kind, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useGroupPosts(groupId: number, sort: PostSort, kind: PostKind | null, enabled: boolean) {
  return useInfiniteQuery({ ...groupPostsQuery(groupId, sort, kind), enabled });
}

export const feedQuery = infiniteQueryOptions({
  queryKey: postKeys.feed,
  queryFn: ({ pageParam, signal }) => get<PageOf<PostSummary>>('/feed', { cursor: pageParam, limit: 20 }, signal),
  initialPageParam: firstCursor,
  getNextPageParam: (last) => last.nextCursor,
});

export function useFeed(enabled = true) {
  return useInfiniteQuery({ ...feedQuery, enabled });
}

/** The Following tab: posts by members I follow and activities my friends registered for. */
export function useFollowingFeed(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: [...postKeys.feed, 'following'],
    queryFn: ({ pageParam, signal }) => get<PageOf<FollowingFeedItem>>('/feed/following', { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function usePost(id: number) {
  return useQuery({
    queryKey: postKeys.detail(id),
    queryFn: ({ signal }) => get<Post>(`/posts/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

type PostPatch = Partial<Pick<PostSummary, 'likeCount' | 'pinned' | 'commentCount'>> & { liked?: boolean };

function applyPatch<T extends PostSummary | Post>(p: T, id: number, change: PostPatch): T {
  if (p.id !== id) return p;
  const { liked, ...fields } = change;
  return { ...p, ...fields, viewer: liked === undefined ? p.viewer : { ...p.viewer, liked } };
}

/** Applies a change to a post wherever it is cached: its page, feeds, group lists, search results. */
export function patchPostEverywhere(qc: QueryClient, id: number, change: PostPatch) {
  qc.setQueryData<Post>(postKeys.detail(id), (p) => p && applyPatch(p, id, change));
  qc.setQueriesData<InfiniteData<GroupPostsPage>>({ queryKey: postKeys.all }, (data) => {
    if (!data || !('pages' in data)) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.map((p) => applyPatch(p, id, change)),
        ...(page.pinned ? { pinned: page.pinned.map((p) => applyPatch(p, id, change)) } : {}),
      })),
    };
  });
}

export function useCreatePost(groupId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePostBody) => post<Post>(`/groups/${groupId}/posts`, body),
    onSuccess: (created) => {
      qc.setQueryData(postKeys.detail(created.id), created);
      void qc.invalidateQueries({ queryKey: ['posts', 'group', groupId] });
      void qc.invalidateQueries({ queryKey: postKeys.feed });
      void qc.invalidateQueries({ queryKey: groupKeys.detail(groupId) });
    },
    meta: { silent: true },
  });
}

export function useUpdatePost(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePostBody) => patch<Post>(`/posts/${id}`, body),
    onSuccess: (updated) => {
      qc.setQueryData(postKeys.detail(id), updated);
      void qc.invalidateQueries({ queryKey: postKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
    },
    meta: { silent: true },
  });
}

export function useDeletePost(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => del<void>(`/posts/${id}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: postKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: postKeys.all });
      void qc.invalidateQueries({ queryKey: groupKeys.all });
    },
  });
}

export function usePinPost(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (pinned: boolean) => put<Post>(`/posts/${id}/pin`, { pinned }),
    onSuccess: (updated) => {
      qc.setQueryData(postKeys.detail(id), updated);
      void qc.invalidateQueries({ queryKey: ['posts', 'group', updated.group.id] });
    },
  });
}

interface LikeResult {
  liked: boolean;
  likeCount: number;
}

/** Likes or unlikes a post, updating every cached copy at once and rolling back on failure. */
export function useLikePost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; like: boolean; likeCount: number }) =>
      v.like ? put<LikeResult>(`/posts/${v.id}/like`) : del<LikeResult>(`/posts/${v.id}/like`),
    onMutate: (v) => {
      patchPostEverywhere(qc, v.id, { liked: v.like, likeCount: Math.max(0, v.likeCount + (v.like ? 1 : -1)) });
    },
    onError: (_e, v) => patchPostEverywhere(qc, v.id, { liked: !v.like, likeCount: v.likeCount }),
    onSuccess: (r, v) => patchPostEverywhere(qc, v.id, { liked: r.liked, likeCount: r.likeCount }),
  });
}

// ——— Comments ———

export function useComments(postId: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: postKeys.comments(postId),
    queryFn: ({ pageParam, signal }) =>
      get<PageOf<CommentThread>>(`/posts/${postId}/comments`, { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

type CommentPages = InfiniteData<PageOf<CommentThread>>;

function mapComments(data: CommentPages | undefined, fn: (c: Comment) => Comment): CommentPages | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      items: page.items.map((t) => ({ comment: fn(t.comment), replies: t.replies.map(fn) })),
    })),
  };
}

export function useCreateComment(postId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCommentBody) => post<Comment>(`/posts/${postId}/comments`, body),
    onSuccess: (comment) => {
      qc.setQueryData<CommentPages>(postKeys.comments(postId), (data) => {
        if (!data) return data;
        if (comment.parentId === null) {
          // Threads are oldest first: a new one belongs at the end, if the end is loaded.
          const last = data.pages[data.pages.length - 1];
          const exists = data.pages.some((p) => p.items.some((t) => t.comment.id === comment.id));
          if (!last || last.nextCursor !== null || exists) return data;
          return { ...data, pages: [...data.pages.slice(0, -1), { ...last, items: [...last.items, { comment, replies: [] }] }] };
        }
        return {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((t) =>
              t.comment.id === comment.parentId ? { ...t, replies: [...t.replies, comment] } : t,
            ),
          })),
        };
      });
      const current = qc.getQueryData<Post>(postKeys.detail(postId));
      if (current) patchPostEverywhere(qc, postId, { commentCount: current.commentCount + 1 });
      void qc.invalidateQueries({ queryKey: postKeys.comments(postId) });
    },
    meta: { silent: true },
  });
}

export function useUpdateComment(postId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; body: string }) => patch<Comment>(`/comments/${v.id}`, { body: v.body }),
    onSuccess: (updated) =>
      qc.setQueryData<CommentPages>(postKeys.comments(postId), (data) =>
        mapComments(data, (c) => (c.id === updated.id ? updated : c)),
      ),
  });
}

export function useDeleteComment(postId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => del<void>(`/comments/${id}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: postKeys.comments(postId) });
      void qc.invalidateQueries({ queryKey: postKeys.detail(postId) });
    },
  });
}

export function useLikeComment(postId: number) {
  const qc = useQueryClient();
  const set = (id: number, liked: boolean, likeCount: number) =>
    qc.setQueryData<CommentPages>(postKeys.comments(postId), (data) =>
      mapComments(data, (c) => (c.id === id ? { ...c, likeCount, viewer: { ...c.viewer, liked } } : c)),
    );
  return useMutation({
    mutationFn: (v: { id: number; like: boolean; likeCount: number }) =>
      v.like ? put<LikeResult>(`/comments/${v.id}/like`) : del<LikeResult>(`/comments/${v.id}/like`),
    onMutate: (v) => set(v.id, v.like, Math.max(0, v.likeCount + (v.like ? 1 : -1))),
    onError: (_e, v) => set(v.id, !v.like, v.likeCount),
    onSuccess: (r, v) => set(v.id, r.liked, r.likeCount),
  });
}
