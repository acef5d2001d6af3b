-- People you may know: a member may keep out of others' suggestions, and
-- dismisses suggestions they don't want to see again.
alter table users add column suggest_me boolean not null default true;

create table suggestion_dismissals (
  user_id bigint not null references users (id) on delete cascade,
  dismissed_id bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, dismissed_id)
);
