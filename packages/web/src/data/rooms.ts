import type { MuteMemberBody, PageOf, Room, RoomMessage, SendRoomMessageBody } from '@kindred/contract';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { del, get, isApiError, post, put } from '../lib/api';
import { realtimeStatus, subscribeRealtime } from '../lib/realtime';

export type { Room, RoomMessage } from '@kindred/contract';

type RoomsData = InfiniteData<PageOf<Room>, string | null>;
type MessagesData = InfiniteData<PageOf<RoomMessage>, string | null>;

export const roomKeys = {
  all: ['rooms'] as const,
  mine: ['rooms', 'mine'] as const,
  detail: (id: number) => ['rooms', 'detail', id] as const,
  messages: (id: number) => ['rooms', 'messages', id] as const,
  pinned: (id: number) => ['rooms', 'pinned', id] as const,
  ofActivity: (activityId: number) => ['rooms', 'activity', activityId] as const,
  ofGroup: (groupId: number) => ['rooms', 'group', groupId] as const,
};

const firstCursor = null as string | null;
const MESSAGES_PER_PAGE = 30;
/** The server counts a room's unread messages up to this many. */
export const ROOM_UNREAD_CAP = 99;

/** My rooms, most recently active first, each with my unread count. */
export const myRoomsQuery = infiniteQueryOptions({
  queryKey: roomKeys.mine,
  queryFn: ({ pageParam, signal }) => get<PageOf<Room>>('/me/rooms', { cursor: pageParam, limit: 20 }, signal),
  initialPageParam: firstCursor,
  getNextPageParam: (last) => last.nextCursor,
  staleTime: 60_000,
});

/** `fresh`: re-read on mount (the socket tells about messages, not about rooms I was just let into). */
export function useMyRooms(enabled = true, fresh = false) {
  return useInfiniteQuery({ ...myRoomsQuery, enabled, refetchOnMount: fresh ? 'always' : true });
}

/** Unread room messages on the first page of my rooms, for the Companions badge (0 while loading). */
export function useRoomsUnread(enabled: boolean): number {
  const rooms = useMyRooms(enabled).data?.pages[0]?.items ?? [];
  return rooms.reduce((sum, r) => sum + r.unread, 0);
}

/** A 404 is an answer here (not in the room, or not opened yet): asking again would not change it. */
const retryUnlessNotFound = (count: number, error: unknown) => !isApiError(error, 'not_found') && count < 2;

