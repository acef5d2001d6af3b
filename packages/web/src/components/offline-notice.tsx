import { useSyncExternalStore } from 'react';
import { useTranslation } from '../lib/translation';
import { Icon } from './icons';

/**
 * Whether the page is showing what was last seen rather than what is there now: the browser says it is
 * offline, or the service worker (public/sw.js) answered an API read from its cache because the network
 * failed, and has not since had an answer from the network.
 */
let browserOffline = typeof navigator !== 'undefined' && navigator.onLine === false;
let servedFromCache = false;
const listeners = new Set<() => void>();

function update(change: () => void) {
  const before = browserOffline || servedFromCache;
  change();
  if (before !== (browserOffline || servedFromCache)) for (const listener of listeners) listener();
}

/**
 * Starts listening to the browser and the service worker. Called as the app starts, before its first data
 * is asked for: the worker's messages about those answers are not kept for a listener that comes later.
 */
export function watchConnection(): void {
  window.addEventListener('offline', () => update(() => (browserOffline = true)));
  window.addEventListener('online', () => update(() => (browserOffline = servedFromCache = false)));
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: string } | null>) => {
    const type = event.data?.type;
    if (type === 'kindred:offline-data') update(() => (servedFromCache = true));
    else if (type === 'kindred:online-data') update(() => (servedFromCache = false));
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const isOffline = () => browserOffline || servedFromCache;

/**
 * A bar under the top bar while the app is offline. The status region is always in the page, so a screen
 * reader announces the notice when it appears.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const offline = useSyncExternalStore(subscribe, isOffline, () => false);
  return (
    <div role="status" className="offline-status" data-testid="offline-status">
      {offline ? (
        <p className="offline-banner" data-testid="offline-notice">
          <Icon name="globe" size={18} />
          <span>{t('app.offline')}</span>
        </p>
      ) : null}
    </div>
  );
}
