/*
 * Kindred's service worker: the app opens offline and shows what the member last saw.
 * The rules, and why, are in docs/architecture.md ("Offline: the service worker").
 *
 * - The app shell (the page and the hashed files it references, the manifest and its icons) is cached when
 *   the worker installs; the build writes the list and a version below (vite.config.ts, serviceWorkerBuild).
 * - Navigations go to the network first; offline, they get the cached page (the app's router takes over).
 * - Other hashed files (/assets/…, never changed under their name) come from the cache, else the network,
 *   and are kept as they are fetched.
 * - API reads go to the network first and are kept; offline, the kept answer is given instead, and the page
 *   is told, so it can say it is showing what was last seen. Never kept: anything but a GET, the live
 *   connection, the session and sign-in endpoints, media (the browser's own cache keeps those), and any
 *   answer marked `no-store`. Signing in, out or up, or deleting the account, forgets every kept answer.
 * - A new version installs beside the running one and waits until no tab uses the old one (no skipWaiting:
 *   an open session is never switched mid-way); on activating it deletes the caches of older versions.
 */

/* The build replaces the object between these markers; a development server serves it as it is. */
const BUILD = /* kindred:build */ { "version": "dev", "shell": [] } /* /kindred:build */;

const APP_CACHE = `kindred-app-${BUILD.version}`;
/** Answers kept across versions; the number changes only if what is kept must be forgotten on an update. */
const API_CACHE = 'kindred-api-1';
/** At most this many API answers are kept; the oldest go first. */
const API_LIMIT = 300;
const SHELL_URL = '/';

const API = '/api/v1/';
/** API paths (and everything under them) that are never kept. */
const NEVER_KEPT = ['/api/v1/realtime', '/api/v1/session', '/api/v1/auth', '/api/v1/media'];
/** Requests after which another person (or nobody) may be signed in: every kept answer is forgotten. */
const IDENTITY_CHANGES = ['/api/v1/auth/', '/api/v1/me/delete'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(APP_CACHE).then((cache) =>
      // Files without a hash in their name are revalidated, so the cache holds this version's copy.
      cache.addAll([SHELL_URL, ...BUILD.shell].map((url) => new Request(url, { cache: url.startsWith('/assets/') ? 'default' : 'no-cache' }))),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((name) => name.startsWith('kindred-') && name !== APP_CACHE && name !== API_CACHE).map((name) => caches.delete(name)))),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    if (request.method === 'POST' && IDENTITY_CHANGES.some((prefix) => url.pathname.startsWith(prefix))) event.respondWith(changeIdentity(request));
    return;
  }
  if (request.mode === 'navigate') {
    if (!url.pathname.startsWith('/api/')) event.respondWith(navigate(request));
    return;
  }
  if (url.pathname.startsWith(API)) {
    if (keepable(url, request)) event.respondWith(apiRead(request, event.clientId));
    return;
  }
  if (url.pathname.startsWith('/assets/') || BUILD.shell.includes(url.pathname)) event.respondWith(appFile(request));
});

function keepable(url, request) {
  return !NEVER_KEPT.some((path) => url.pathname === path || url.pathname.startsWith(`${path}/`)) && !request.headers.has('range');
}

/** The page: from the network, else (offline) the cached shell. */
async function navigate(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const shell = await caches.match(SHELL_URL, { cacheName: APP_CACHE, ignoreVary: true });
    if (shell) return shell;
    throw error;
  }
}

/** A hashed file never changes: the cached copy if there is one, else the network's, kept. */
async function appFile(request) {
  const cache = await caches.open(APP_CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) await cache.put(request, response.clone());
  return response;
}

/** An API read: the network's answer (kept), else the last kept one, and the page is told it is seeing that. */
async function apiRead(request, clientId) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await caches.match(request, { cacheName: API_CACHE, ignoreVary: true });
    if (!cached) throw error;
    await tell(clientId, 'kindred:offline-data');
    return cached;
  }
  await tell(clientId, 'kindred:online-data');
  if (response.status === 401) {
    // The session ended: what was kept was seen by the member who had it.
    await caches.delete(API_CACHE);
  } else if (response.status === 200 && !/no-store/i.test(response.headers.get('cache-control') ?? '') && /json/i.test(response.headers.get('content-type') ?? '')) {
    await keep(request, response.clone());
  }
  return response;
}

async function keep(request, response) {
  try {
    const cache = await caches.open(API_CACHE);
    // Deleted first, so a refreshed answer counts as the newest.
    await cache.delete(request, { ignoreVary: true });
    await cache.put(request, response);
    const keys = await cache.keys();
    await Promise.all(keys.slice(0, Math.max(0, keys.length - API_LIMIT)).map((key) => cache.delete(key)));
  } catch {
    // A full disk or a quota: the answer is still given, just not kept.
  }
}

/** Sign-in, sign-up, sign-out, account deletion: once it has gone through, nothing kept belongs to who is signed in now. */
async function changeIdentity(request) {
  const response = await fetch(request);
  if (response.ok) await caches.delete(API_CACHE);
  return response;
}

async function tell(clientId, type) {
  if (!clientId) return;
  const client = await self.clients.get(clientId);
  client?.postMessage({ type });
}
