import type { CreateSeriesBody, Series, UpdateSeriesBody } from '@kindred/contract';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { get, patch, post } from '../lib/api';
import { activityKeys } from './activities';

export const seriesKeys = {
  detail: (id: number) => ['series', id] as const,
};

/** A series and its occurrences; only its organizer and admins may read it (others get 403). */
export function useSeries(id: number | null, enabled = true) {
  return useQuery({
    queryKey: seriesKeys.detail(id ?? 0),
    queryFn: ({ signal }) => get<Series>(`/series/${id}`, undefined, signal),
    enabled: enabled && id !== null && Number.isInteger(id) && id > 0,
  });
}

/** Occurrences are activities: a change to the series changes what activity pages and lists show. */
function storeSeries(qc: QueryClient, series: Series) {
  qc.setQueryData(seriesKeys.detail(series.id), series);
  void qc.invalidateQueries({ queryKey: activityKeys.all });
}

/** Creates a weekly or monthly series: its first occurrence and the next few. */
export function useCreateSeries() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateSeriesBody) => post<Series>('/series', body),
    onSuccess: (series) => storeSeries(qc, series),
    meta: { silent: true },
  });
}

/** "This and following": changes occurrence `from` and every later one not yet begun. */
export function useUpdateSeries(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSeriesBody) => patch<Series>(`/series/${id}`, body),
    onSuccess: (series) => storeSeries(qc, series),
    meta: { silent: true },
  });
}

export function useResumeSeries(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<Series>(`/series/${id}/resume`),
    onSuccess: (series) => storeSeries(qc, series),
  });
}

/** The organizer answers "still on?" with yes for one occurrence. */
export function useConfirmOccurrence(activityId: number, seriesId: number | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<void>(`/activities/${activityId}/confirm`),
    onSuccess: () => {
      if (seriesId !== null) {
        qc.setQueryData<Series>(seriesKeys.detail(seriesId), (s) =>
          s && { ...s, occurrences: s.occurrences.map((o) => (o.id === activityId ? { ...o, confirmed: true, unconfirmed: false } : o)) },
        );
        void qc.invalidateQueries({ queryKey: seriesKeys.detail(seriesId) });
      }
      void qc.invalidateQueries({ queryKey: activityKeys.all });
    },
  });
}
