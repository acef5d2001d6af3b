-- The home feed fanned out on write: one row per member per post of a group
-- small enough to fan out (KINDRED_FANOUT_MAX_MEMBERS). Rows are candidates
-- only; the feed filters deletes, blocks, access and membership when it reads.
-- The primary key serves the feed's keyset read: one member's rows, newest
-- first, tie broken by post id, as the pulled feed orders them.
create table feed_items (
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null,
  -- No foreign keys to posts and groups: each would cost a lookup per fanned
  -- row, and a row whose post or group is gone simply joins nothing.
  post_id bigint not null,
  group_id bigint not null,
  primary key (user_id, created_at, post_id)
);
-- The trim job's sweep of rows past the feed's horizon.
create index feed_items_created_at_idx on feed_items (created_at);
