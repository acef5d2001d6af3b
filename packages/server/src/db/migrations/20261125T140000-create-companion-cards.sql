-- A member's opt-in card for finding companions. The point is a grid cell's
-- centre (snapped on write), never the member's exact location.
create table companion_cards (
  user_id bigint primary key references users (id) on delete cascade,
  discoverable boolean not null default true,
  -- Weekly availability: bit (day * 3 + part), Monday = day 0, morning = part 0.
  slots integer not null default 0 check (slots between 0 and 2097151),
  -- Specific free dates, 'YYYY-MM-DD'.
  dates text[] not null default '{}',
  area_name text not null,
  lat double precision not null check (lat between -90 and 90),
  lng double precision not null check (lng between -180 and 180),
  travel_km integer not null check (travel_km between 1 and 100),
  age_min integer check (age_min between 16 and 100),
  age_max integer check (age_max between 16 and 100),
  genders text[] not null default '{}',
  skills text[] not null default '{}',
  group_size_max integer not null check (group_size_max between 2 and 20),
  budget text not null check (budget in ('free', 'low', 'medium', 'any')),
  cost_sharing text not null check (cost_sharing in ('split', 'each', 'either')),
  intro text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- People search: discoverable cards within a bounding box.
create index companion_cards_location_idx on companion_cards using gist (point(lng, lat)) where discoverable;

create table companion_card_interests (
  user_id bigint not null references companion_cards (user_id) on delete cascade,
  tag text not null,
  skill text not null check (skill in ('beginner', 'intermediate', 'advanced')),
  primary key (user_id, tag)
);
-- People search by interest.
create index companion_card_interests_tag_idx on companion_card_interests (tag, user_id);
