import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ErrorCode } from '@kindred/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './context.js';
import { pageWithPreview } from './seo/page-tags.js';
import { hasPreview, previewOf, type Preview } from './seo/previews.js';
import { publicOrigin } from './seo/public-origin.js';
import { pageLanguage, type PageLanguage } from './seo/wording.js';
import { SESSION_COOKIE } from './auth/session.js';
import { heroPreloadTag, preloadsVaryBySession, preloadTags, readRouteModules, withHeadTags } from './web-preloads.js';

/** A link in the page's head that is meant for the visitors of one language only (see pageFor). */
const LANGUAGE_LINK = /[ \t]*<link\b[^>]*\bdata-lang="([^"]+)"[^>]*>\n?/g;

/**
 * The web app (packages/web/dist, when it has been built): its files, and its page (index.html) for every
 * other path a browser opens, where the app's own router takes over. Hashed assets are sent precompressed
 * and kept for a year; the page is always revalidated. The page is in the language `?lang=` asks for, else
 * the browser's. The pages of a group, an activity, a post and a profile carry its link preview and main
 * content, as an anonymous visitor may see them (seo/previews.ts), so their ETag changes with it.
 */
export async function registerWebApp(app: FastifyInstance, ctx: AppContext) {
  const config = ctx.config;
  const indexHtml = path.join(config.webDist, 'index.html');
  const pages = fs.existsSync(indexHtml) ? pagesByLanguage(fs.readFileSync(indexHtml, 'utf8')) : null;
  const routeModules = readRouteModules(config.webDist);
  if (pages) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      // The page is answered below, in the visitor's language.
      index: false,
      globIgnore: ['index.html', 'index.html.*', 'route-modules.json*'],
      // The build writes .br and .gz beside each file; they are sent to clients that accept them.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', webCacheControl(filePath, config.production));
        res.setHeader('vary', 'Accept-Encoding');
      },
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    // A missing hashed asset (an old tab after a deploy) is a 404, not the app's HTML under a script's name.
    if (request.url.startsWith('/api') || request.url.startsWith('/assets/') || !pages || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.status(404).send({ error: { code: ErrorCode.notFound, message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
    }
    const [pathname = '/', query = ''] = request.url.split('?', 2);
    const asked = askedLanguage(new URLSearchParams(query).get('lang'));
    const page = pageFor(pages, asked ?? request.headers['accept-language']);
    const signedIn = Boolean(request.cookies[SESSION_COOKIE] ?? request.cookies[`__Host-${SESSION_COOKIE}`]);
    const preloads = preloadTags(routeModules, pathname, { search: new URLSearchParams(query), signedIn });
    if (preloadsVaryBySession(pathname)) reply.header('vary', 'Cookie');
    let html = withHeadTags(page.html, preloads);
    if (hasPreview(pathname)) {
      const lang = asked ?? pageLanguage(request.headers['accept-language']?.split(',')[0]?.split(';')[0]);
      const preview = await previewIfAdmitted(app, request, () => previewOf(ctx, pathname, lang));
      if (preview) html = pageWithPreview(withHeadTags(html, preview.hero ? [heroPreloadTag(preview.hero)] : []), preview, { origin: publicOrigin(request, config), lang, langInUrl: asked !== null });
    }
    return sendPage(request, reply, html === page.html ? page : { html, etag: etagOf(html) });
  });
}

/** The language `?lang=` asks for, when it names one of the app's (any Chinese is Simplified Chinese). */
function askedLanguage(value: string | null): PageLanguage | null {
  return value && /^(en|zh)(-[a-z0-9]+)*$/i.test(value.trim()) ? pageLanguage(value) : null;
}

/**
 * A page's preview, read as any API request reads (through the embedded database's admission gate). The
 * page is what matters to a person opening it: when the preview can't be read (the gate is full, the
 * database is out of reach), the page goes without one.
 */
async function previewIfAdmitted(app: FastifyInstance, request: FastifyRequest, load: () => Promise<Preview | null>): Promise<Preview | null> {
  const gate = app.admissionGate;
  if (gate && !(await gate.enter())) return null;
  try {
    return await load();
  } catch (error) {
    request.log.warn({ err: error }, 'could not read the page preview; the page is sent without it');
    return null;
  } finally {
    gate?.leave();
  }
}

function etagOf(html: string): string {
  return `"${crypto.createHash('sha1').update(html).digest('base64url').slice(0, 27)}"`;
}

interface Page {
  html: string;
  etag: string;
}

/**
 * The page lists, for preloading, the modules of every language (the app's dictionaries), each link marked
 * with its language in `data-lang`. A visitor needs one: their variant of the page keeps that language's
 * links and drops the others. The first language listed is the default.
 */
function pagesByLanguage(html: string): Map<string, Page> {
  const languages = [...new Set([...html.matchAll(LANGUAGE_LINK)].map((m) => m[1]!))];
  const page = (keep: string | null): Page => {
    let variant = html.replace(LANGUAGE_LINK, (link, lang: string) => (lang === keep ? link : ''));
    // The document's language is the page's, before the app sets it (screen readers, crawlers).
    if (keep) variant = variant.replace(/<html\b[^>]*>/i, (tag) => (/\blang="[^"]*"/.test(tag) ? tag.replace(/\blang="[^"]*"/, `lang="${keep}"`) : tag.replace(/^<html/i, `<html lang="${keep}"`)));
    return { html: variant, etag: etagOf(variant) };
  };
  return new Map(languages.length ? languages.map((lang) => [lang, page(lang)]) : [['', page(null)]]);
}

/**
 * The visitor's language as the app picks it without a stored choice: the browser's first language, matched
 * on its primary subtag ("zh-TW" is served "zh-CN"); anything else gets the default.
 */
function pageFor(pages: Map<string, Page>, acceptLanguage: string | undefined): Page {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim().toLowerCase().split('-')[0];
  const match = first ? [...pages.keys()].find((lang) => lang.toLowerCase().split('-')[0] === first) : undefined;
  return pages.get(match ?? [...pages.keys()][0]!)!;
}

function sendPage(request: FastifyRequest, reply: FastifyReply, page: Page) {
  // Added to a `Vary: Cookie` the page may have set (what it preloads at `/` depends on being signed in).
  const vary = ['Accept-Language', 'Accept-Encoding', ...(reply.hasHeader('vary') ? [String(reply.getHeader('vary'))] : [])].join(', ');
  reply.header('cache-control', 'no-cache').header('vary', vary).header('etag', page.etag);
  if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(page.etag)) return reply.code(304).send();
  // A kilobyte or so: compressed as it is sent, if at all (the compression hook registered in app.ts).
  return reply.type('text/html; charset=utf-8').send(page.html);
}

/**
 * Hashed build assets never change under their name; other files are kept an hour, except the service
 * worker, always revalidated so a new version is found on the next visit.
 */
function webCacheControl(filePath: string, production: boolean): string {
  if (!production) return 'no-cache';
  if (filePath.includes(`${path.sep}assets${path.sep}`)) return 'public, max-age=31536000, immutable';
  if (path.basename(filePath).replace(/\.(br|gz)$/, '') === 'sw.js') return 'no-cache';
  return 'public, max-age=3600';
}
