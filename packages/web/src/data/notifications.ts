import type { PageOf } from '@kindred/contract';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../lib/api';

export interface AppNotification {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

type NotificationsPage = PageOf<AppNotification> & { unread: number };

export const notificationKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  unread: ['notifications', 'unread'] as const,
};

/** The unread count for the bell; re-read every minute while the app is open. */
export const unreadCountQuery = queryOptions({
  queryKey: notificationKeys.unread,
  queryFn: ({ signal }) => get<NotificationsPage>('/me/notifications', { limit: 1 }, signal).then((p) => p.unread),
  staleTime: 15_000,
});

export function useUnreadCount(enabled: boolean) {
  return useQuery({ ...unreadCountQuery, enabled, refetchInterval: 60_000 });
}

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ pageParam, signal }) => get<NotificationsPage>('/me/notifications', { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<void>('/me/notifications/read'),
    onSuccess: () => qc.setQueryData(notificationKeys.unread, 0),
  });
}
