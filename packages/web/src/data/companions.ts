import type {
  CompanionCardBody,
  CompanionInvite,
  CompanionPerson,
  CompanionRequest,
  CreateCompanionRequestBody,
  Gender,
  InviteStatus,
  MyCompanionCard,
  PageOf,
  SkillLevel,
} from '@kindred/contract';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { del, get, post, put } from '../lib/api';
import { chatKeys } from './chat';

/** The filters shared by people and request search, as the API takes them. */
export interface CompanionFilters {
  tag?: string;
  maxKm?: number;
  slots?: string[];
  date?: string;
  ageMin?: number;
  ageMax?: number;
  gender?: Gender[];
  skill?: SkillLevel[];
  groupSize?: number;
}

/** Request search also takes a point, used when I have no card. */
export interface RequestFilters extends CompanionFilters {
  lat?: number;
  lng?: number;
}

export type InviteBox = 'incoming' | 'outgoing';
export type InviteAction = 'accept' | 'decline' | 'withdraw';

export const companionKeys = {
  all: ['companions'] as const,
  card: ['companions', 'card'] as const,
  people: (filters: CompanionFilters) => ['companions', 'people', filters] as const,
  requests: (filters: RequestFilters) => ['companions', 'requests', filters] as const,
  myRequests: ['companions', 'my-requests'] as const,
  request: (id: number) => ['companions', 'request', id] as const,
  invitesAll: ['companions', 'invites'] as const,
  invites: (box: InviteBox, status: InviteStatus | undefined, requestId?: number) => ['companions', 'invites', box, status ?? 'all', requestId ?? 'any'] as const,
};

const firstCursor = null as string | null;

/** My companion card; null when I have none. */
export const myCardQuery = queryOptions({
  queryKey: companionKeys.card,
  queryFn: async ({ signal }) => (await get<MyCompanionCard | null>('/me/companion-card', undefined, signal)) ?? null,
});

export function useMyCard(enabled = true) {
  return useQuery({ ...myCardQuery, enabled });
}

/** The card as a body to save again (what the API stored, minus its timestamp). */
export function cardBody(card: MyCompanionCard): CompanionCardBody {
  return {
    discoverable: card.discoverable,
    interests: card.interests,
    availability: card.availability,
    area: card.area,
    travelKm: card.travelKm,
    preferences: card.preferences,
    groupSizeMax: card.groupSizeMax,
    budget: card.budget,
    costSharing: card.costSharing,
    intro: card.intro,
  };
}

/** Matches depend on my card: after it changes every search is stale. */
function refreshSearches(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: ['companions', 'people'] });
  void qc.invalidateQueries({ queryKey: ['companions', 'requests'] });
}

/** Creates or replaces my card (discoverable: false pauses it). */
export function useSaveCard() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CompanionCardBody) => put<MyCompanionCard>('/me/companion-card', body),
    onSuccess: (card) => {
      qc.setQueryData(companionKeys.card, card);
      refreshSearches(qc);
    },
    meta: { silent: true },
  });
}

/** Deletes my card: I leave companion search (chats stay). */
export function useLeaveCompanions() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => del<void>('/me/companion-card'),
    onSuccess: () => {
      qc.setQueryData(companionKeys.card, null);
      refreshSearches(qc);
    },
  });
}

