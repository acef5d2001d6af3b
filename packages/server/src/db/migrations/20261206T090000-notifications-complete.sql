-- Notifications, complete: what each one is about (for deep links and for
-- hiding what the member can no longer see), who did it (grouped: newest
-- actors first and how many in all), and per-member preferences.
alter table notifications
  add column subject_kind text,
  add column subject_id bigint,
  add column group_id bigint references groups (id) on delete cascade,
  add column actor_ids bigint[] not null default '{}',
  add column actor_count integer not null default 0,
  add column group_key text,
  add column updated_at timestamptz not null default now();

update notifications set updated_at = created_at;
update notifications set subject_kind = 'activity', subject_id = (payload ->> 'activityId')::bigint where payload ? 'activityId';

-- A member's notifications, most recently changed first (keyset paging), and the unread ones for the badge.
drop index notifications_user_idx;
create index notifications_user_idx on notifications (user_id, updated_at desc, id desc);
create index notifications_unread_idx on notifications (user_id, updated_at desc) where read_at is null;
-- One row per group of like notifications ("Lin and 12 others liked your guide"), grown in place.
create unique index notifications_group_key_idx on notifications (user_id, group_key) where group_key is not null;
-- The pruning job reads the oldest first.
create index notifications_updated_idx on notifications (updated_at);

-- Categories a member muted (NotificationCategory), and groups whose notifications they muted.
alter table users add column notification_mutes text[] not null default '{}';
create table notification_group_mutes (
  user_id bigint not null references users (id) on delete cascade,
  group_id bigint not null references groups (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, group_id)
);
