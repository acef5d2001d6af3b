import type { PageOf, PostSummary } from '@kindred/contract';
import { useQueries } from '@tanstack/react-query';
import { get } from '../lib/api';
import { postKeys } from './posts';

/**
 * The best guides of a few public groups, for the front page: each group's top guide posts, merged and
 * ordered by likes. There is no cross-group guide listing, so this asks each group's public post list.
 */
export function useGuidesOfGroups(groupIds: number[], perGroup = 2) {
  return useQueries({
    queries: groupIds.map((id) => ({
      queryKey: [...postKeys.all, 'front-guides', id, perGroup] as const,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        get<PageOf<PostSummary>>(`/groups/${id}/posts`, { sort: 'top', kind: 'guide', limit: perGroup }, signal),
      staleTime: 60_000,
    })),
    combine: (results) => ({
      isPending: results.some((r) => r.isPending),
      posts: results
        .flatMap((r) => r.data?.items ?? [])
        .sort((a, b) => b.likeCount - a.likeCount),
    }),
  });
}
