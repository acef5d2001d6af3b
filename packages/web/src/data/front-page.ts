import type { PageOf, PostSummary } from '@kindred/contract';
import { useQueries } from '@tanstack/react-query';
import { get } from '../lib/api';
import type { NearbyFilters } from './activities';
import type { GroupFilters } from './groups';
import { postKeys } from './posts';
import { cities, type City } from './taxonomy';

/** The city the front page shows: the one `?city=` names, else the first. */
export function frontPageCity(search: URLSearchParams): City {
  return cities.find((c) => c.key === search.get('city')) ?? cities[0]!;
}

/** The front page's popular activities around a point (a city's centre, or the visitor's own place). */
export const frontActivitiesFilters = (where: { lat: number; lng: number }): NearbyFilters => ({ lat: where.lat, lng: where.lng, radiusKm: 25, sort: 'popular' });

/** The front page's popular groups, of a city (by its English name) or everywhere. */
export const frontGroupsFilters = (cityName: string | null): GroupFilters => ({ sort: 'popular', ...(cityName ? { city: cityName } : {}) });

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
