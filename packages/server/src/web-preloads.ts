import fs from 'node:fs';
import path from 'node:path';
import { cities, type Media } from '@kindred/contract';
import { escapeHtml } from './seo/page-tags.js';

/**
 * What the page a visitor opens will ask for as soon as the app runs: its page module (with the chunks and
 * stylesheets it imports) and the API data it shows first. Named in the page's head, they download
 * alongside the app's own files instead of after it has run, one round trip each saved on a phone.
 *
 * The data URLs are the ones the web app's first-data queries request (packages/web/src/App.tsx, each
 * route's `firstData`), byte for byte, or the browser would fetch them twice; the browser tests check that
 * every preloaded URL is used (packages/web/e2e/first-load.test.ts).
 */

/** Per page module of the web app (src/routes/<name>.tsx), the built files it needs beyond the page's head. */
export type RouteModules = Record<string, { modules: string[]; styles: string[] }>;

/** The build's map of page modules (written by the web build beside index.html), or an empty one. */
export function readRouteModules(webDist: string): RouteModules {
  try {
    return JSON.parse(fs.readFileSync(path.join(webDist, 'route-modules.json'), 'utf8')) as RouteModules;
  } catch {
    return {};
  }
}

interface Opened {
  search: URLSearchParams;
  /** The request carries a session cookie (it may have expired: a member's data is then asked for in vain). */
  signedIn: boolean;
}

interface PagePlan {
  pattern: RegExp;
  modules: string[];
  data?: (match: RegExpExecArray, opened: Opened) => string[];
}

/** `/api/v1<path>?…` with the query in the order and form the web app's `withQuery` writes it. */
function api(pathname: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return `/api/v1${pathname}${qs ? `?${qs}` : ''}`;
}

const PAGE = 20;

/** What every page asks for a signed-in member (App.tsx, the app shell's `firstData`): unread counts on the bell and on Companions. */
const memberShell = [api('/me/notifications/unread'), api('/conversations', { limit: PAGE }), api('/me/rooms', { limit: PAGE })];

/** The pages a visitor lands on (App.tsx's routes), most specific first. */
const plans: PagePlan[] = [
  {
    pattern: /^\/$/,
    modules: ['home', 'front-page'],
    data: (_m, { search, signedIn }) => {
      if (signedIn) return [api('/feed', { limit: PAGE }), api('/me/groups', { limit: 50 })];
      // The front page: popular activities near the city it shows, and its popular groups.
      const city = cities.find((c) => c.key === search.get('city')) ?? cities[0]!;
      return [
        api('/activities/nearby', { lat: city.lat, lng: city.lng, radiusKm: 25, sort: 'popular', limit: PAGE }),
        api('/groups', { sort: 'popular', city: city.en, limit: PAGE }),
      ];
    },
  },
  {
    pattern: /^\/groups\/([1-9]\d{0,14})\/?$/,
    modules: ['group'],
    data: (m, { search }) => [api(`/groups/${m[1]}`), ...((search.get('tab') ?? 'posts') === 'posts' ? [api(`/groups/${m[1]}/posts`, { sort: 'new', limit: PAGE })] : [])],
  },
  { pattern: /^\/activities\/([1-9]\d{0,14})\/?$/, modules: ['activity'], data: (m) => [api(`/activities/${m[1]}`)] },
  { pattern: /^\/posts\/[1-9]\d{0,14}\/?$/, modules: ['post'] },
  { pattern: /^\/u\/[A-Za-z0-9_]{3,20}\/?$/, modules: ['user-profile'] },
  {
    pattern: /^\/companions\/?$/,
    modules: ['companions'],
    // My card and requests; requests near me when the search is unfiltered.
    data: (_m, { search, signedIn }) =>
      signedIn ? [api('/me/companion-card'), api('/me/companion-requests', { limit: PAGE }), ...(search.toString() ? [] : [api('/companion-requests', { limit: PAGE })])] : [],
  },
  { pattern: /^\/activities\/?$/, modules: ['activities'] },
  { pattern: /^\/discover\/?$/, modules: ['discover'] },
  { pattern: /^\/search\/?$/, modules: ['search'] },
  { pattern: /^\/notifications\/?$/, modules: ['notifications'] },
];

/** Whether what the page preloads depends on being signed in (Vary: Cookie). */
export function preloadsVaryBySession(pathname: string): boolean {
  return pathname === '/';
}

/** The head tags that preload what the page at `pathname` will ask for first; empty for other pages. */
export function preloadTags(routeModules: RouteModules, pathname: string, opened: Opened): string[] {
  for (const plan of plans) {
    const match = plan.pattern.exec(pathname);
    if (!match) continue;
    const files = plan.modules.flatMap((name) => (routeModules[name] ? [routeModules[name]] : []));
    const modules = [...new Set(files.flatMap((f) => f.modules))];
    const styles = [...new Set(files.flatMap((f) => f.styles))];
    const data = [...(opened.signedIn ? memberShell : []), ...(plan.data?.(match, opened) ?? [])];
    return [
      ...data.map((url) => `<link rel="preload" href="${escapeHtml(url)}" as="fetch" crossorigin />`),
      // The app adds a page's stylesheet with `crossorigin` (Vite's preload helper): the preload asks the same way.
      ...styles.map((url) => `<link rel="preload" href="${escapeHtml(url)}" as="style" crossorigin />`),
      ...modules.map((url) => `<link rel="modulepreload" href="${escapeHtml(url)}" crossorigin />`),
    ];
  }
  return [];
}

/** The page with `tags` at the end of its head. */
export function withHeadTags(html: string, tags: string[]): string {
  return tags.length === 0 ? html : html.replace(/<\/head>/i, () => `  ${tags.join('\n    ')}\n  </head>`);
}

/**
 * Preloads a page's first, largest photo (its WebP sizes, chosen by the same `sizes` as the app's `<picture>`),
 * so a phone fetches it with the page instead of once the app has rendered it.
 */
export function heroPreloadTag(hero: { media: Media; sizes: string }): string {
  const srcset = hero.media.variants.map((v) => `${v.url} ${v.width}w`).join(', ');
  return `<link rel="preload" as="image" type="image/webp" imagesrcset="${escapeHtml(srcset)}" imagesizes="${escapeHtml(hero.sizes)}" fetchpriority="high" />`;
}
