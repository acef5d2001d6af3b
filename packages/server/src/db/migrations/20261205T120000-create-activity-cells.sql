-- Popular activities by map cell: what "nearby" reads instead of ranking every
-- activity around the viewer on each request.
--
-- activities.map_cells holds the activity's H3 cells, one per resolution the
-- listing uses (set by the application, which has the H3 library; the
-- popularity job fills rows that lack them). activity_cells holds one row per
-- (cell, upcoming published activity visible to everyone) with its popularity
-- and what the listing's filters need, so a request probes a few cells' lists
-- by (cell, score) and merges them. Private groups' activities are never in it:
-- a request adds the viewer's own ones. Triggers keep it in step with every
-- change to an activity (registrations included) and to a group's visibility;
-- the popularity job re-scores it as start times near.
alter table activities add column map_cells text[];

create table activity_cells (
  cell text not null,
  activity_id bigint not null references activities (id) on delete cascade,
  score double precision not null,
  starts_at timestamptz not null,
  lat double precision not null,
  lng double precision not null,
  tags text[] not null,
  fee_amount integer not null,
  has_seats boolean not null,
  primary key (activity_id, cell)
);
-- A cell's list, best first, with what the unfiltered listing checks: read from
-- the index alone.
create index activity_cells_rank_idx on activity_cells (cell, score desc, activity_id desc)
  include (starts_at, lat, lng, has_seats);

-- Popularity without distance: registrations, their growth this week, views and
-- fill, boosted as the start nears (as of `at`).
create function activity_popularity(seats_taken integer, waitlist_count integer, recent_registrations integer,
                                    view_count integer, capacity integer, starts_at timestamptz, at timestamptz)
returns double precision language sql immutable as $$
  select ((2.0 * ln(1 + seats_taken + waitlist_count)
         + 1.5 * ln(1 + recent_registrations)
         + 0.5 * ln(1 + view_count)
         + 1.0 * (seats_taken::float8 / capacity)
         + 0.5)
         / (1 + greatest(0, extract(epoch from starts_at - at)) / (7 * 86400.0)))::float8
$$;

-- Rebuilds the cell rows of the given activities from their current state: the
-- one definition of which activities the public lists hold.
create function refresh_activity_cells(ids bigint[]) returns void language sql as $$
  delete from activity_cells where activity_id = any (ids);
  insert into activity_cells (cell, activity_id, score, starts_at, lat, lng, tags, fee_amount, has_seats)
  select c.cell, a.id,
         activity_popularity(a.seats_taken, a.waitlist_count, a.recent_registrations, a.view_count, a.capacity, a.starts_at, now()),
         a.starts_at, a.lat, a.lng, a.tags, a.fee_amount, a.seats_taken < a.capacity
  from activities a
  left join groups g on g.id = a.group_id
  cross join lateral unnest(a.map_cells) as c(cell)
  where a.id = any (ids)
    and a.status = 'published'
    and a.starts_at > now()
    and (a.group_id is null or g.visibility = 'public');
$$;

-- A change to what the rows hold but not to which rows exist (the common case:
-- a registration, a view count) updates them in place.
create function activity_cells_follow() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.map_cells is not distinct from old.map_cells
     and new.status = old.status
     and new.starts_at = old.starts_at
     and new.group_id is not distinct from old.group_id then
    update activity_cells set
      score = activity_popularity(new.seats_taken, new.waitlist_count, new.recent_registrations, new.view_count, new.capacity, new.starts_at, now()),
      lat = new.lat, lng = new.lng, tags = new.tags, fee_amount = new.fee_amount,
      has_seats = new.seats_taken < new.capacity
    where activity_id = new.id;
  else
    perform refresh_activity_cells(array[new.id]);
  end if;
  return null;
end
$$;

create trigger activities_cells after insert or update on activities
  for each row execute function activity_cells_follow();

create function activity_cells_follow_group() returns trigger language plpgsql as $$
begin
  perform refresh_activity_cells(array(select id from activities where group_id = new.id and starts_at > now()));
  return null;
end
$$;

create trigger groups_activity_cells after update of visibility on groups
  for each row when (new.visibility is distinct from old.visibility) execute function activity_cells_follow_group();
