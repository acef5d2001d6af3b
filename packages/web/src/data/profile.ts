import type { ActivitySummary, FollowEntry, FollowResult, PageOf, PrivacySettings, Profile, Suggestion, UpdatePrivacyBody } from '@kindred/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, get, patch, post, put } from '../lib/api';

export { useUserGroups } from './groups';
export { useUpdateMe } from './session';

export const profileKeys = {
  profile: (username: string) => ['profile', username] as const,
  follows: (username: string, kind: FollowListKind) => ['profile', username, kind] as const,
  requests: ['follow-requests'] as const,
  privacy: ['privacy'] as const,
  suggestions: ['suggestions'] as const,
};

export type FollowListKind = 'followers' | 'following' | 'friends';

export function useProfile(username: string) {
  return useQuery({
    queryKey: profileKeys.profile(username),
    queryFn: ({ signal }) => get<Profile>(`/users/${encodeURIComponent(username)}`, undefined, signal),
    enabled: username.length > 0,
  });
}

/** Blocks a member: each is hidden from the other everywhere, so every list is re-read. */
export function useBlockMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => put<void>(`/users/${encodeURIComponent(username)}/block`),
    onSuccess: (_v, username) => {
      qc.removeQueries({ queryKey: profileKeys.profile(username) });
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    },
  });
}

/** Follows or unfollows a member; their profile shows the new state and count at once. */
export function useFollow(username: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) => (follow ? put<FollowResult>(`/users/${encodeURIComponent(username)}/follow`) : del<FollowResult>(`/users/${encodeURIComponent(username)}/follow`)),
    onSuccess: (result) => {
      qc.setQueryData<Profile>(profileKeys.profile(username), (p) =>
        p?.viewer
          ? {
              ...p,
              followerCount: result.followerCount,
              viewer: { ...p.viewer, relation: { ...p.viewer.relation, following: result.following, friends: result.following === 'following' && p.viewer.relation.followsMe } },
            }
          : p,
      );
      void qc.invalidateQueries({ queryKey: ['profile'] });
    },
  });
}

/** A member's followers, following or friends, newest first. */
export function useFollowList(username: string, kind: FollowListKind) {
  return useInfiniteQuery({
    queryKey: profileKeys.follows(username, kind),
    queryFn: ({ pageParam, signal }) => get<PageOf<FollowEntry>>(`/users/${encodeURIComponent(username)}/${kind}`, { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useFollowRequests(enabled = true) {
  return useInfiniteQuery({
    queryKey: profileKeys.requests,
    queryFn: ({ pageParam, signal }) => get<PageOf<FollowEntry>>('/me/follow-requests', { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function useDecideFollowRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ username, accept }: { username: string; accept: boolean }) => post<void>(`/me/follow-requests/${encodeURIComponent(username)}/${accept ? 'accept' : 'decline'}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: profileKeys.requests });
      void qc.invalidateQueries({ queryKey: ['profile'] });
    },
  });
}

export function usePrivacy() {
  return useQuery({ queryKey: profileKeys.privacy, queryFn: ({ signal }) => get<PrivacySettings>('/me/privacy', undefined, signal) });
}

export function useUpdatePrivacy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePrivacyBody) => patch<PrivacySettings>('/me/privacy', body),
    onSuccess: (settings) => {
      qc.setQueryData(profileKeys.privacy, settings);
      void qc.invalidateQueries({ queryKey: profileKeys.requests });
    },
  });
}

/** People I may know, with why. */
export function useSuggestions() {
  return useQuery({ queryKey: profileKeys.suggestions, queryFn: ({ signal }) => get<{ items: Suggestion[] }>('/me/suggestions', { limit: 12 }, signal) });
}

/** Stops suggesting someone: they leave the list at once. */
export function useDismissSuggestion() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => post<void>(`/me/suggestions/${encodeURIComponent(username)}/dismiss`),
    onSuccess: (_v, username) => qc.setQueryData<{ items: Suggestion[] }>(profileKeys.suggestions, (d) => d && { items: d.items.filter((s) => s.user.username !== username) }),
  });
}

/** The activities a member is going to or went to (when their privacy settings show them to me). */
export function useUserActivities(username: string, tab: 'going' | 'went', enabled: boolean) {
  return useQuery({
    queryKey: [...profileKeys.profile(username), 'activities', tab],
    queryFn: ({ signal }) => get<PageOf<ActivitySummary>>(`/users/${encodeURIComponent(username)}/activities`, { tab, limit: 5 }, signal),
    enabled,
  });
}

