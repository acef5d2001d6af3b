import type { Notification, NotificationSettings, PageOf, UpdateNotificationSettingsBody } from '@kindred/contract';
import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { del, get, patch, post, put } from '../lib/api';
import { onRealtimeStatus, realtimeStatus, subscribeRealtime } from '../lib/realtime';

export type { Notification, NotificationCategory, NotificationSettings } from '@kindred/contract';

export type NotificationsPage = PageOf<Notification> & { unread: number };
type NotificationsData = InfiniteData<NotificationsPage, string | null>;

export const notificationKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  unread: ['notifications', 'unread'] as const,
  settings: ['notifications', 'settings'] as const,
};

/** The server counts unread notifications up to this many; the badge shows "99+" from here. */
export const UNREAD_CAP = 99;

/** The unread count for the bell (cheap: the server counts, capped at 99). */
export const unreadCountQuery = queryOptions({
  queryKey: notificationKeys.unread,
  queryFn: ({ signal }) => get<{ unread: number }>('/me/notifications/unread', undefined, signal).then((r) => r.unread),
  staleTime: 15_000,
});

function useRealtimeOpen(): boolean {
  return useSyncExternalStore(onRealtimeStatus, realtimeStatus) === 'open';
}

/** The bell's count. The socket keeps it current; only while the socket is down is it re-read every minute. */
export function useUnreadCount(enabled: boolean) {
  const live = useRealtimeOpen();
  return useQuery({ ...unreadCountQuery, enabled, refetchInterval: live ? false : 60_000 });
}

/** My notifications, most recently changed first; each page carries the unread count. */
export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ pageParam, signal }) => get<NotificationsPage>('/me/notifications', { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

function setUnread(qc: QueryClient, unread: number) {
  qc.setQueryData<number>(notificationKeys.unread, unread);
  qc.setQueryData<NotificationsData>(notificationKeys.list, (data) => {
    const first = data?.pages[0];
    if (!data || !first) return data;
    return { ...data, pages: [{ ...first, unread }, ...data.pages.slice(1)] };
  });
}

function mapNotifications(qc: QueryClient, change: (n: Notification) => Notification) {
  qc.setQueryData<NotificationsData>(notificationKeys.list, (data) =>
    data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map(change) })) } : data,
  );
}

/**
 * A notification arrived (new, or a grouped one that grew): it goes to the top of the list,
 * replacing its older self, and the count becomes the server's.
 */
export function storeNotification(qc: QueryClient, notification: Notification, unread: number) {
  // A list read still on its way was answered before this arrived and would drop it when it lands.
  if (qc.isFetching({ queryKey: notificationKeys.list }) > 0) void qc.invalidateQueries({ queryKey: notificationKeys.list });
  qc.setQueryData<NotificationsData>(notificationKeys.list, (data) => {
    if (!data || data.pages.length === 0) return data;
    const pages = data.pages.map((page) => ({ ...page, items: page.items.filter((n) => n.id !== notification.id) }));
    const first = pages[0]!;
    pages[0] = { ...first, items: [notification, ...first.items] };
    return { ...data, pages };
  });
  setUnread(qc, unread);
}

/**
 * Keeps the bell and the list live from the app's shared socket (opened by the chat hook for
 * the signed-in member). After a reconnect, what was missed is read again: notifications are
 * not replayed.
 */
export function useRealtimeNotifications(meId: number | null | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!meId) return;
    let readyBefore = realtimeStatus() === 'open';
    return subscribeRealtime((event) => {
      if (event.type === 'notification') storeNotification(qc, event.notification, event.unread);
      else if (event.type === 'unread') {
        // Read on another device: with nothing left unread every row is read; otherwise ask which.
        if (event.unread === 0) mapNotifications(qc, (n) => (n.read ? n : { ...n, read: true }));
        else void qc.invalidateQueries({ queryKey: notificationKeys.list });
        setUnread(qc, event.unread);
      } else if (event.type === 'ready') {
        if (readyBefore) void qc.invalidateQueries({ queryKey: notificationKeys.all });
        readyBefore = true;
      }
    });
  }, [meId, qc]);
}

/** Marks one notification read (at once in the cache: the row is left as it is opened). */
export function useMarkNotificationRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => post<void>(`/me/notifications/${id}/read`),
    onMutate: (id) => {
      let wasUnread = false;
      mapNotifications(qc, (n) => {
        if (n.id !== id || n.read) return n;
        wasUnread = true;
        return { ...n, read: true, readAt: new Date().toISOString() };
      });
      const count = qc.getQueryData<number>(notificationKeys.unread);
      // The server caps the count at 99: below the cap it is exact and goes down by one.
      if (wasUnread && count !== undefined && count > 0 && count < UNREAD_CAP) setUnread(qc, count - 1);
    },
    // At the cap the true count is unknown: ask (the socket usually tells first).
    onSuccess: () => {
      if ((qc.getQueryData<number>(notificationKeys.unread) ?? 0) >= UNREAD_CAP) void qc.invalidateQueries({ queryKey: notificationKeys.unread });
    },
    meta: { silent: true },
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<void>('/me/notifications/read'),
    onSuccess: () => {
      mapNotifications(qc, (n) => (n.read ? n : { ...n, read: true, readAt: new Date().toISOString() }));
      setUnread(qc, 0);
    },
  });
}

export function useNotificationSettings(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.settings,
    queryFn: ({ signal }) => get<NotificationSettings>('/me/notification-settings', undefined, signal),
    enabled,
  });
}

export function useUpdateNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateNotificationSettingsBody) => patch<NotificationSettings>('/me/notification-settings', body),
    onSuccess: (settings) => qc.setQueryData(notificationKeys.settings, settings),
    meta: { silent: true },
  });
}

/** Mutes (or unmutes) one group's notifications; the settings list the muted groups. */
export function useMuteGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, muted }: { groupId: number; name: string; muted: boolean }) =>
      muted ? put<void>(`/groups/${groupId}/notifications/mute`) : del<void>(`/groups/${groupId}/notifications/mute`),
    onSuccess: (_v, { groupId, name, muted }) => {
      qc.setQueryData<NotificationSettings>(notificationKeys.settings, (s) => {
        if (!s) return s;
        const others = s.mutedGroups.filter((g) => g.id !== groupId);
        return { ...s, mutedGroups: muted ? [...others, { id: groupId, name }] : others };
      });
      void qc.invalidateQueries({ queryKey: notificationKeys.settings });
    },
  });
}
