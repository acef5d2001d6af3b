-- Where an upload is used. A photo is used in at most one place: a post's
-- gallery, a comment, a member's avatar, a group's or an activity's cover,
-- an activity's album or a companion card. Who may fetch it follows from that
-- place (auth/access.ts); an upload used nowhere is its owner's alone, and
-- one left unused for a day is swept.
alter table media
  add column use_kind text check (use_kind in ('post', 'comment', 'avatar', 'group_cover', 'activity_cover', 'activity_album', 'companion_request')),
  add column use_id bigint,
  add column position smallint not null default 0 check (position >= 0),
  add column alt text not null default '' check (length(alt) <= 300),
  add constraint media_use_whole check ((use_kind is null) = (use_id is null));
-- A place's photos, in their order.
create index media_use_idx on media (use_kind, use_id, position) where use_kind is not null;
-- The sweep walks only the unused.
drop index media_created_idx;
create index media_unused_idx on media (created_at) where use_kind is null;

-- The first photo of a post's gallery, shown on its card in every list.
alter table posts add column cover_media_id bigint references media (id) on delete set null;
alter table users add column avatar_media_id bigint references media (id) on delete set null;
alter table groups add column cover_media_id bigint references media (id) on delete set null;
alter table activities add column cover_media_id bigint references media (id) on delete set null;
-- So removing an upload finds what points at it without a scan.
create index posts_cover_media_idx on posts (cover_media_id) where cover_media_id is not null;
create index users_avatar_media_idx on users (avatar_media_id) where avatar_media_id is not null;
create index groups_cover_media_idx on groups (cover_media_id) where cover_media_id is not null;
create index activities_cover_media_idx on activities (cover_media_id) where cover_media_id is not null;

-- Members report photos; an operator removes one.
alter table reports drop constraint reports_kind_check;
alter table reports add constraint reports_kind_check check (kind in ('user', 'companion_request', 'photo'));
