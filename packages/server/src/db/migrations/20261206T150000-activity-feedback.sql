-- Private feedback from participants to the organizer after an activity: a rating and a note, for the
-- organizer's own dashboard; never shown publicly.
create table activity_feedback (
  activity_id bigint not null references activities (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  rating integer not null check (rating between 1 and 5),
  note text not null default '',
  created_at timestamptz not null default now(),
  primary key (activity_id, user_id)
);
