import type { CreateGroupBody, Group, GroupMember, GroupSummary, JoinRequest, MyGroup, PageOf, Stewardship, UpdateGroupBody } from '@kindred/contract';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { del, get, patch, post } from '../lib/api';
import { patchRecommendedGroup } from './recommendations';

export interface GroupFilters {
  category?: string;
  tag?: string;
  city?: string;
  sort?: 'popular' | 'new';
}

export const groupKeys = {
  all: ['groups'] as const,
  list: (filters: GroupFilters) => ['groups', 'list', filters] as const,
  detail: (id: number) => ['groups', 'detail', id] as const,
  members: (id: number) => ['groups', 'members', id] as const,
  requests: (id: number) => ['groups', 'requests', id] as const,
  mine: ['groups', 'mine'] as const,
  ofUser: (username: string) => ['groups', 'user', username] as const,
  search: (q: string) => ['groups', 'search', q] as const,
  stewardship: (id: number) => ['groups', 'stewardship', id] as const,
};

const PAGE = 20;
const firstCursor = null as string | null;
const nextCursor = <T,>(last: PageOf<T>) => last.nextCursor;

export const groupsQuery = (filters: GroupFilters) =>
  infiniteQueryOptions({
    queryKey: groupKeys.list(filters),
    queryFn: ({ pageParam, signal }) => get<PageOf<GroupSummary>>('/groups', { ...filters, cursor: pageParam, limit: PAGE }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: nextCursor,
  });

export function useGroups(filters: GroupFilters) {
  return useInfiniteQuery(groupsQuery(filters));
}

export const groupQuery = (id: number) =>
  queryOptions({
    queryKey: groupKeys.detail(id),
    queryFn: ({ signal }) => get<Group>(`/groups/${id}`, undefined, signal),
  });

export function useGroup(id: number) {
  return useQuery({ ...groupQuery(id), enabled: Number.isInteger(id) && id > 0 });
}

export const myGroupsQuery = infiniteQueryOptions({
  queryKey: groupKeys.mine,
  queryFn: ({ pageParam, signal }) => get<PageOf<MyGroup>>('/me/groups', { cursor: pageParam, limit: 50 }, signal),
  initialPageParam: firstCursor,
  getNextPageParam: nextCursor,
});

export function useMyGroups(enabled = true) {
  return useInfiniteQuery({ ...myGroupsQuery, enabled });
}

/** A member's groups; `enabled` false when their privacy settings hide them from me. */
export function useUserGroups(username: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: groupKeys.ofUser(username),
    queryFn: ({ pageParam, signal }) =>
      get<PageOf<MyGroup>>(`/users/${encodeURIComponent(username)}/groups`, { cursor: pageParam, limit: PAGE }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: nextCursor,
    enabled,
  });
}

/** Writes a fresh copy of a group into every cached place that shows it. */
export function storeGroup(qc: QueryClient, group: Group) {
  qc.setQueryData(groupKeys.detail(group.id), group);
  qc.setQueriesData<InfiniteData<PageOf<GroupSummary>>>({ queryKey: ['groups', 'list'] }, (data) =>
    data && {
      ...data,
      pages: data.pages.map((p) => ({ ...p, items: p.items.map((g) => (g.id === group.id ? group : g)) })),
    },
  );
  patchRecommendedGroup(qc, group);
}

export function useCreateGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGroupBody) => post<Group>('/groups', body),
    onSuccess: (group) => {
      qc.setQueryData(groupKeys.detail(group.id), group);
      void qc.invalidateQueries({ queryKey: groupKeys.all });
    },
    meta: { silent: true },
  });
}

export function useUpdateGroup(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateGroupBody) => patch<Group>(`/groups/${id}`, body),
    onSuccess: (group) => {
      storeGroup(qc, group);
      void qc.invalidateQueries({ queryKey: groupKeys.mine });
    },
    meta: { silent: true },
  });
}

