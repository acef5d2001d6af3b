import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** An item a sitemap may list: its id and when it last changed. */
export interface SitemapCandidate {
  id: number;
  lastmod: Date;
}

/**
 * The next items after `afterId`, in id order, that could be public: cheap conditions that narrow the walk
 * (public groups, live posts, upcoming published activities). Whether each may be listed is decided by
 * the access rules on the anonymous visitor (sitemaps.ts), not here.
 */
export function groupCandidates(db: Db, afterId: number, limit: number): Promise<SitemapCandidate[]> {
  return db
    .selectFrom('groups')
    .select(['id', sql<Date>`coalesce(last_active_at, created_at)`.as('lastmod')])
    .where('visibility', '=', 'public')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function postCandidates(db: Db, afterId: number, limit: number): Promise<SitemapCandidate[]> {
  return db
    .selectFrom('posts as p')
    .innerJoin('groups as g', 'g.id', 'p.group_id')
    .select(['p.id', sql<Date>`coalesce(p.edited_at, p.created_at)`.as('lastmod')])
    .where('g.visibility', '=', 'public')
    .where('p.deleted_at', 'is', null)
    .where('p.id', '>', afterId)
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

export function upcomingActivityCandidates(db: Db, afterId: number, limit: number): Promise<SitemapCandidate[]> {
  return db
    .selectFrom('activities')
    .select(['id', 'updated_at as lastmod'])
    .where('status', '=', 'published')
    .where('starts_at', '>', sql<Date>`now()`)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Writes one stored sitemap and returns when its content last changed: one that has not changed is left as
 * it was, so its generated_at (its Last-Modified, its ETag, its lastmod in the index) holds and crawlers
 * revalidating it get a 304.
 */
export async function saveSitemap(db: Db, row: { name: string; xml: string; url_count: number; lastmod: Date | null }): Promise<Date> {
  const written = await db
    .insertInto('sitemaps')
    .values({ ...row, generated_at: sql<Date>`now()` })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ xml: row.xml, url_count: row.url_count, lastmod: row.lastmod, generated_at: sql<Date>`now()` })
        .where(sql<boolean>`sitemaps.xml is distinct from excluded.xml`),
    )
    .returning('generated_at')
    .executeTakeFirst();
  if (written) return new Date(written.generated_at);
  const kept = await db.selectFrom('sitemaps').select('generated_at').where('name', '=', row.name).executeTakeFirstOrThrow();
  return new Date(kept.generated_at);
}

/** Drops a kind's pages other than those just written (the kind shrank). */
export async function dropOtherSitemaps(db: Db, kind: string, kept: string[]) {
  let query = db.deleteFrom('sitemaps').where('name', 'like', `${kind}-%`);
  if (kept.length) query = query.where('name', 'not in', kept);
  await query.execute();
}

export function findSitemap(db: Db, name: string) {
  return db.selectFrom('sitemaps').select(['xml', 'generated_at']).where('name', '=', name).executeTakeFirst();
}
