create table groups (
  id bigint generated always as identity primary key,
  name text not null,
  description text not null default '',
  description_html text not null default '',
  city text,
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  tags text[] not null default '{}',
  visibility text not null check (visibility in ('public', 'private')),
  join_policy text not null check (join_policy in ('open', 'approval')),
  owner_id bigint not null references users (id),
  member_count integer not null default 0 check (member_count >= 0),
  post_count integer not null default 0 check (post_count >= 0),
  search_vector tsvector not null default ''::tsvector,
  created_at timestamptz not null default now()
);
-- Browse: most popular first, keyset on (member_count, id).
create index groups_popular_idx on groups (member_count desc, id desc);
-- Browse: newest first.
create index groups_new_idx on groups (created_at desc, id desc);
-- Browse by interest tag or category (tags && array[...]).
create index groups_tags_idx on groups using gin (tags);
-- Full-text search over segmented name and description.
create index groups_search_idx on groups using gin (search_vector);
