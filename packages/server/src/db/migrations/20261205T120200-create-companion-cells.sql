-- Companion search by map cell: the discoverable cards of each cell, newest
-- first, with their interest tags, so a search reads the lists of the cells in
-- reach instead of scanning every card around. Like activity_cells, the cells
-- come from the application (companion_cards.map_cells, of the card's snapped
-- point); triggers keep the lists in step with cards and their interests.
alter table companion_cards add column map_cells text[];

create table companion_cells (
  cell text not null,
  user_id bigint not null references companion_cards (user_id) on delete cascade,
  -- The card as matching reads it (all of it but the intro), with its member's
  -- age and gender and the card's interests: a search needs no other row.
  slots integer not null,
  dates text[] not null,
  area_name text not null,
  lat double precision not null,
  lng double precision not null,
  travel_km integer not null,
  age_min integer,
  age_max integer,
  genders text[] not null,
  skills text[] not null,
  group_size_max integer not null,
  budget text not null,
  cost_sharing text not null,
  updated_at timestamptz not null,
  birth_year integer,
  gender text,
  tags text[] not null,
  interests jsonb not null,
  primary key (user_id, cell)
);
create index companion_cells_list_idx on companion_cells (cell, updated_at desc, user_id) include (lat, lng, tags);

-- A search reaches at most 100 km, for which the two finest resolutions of
-- map_cells (5 and 4, its first two elements) suffice.
create function refresh_companion_cells(ids bigint[]) returns void language sql as $$
  delete from companion_cells where user_id = any (ids);
  insert into companion_cells (cell, user_id, slots, dates, area_name, lat, lng, travel_km, age_min, age_max, genders, skills,
                               group_size_max, budget, cost_sharing, updated_at, birth_year, gender, tags, interests)
  select c.cell, k.user_id, k.slots, k.dates, k.area_name, k.lat, k.lng, k.travel_km, k.age_min, k.age_max, k.genders, k.skills,
         k.group_size_max, k.budget, k.cost_sharing, k.updated_at, u.birth_year, u.gender, t.tags, t.interests
  from companion_cards k
  join users u on u.id = k.user_id
  cross join lateral (
    select array_agg(i.tag order by i.tag) as tags, jsonb_agg(jsonb_build_object('tag', i.tag, 'skill', i.skill) order by i.tag) as interests
    from companion_card_interests i where i.user_id = k.user_id) t
  cross join lateral unnest(k.map_cells[1:2]) as c(cell)
  where k.user_id = any (ids) and k.discoverable and t.tags is not null;
$$;

-- Statement-level: a card saved with its interests, or a bulk load, refreshes
-- each member once per statement.
create function companion_cells_follow() returns trigger language plpgsql as $$
begin
  perform refresh_companion_cells(array(select distinct user_id from changed));
  return null;
end
$$;

create trigger companion_cards_cells_insert after insert on companion_cards
  referencing new table as changed for each statement execute function companion_cells_follow();
create trigger companion_cards_cells_update after update on companion_cards
  referencing new table as changed for each statement execute function companion_cells_follow();
create trigger companion_interests_cells_insert after insert on companion_card_interests
  referencing new table as changed for each statement execute function companion_cells_follow();
create trigger companion_interests_cells_delete after delete on companion_card_interests
  referencing old table as changed for each statement execute function companion_cells_follow();

create function companion_cells_follow_member() returns trigger language plpgsql as $$
begin
  perform refresh_companion_cells(array[new.id]);
  return null;
end
$$;

create trigger users_companion_cells after update of birth_year, gender on users
  for each row when (new.birth_year is distinct from old.birth_year or new.gender is distinct from old.gender)
  execute function companion_cells_follow_member();
