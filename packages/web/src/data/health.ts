import type { CommunityHealth, HealthFacet, HealthMetrics, HealthQuery, HealthTotals } from '@kindred/contract';
import { useQuery } from '@tanstack/react-query';
import { get } from '../lib/api';

export type { CommunityHealth, HealthFacet, HealthMetrics, HealthTotals };

/** The ranges the dashboard offers, in days ending today (UTC). */
export const healthRanges = [7, 30, 90, 365] as const;
export type HealthRange = (typeof healthRanges)[number];
export const defaultHealthRange: HealthRange = 30;

/** Who the figures are about: everyone, one city's members, or one interest's. */
export type HealthScope = { kind: 'all' } | { kind: 'city'; city: string } | { kind: 'interest'; interest: string };

export const healthKeys = {
  all: ['health'] as const,
  range: (query: HealthQuery) => ['health', query] as const,
};

/** A range from the URL (`?range=90`), or the default for anything else. */
export function parseHealthRange(value: string | null): HealthRange {
  const n = Number(value);
  return (healthRanges as readonly number[]).includes(n) ? (n as HealthRange) : defaultHealthRange;
}

/** The scope in the URL (`?city=…` or `?interest=…`; a city wins if both were typed in). */
export function parseHealthScope(search: URLSearchParams): HealthScope {
  const city = search.get('city')?.trim();
  if (city) return { kind: 'city', city };
  const interest = search.get('interest')?.trim();
  if (interest) return { kind: 'interest', interest };
  return { kind: 'all' };
}

/** YYYY-MM-DD of a UTC day. */
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The API's query for the last `days` days, today (UTC) included. */
export function healthQuery(days: HealthRange, scope: HealthScope, today = new Date()): HealthQuery {
  const to = utcDay(today);
  const from = utcDay(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1))));
  return {
    from,
    to,
    ...(scope.kind === 'city' ? { city: scope.city } : {}),
    ...(scope.kind === 'interest' ? { interest: scope.interest } : {}),
  };
}

/**
 * The community's health for a range (staff). A new range or filter keeps the figures on screen
 * until its own arrive (`isPlaceholderData`), so the page does not fall back to a skeleton.
 * (`(previous) => previous` is react-query's keepPreviousData, without adding it to the app's bundle.)
 */
export function useCommunityHealth(query: HealthQuery) {
  return useQuery({
    queryKey: healthKeys.range(query),
    queryFn: ({ signal }) => get<CommunityHealth>('/operator/health', { ...query }, signal),
    placeholderData: (previous) => previous,
    staleTime: 60_000,
    // Before the server's first rollup there is nothing to show yet: look again until there is.
    refetchInterval: (q) => (q.state.data?.updatedAt === null ? 15_000 : false),
  });
}

/** True when nothing at all was counted in the range (every daily number is zero or missing). */
export function isQuietRange(health: CommunityHealth): boolean {
  return Object.values(health.series).every((values: (number | null)[]) => values.every((v) => !v));
}
