create table sessions (
  -- SHA-256 of the random token in the cookie; a leaked table does not leak sessions.
  token_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
-- Signing out everywhere, and removing a member's sessions.
create index sessions_user_idx on sessions (user_id);
