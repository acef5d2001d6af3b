import type {
  ActivitySummary,
  ActivityDetail,
  CreateActivityBody,
  FollowState,
  Me,
  Media,
  MyRegistration,
  PageOf,
  Participant,
  PhotoRef,
  RegisterBody,
  UpdateActivityBody,
  UserSummary,
} from '@kindred/contract';
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { API_BASE, del, get, patch, post } from '../lib/api';
import { browserTimeZone } from '../lib/activity-time';
import { findCity } from './taxonomy';
import { paymentKeys } from './payments';

export type NearbySort = 'popular' | 'distance';
export type NearbyWhen = 'today' | 'weekend' | 'week' | 'month';
export type MyActivitiesTab = 'upcoming' | 'waitlisted' | 'past' | 'organizing';

/** The nearby search: a point and radius, plus filters. `timeZone` is added from the browser. */
export interface NearbyFilters {
  lat: number;
  lng: number;
  radiusKm: number;
  sort: NearbySort;
  interest?: string;
  when?: NearbyWhen;
  free?: boolean;
  /** In minor units of `currency`. */
  maxFee?: number;
  currency?: string;
  hasSeats?: boolean;
}

/** A map's view, west to east. */
export interface MapArea {
  south: number;
  west: number;
  north: number;
  east: number;
}

/** The activities inside a map's view, with the nearby search's filters (not its point, radius or sort). */
export type AreaFilters = MapArea & Omit<NearbyFilters, 'lat' | 'lng' | 'radiusKm' | 'sort'>;

export const activityKeys = {
  all: ['activities'] as const,
  nearby: (filters: NearbyFilters) => ['activities', 'nearby', filters] as const,
  inArea: (filters: AreaFilters) => ['activities', 'in-area', filters] as const,
  detail: (id: number) => ['activities', 'detail', id] as const,
  mine: (tab: MyActivitiesTab) => ['activities', 'mine', tab] as const,
  group: (groupId: number, past: boolean) => ['activities', 'group', groupId, past] as const,
  search: (q: string) => ['activities', 'search', q] as const,
  participants: (id: number) => ['activities', 'participants', id] as const,
};

const firstCursor = null as string | null;

/** Links the browser opens directly (downloads). */
export const activityLinks = {
  calendar: (id: number) => `${API_BASE}/activities/${id}/calendar.ics`,
  participantsCsv: (id: number) => `${API_BASE}/activities/${id}/registrations.csv`,
};

/**
 * A page of an activity listing with the shared filters: flags sent only when on, and the browser's time zone
 * only with `when`, the one filter read in it (reading the zone is the page's first use of Intl, costly, see main.tsx).
 */
function activityPage<F extends { free?: boolean; hasSeats?: boolean; when?: NearbyWhen }>(path: string, filters: F, cursor: string | null, limit: number, signal: AbortSignal) {
  return get<PageOf<ActivitySummary>>(
    path,
    {
      ...filters,
      free: filters.free ? true : undefined,
      hasSeats: filters.hasSeats ? true : undefined,
      timeZone: filters.when ? browserTimeZone() : undefined,
      cursor,
      limit,
    },
    signal,
  );
}

export const nearbyActivitiesQuery = (filters: NearbyFilters) =>
  infiniteQueryOptions({
    queryKey: activityKeys.nearby(filters),
    queryFn: ({ pageParam, signal }) => activityPage('/activities/nearby', filters, pageParam, 20, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
  });

/** The most popular activities inside a map's view (one page: the map shows the best of what is there). */
export function useAreaActivities(filters: AreaFilters | null) {
  return useQuery({
    queryKey: activityKeys.inArea(filters ?? { south: 0, west: 0, north: 0, east: 0 }),
    queryFn: ({ signal }) => activityPage('/activities/in-area', filters!, null, 50, signal),
    enabled: filters !== null,
    retry: false,
  });
}

export function useNearbyActivities(filters: NearbyFilters | null) {
  return useInfiniteQuery({ ...nearbyActivitiesQuery(filters ?? { lat: 0, lng: 0, radiusKm: 0, sort: 'popular' }), enabled: filters !== null });
}

/** The home page's "near you": popular activities around the member's own point, else their city's centre. */
export function nearMember(me: Me | null | undefined): NearbyFilters | null {
  const city = findCity(me?.city);
  const lat = me?.lat ?? city?.lat;
  const lng = me?.lng ?? city?.lng;
  return lat != null && lng != null ? { lat, lng, radiusKm: 25, sort: 'popular' } : null;
}

/** A payment was started and its outcome (a webhook on the server) has not arrived yet. */
export function isPaymentProcessing(activity: ActivitySummary | undefined): boolean {
  const r = activity?.viewer.registration;
  return r?.status === 'awaiting_payment' && r.paymentStatus === 'pending';
}

/** One activity; while a payment is processing it is re-read every second until the outcome shows. */
export const activityQuery = (id: number) =>
  queryOptions({
    queryKey: activityKeys.detail(id),
    queryFn: ({ signal }) => get<ActivityDetail>(`/activities/${id}`, undefined, signal),
  });

export function useActivity(id: number) {
  return useQuery({
    ...activityQuery(id),
    enabled: Number.isInteger(id) && id > 0,
    refetchInterval: (query) => (isPaymentProcessing(query.state.data) ? 1000 : false),
  });
}

export function useMyActivities(tab: MyActivitiesTab) {
  return useInfiniteQuery({
    queryKey: activityKeys.mine(tab),
    queryFn: ({ pageParam, signal }) => get<PageOf<ActivitySummary>>('/me/activities', { tab, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useGroupActivities(groupId: number, past: boolean, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: activityKeys.group(groupId, past),
    queryFn: ({ pageParam, signal }) =>
      get<PageOf<ActivitySummary>>(`/groups/${groupId}/activities`, { past, cursor: pageParam, limit: 20 }, signal),
    initialPageParam: firstCursor,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

export function useParticipants(id: number, enabled: boolean) {
  return useQuery({
    queryKey: activityKeys.participants(id),
    queryFn: ({ signal }) => get<{ items: Participant[] }>(`/activities/${id}/registrations`, undefined, signal),
    enabled,
  });
}

/** Lists (nearby, mine, group) show seats and the viewer's registration: refresh them after a change. */
function refreshLists(qc: QueryClient) {
  void qc.invalidateQueries({ queryKey: activityKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
}

function storeActivity(qc: QueryClient, activity: ActivityDetail) {
  qc.setQueryData(activityKeys.detail(activity.id), activity);
  refreshLists(qc);
}

/** Puts the viewer's new registration into the cached activity at once, then re-reads it. */
function storeRegistration(qc: QueryClient, activityId: number, registration: MyRegistration) {
  qc.setQueryData<ActivityDetail>(activityKeys.detail(activityId), (a) => a && { ...a, viewer: { ...a.viewer, registration } });
  void qc.invalidateQueries({ queryKey: activityKeys.detail(activityId) });
  refreshLists(qc);
}

export function useCreateActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateActivityBody) => post<ActivityDetail>('/activities', body),
    onSuccess: (activity) => storeActivity(qc, activity),
    meta: { silent: true },
  });
}

export function useUpdateActivity(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateActivityBody) => patch<ActivityDetail>(`/activities/${id}`, body),
    onSuccess: (activity) => storeActivity(qc, activity),
    meta: { silent: true },
  });
}

export function usePublishActivity(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<ActivityDetail>(`/activities/${id}/publish`),
    onSuccess: (activity) => storeActivity(qc, activity),
    // The organizer's page says why it could not go out (held for review, no longer a draft).
    meta: { silent: true },
  });
}

