create table join_requests (
  group_id bigint not null references groups (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  message text not null default '',
  created_at timestamptz not null default now(),
  primary key (group_id, user_id)
);
-- The admins' queue of a group, oldest first.
create index join_requests_queue_idx on join_requests (group_id, created_at, user_id);
