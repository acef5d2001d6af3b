-- The community health dashboard reads daily rollups, never the live tables.

-- Which members were seen on which day (UTC): written when a session is used (at most once an hour per
-- member, see markSeen), read by the rollup for daily and weekly active members. Kept 400 days.
create table member_days (
  day date not null,
  user_id bigint not null,
  primary key (day, user_id)
);

-- Activity page views per day (the view counter adds to these when it adds to activities.view_count).
create table activity_view_days (
  day date not null,
  activity_id bigint not null,
  views integer not null,
  primary key (day, activity_id)
);

-- One row per day and slice: the whole community (dimension 'all', key ''), one city, or one interest tag,
-- with every figure of that day. Rebuilt for recent days by the `health.rollup` job every hour; a slice's
-- days are written together, so a range of them is a few neighbouring pages.
create table health_daily (
  dimension text not null check (dimension in ('all', 'city', 'interest')),
  key text not null,
  day date not null,
  active_members integer not null default 0,
  weekly_active_members integer not null default 0,
  signups integer not null default 0,
  posts integer not null default 0,
  comments integer not null default 0,
  activities_created integer not null default 0,
  activities_held integer not null default 0,
  views integer not null default 0,
  registrations integer not null default 0,
  paid integer not null default 0,
  attended integer not null default 0,
  no_shows integer not null default 0,
  reports_opened integer not null default 0,
  reports_resolved integer not null default 0,
  -- Seconds from report to resolution, summed over the reports resolved that day.
  resolution_seconds bigint not null default 0,
  primary key (dimension, key, day)
);

-- The cities and interests the dashboard offers as filters, with their members; rebuilt with the rollups.
create table health_facets (
  dimension text not null check (dimension in ('city', 'interest')),
  key text not null,
  members integer not null,
  primary key (dimension, key)
);

-- When the rollups were last built, and from which day they cover.
create table health_state (
  id boolean primary key default true check (id),
  built_at timestamptz not null,
  covers_from date not null
);

-- The rollup reads each day's new rows by these.
create index users_created_idx on users (created_at);
create index posts_created_idx on posts (created_at);
create index comments_created_idx on comments (created_at);
create index registrations_created_idx on registrations (created_at);
create index activities_created_idx on activities (created_at);
create index activities_starts_idx on activities (starts_at);