function afterMembershipChange(qc: QueryClient, group: Group) {
  storeGroup(qc, group);
  void qc.invalidateQueries({ queryKey: groupKeys.mine });
  void qc.invalidateQueries({ queryKey: groupKeys.members(group.id) });
  void qc.invalidateQueries({ queryKey: ['posts'] });
}

export function useJoinGroup(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (message?: string) =>
      post<{ status: 'joined' | 'pending'; group: Group }>(`/groups/${id}/join`, message ? { message } : {}),
    onSuccess: (result) => afterMembershipChange(qc, result.group),
  });
}

export function useLeaveGroup(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<Group>(`/groups/${id}/leave`),
    onSuccess: (group) => afterMembershipChange(qc, group),
  });
}

export function useMembers(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: groupKeys.members(id),
    queryFn: ({ pageParam, signal }) => get<PageOf<GroupMember>>(`/groups/${id}/members`, { cursor: pageParam, limit: 30 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: nextCursor,
    enabled,
  });
}

export function useJoinRequests(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: groupKeys.requests(id),
    queryFn: ({ pageParam, signal }) => get<PageOf<JoinRequest>>(`/groups/${id}/requests`, { cursor: pageParam, limit: 30 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: nextCursor,
    enabled,
  });
}

function useRefreshGroup(id: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: groupKeys.detail(id) });
    void qc.invalidateQueries({ queryKey: groupKeys.members(id) });
    void qc.invalidateQueries({ queryKey: groupKeys.requests(id) });
  };
}

export function useChangeRole(id: number) {
  const refresh = useRefreshGroup(id);
  return useMutation({
    mutationFn: (v: { userId: number; role: 'admin' | 'member' }) =>
      patch<GroupMember>(`/groups/${id}/members/${v.userId}`, { role: v.role }),
    onSuccess: refresh,
  });
}

export function useRemoveMember(id: number) {
  const refresh = useRefreshGroup(id);
  return useMutation({ mutationFn: (userId: number) => del<void>(`/groups/${id}/members/${userId}`), onSuccess: refresh });
}

export function useTransferGroup(id: number) {
  const qc = useQueryClient();
  const refresh = useRefreshGroup(id);
  return useMutation({
    mutationFn: (userId: number) => post<Group>(`/groups/${id}/transfer`, { userId }),
    onSuccess: (group) => {
      storeGroup(qc, group);
      refresh();
    },
  });
}

export function useDecideRequest(id: number) {
  const refresh = useRefreshGroup(id);
  return useMutation({
    mutationFn: (v: { userId: number; decision: 'approve' | 'reject' }) =>
      post<void>(`/groups/${id}/requests/${v.userId}/${v.decision}`),
    onSuccess: refresh,
  });
}

/** Who looks after the group (members only): an owner away, a claim to ownership, members who may step up. */
export function useStewardship(id: number, enabled: boolean) {
  return useQuery({
    queryKey: groupKeys.stewardship(id),
    queryFn: ({ signal }) => get<Stewardship>(`/groups/${id}/stewardship`, undefined, signal),
    enabled,
  });
}

/**
 * A change of stewardship: an admin claims the group of an owner away (POST), the owner objects or the
 * claimant withdraws (DELETE), a member steps up as an admin. Each answers with the new state.
 */
export function useStewardshipAction(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'claim' | 'withdraw' | 'stepUp') =>
      action === 'claim'
        ? post<Stewardship>(`/groups/${id}/ownership-claim`)
        : action === 'withdraw'
          ? del<Stewardship>(`/groups/${id}/ownership-claim`)
          : post<Stewardship>(`/groups/${id}/step-up`),
    onSuccess: (state, action) => {
      qc.setQueryData(groupKeys.stewardship(id), state);
      // Stepping up changes my role in the group.
      if (action === 'stepUp') {
        void qc.invalidateQueries({ queryKey: groupKeys.detail(id) });
        void qc.invalidateQueries({ queryKey: groupKeys.members(id) });
        void qc.invalidateQueries({ queryKey: groupKeys.mine });
      }
    },
  });
}
