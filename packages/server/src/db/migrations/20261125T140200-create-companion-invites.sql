-- Invites (to a person) and applications (to a request's author).
create table companion_invites (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('invite', 'application')),
  from_id bigint not null references users (id) on delete cascade,
  to_id bigint not null references users (id) on delete cascade,
  request_id bigint references companion_requests (id) on delete cascade,
  message text not null,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'withdrawn')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  check (from_id <> to_id),
  check (kind = 'invite' or request_id is not null)
);
-- At most one pending invite from one member to another about the same request (or none).
create unique index companion_invites_pending_key on companion_invites (from_id, to_id, coalesce(request_id, 0)) where status = 'pending';
-- Inboxes, newest first.
create index companion_invites_to_idx on companion_invites (to_id, id desc);
create index companion_invites_from_idx on companion_invites (from_id, id desc);
-- Applications to a request, for its author.
create index companion_invites_request_idx on companion_invites (request_id, id desc) where request_id is not null;
