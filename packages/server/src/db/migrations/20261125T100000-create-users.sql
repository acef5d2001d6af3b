create table users (
  id bigint generated always as identity primary key,
  username text not null,
  display_name text not null,
  password_hash text not null,
  bio text not null default '',
  city text,
  -- Home area, stored coarse (rounded to ~1 km) on write; never shown to other members.
  lat double precision check (lat between -90 and 90),
  lng double precision check (lng between -180 and 180),
  birth_year integer check (birth_year between 1900 and 2100),
  gender text check (gender in ('female', 'male', 'nonbinary', 'other')),
  role text not null default 'member' check (role in ('member', 'operator')),
  onboarded_at timestamptz,
  created_at timestamptz not null default now()
);
-- Sign-in and profile lookups by username, case-insensitively unique.
create unique index users_username_key on users (lower(username));
