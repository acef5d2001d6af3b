-- The Following feed fanned out on write: one row per follower per post of an
-- author with few enough followers (KINDRED_FANOUT_MAX_MEMBERS). Rows are
-- candidates only; the feed filters deletes, unfollows, blocks and group
-- access when it reads. The primary key serves the feed's keyset read.
create table following_items (
  user_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null,
  -- No foreign keys to posts and authors, as in feed_items: a row whose post is gone joins nothing.
  post_id bigint not null,
  group_id bigint not null,
  author_id bigint not null,
  primary key (user_id, created_at, post_id)
);
-- The trim job's sweep of rows past the feed's horizon.
create index following_items_created_at_idx on following_items (created_at);
-- An author whose posts are not (all) in their followers' following_items is
-- read by pulling their posts when the feed is read: every member who existed
-- before fan-out, and any member who posted while above the followers limit or
-- while fan-out was off. Members who join from now on start fanned out.
alter table users add column followers_pulled boolean not null default true;
alter table users alter column followers_pulled set default false;
-- The feed's read of the pulled authors among those a member follows.
create index users_followers_pulled_idx on users (id) where followers_pulled;
