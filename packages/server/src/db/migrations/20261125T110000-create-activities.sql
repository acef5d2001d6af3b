create table activities (
  id bigint generated always as identity primary key,
  -- Null for a member's standalone activity.
  group_id bigint references groups (id) on delete cascade,
  organizer_id bigint not null references users (id),
  title text not null,
  description text not null default '',
  description_html text not null default '',
  tags text[] not null default '{}',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- IANA zone the activity happens in; times are shown in it.
  time_zone text not null,
  place_name text not null,
  address text not null default '',
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  meeting_point text not null default '',
  difficulty text check (difficulty in ('easy', 'moderate', 'hard')),
  distance_km double precision check (distance_km >= 0),
  duration_minutes integer check (duration_minutes > 0),
  gear text[] not null default '{}',
  included text[] not null default '{}',
  -- Money in minor units; 0 is free.
  fee_amount integer not null default 0 check (fee_amount >= 0),
  currency text not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
  capacity integer not null check (capacity > 0),
  -- Seats held by confirmed and awaiting-payment registrations; never above capacity.
  seats_taken integer not null default 0 check (seats_taken >= 0 and seats_taken <= capacity),
  waitlist_count integer not null default 0 check (waitlist_count >= 0),
  registration_deadline timestamptz,
  requires_approval boolean not null default false,
  questions jsonb not null default '[]',
  full_refund_hours integer not null default 24 check (full_refund_hours >= 0),
  partial_refund_hours integer check (partial_refund_hours >= 0),
  partial_refund_percent integer check (partial_refund_percent between 0 and 100),
  status text not null default 'published' check (status in ('draft', 'published', 'cancelled', 'completed')),
  view_count integer not null default 0,
  -- Registrations in the last 7 days, refreshed on each registration (growth signal).
  recent_registrations integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (registration_deadline is null or registration_deadline <= starts_at)
);
-- Nearby: a bounding-box probe on (lng, lat) points, then exact great-circle distance.
create index activities_location_idx on activities using gist (point(lng, lat)) where status = 'published';
-- A group's activities by start time.
create index activities_group_idx on activities (group_id, starts_at, id);
-- An organizer's activities.
create index activities_organizer_idx on activities (organizer_id, starts_at desc);
