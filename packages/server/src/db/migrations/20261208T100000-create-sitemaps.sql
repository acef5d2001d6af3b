-- Sitemaps for search engines, written by the `seo.sitemaps` job and read whole by GET /sitemap.xml (name
-- 'index') and GET /sitemaps/<name>.xml ('groups-1', 'activities-1', 'posts-3', …). Each page lists at most
-- 50,000 URLs, a range of ids in order; its URLs are paths, made absolute when served. The job walks each
-- table by its primary key, so no other index is needed.
create table sitemaps (
  name text primary key check (name ~ '^(index|(groups|activities|posts)-[1-9][0-9]*)$'),
  xml text not null,
  url_count integer not null check (url_count >= 0),
  -- The latest change among its URLs.
  lastmod timestamptz,
  -- When its content last changed (a run that changes nothing leaves it): Last-Modified, and the index's lastmod.
  generated_at timestamptz not null default now()
);