/** The organizer calls the activity off; everyone is refunded in full. */
export function useCancelActivity(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<ActivityDetail>(`/activities/${id}/cancel`),
    onSuccess: (activity) => {
      storeActivity(qc, activity);
      void qc.invalidateQueries({ queryKey: activityKeys.participants(id) });
    },
  });
}

export function useRegister(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: RegisterBody) => post<MyRegistration>(`/activities/${activityId}/registrations`, body),
    onSuccess: (registration) => storeRegistration(qc, activityId, registration),
    meta: { silent: true },
  });
}

/**
 * Pays for a held seat. The caller passes one idempotency key per payment attempt and sends the
 * same key again when retrying that attempt, so a retry never charges twice.
 */
export function usePay(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { registrationId: number; idempotencyKey: string }) =>
      post<MyRegistration>(`/registrations/${v.registrationId}/pay`, { idempotencyKey: v.idempotencyKey }),
    onSuccess: (registration) => {
      storeRegistration(qc, activityId, registration);
      void qc.invalidateQueries({ queryKey: paymentKeys.all });
    },
    meta: { silent: true },
  });
}

export function useCancelRegistration(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (registrationId: number) => post<MyRegistration>(`/registrations/${registrationId}/cancel`),
    onSuccess: (registration) => {
      storeRegistration(qc, activityId, registration);
      // A refund changes my payments.
      void qc.invalidateQueries({ queryKey: paymentKeys.all });
    },
  });
}

function useRefreshParticipants(activityId: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: activityKeys.participants(activityId) });
    void qc.invalidateQueries({ queryKey: activityKeys.detail(activityId) });
  };
}

export function useDecideRegistration(activityId: number) {
  const refresh = useRefreshParticipants(activityId);
  return useMutation({
    mutationFn: (v: { registrationId: number; decision: 'approve' | 'reject' }) => post<void>(`/registrations/${v.registrationId}/${v.decision}`),
    onSuccess: refresh,
  });
}

/** Checks a participant in, by their registration (from the list) or the code they show. */
export function useCheckIn(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (by: { registrationId: number } | { code: string }) => post<{ registrationId: number }>(`/activities/${activityId}/check-in`, by),
    onSuccess: ({ registrationId }) => {
      qc.setQueryData<{ items: Participant[] }>(activityKeys.participants(activityId), (data) =>
        data && { items: data.items.map((p) => (p.registrationId === registrationId ? { ...p, checkedIn: true } : p)) },
      );
      void qc.invalidateQueries({ queryKey: activityKeys.participants(activityId) });
    },
    meta: { silent: true },
  });
}

/** Adds my uploaded photos to an activity's album; the page shows the album the server answers with. */
/** Its organizer removes a photo from the album (the member who added it may too). */
export function useRemoveFromAlbum(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (photoId: number) => del<void>(`/media/${photoId}`),
    onSuccess: (_, photoId) => qc.setQueryData(activityKeys.detail(activityId), (a: ActivityDetail | undefined) => (a ? { ...a, album: a.album.filter((p) => p.id !== photoId) } : a)),
  });
}

/** Who else was there, once it has begun (for its organizer and confirmed participants). */
export function useWentWith(activityId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...activityKeys.detail(activityId), 'went-with'],
    queryFn: ({ signal }) => get<{ items: { user: UserSummary; following: FollowState }[] }>(`/activities/${activityId}/went-with`, undefined, signal),
    enabled,
  });
}

export function useAddToAlbum(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (photos: PhotoRef[]) => post<{ items: Media[] }>(`/activities/${activityId}/album`, { photos }),
    onSuccess: ({ items }) => qc.setQueryData(activityKeys.detail(activityId), (a: ActivityDetail | undefined) => (a ? { ...a, album: items } : a)),
  });
}
