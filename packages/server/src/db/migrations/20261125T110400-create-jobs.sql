-- Background jobs in PostgreSQL, so they survive restarts and run once across servers.
create table jobs (
  id bigint generated always as identity primary key,
  kind text not null,
  -- With kind, makes scheduling idempotent (one reminder per activity and hour mark).
  dedupe_key text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  attempts integer not null default 0,
  locked_until timestamptz,
  done_at timestamptz,
  last_error text,
  unique (kind, dedupe_key)
);
-- Due jobs, soonest first.
create index jobs_due_idx on jobs (run_at) where done_at is null;
