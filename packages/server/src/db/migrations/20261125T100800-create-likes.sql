create table post_likes (
  post_id bigint not null references posts (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (post_id, user_id)
);
-- What a member liked (viewer state in batches, recommendations).
create index post_likes_user_idx on post_likes (user_id, post_id);

create table comment_likes (
  comment_id bigint not null references comments (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (comment_id, user_id)
);
-- Viewer's liked comments on a page.
create index comment_likes_user_idx on comment_likes (user_id, comment_id);
