-- A member blocking another: each is hidden from the other everywhere.
create table blocks (
  blocker_id bigint not null references users (id) on delete cascade,
  blocked_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (blocker_id, blocked_id),
  check (blocker_id <> blocked_id)
);
-- The other direction: who blocked me.
create index blocks_blocked_idx on blocks (blocked_id, blocker_id);
