import crypto from 'node:crypto';
import { checkAccess, type Permission } from '../auth/access.js';
import type { AppContext } from '../context.js';
import type { Db } from '../db/database.js';
import { scheduleJob } from '../jobs/jobs.repository.js';
import * as repo from './sitemaps.repository.js';
import type { SitemapCandidate } from './sitemaps.repository.js';

/** The sitemaps protocol's limit of URLs in one file (sitemaps.org). */
export const URLS_PER_SITEMAP = 50_000;
/** Items read (and checked for access) at a time while walking a table. */
const BATCH = 5_000;
const HOUR = 3_600_000;

interface SitemapKind {
  kind: 'groups' | 'activities' | 'posts';
  candidates: (db: Db, afterId: number, limit: number) => Promise<SitemapCandidate[]>;
  /** What an anonymous visitor must be allowed for the item to be listed. */
  permission: Permission;
  path: (id: number) => string;
}

/** What the sitemaps list: public groups, upcoming activities anyone may see (in public groups or none), public posts. */
const kinds: SitemapKind[] = [
  { kind: 'groups', candidates: repo.groupCandidates, permission: 'group.read', path: (id) => `/groups/${id}` },
  { kind: 'activities', candidates: repo.upcomingActivityCandidates, permission: 'activity.read', path: (id) => `/activities/${id}` },
  { kind: 'posts', candidates: repo.postCandidates, permission: 'post.read', path: (id) => `/posts/${id}` },
];

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** A W3C datetime (to the millisecond: two runs a second apart are told apart). */
function w3cDate(date: Date): string {
  return date.toISOString();
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function urlset(items: { path: string; lastmod: Date }[]): string {
  const urls = items.map((i) => `<url><loc>${escapeXml(i.path)}</loc><lastmod>${w3cDate(i.lastmod)}</lastmod></url>`);
  return [XML_HEAD, `<urlset xmlns="${NAMESPACE}">`, ...urls, '</urlset>', ''].join('\n');
}

function sitemapIndex(pages: { name: string; modified: Date }[]): string {
  const entries = pages.map((p) => `<sitemap><loc>/sitemaps/${escapeXml(p.name)}.xml</loc><lastmod>${w3cDate(p.modified)}</lastmod></sitemap>`);
  return [XML_HEAD, `<sitemapindex xmlns="${NAMESPACE}">`, ...entries, '</sitemapindex>', ''].join('\n');
}

/**
 * Job: writes the sitemaps. Each kind's table is walked by id (keyset, a batch at a time) and each batch
 * passes the one access function as an anonymous visitor, so a sitemap lists exactly what a signed-out
 * visitor may open; every `urlsPerPage` listed items make a page (`groups-1`, `groups-2`, …, each a range
 * of ids), and the index names the pages. Pages a kind no longer fills are dropped. Runs again in an hour.
 */
export async function refreshSitemaps(ctx: AppContext, urlsPerPage = URLS_PER_SITEMAP) {
  // Each page with when its file last changed (the index's lastmod: sitemaps.org).
  const pages: { name: string; modified: Date }[] = [];
  for (const kind of kinds) {
    const written: string[] = [];
    let page: SitemapCandidate[] = [];
    const flush = async () => {
      if (page.length === 0) return;
      const name = `${kind.kind}-${written.length + 1}`;
      const lastmod = new Date(page.reduce((latest, i) => Math.max(latest, new Date(i.lastmod).getTime()), 0));
      const xml = urlset(page.map((i) => ({ path: kind.path(i.id), lastmod: new Date(i.lastmod) })));
      const modified = await repo.saveSitemap(ctx.db, { name, xml, url_count: page.length, lastmod });
      written.push(name);
      pages.push({ name, modified });
      page = [];
    };
    let after = 0;
    for (;;) {
      const batch = await kind.candidates(ctx.db, after, BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      const listed = await checkAccess(ctx.db, null, kind.permission, batch.map((i) => i.id));
      for (const item of batch) {
        if (!listed.has(item.id)) continue;
        page.push(item);
        if (page.length === urlsPerPage) await flush();
      }
      if (batch.length < BATCH) break;
    }
    await flush();
    await repo.dropOtherSitemaps(ctx.db, kind.kind, written);
  }
  const newest = pages.reduce<Date | null>((latest, p) => (!latest || p.modified > latest ? p.modified : latest), null);
  await repo.saveSitemap(ctx.db, { name: 'index', xml: sitemapIndex(pages), url_count: pages.length, lastmod: newest });
  await scheduleJob(ctx.db, 'seo.sitemaps', 'all', new Date(Date.now() + HOUR));
}

/** A page's name from its file name (`groups-1.xml` → `groups-1`), or null for a name no page has. */
export function sitemapName(file: string): string | null {
  const match = /^((?:groups|activities|posts)-[1-9]\d{0,6})\.xml$/.exec(file);
  return match ? match[1]! : null;
}

/**
 * A stored sitemap ('index' or a page) with its URLs made absolute under `origin`, and a tag that changes
 * with it; null when there is none (yet).
 */
export async function readSitemap(db: Db, name: string, origin: string): Promise<{ xml: string; etag: string; generatedAt: Date } | null> {
  const row = await repo.findSitemap(db, name);
  if (!row) return null;
  const generatedAt = new Date(row.generated_at);
  const etag = `"${crypto.createHash('sha1').update(`${name} ${generatedAt.toISOString()} ${origin}`).digest('base64url').slice(0, 27)}"`;
  return { xml: row.xml.replaceAll('<loc>/', `<loc>${escapeXml(origin)}/`), etag, generatedAt };
}
