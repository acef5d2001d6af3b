import type { DeleteAccountBody, Me, SessionInfo, SignInBody, SignUpBody, UpdateMeBody } from '@kindred/contract';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { get, patch, post, setCsrfToken } from '../lib/api';
import { onRealtimeSignedOut } from '../lib/realtime';

export const sessionKeys = {
  session: ['session'] as const,
};

export async function fetchSession(): Promise<SessionInfo> {
  const session = await get<SessionInfo>('/session');
  setCsrfToken(session.csrfToken);
  return session;
}

export const sessionQuery = queryOptions({ queryKey: sessionKeys.session, queryFn: fetchSession, staleTime: 60_000 });

/** The current session: `user` is null when signed out. */
export function useSession() {
  return useQuery(sessionQuery);
}

/** The signed-in member, or null (undefined while loading). */
export function useMe(): Me | null | undefined {
  const { data } = useSession();
  return data ? data.user : undefined;
}

function setSignedIn(qc: QueryClient, result: { user: Me; csrfToken: string }) {
  setCsrfToken(result.csrfToken);
  // Everything cached was fetched as someone else (or as nobody).
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  qc.setQueryData<SessionInfo>(sessionKeys.session, { user: result.user, csrfToken: result.csrfToken });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => post<{ user: Me; csrfToken: string }>('/auth/signin', body),
    onSuccess: (result) => setSignedIn(qc, result),
    meta: { silent: true },
  });
}

export function useSignUp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUpBody) => post<{ user: Me; csrfToken: string }>('/auth/signup', body),
    onSuccess: (result) => setSignedIn(qc, result),
    meta: { silent: true },
  });
}

/**
 * The member is signing out or deleting their account on this page: the live connection's close that
 * follows is theirs, and the page says so itself.
 */
let endingHere = false;

/** Forgets everything cached for the member who just left (signed out or deleted the account). */
async function forgetSession(qc: QueryClient) {
  endingHere = false;
  setCsrfToken(null);
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  qc.setQueryData<SessionInfo>(sessionKeys.session, { user: null, csrfToken: null });
  await qc.invalidateQueries({ queryKey: sessionKeys.session });
}

/**
 * The server ended this session while the page was open (suspended, signed out in another tab, account
 * deleted): it closes the live connection with 4401. The page forgets the member at once, so guarded
 * pages send them to sign in and public ones show them signed out; `onEnded` may tell them.
 */
export function useSessionEndedByServer(onEnded: () => void) {
  const qc = useQueryClient();
  useEffect(
    () =>
      onRealtimeSignedOut(() => {
        if (endingHere || !qc.getQueryData<SessionInfo>(sessionKeys.session)?.user) return;
        void forgetSession(qc);
        onEnded();
      }),
    [qc, onEnded],
  );
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<void>('/auth/signout'),
    onMutate: () => {
      endingHere = true;
    },
    onSettled: () => forgetSession(qc),
  });
}

/**
 * Deletes the account (confirmed with the password). The server ends the
 * session; the caller calls `forget` when it has done what it needs the
 * signed-in page for (the page goes with the session, and with it the
 * mutation's callbacks).
 */
export function useDeleteAccount() {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: DeleteAccountBody) => post<void>('/me/delete', body),
    onMutate: () => {
      endingHere = true;
    },
    onError: () => {
      endingHere = false;
    },
    meta: { silent: true },
  });
  return { ...mutation, forget: () => forgetSession(qc) };
}

/** PATCH /me; the session's user is replaced with the result. */
export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => patch<Me>('/me', body),
    onSuccess: (me) => {
      qc.setQueryData<SessionInfo>(sessionKeys.session, (old) => ({ csrfToken: old?.csrfToken ?? null, user: me }));
      void qc.invalidateQueries({ queryKey: ['profile', me.username] });
    },
    meta: { silent: true },
  });
}
