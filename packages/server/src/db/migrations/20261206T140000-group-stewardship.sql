-- Groups that outlive their organizer. Members are seen (at most hourly) as their sessions are used; an owner
-- unseen for 60 days may have their group claimed by an admin after a notice they may object to, and a group
-- with no admin offers its most active members to step up.
alter table users add column last_seen_at timestamptz;
update users set last_seen_at = now();

create table group_ownership_claims (
  group_id bigint primary key references groups (id) on delete cascade,
  claimant_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  effective_at timestamptz not null
);
