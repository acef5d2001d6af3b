import type { ChatMessage, Conversation, PageOf, PhotoRef, RealtimeServerEvent } from '@kindred/contract';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, post } from '../lib/api';
import {
  RealtimeUnavailable,
  noteMessageId,
  onRealtimeStatus,
  realtimeStatus,
  sendChatMessage,
  startRealtime,
  stopRealtime,
  subscribeRealtime,
  type RealtimeStatus,
} from '../lib/realtime';

export type ConversationsPage = PageOf<Conversation> & { unread: number };
type ConversationsData = InfiniteData<ConversationsPage, string | null>;
type MessagesData = InfiniteData<PageOf<ChatMessage>, string | null>;

export const chatKeys = {
  all: ['chat'] as const,
  conversations: ['chat', 'conversations'] as const,
  conversation: (id: number) => ['chat', 'conversation', id] as const,
  messages: (id: number) => ['chat', 'messages', id] as const,
};

const firstCursor = null as string | null;
const MESSAGES_PER_PAGE = 30;

/** My conversations, most recent first; the first page carries the total unread count. */
export const conversationsQuery = infiniteQueryOptions({
  queryKey: chatKeys.conversations,
  queryFn: async ({ pageParam, signal }) => {
    const page = await get<ConversationsPage>('/conversations', { cursor: pageParam, limit: 20 }, signal);
    for (const c of page.items) if (c.lastMessage) noteMessageId(c.lastMessage.id);
    return page;
  },
  initialPageParam: firstCursor,
  getNextPageParam: (last) => last.nextCursor,
  staleTime: 60_000,
});

/** The socket pushes messages, not new conversations (an accepted invite): `fresh` re-reads on mount. */
export function useConversations(enabled = true, fresh = false) {
  return useInfiniteQuery({ ...conversationsQuery, enabled, refetchOnMount: fresh ? 'always' : true });
}

/** Unread chat messages, for the nav badge (0 while loading). */
export function useChatUnread(enabled: boolean): number {
  return useConversations(enabled).data?.pages[0]?.unread ?? 0;
}

