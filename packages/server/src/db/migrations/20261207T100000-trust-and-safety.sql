-- Trust and safety: staff roles, suspensions and bans, and the audit log of every staff action.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('member', 'moderator', 'operator'));
-- Suspended until then (9999-12-31: banned until lifted), and why (shown to the member when they sign in).
alter table users
  add column suspended_until timestamptz,
  add column suspension_reason text;
-- The members suspended now are read once per statement by the block conditions, which hide their content.
create index users_suspended_idx on users (id) where suspended_until is not null;

-- Append-only: who did what to what, why and when. `actor_id` null: the server's command line. No foreign
-- keys: an entry outlives what it names.
create table audit_log (
  id bigint generated always as identity primary key,
  actor_id bigint,
  action text not null,
  target_kind text not null,
  target_id bigint,
  target_label text not null default '',
  reason text not null default '',
  detail jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_log_actor_idx on audit_log (actor_id, id desc);
create index audit_log_action_idx on audit_log (action, id desc);
create index audit_log_target_idx on audit_log (target_kind, target_id, id desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'the audit log is append-only';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each statement execute function audit_log_append_only();