export function useRoom(id: number) {
  const qc = useQueryClient();
  return useQuery<Room, Error, Room, ReturnType<typeof roomKeys.detail>>({
    queryKey: roomKeys.detail(id),
    queryFn: ({ signal }) => get<Room>(`/rooms/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
    retry: retryUnlessNotFound,
    placeholderData: () => findRoom(qc, id),
  });
}

/** An activity's room, for its organizer, admins and participants (waitlisted: its pinned notes); 404 for anyone else. */
export function useActivityRoom(activityId: number, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.ofActivity(activityId),
    queryFn: ({ signal }) => get<Room>(`/activities/${activityId}/room`, undefined, signal),
    enabled,
    retry: retryUnlessNotFound,
  });
}

/** A group's room, once its admins opened it (404 before). */
export function useGroupRoom(groupId: number, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.ofGroup(groupId),
    queryFn: ({ signal }) => get<Room>(`/groups/${groupId}/room`, undefined, signal),
    enabled,
    retry: retryUnlessNotFound,
  });
}

/** Its admins open (or close) a group's room; the history stays when it is closed. */
export function useSetGroupRoom(groupId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (open: boolean) => (open ? put<Room>(`/groups/${groupId}/room`) : del<Room>(`/groups/${groupId}/room`)),
    onSuccess: (room) => {
      qc.setQueryData(roomKeys.ofGroup(groupId), room);
      qc.setQueryData(roomKeys.detail(room.id), room);
      void qc.invalidateQueries({ queryKey: roomKeys.mine });
    },
  });
}

/** A room's messages, pages newest first (older pages come with the cursor). */
export function useRoomMessages(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: roomKeys.messages(id),
    queryFn: ({ pageParam, signal }) => get<PageOf<RoomMessage>>(`/rooms/${id}/messages`, { cursor: pageParam, limit: MESSAGES_PER_PAGE }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    // The socket keeps it current; a refetch would only repeat what is already here.
    staleTime: Infinity,
  });
}

/** The pinned notes, newest first: what every member sees at the top, and all a waitlisted member may read. */
export function usePinnedNotes(id: number, enabled: boolean) {
  return useQuery({
    queryKey: roomKeys.pinned(id),
    queryFn: ({ signal }) => get<PageOf<RoomMessage>>(`/rooms/${id}/messages`, { pinned: true, limit: 50 }, signal).then((page) => page.items),
    enabled,
    staleTime: Infinity,
  });
}

/** The loaded messages oldest first, without duplicates. */
export function roomMessagesInOrder(data: { pages: PageOf<RoomMessage>[] } | undefined): RoomMessage[] {
  const byId = new Map<number, RoomMessage>();
  for (const page of data?.pages ?? []) for (const m of page.items) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function findRoom(qc: QueryClient, id: number): Room | undefined {
  const cached = qc.getQueryData<Room>(roomKeys.detail(id));
  if (cached) return cached;
  for (const page of qc.getQueryData<RoomsData>(roomKeys.mine)?.pages ?? []) {
    const found = page.items.find((r) => r.id === id);
    if (found) return found;
  }
  return undefined;
}

/** Changes a room wherever it is cached: its page, my rooms, and the activity's or group's entry. */
function patchRoom(qc: QueryClient, id: number, change: (room: Room) => Room) {
  // A list read still on its way was answered before this change and would undo it when it lands: read again.
  if (qc.isFetching({ queryKey: roomKeys.mine }) > 0) void qc.invalidateQueries({ queryKey: roomKeys.mine });
  const update = (room: Room | undefined) => (room && room.id === id ? change(room) : room);
  qc.setQueryData<Room>(roomKeys.detail(id), update);
  qc.setQueriesData<Room>({ queryKey: ['rooms', 'activity'] }, update);
  qc.setQueriesData<Room>({ queryKey: ['rooms', 'group'] }, update);
  qc.setQueryData<RoomsData>(roomKeys.mine, (data) => data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((r) => update(r)!) })) });
}

/** Replaces a message in the cached history (if loaded), or puts a new one in, newest first, once. */
function putMessage(qc: QueryClient, message: RoomMessage) {
  qc.setQueryData<MessagesData>(roomKeys.messages(message.roomId), (data) => {
    if (!data || data.pages.length === 0) return data;
    let found = false;
    const pages = data.pages.map((p) => ({
      ...p,
      items: p.items.map((m) => {
        if (m.id !== message.id) return m;
        found = true;
        return message;
      }),
    }));
    if (found) return { ...data, pages };
    const [first, ...rest] = pages;
    return { ...data, pages: [{ ...first!, items: [message, ...first!.items].sort((a, b) => b.id - a.id) }, ...rest] };
  });
  qc.setQueryData<RoomMessage[]>(roomKeys.pinned(message.roomId), (pinned) => {
    if (!pinned) return pinned;
    const others = pinned.filter((m) => m.id !== message.id);
    return message.pinned && !message.removed ? [message, ...others].sort((a, b) => b.id - a.id) : others;
  });
}

/**
 * A new message (live, or the answer to my own send — both arrive for my own, so seen before: nothing
 * changes): into the history, and the room moves to the top of my rooms with its preview and unread count.
 */
export function storeRoomMessage(qc: QueryClient, message: RoomMessage, meId: number) {
  putMessage(qc, message);
  const known = findRoom(qc, message.roomId);
  if (!known) {
    // A room this tab has not listed yet (a seat was just confirmed, a group's room opened).
    void qc.invalidateQueries({ queryKey: roomKeys.mine });
    return;
  }
  if (known.lastMessage && known.lastMessage.id >= message.id) return;
  const fromOther = message.sender.id !== meId;
  patchRoom(qc, message.roomId, (r) => ({
    ...r,
    lastMessage: message,
    lastMessageAt: message.createdAt,
    unread: fromOther && message.id > r.myLastReadId ? Math.min(ROOM_UNREAD_CAP, r.unread + 1) : r.unread,
  }));
  qc.setQueryData<RoomsData>(roomKeys.mine, (data) => {
    if (!data) return data;
    const moved = data.pages.flatMap((p) => p.items).find((r) => r.id === message.roomId);
    if (!moved) return data;
    const pages = data.pages.map((p, i) => ({ ...p, items: [...(i === 0 ? [moved] : []), ...p.items.filter((r) => r.id !== message.roomId)] }));
    return { ...data, pages };
  });
}

/** A message was pinned, unpinned or removed. */
export function storeChangedRoomMessage(qc: QueryClient, message: RoomMessage) {
  putMessage(qc, message);
  patchRoom(qc, message.roomId, (r) => (r.lastMessage?.id === message.id ? { ...r, lastMessage: message } : r));
}

/**
 * Keeps rooms live from the app's shared socket (opened by the chat hook for the signed-in member).
 * Room messages are not replayed after a reconnect: what is shown is read again then.
 */
export function useRealtimeRooms(meId: number | null | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    if (!meId) return;
    let readyBefore = realtimeStatus() === 'open';
    return subscribeRealtime((event) => {
      if (event.type === 'room-message') storeRoomMessage(qc, event.message, meId);
      else if (event.type === 'room-message-changed') storeChangedRoomMessage(qc, event.message);
      else if (event.type === 'ready') {
        if (readyBefore) void qc.invalidateQueries({ queryKey: roomKeys.all });
        readyBefore = true;
      }
    });
  }, [meId, qc]);
}

/** Sends over HTTP (idempotent by clientId); the same message comes back on the socket too, and is kept once. */
export function useSendRoomMessage(roomId: number, meId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SendRoomMessageBody) => post<RoomMessage>(`/rooms/${roomId}/messages`, body),
    onSuccess: (message) => storeRoomMessage(qc, message, meId),
    // Refused: muted meanwhile, the room closed, the seat gone — the room says which now.
    onError: (error) => {
      if (isApiError(error) && (error.status === 403 || error.status === 404)) void qc.invalidateQueries({ queryKey: roomKeys.detail(roomId) });
    },
    meta: { silent: true },
  });
}

export function useMarkRoomRead(roomId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (upTo: number) => post<void>(`/rooms/${roomId}/read`, { upTo }),
    onSuccess: (_v, upTo) =>
      patchRoom(qc, roomId, (r) => ({
        ...r,
        myLastReadId: Math.max(r.myLastReadId, upTo),
        unread: r.lastMessage && r.lastMessage.id > upTo ? r.unread : 0,
      })),
    meta: { silent: true },
  });
}

/** Moderators pin and unpin; the changed message comes back (and to everyone, live). */
export function usePinRoomMessage(roomId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, pinned }: { messageId: number; pinned: boolean }) =>
      pinned ? put<RoomMessage>(`/rooms/${roomId}/messages/${messageId}/pin`) : del<RoomMessage>(`/rooms/${roomId}/messages/${messageId}/pin`),
    onSuccess: (message) => storeChangedRoomMessage(qc, message),
  });
}

/** Its sender or a moderator removes a message; it stays in the history as removed. */
export function useRemoveRoomMessage(roomId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (message: RoomMessage) => del<void>(`/rooms/${roomId}/messages/${message.id}`),
    onSuccess: (_v, message) => storeChangedRoomMessage(qc, { ...message, body: '', photo: null, pinned: false, removed: true }),
  });
}

/** Moderators mute a member for a while. */
export function useMuteRoomMember(roomId: number) {
  return useMutation({
    mutationFn: (body: MuteMemberBody) => post<void>(`/rooms/${roomId}/mutes`, body),
  });
}
