import type { Group, RecommendedActivity, RecommendedGroup, RecommendedPost } from '@kindred/contract';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { get, post } from '../lib/api';

export type RecKind = 'group' | 'post' | 'activity';

interface RecList<T> {
  items: T[];
}
type RecItem = RecommendedGroup | RecommendedPost | RecommendedActivity;

export const recKeys = {
  all: ['recommendations'] as const,
  kind: (kind: RecKind) => ['recommendations', kind] as const,
  groups: (limit: number) => ['recommendations', 'group', limit] as const,
  posts: (limit: number) => ['recommendations', 'post', limit] as const,
  activities: (limit: number) => ['recommendations', 'activity', limit] as const,
};

/** Groups to join, best first, each with why. Signed-in members only. */
export function useRecommendedGroups(limit: number, enabled = true) {
  return useQuery({
    queryKey: recKeys.groups(limit),
    queryFn: ({ signal }) => get<RecList<RecommendedGroup>>('/recommendations/groups', { limit }, signal),
    enabled,
  });
}

/** The Discover feed: posts from recommended groups and the member's own. */
export function useRecommendedPosts(limit: number, enabled = true) {
  return useQuery({
    queryKey: recKeys.posts(limit),
    queryFn: ({ signal }) => get<RecList<RecommendedPost>>('/recommendations/posts', { limit }, signal),
    enabled,
  });
}

/** Upcoming activities for the member, with why (interests, people from their groups going…). */
export function useRecommendedActivities(limit: number, enabled = true) {
  return useQuery({
    queryKey: recKeys.activities(limit),
    queryFn: ({ signal }) => get<RecList<RecommendedActivity>>('/recommendations/activities', { limit }, signal),
    enabled,
  });
}

function idOf(kind: RecKind, item: RecItem): number {
  if (kind === 'group') return (item as RecommendedGroup).group.id;
  if (kind === 'post') return (item as RecommendedPost).post.id;
  return (item as RecommendedActivity).activity.id;
}

/** A joined or left group shows its new state on recommendation cards too (called from storeGroup). */
export function patchRecommendedGroup(qc: QueryClient, group: Group) {
  qc.setQueriesData<RecList<RecommendedGroup>>({ queryKey: recKeys.kind('group') }, (data) =>
    data && { items: data.items.map((r) => (r.group.id === group.id ? { ...r, group } : r)) },
  );
  // What to recommend next has changed, but a card must not vanish under the member's finger:
  // mark the lists stale and let the next visit refetch them.
  void qc.invalidateQueries({ queryKey: recKeys.all, refetchType: 'none' });
}

/** Where a dismissed item was, per cached list, so Undo can put it back in place. */
type Removed = { key: readonly unknown[]; index: number; item: RecItem }[];

function removeFromLists(qc: QueryClient, kind: RecKind, id: number): Removed {
  const removed: Removed = [];
  for (const [key, data] of qc.getQueriesData<RecList<RecItem>>({ queryKey: recKeys.kind(kind) })) {
    const index = data?.items.findIndex((r) => idOf(kind, r) === id) ?? -1;
    if (!data || index < 0) continue;
    removed.push({ key, index, item: data.items[index]! });
    qc.setQueryData<RecList<RecItem>>(key, { items: data.items.filter((_, i) => i !== index) });
  }
  return removed;
}

function putBack(qc: QueryClient, kind: RecKind, removed: Removed) {
  for (const { key, index, item } of removed) {
    qc.setQueryData<RecList<RecItem>>(key, (data) => {
      if (!data || data.items.some((r) => idOf(kind, r) === idOf(kind, item))) return data;
      const items = [...data.items];
      items.splice(Math.min(index, items.length), 0, item);
      return { items };
    });
  }
}

// A dismissal still on its way to the server, so an Undo is sent only after it (never overtaking it).
const inFlight = new Map<string, Promise<unknown>>();

interface Dismissal {
  kind: RecKind;
  id: number;
  /** Filled when the item is taken out of the lists; Undo puts it back from here. */
  removed: Removed;
}

/**
 * "Not interested": the item leaves every list at once, the server is told, and then all
 * recommendation lists are refetched, since hiding a group also changes which posts come next.
 * `notInterested` returns an `undo` that restores the item in place and tells the server.
 */
export function useNotInterested() {
  const qc = useQueryClient();
  const dismiss = useMutation({
    mutationFn: (d: Dismissal) => post<void>('/recommendations/not-interested', { kind: d.kind, id: d.id }),
    onMutate: async (d) => {
      // A refetch finishing now would bring the item back.
      await qc.cancelQueries({ queryKey: recKeys.kind(d.kind) });
      d.removed = removeFromLists(qc, d.kind, d.id);
    },
    onError: (_e, d) => putBack(qc, d.kind, d.removed),
    onSuccess: () => void qc.invalidateQueries({ queryKey: recKeys.all }),
  });
  const restore = useMutation({
    mutationFn: async (d: Dismissal) => {
      await inFlight.get(`${d.kind}:${d.id}`)?.catch(() => undefined);
      await post<void>('/recommendations/interested', { kind: d.kind, id: d.id });
    },
    onMutate: (d) => putBack(qc, d.kind, d.removed),
    onSettled: () => void qc.invalidateQueries({ queryKey: recKeys.all }),
  });

  return {
    notInterested(kind: RecKind, id: number) {
      const d: Dismissal = { kind, id, removed: [] };
      const key = `${kind}:${id}`;
      const sent = dismiss.mutateAsync(d).finally(() => inFlight.delete(key));
      sent.catch(() => undefined); // the mutation cache shows the error toast
      inFlight.set(key, sent);
      return { undo: () => restore.mutate(d) };
    },
  };
}
