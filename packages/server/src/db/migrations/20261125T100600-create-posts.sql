create table posts (
  id bigint generated always as identity primary key,
  group_id bigint not null references groups (id) on delete cascade,
  author_id bigint not null references users (id),
  kind text not null check (kind in ('guide', 'experience', 'question', 'discussion')),
  title text not null,
  body text not null,
  body_html text not null,
  excerpt text not null,
  tags text[] not null default '{}',
  like_count integer not null default 0 check (like_count >= 0),
  comment_count integer not null default 0 check (comment_count >= 0),
  -- Engagement for the "top" sort.
  score integer generated always as (like_count + 2 * comment_count) stored,
  -- Time-decayed rank for the "hot" sort; recomputed when engagement changes.
  hot_score double precision not null default 0,
  pinned_at timestamptz,
  search_vector tsvector not null default ''::tsvector,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz
);
-- Group feed "new" and the home feed (one LATERAL probe per joined group).
create index posts_group_new_idx on posts (group_id, created_at desc, id desc) where deleted_at is null;
-- Group feed "hot".
create index posts_group_hot_idx on posts (group_id, hot_score desc, id desc) where deleted_at is null;
-- Group feed "top".
create index posts_group_top_idx on posts (group_id, score desc, id desc) where deleted_at is null;
-- Pinned posts of a group.
create index posts_group_pinned_idx on posts (group_id, pinned_at desc) where pinned_at is not null and deleted_at is null;
-- A member's posts on their profile.
create index posts_author_idx on posts (author_id, created_at desc) where deleted_at is null;
-- Full-text search over segmented title and body.
create index posts_search_idx on posts using gin (search_vector) where deleted_at is null;