/** People whose cards match mine, best match first. Fails with companion_card_required without a card. */
export function usePeople(filters: CompanionFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: companionKeys.people(filters),
    queryFn: ({ pageParam, signal }) => get<PageOf<CompanionPerson>>('/companions/people', { ...filters, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** Open requests by others near me, best match first. */
export const companionRequestsQuery = (filters: RequestFilters) =>
  infiniteQueryOptions({
    queryKey: companionKeys.requests(filters),
    queryFn: ({ pageParam, signal }) => get<PageOf<CompanionRequest>>('/companion-requests', { ...filters, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
  });

export function useCompanionRequests(filters: RequestFilters, enabled = true) {
  return useInfiniteQuery({ ...companionRequestsQuery(filters), enabled });
}

export const myRequestsQuery = infiniteQueryOptions({
  queryKey: companionKeys.myRequests,
  queryFn: ({ pageParam, signal }) => get<PageOf<CompanionRequest>>('/me/companion-requests', { cursor: pageParam, limit: 20 }, signal),
  initialPageParam: firstCursor,
  getNextPageParam: (last) => last.nextCursor,
});

export function useMyRequests() {
  return useInfiniteQuery(myRequestsQuery);
}

export function useCompanionRequest(id: number) {
  return useQuery({
    queryKey: companionKeys.request(id),
    queryFn: ({ signal }) => get<CompanionRequest>(`/companion-requests/${id}`, undefined, signal),
    enabled: Number.isInteger(id) && id > 0,
  });
}

/** A changed request shows its new state in the lists it is in, then they are re-read. */
function storeRequest(qc: QueryClient, request: CompanionRequest) {
  qc.setQueryData(companionKeys.request(request.id), request);
  qc.setQueriesData<InfiniteData<PageOf<CompanionRequest>>>({ queryKey: ['companions', 'requests'] }, (data) =>
    data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((r) => (r.id === request.id ? request : r)) })) },
  );
  void qc.invalidateQueries({ queryKey: companionKeys.myRequests });
}

export function useCreateRequest() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCompanionRequestBody) => post<CompanionRequest>('/companion-requests', body),
    onSuccess: (request) => storeRequest(qc, request),
    meta: { silent: true },
  });
}

/** The author closes a request: no more applications. */
export function useCloseRequest(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<CompanionRequest>(`/companion-requests/${id}/close`),
    onSuccess: (request) => storeRequest(qc, request),
  });
}

/** My application now shows on the request wherever it is cached. */
function markApplied(qc: QueryClient, requestId: number, invite: CompanionInvite) {
  const mark = (r: CompanionRequest) => (r.id === requestId ? { ...r, myApplication: { id: invite.id, status: invite.status } } : r);
  qc.setQueryData<CompanionRequest>(companionKeys.request(requestId), (r) => r && mark(r));
  qc.setQueriesData<InfiniteData<PageOf<CompanionRequest>>>({ queryKey: ['companions', 'requests'] }, (data) =>
    data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map(mark) })) },
  );
  void qc.invalidateQueries({ queryKey: companionKeys.invitesAll });
}

export function useApply(requestId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (message: string) => post<CompanionInvite>(`/companion-requests/${requestId}/applications`, { message }),
    onSuccess: (invite) => markApplied(qc, requestId, invite),
    meta: { silent: true },
  });
}

/** Invites a member (from People); my invite then shows on their card. */
export function useInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; message: string; requestId?: number | null }) => post<CompanionInvite>('/companion-invites', body),
    onSuccess: (invite) => {
      qc.setQueriesData<InfiniteData<PageOf<CompanionPerson>>>({ queryKey: ['companions', 'people'] }, (data) =>
        data && {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.map((person) => (person.user.id === invite.to.id ? { ...person, invite: { id: invite.id, status: invite.status, direction: 'sent' as const } } : person)),
          })),
        },
      );
      void qc.invalidateQueries({ queryKey: companionKeys.invitesAll });
    },
    meta: { silent: true },
  });
}

/** Invites and applications I received or sent, newest first; re-read every minute while shown (they are not pushed live). */
export function useInvites(box: InviteBox, status?: InviteStatus, enabled = true, requestId?: number) {
  return useInfiniteQuery({
    queryKey: companionKeys.invites(box, status, requestId),
    queryFn: ({ pageParam, signal }) => get<PageOf<CompanionInvite>>('/me/companion-invites', { box, status, requestId, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
    // Someone may have applied or answered since: re-read whenever a list is shown again.
    staleTime: 0,
    refetchInterval: 60_000,
  });
}

/** Accept, decline or withdraw an invite; accepting opens a conversation. */
export function useDecideInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: InviteAction }) => post<CompanionInvite>(`/companion-invites/${id}/${action}`),
    onSuccess: (invite) => {
      qc.setQueriesData<InfiniteData<PageOf<CompanionInvite>>>({ queryKey: companionKeys.invitesAll }, (data) =>
        data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.id === invite.id ? invite : i)) })) },
      );
      // Lists filtered by status are now out of date; re-read them when next shown.
      void qc.invalidateQueries({ queryKey: companionKeys.invitesAll, refetchType: 'none' });
      if (invite.request) void qc.invalidateQueries({ queryKey: companionKeys.request(invite.request.id) });
      refreshSearches(qc);
      if (invite.conversationId) void qc.invalidateQueries({ queryKey: chatKeys.conversations });
    },
  });
}
