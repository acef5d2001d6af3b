import type { ErrorBody } from '@kindred/contract';

/** Base path of the JSON API; same origin as the web app. */
export const API_BASE = '/api/v1';

/** A failed API call, carrying the server's stable error `code` and per-field messages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

// The CSRF token lives here, in one place. It is set from GET /session and from
// sign-in / sign-up responses, and sent with every non-GET request.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

type QueryValue = string | number | boolean | null | undefined;
type Query = Record<string, QueryValue | readonly (string | number)[]>;

/** `/path?a=1&b=2`, leaving out empty values; a list repeats its key (`gender=female&gender=male`). */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) {
      for (const item of value) params.append(key, String(item));
      continue;
    }
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

async function toApiError(res: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  return apiErrorOf(res.status, text, res.statusText);
}

/** The ApiError for a failed response's status and body text (the error shape, or anything else). */
export function apiErrorOf(status: number, text: string, statusText = ''): ApiError {
  let body: Partial<ErrorBody> | null = null;
  try {
    body = JSON.parse(text) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const err = body?.error;
  if (err && typeof err.code === 'string') {
    return new ApiError(status, err.code, err.message ?? err.code, err.fields ?? {});
  }
  const code = status === 0 ? 'service_unavailable' : status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : status >= 500 ? 'service_unavailable' : 'internal_error';
  return new ApiError(status, code, statusText || code);
}

export async function refreshCsrfToken(): Promise<void> {
  const res = await fetch(`${API_BASE}/session`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.ok) {
    const body = (await res.json()) as { csrfToken: string | null };
    setCsrfToken(body.csrfToken);
  }
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return fetch(`${API_BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
}

/**
 * Calls the API and returns the parsed JSON body (undefined for 204).
 * Throws ApiError on any failure; a network failure becomes `service_unavailable`.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  let res: Response;
  try {
    if (method !== 'GET' && !csrfToken) await refreshCsrfToken();
    res = await send(path, options);
    // A stale token (e.g. the session rotated in another tab): fetch a fresh one and retry once.
    if (res.status === 403 && method !== 'GET') {
      const err = await toApiError(res.clone());
      if (err.code === 'csrf_failed') {
        await refreshCsrfToken();
        res = await send(path, options);
      }
    }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'service_unavailable', 'Network error');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) => api<T>(withQuery(path, query), { signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body });
export const patch = <T>(path: string, body?: unknown) => api<T>(path, { method: 'PATCH', body });
export const put = <T>(path: string, body?: unknown) => api<T>(path, { method: 'PUT', body });
export const del = <T>(path: string) => api<T>(path, { method: 'DELETE' });

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
