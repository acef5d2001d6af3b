import type { ActivitySummary, GroupSummary, PageOf, PostSummary, UserSummary } from '@kindred/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../lib/api';
import { activityKeys } from './activities';
import { groupKeys } from './groups';
import { postKeys } from './posts';

// Search results live under the groups / posts / activities keys so that likes, joins and registrations update them too.
export const searchKeys = { groups: groupKeys.search, posts: postKeys.search, activities: activityKeys.search, people: (q: string) => ['people', 'search', q] as const };

const firstCursor = null as string | null;

function useSearch<T>(queryKey: readonly unknown[], path: string, q: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => get<PageOf<T>>(path, { q, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled: enabled && q.trim().length > 0,
  });
}

export function useSearchGroups(q: string, enabled = true) {
  return useSearch<GroupSummary>(searchKeys.groups(q), '/search/groups', q, enabled);
}

export function useSearchPosts(q: string, enabled = true) {
  return useSearch<PostSummary>(searchKeys.posts(q), '/search/posts', q, enabled);
}

/** Upcoming activities the viewer may see, by words and interest. */
export function useSearchActivities(q: string, enabled = true) {
  return useSearch<ActivitySummary>(searchKeys.activities(q), '/search/activities', q, enabled);
}

/** Members by username or display name. */
export function useSearchPeople(q: string, enabled = true) {
  return useSearch<UserSummary>(searchKeys.people(q), '/search/people', q, enabled);
}
