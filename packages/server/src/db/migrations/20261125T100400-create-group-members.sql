create table group_members (
  group_id bigint not null references groups (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member')),
  joined_at timestamptz not null default now(),
  primary key (group_id, user_id)
);
-- A member's groups (home feed, "my groups"), newest membership first.
create index group_members_user_idx on group_members (user_id, joined_at desc);
-- A group's member list in joining order, keyset on (joined_at, user_id).
create index group_members_list_idx on group_members (group_id, joined_at, user_id);
-- Exactly one owner per group.
create unique index group_members_one_owner on group_members (group_id) where role = 'owner';
