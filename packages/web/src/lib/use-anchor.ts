import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';

/** The element id the URL's #hash names ("" when there is none). */
export function useAnchorId(): string {
  const { hash } = useLocation();
  if (!hash || hash.length < 2) return '';
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

/**
 * Brings the element the URL's #hash names into view once it is on the page. The browser only
 * does this for content that is there at load; here the content arrives with its data, so the
 * caller says when it is `ready`. Once per visit: scrolling away afterwards is the reader's choice.
 */
export function useScrollToAnchor(ready: boolean): void {
  const location = useLocation();
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!ready || !location.hash || done.current === location.key) return;
    let id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // Not encoded: the id as it stands.
    }
    const target = document.getElementById(id);
    if (!target) return;
    done.current = location.key;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    // After this render's layout. A small target (a comment) is centred; a tall one (a section) starts below the top bar.
    window.requestAnimationFrame(() => {
      const tall = target.getBoundingClientRect().height > window.innerHeight / 2;
      target.scrollIntoView({ block: tall ? 'start' : 'center', behavior: reduced ? 'auto' : 'smooth' });
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    });
  }, [ready, location.hash, location.key]);
}
