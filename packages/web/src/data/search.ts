import type { GroupSummary, PageOf, PostSummary } from '@kindred/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../lib/api';
import { groupKeys } from './groups';
import { postKeys } from './posts';

// Search results live under the groups / posts keys so that likes and joins update them too.
export const searchKeys = { groups: groupKeys.search, posts: postKeys.search };

const firstCursor = null as string | null;

export function useSearchGroups(q: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: searchKeys.groups(q),
    queryFn: ({ pageParam, signal }) => get<PageOf<GroupSummary>>('/search/groups', { q, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled: enabled && q.trim().length > 0,
  });
}

export function useSearchPosts(q: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: searchKeys.posts(q),
    queryFn: ({ pageParam, signal }) => get<PageOf<PostSummary>>('/search/posts', { q, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled: enabled && q.trim().length > 0,
  });
}
