import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App, fetchFirstData } from './App';
import { watchConnection } from './components/offline-notice';
import { ToastProvider, showToast } from './components/toast';
import { sessionQuery } from './data/session';
import i18n, { i18nReady } from './i18n';
import { ApiError } from './lib/api';
import { TranslationProvider } from './lib/translation';
import globalStylesheet from './styles/global.css?url';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: Error;
    /** `silent`: the form shows the error itself, no toast. */
    mutationMeta: { silent?: boolean };
  }
}

// The first render formats dates and numbers: the browser's locale data is loaded beforehand, off the main
// thread (see intl-warmup.ts).
new Worker(new URL('./intl-warmup.ts', import.meta.url), { type: 'module' });

/** A 401 means the session ended (expired, or signed out elsewhere): refresh it so guarded pages redirect. */
function onApiError(error: unknown) {
  if (error instanceof ApiError && error.code === 'unauthenticated') void queryClient.invalidateQueries({ queryKey: ['session'] });
}

function toastFor(error: unknown) {
  const code = error instanceof ApiError ? error.code : 'generic';
  const key = `errors.${code}`;
  showToast(i18n.exists(key) ? i18n.t(key as 'errors.generic') : i18n.t('errors.generic'), 'error');
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Client errors won't fix themselves; only retry network and server trouble.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
  queryCache: new QueryCache({
    onError: (error, query) => {
      onApiError(error);
      // Background refetch failures get a toast; first loads show an inline error instead.
      if (query.state.data !== undefined) toastFor(error);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _v, _c, mutation) => {
      onApiError(error);
      if (!mutation.options.meta?.silent) toastFor(error);
    },
  }),
});

// Before the first data is asked for: the service worker says when it answers from its cache.
watchConnection();

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

/**
 * The stylesheet is not linked from the page's head, where it would hold back the first paint; it is
 * preloaded there and applied here, and the app renders once it has arrived, so nothing shows unstyled.
 */
function applyStylesheet(href: string): Promise<void> {
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  });
}

/** Waits for `promise`, but no longer than `ms`. */
function atMost(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
}

// Nearly every page asks who is signed in first (the page's head preloads the answer): ask while the
// language strings and the page's chunk load, and the page's own first data with it.
void queryClient.prefetchQuery(sessionQuery);
const firstData = fetchFirstData(queryClient, window.location);
// The first render waits for the strings, so no key flashes before its text, and for the page's data unless
// it is slow to come (the page then shows its loading state, as on later navigations).
await Promise.all([i18nReady.catch(() => undefined), applyStylesheet(globalStylesheet), atMost(firstData, 1000)]);

// As a transition, the first render is done in slices that leave the main thread free in between, rather
// than in one long task.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <TranslationProvider>
        <QueryClientProvider client={queryClient}>
          <ToastProvider>
            <App />
          </ToastProvider>
        </QueryClientProvider>
      </TranslationProvider>
    </StrictMode>,
  ),
);

/**
 * The service worker (public/sw.js) keeps the app and what the member has seen, for opening offline. Only a
 * production build has one (the development server's modules are not its files), registered once the page
 * has loaded so its downloads don't compete with the page's own.
 */
function registerServiceWorker() {
  void navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => undefined);
}
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  if (document.readyState === 'complete') registerServiceWorker();
  else window.addEventListener('load', registerServiceWorker, { once: true });
}
