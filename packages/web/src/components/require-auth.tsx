import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../data/session';
import { safeReturnPath } from '../lib/return-to';
import { ErrorView, PageSpinner } from './feedback';

/** Renders children for a signed-in, onboarded member; otherwise sends them to sign in or onboarding. */
export function RequireAuth({ children, allowUnonboarded = false }: { children: ReactNode; allowUnonboarded?: boolean }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <PageSpinner />;
  if (session.isError) return <ErrorView error={session.error} onRetry={() => void session.refetch()} />;
  const user = session.data.user;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  if (!user.onboarded && !allowUnonboarded) return <Navigate to="/onboarding" replace />;
  return <>{children}</>;
}

/** Where to go after signing in: the `next` parameter if it is a path on this site (see lib/return-to). */
export function safeNext(search: string, fallback = '/'): string {
  return safeReturnPath(new URLSearchParams(search).get('next'), fallback);
}
