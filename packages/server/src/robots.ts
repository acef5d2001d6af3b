/**
 * /robots.txt (RFC 9309). Public groups, posts, activities and profiles may be
 * crawled; the API, the sign-in pages and pages that only show a member their
 * own things are not (they would only show crawlers a sign-in form). There is
 * no sitemap.
 */
export const robotsTxt = [
  'User-agent: *',
  'Disallow: /api/',
  'Disallow: /signin',
  'Disallow: /signup',
  'Disallow: /onboarding',
  'Disallow: /me$',
  'Disallow: /me/',
  'Disallow: /notifications',
  'Disallow: /companions',
  'Disallow: /search',
  'Disallow: /groups/new',
  'Disallow: /activities/new',
  'Disallow: /*/edit$',
  'Disallow: /groups/*/posts/new',
  'Disallow: /activities/*/manage',
  'Allow: /',
  '',
].join('\n');
