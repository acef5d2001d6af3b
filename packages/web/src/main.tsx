import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ToastProvider, showToast } from './components/toast';
import i18n from './i18n';
import { ApiError } from './lib/api';
import './styles/global.css';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: Error;
    /** `silent`: the form shows the error itself, no toast. */
    mutationMeta: { silent?: boolean };
  }
}

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

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
