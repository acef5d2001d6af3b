import type { PageOf, PaymentEntry, PaymentSummary, Receipt } from '@kindred/contract';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../lib/api';

export const paymentKeys = {
  all: ['payments'] as const,
  summary: ['payments', 'summary'] as const,
  history: ['payments', 'history'] as const,
  receipt: (id: number) => ['payments', 'receipt', id] as const,
};

/** How I pay and what I have paid, refunded and spent per currency. Money moves by webhook, so it is always re-read. */
export function usePaymentSummary() {
  return useQuery({
    queryKey: paymentKeys.summary,
    queryFn: ({ signal }) => get<PaymentSummary>('/me/payments/summary', undefined, signal),
    staleTime: 0,
  });
}

/** My charges and refunds, newest first. */
export function usePaymentHistory() {
  return useInfiniteQuery({
    queryKey: paymentKeys.history,
    queryFn: ({ pageParam, signal }) => get<PageOf<PaymentEntry>>('/me/payments', { cursor: pageParam, limit: 20 }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
}

/** A payment's receipt (mine; operators may read any). */
export function useReceipt(id: number | null) {
  return useQuery({
    queryKey: paymentKeys.receipt(id ?? 0),
    queryFn: ({ signal }) => get<Receipt>(`/payments/${id}/receipt`, undefined, signal),
    enabled: id !== null,
    staleTime: 0,
  });
}
