import type { ReactNode } from 'react';
import { useSession } from '../data/session';
import { ErrorView, PageSpinner } from './feedback';

/** One page for whoever is signed in (`member`, onboarded or not) and another for anonymous visitors. */
export function MemberOrVisitor({ member, visitor }: { member: ReactNode; visitor: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <PageSpinner />;
  if (session.isError) return <ErrorView error={session.error} onRetry={() => void session.refetch()} />;
  return <>{session.data.user ? member : visitor}</>;
}
