import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

/**
 * Where to return after signing in or up: the `next` parameter, when it is a path on this site.
 * Anything else — another origin, a protocol-relative `//host`, `/\host` (which browsers read as `//host`),
 * a `javascript:` URL — gives the fallback, so a link to the sign-in page can never send a member elsewhere.
 */
export function safeReturnPath(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  try {
    const here = window.location.origin;
    const url = new URL(raw, here);
    if (url.origin !== here) return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

/** What an anonymous visitor meant to do when sent to sign up; the page acts on it once they are back. */
export type ReturnIntent = 'register' | 'join';

/** The page to come back to, with the action to do there (`?intent=`), e.g. `/activities/5?intent=register`. */
export function pathWithIntent(path: string, intent: ReturnIntent): string {
  return `${path}${path.includes('?') ? '&' : '?'}intent=${intent}`;
}

/** The sign-up page, returning to `path` afterwards (its link to sign in keeps the return). */
export function signUpReturningTo(path: string): string {
  return `/signup?next=${encodeURIComponent(path)}`;
}

/** `?next=…` for the pages after sign-up (onboarding), or nothing when the return is home. */
export function nextQuery(next: string): string {
  return next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
}

/** History entries whose intent was acted on already (a page may render the same button twice). */
const handledIntents = new Set<string>();

/**
 * Once `ready` (the member is signed in and the page's data is in), does what the visitor came back for —
 * `?intent=register` on an activity, `?intent=join` on a group — once, and takes the intent out of the URL
 * so going back or reloading does not do it again.
 */
export function useReturnIntent(intent: ReturnIntent, ready: boolean, act: () => void): void {
  const location = useLocation();
  const navigate = useNavigate();
  const wanted = new URLSearchParams(location.search).get('intent') === intent;
  const actRef = useRef(act);
  actRef.current = act;
  useEffect(() => {
    if (!wanted || !ready || handledIntents.has(location.key)) return;
    handledIntents.add(location.key);
    const params = new URLSearchParams(location.search);
    params.delete('intent');
    const search = params.toString();
    navigate({ pathname: location.pathname, search: search ? `?${search}` : '', hash: location.hash }, { replace: true, preventScrollReset: true });
    actRef.current();
  }, [wanted, ready, location, navigate]);
}