export function useConversation(id: number) {
  const qc = useQueryClient();
  return useQuery<Conversation, Error, Conversation, ReturnType<typeof chatKeys.conversation>>({
    queryKey: chatKeys.conversation(id),
    queryFn: ({ signal }) => get<Conversation>(`/conversations/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
    placeholderData: () => findConversation(qc, id),
  });
}

/** A conversation's messages, pages newest first (older pages come with the cursor). */
export function useMessages(id: number) {
  return useInfiniteQuery({
    queryKey: chatKeys.messages(id),
    queryFn: async ({ pageParam, signal }) => {
      const page = await get<PageOf<ChatMessage>>(`/conversations/${id}/messages`, { cursor: pageParam, limit: MESSAGES_PER_PAGE }, signal);
      for (const m of page.items) noteMessageId(m.id);
      return page;
    },
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Number.isInteger(id) && id > 0,
    // The socket keeps it current; a refetch would only repeat what is already here.
    staleTime: Infinity,
  });
}

/** The loaded messages oldest first, without duplicates. */
export function messagesInOrder(data: { pages: PageOf<ChatMessage>[] } | undefined): ChatMessage[] {
  const byId = new Map<number, ChatMessage>();
  for (const page of data?.pages ?? []) for (const m of page.items) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function findConversation(qc: QueryClient, id: number): Conversation | undefined {
  const list = qc.getQueryData<ConversationsData>(chatKeys.conversations);
  for (const page of list?.pages ?? []) {
    const found = page.items.find((c) => c.id === id);
    if (found) return found;
  }
  return qc.getQueryData<Conversation>(chatKeys.conversation(id));
}

function patchConversation(qc: QueryClient, id: number, change: (c: Conversation) => Conversation) {
  // A list read still on its way was answered before this change and would undo it when it lands: read again.
  if (qc.isFetching({ queryKey: chatKeys.conversations }) > 0) void qc.invalidateQueries({ queryKey: chatKeys.conversations });
  qc.setQueryData<Conversation>(chatKeys.conversation(id), (c) => c && change(c));
  qc.setQueryData<ConversationsData>(chatKeys.conversations, (data) => {
    if (!data) return data;
    let before = 0;
    let after = 0;
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.map((c) => {
        if (c.id !== id) return c;
        const next = change(c);
        before += c.unread;
        after += next.unread;
        return next;
      }),
    }));
    const first = pages[0];
    if (first) pages[0] = { ...first, unread: Math.max(0, first.unread + after - before) };
    return { ...data, pages };
  });
}

/** Puts a message into the cached conversation (if loaded), newest-first, once. */
function insertMessage(qc: QueryClient, message: ChatMessage) {
  qc.setQueryData<MessagesData>(chatKeys.messages(message.conversationId), (data) => {
    if (!data || data.pages.length === 0) return data;
    if (data.pages.some((p) => p.items.some((m) => m.id === message.id))) return data;
    const [first, ...rest] = data.pages;
    const items = [...first!.items, message].sort((a, b) => b.id - a.id);
    return { ...data, pages: [{ ...first!, items }, ...rest] };
  });
}

/**
 * A message arrived (live, replayed, or the answer to my own send): into the thread, and the
 * conversation moves to the top with its preview and unread count. Seen before: nothing changes.
 */
export function storeMessage(qc: QueryClient, message: ChatMessage, meId: number) {
  noteMessageId(message.id);
  insertMessage(qc, message);
  const known = findConversation(qc, message.conversationId);
  if (!known) {
    // A conversation this tab has not seen yet (an invite was just accepted).
    void qc.invalidateQueries({ queryKey: chatKeys.conversations });
    return;
  }
  if (known.lastMessage && known.lastMessage.id >= message.id) return;
  const fromOther = message.senderId !== meId;
  patchConversation(qc, message.conversationId, (c) => ({
    ...c,
    lastMessage: message,
    updatedAt: message.createdAt,
    unread: fromOther ? c.unread + 1 : c.unread,
  }));
  // Most recent first.
  qc.setQueryData<ConversationsData>(chatKeys.conversations, (data) => {
    if (!data) return data;
    const moved = data.pages.flatMap((p) => p.items).find((c) => c.id === message.conversationId);
    if (!moved) return data;
    const pages = data.pages.map((p, i) => ({
      ...p,
      items: [...(i === 0 ? [moved] : []), ...p.items.filter((c) => c.id !== message.conversationId)],
    }));
    return { ...data, pages };
  });
}

function newestKnownMessageId(qc: QueryClient): number {
  const list = qc.getQueryData<ConversationsData>(chatKeys.conversations);
  let newest = 0;
  for (const page of list?.pages ?? []) for (const c of page.items) newest = Math.max(newest, c.lastMessage?.id ?? 0);
  return newest;
}

function storeRead(qc: QueryClient, event: Extract<RealtimeServerEvent, { type: 'read' }>, meId: number) {
  const known = findConversation(qc, event.conversationId);
  if (!known) return;
  if (event.userId === meId) {
    // Read in another tab: if it covers the newest message nothing is unread; otherwise ask.
    if (known.lastMessage && event.upTo < known.lastMessage.id) {
      void qc.invalidateQueries({ queryKey: chatKeys.conversations });
      return;
    }
    patchConversation(qc, event.conversationId, (c) => ({ ...c, unread: 0, myLastReadId: Math.max(c.myLastReadId, event.upTo) }));
  } else {
    patchConversation(qc, event.conversationId, (c) => ({ ...c, otherLastReadId: Math.max(c.otherLastReadId, event.upTo) }));
  }
}

/**
 * Keeps chat caches live from the shared socket while a member is signed in. The socket opens
 * once the conversation list is in (it tells where to replay from); after a reconnect what is
 * shown is re-read too, since read marks made meanwhile are not replayed and the replay is capped.
 */
export function useRealtimeChat(meId: number | null | undefined) {
  const qc = useQueryClient();
  const conversations = useConversations(!!meId);
  const listLoaded = conversations.data !== undefined;

  useEffect(() => {
    if (!meId || !listLoaded) return;
    let readyBefore = false;
    const unsubscribe = subscribeRealtime((event) => {
      if (event.type === 'message' || event.type === 'ack') storeMessage(qc, event.message, meId);
      else if (event.type === 'read') storeRead(qc, event, meId);
      else if (event.type === 'ready') {
        if (readyBefore) void qc.invalidateQueries({ queryKey: chatKeys.all });
        readyBefore = true;
      }
    });
    startRealtime(newestKnownMessageId(qc));
    return () => {
      unsubscribe();
      stopRealtime();
    };
  }, [meId, listLoaded, qc]);
}

/** The socket's state, for a "reconnecting…" hint. */
export function useRealtimeStatus(): RealtimeStatus {
  const [status, setStatus] = useState(realtimeStatus);
  useEffect(() => onRealtimeStatus(setStatus), []);
  return status;
}

/** Sends over the socket when it is up, else (or if it drops mid-send) over HTTP with the same clientId. */
export function useSendMessage(conversationId: number, meId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, clientId, photo }: { body: string; clientId: string; photo?: PhotoRef }) => {
      // A photo goes over HTTP; the live channel carries text.
      if (photo) return post<ChatMessage>(`/conversations/${conversationId}/messages`, { body, clientId, photo });
      try {
        return await sendChatMessage(conversationId, body, clientId);
      } catch (e) {
        if (!(e instanceof RealtimeUnavailable)) throw e;
        return post<ChatMessage>(`/conversations/${conversationId}/messages`, { body, clientId });
      }
    },
    onSuccess: (message) => storeMessage(qc, message, meId),
    meta: { silent: true },
  });
}

export function useMarkRead(conversationId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (upTo: number) => post<void>(`/conversations/${conversationId}/read`, { upTo }),
    onSuccess: (_v, upTo) =>
      patchConversation(qc, conversationId, (c) => ({
        ...c,
        myLastReadId: Math.max(c.myLastReadId, upTo),
        unread: c.lastMessage && c.lastMessage.id > upTo ? c.unread : 0,
      })),
    meta: { silent: true },
  });
}
