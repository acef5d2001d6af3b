create table notifications (
  id bigint generated always as identity primary key,
  user_id bigint not null references users (id) on delete cascade,
  kind text not null,
  payload jsonb not null default '{}',
  read_at timestamptz,
  created_at timestamptz not null default now()
);
-- A member's notifications, newest first.
create index notifications_user_idx on notifications (user_id, created_at desc, id desc);
