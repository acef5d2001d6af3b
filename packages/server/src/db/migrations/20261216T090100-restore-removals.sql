-- A post or comment its group's moderators or staff removed (not its author)
-- names who removed it, so that a moderator can restore it within 30 days;
-- its photos stay with it until then (the media sweep lets them go after).
-- The group's list of what it may still restore, newest first, and the sweep
-- read these partial indexes.
alter table posts add column removed_by bigint;
alter table comments add column removed_by bigint;
create index posts_removed_idx on posts (group_id, deleted_at) where removed_by is not null;
create index comments_removed_idx on comments (group_id, deleted_at) where removed_by is not null;
