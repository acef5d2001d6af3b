import type { ReportBody } from '@kindred/contract';
import { useMutation } from '@tanstack/react-query';
import { post } from '../lib/api';

export type ReportReason = ReportBody['reason'];
export const reportReasons: ReportReason[] = ['spam', 'harassment', 'fake', 'unsafe', 'other'];

/** Reports a member or a piece of content (a post, a comment, an activity, a group, a message, a photo, a companion request) to the moderators. */
export function useReport() {
  return useMutation({
    mutationFn: (body: ReportBody) => post<{ id: number }>('/reports', body),
    meta: { silent: true },
  });
}
