create table comments (
  id bigint generated always as identity primary key,
  post_id bigint not null references posts (id) on delete cascade,
  -- Replies go one level deep: a reply's parent is always a top-level comment.
  parent_id bigint references comments (id) on delete cascade,
  author_id bigint not null references users (id),
  body text not null,
  body_html text not null,
  like_count integer not null default 0 check (like_count >= 0),
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz
);
-- Top-level comments of a post, oldest first, keyset on (created_at, id).
create index comments_post_idx on comments (post_id, created_at, id) where parent_id is null;
-- Replies of the comments on one page.
create index comments_replies_idx on comments (parent_id, created_at, id) where parent_id is not null;
