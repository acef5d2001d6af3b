/**
 * /robots.txt (RFC 9309). Public groups, posts, activities and profiles may be
 * crawled; the API, the sign-in pages and pages that only show a member their
 * own things are not (they would only show crawlers a sign-in form). The
 * sitemap index (/sitemap.xml, written by the `seo.sitemaps` job) lists the
 * public groups, upcoming activities and posts; its URL must be absolute, so
 * it is given under the site's public origin.
 */
export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /signin',
    'Disallow: /signup',
    'Disallow: /onboarding',
    'Disallow: /me$',
    'Disallow: /me/',
    'Disallow: /notifications',
    'Disallow: /companions',
    'Disallow: /rooms/',
    'Disallow: /series/',
    'Disallow: /console',
    'Disallow: /search',
    'Disallow: /groups/new',
    'Disallow: /activities/new',
    'Disallow: /*/edit$',
    'Disallow: /groups/*/posts/new',
    'Disallow: /activities/*/manage',
    'Allow: /',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}
