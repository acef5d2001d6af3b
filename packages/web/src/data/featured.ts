import type { ActivitySummary, Featured, FeaturedParams, GroupSummary } from '@kindred/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, put, withQuery } from '../lib/api';

export type { Featured };
export type FeaturedKind = FeaturedParams['kind'];

export const featuredKeys = {
  all: ['featured'] as const,
};

/** What the operators pinned to Discover, as this viewer may see it (at most 12 of each). */
export function useFeatured(enabled = true) {
  return useQuery({
    queryKey: featuredKeys.all,
    queryFn: ({ signal }) => get<Featured>('/featured', undefined, signal),
    enabled,
    staleTime: 60_000,
  });
}

/** Whether this group or activity is pinned (undefined while not known). */
export function isFeatured(data: Featured | undefined, kind: FeaturedKind, id: number): boolean | undefined {
  if (!data) return undefined;
  const list: (GroupSummary | ActivitySummary)[] = kind === 'group' ? data.groups : data.activities;
  return list.some((x) => x.id === id);
}

/** Pins a public group or an activity to Discover, or unpins it (operators); the reason goes to the audit log. */
export function useSetFeatured(kind: FeaturedKind, id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ pinned, reason }: { pinned: boolean; reason: string }) =>
      pinned ? put<void>(`/operator/featured/${kind}/${id}`, { reason }) : del<void>(withQuery(`/operator/featured/${kind}/${id}`, { reason })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: featuredKeys.all });
      void qc.invalidateQueries({ queryKey: ['moderation', 'audit'] });
    },
    meta: { silent: true },
  });
}
