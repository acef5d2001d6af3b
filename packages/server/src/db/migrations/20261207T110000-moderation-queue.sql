-- The moderation queue: members report any content; staff (and a group's admins, for its content) act on all
-- open reports of a target at once, and each reporter hears the outcome.
alter table reports drop constraint reports_kind_check;
alter table reports add constraint reports_kind_check
  check (kind in ('user', 'companion_request', 'photo', 'post', 'comment', 'activity', 'group', 'room_message', 'conversation'));
alter table reports
  -- A conversation's report carries the messages its reporter shared: staff read those, nothing else of it.
  add column message_ids bigint[] not null default '{}',
  -- The group the reported content belongs to, for that group's admins, and the member it is about.
  add column group_id bigint,
  add column author_id bigint,
  add column outcome text check (outcome in ('dismissed', 'removed', 'warned', 'suspended', 'banned')),
  add column resolved_by bigint,
  add column resolved_at timestamptz;
-- The queue groups open reports by target; a group's admins read their group's.
create index reports_open_target_idx on reports (kind, subject_id) where status = 'open';
create index reports_open_group_idx on reports (group_id) where status = 'open';
-- A member's record counts the upheld reports about them.
create index reports_author_idx on reports (author_id) where author_id is not null;
