import type { Me, SessionInfo, SignInBody, SignUpBody, UpdateMeBody } from '@kindred/contract';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { get, patch, post, setCsrfToken } from '../lib/api';

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

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => post<void>('/auth/signout'),
    onSettled: async () => {
      setCsrfToken(null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      qc.setQueryData<SessionInfo>(sessionKeys.session, { user: null, csrfToken: null });
      await qc.invalidateQueries({ queryKey: sessionKeys.session });
    },
  });
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
