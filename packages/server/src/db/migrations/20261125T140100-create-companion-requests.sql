-- "Looking for companions": what, when, where, how many and with whom.
create table companion_requests (
  id bigint generated always as identity primary key,
  author_id bigint not null references users (id) on delete cascade,
  tag text not null,
  activity_id bigint references activities (id) on delete set null,
  when_type text not null check (when_type in ('once', 'recurring')),
  -- once: a local date and time window; recurring: weekly slots until a local date.
  local_date text,
  local_from text,
  local_to text,
  until_date text,
  time_zone text not null,
  -- The weekly slots the request covers (derived from the window for a one-off).
  slots integer not null check (slots between 1 and 2097151),
  starts_at timestamptz,
  ends_at timestamptz,
  closes_at timestamptz not null,
  area_name text not null,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  radius_km integer not null check (radius_km between 1 and 100),
  spots integer not null check (spots between 1 and 19),
  accepted integer not null default 0 check (accepted between 0 and spots),
  age_min integer check (age_min between 16 and 100),
  age_max integer check (age_max between 16 and 100),
  genders text[] not null default '{}',
  skills text[] not null default '{}',
  budget text not null check (budget in ('free', 'low', 'medium', 'any')),
  cost_sharing text not null check (cost_sharing in ('split', 'each', 'either')),
  description text not null,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  check ((when_type = 'once') = (local_date is not null and starts_at is not null and ends_at is not null)),
  check ((when_type = 'recurring') = (until_date is not null))
);
-- Request search: requests not closed by their author, within a bounding box.
create index companion_requests_location_idx on companion_requests using gist (point(lng, lat)) where closed_at is null;
-- A member's own requests, newest first.
create index companion_requests_author_idx on companion_requests (author_id, id desc);
