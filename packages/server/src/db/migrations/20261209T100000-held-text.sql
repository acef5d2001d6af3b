-- Text with a term the keyword filter holds is kept for review, seen only by its author until a moderator lets it through.
-- A new message, room message or companion request is held in place: the author sees it, nobody else does.
alter table messages add column held_at timestamptz;
alter table room_messages add column held_at timestamptz;
alter table companion_requests add column held_at timestamptz;
-- A new group is held whole (withdrawn as a removed group is, its owner still sees it).
alter table groups add column held_at timestamptz;
-- A change to text others already read (a profile, a group, an activity, a companion card) waits here while the
-- earlier text stays public; its author reads the change in its place. A held new activity stays a draft until then,
-- `publish` saying whether it goes out when let through.
create table held_edits (
  kind text not null check (kind in ('user', 'group', 'activity', 'companion_card')),
  target_id bigint not null,
  author_id bigint not null references users (id) on delete cascade,
  fields jsonb not null default '{}'::jsonb,
  publish boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (kind, target_id)
);
create index held_edits_author_idx on held_edits (author_id);
