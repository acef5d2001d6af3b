-- Recurring series: weekly or monthly at one local time in an IANA zone (kept across daylight-saving changes).
-- Occurrences are ordinary activities, made a few ahead by a job from the series' template (its latest
-- "this and following" edit). A series cannot go stale: its organizer is asked "still on?" before each
-- occurrence; one not confirmed 48 h before its start is marked unconfirmed, and two unconfirmed in a row
-- pause the series.
create table activity_series (
  id bigint generated always as identity primary key,
  organizer_id bigint not null references users (id) on delete cascade,
  group_id bigint references groups (id) on delete cascade,
  freq text not null check (freq in ('weekly', 'monthly')),
  time_zone text not null,
  -- The first occurrence's local date and time; later ones keep the time (and weekday, or day of month).
  anchor_date date not null,
  local_time text not null check (local_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  duration_minutes integer not null check (duration_minutes > 0),
  until_date date,
  template_activity_id bigint not null references activities (id),
  paused_at timestamptz,
  created_at timestamptz not null default now()
);

alter table activities
  add column series_id bigint references activity_series (id) on delete set null,
  -- Which occurrence (0 = the first): one activity per series and occurrence.
  add column series_index integer,
  add column confirmed_at timestamptz,
  add column unconfirmed boolean not null default false;
create unique index activities_series_idx on activities (series_id, series_index) where series_id is not null;
