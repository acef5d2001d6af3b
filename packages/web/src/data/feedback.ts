import type { FeedbackBody, OrganizerDashboard } from '@kindred/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, isApiError, put } from '../lib/api';

export interface MyFeedback {
  rating: number;
  note: string;
  createdAt: string;
}

export const feedbackKeys = {
  mine: (activityId: number) => ['feedback', 'mine', activityId] as const,
  dashboard: ['feedback', 'dashboard'] as const,
};

/** My feedback on an activity; null when I have given none yet (the API says 404). */
export function useMyFeedback(activityId: number, enabled: boolean) {
  return useQuery({
    queryKey: feedbackKeys.mine(activityId),
    queryFn: async ({ signal }) => {
      try {
        return await get<MyFeedback>(`/activities/${activityId}/feedback`, undefined, signal);
      } catch (e) {
        if (isApiError(e, 'not_found')) return null;
        throw e;
      }
    },
    enabled,
  });
}

/** Rates an ended activity (again, to change it): privately, to its organizer. */
export function useGiveFeedback(activityId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: FeedbackBody) => put<void>(`/activities/${activityId}/feedback`, body),
    onSuccess: (_, body) => {
      const given: MyFeedback = { rating: body.rating, note: body.note ?? '', createdAt: new Date().toISOString() };
      qc.setQueryData(feedbackKeys.mine(activityId), given);
    },
    meta: { silent: true },
  });
}

/** How my activities of the last 90 days went: attendance, ratings and notes, unsigned. */
export function useOrganizerDashboard() {
  return useQuery({
    queryKey: feedbackKeys.dashboard,
    queryFn: ({ signal }) => get<OrganizerDashboard>('/me/organizer-dashboard', undefined, signal),
  });
}
