import type { AttendanceRecord, Participant, ShowUp } from '@kindred/contract';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post, put } from '../lib/api';
import { activityKeys } from './activities';

/** A page of my attendance history, with my show-up record (the same on every page). */
export interface AttendancePage {
  showUp: ShowUp;
  items: AttendanceRecord[];
  nextCursor: string | null;
}

export const attendanceKeys = {
  mine: ['attendance', 'mine'] as const,
};

/** My show-up record and history (only I see it). */
export function useMyAttendance(enabled = true) {
  return useInfiniteQuery({
    queryKey: attendanceKeys.mine,
    queryFn: ({ pageParam, signal }) => get<AttendancePage>('/me/attendance', { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** I dispute a no-show mark, with a note the organizer reads. */
export function useContestAttendance() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { registrationId: number; note: string }) => post<void>(`/registrations/${v.registrationId}/contest`, { note: v.note }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: attendanceKeys.mine }),
  });
}

/** The organizer marks whether a confirmed participant came (once the activity has begun). */
export function useMarkAttendance(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { registrationId: number; attended: boolean }) => put<void>(`/activities/${activityId}/attendance/${v.registrationId}`, { attended: v.attended }),
    onSuccess: (_, v) => {
      // Marking someone as come settles their dispute; the list is re-read for the rest.
      qc.setQueryData<{ items: Participant[] }>(activityKeys.participants(activityId), (data) =>
        data && {
          items: data.items.map((p) =>
            p.registrationId === v.registrationId ? { ...p, attendance: v.attended ? 'attended' : 'no_show', contest: v.attended ? null : p.contest } : p,
          ),
        },
      );
      void qc.invalidateQueries({ queryKey: activityKeys.participants(activityId) });
    },
    meta: { silent: true },
  });
}
