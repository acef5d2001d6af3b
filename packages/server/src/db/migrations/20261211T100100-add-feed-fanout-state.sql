-- A group whose posts are not (all) in its members' feed_items is read by
-- pulling its posts when the feed is read: every group that existed before
-- fan-out, and any group posted to while above the size limit or while
-- fan-out was off. Groups created from now on start fanned out.
alter table groups add column feed_pulled boolean not null default true;
alter table groups alter column feed_pulled set default false;
-- A post whose fan-out job has not finished yet: the feed reads it from posts.
alter table posts add column fanout_pending boolean not null default false;
-- The feed's read of posts still being fanned out (few at any time).
create index posts_fanout_pending_idx on posts (group_id, created_at desc, id desc) where fanout_pending;
