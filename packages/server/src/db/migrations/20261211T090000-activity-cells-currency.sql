-- A fee filter compares amounts in one currency: the nearby lists carry each
-- activity's currency beside its fee, so "at most ¥50" leaves out a $40 activity.
alter table activity_cells add column currency text not null default 'CNY';
update activity_cells l set currency = a.currency from activities a where a.id = l.activity_id and l.currency <> a.currency;
alter table activity_cells alter column currency drop default;

create or replace function refresh_activity_cells(ids bigint[]) returns void language sql as $$
  delete from activity_cells where activity_id = any (ids);
  insert into activity_cells (cell, activity_id, score, starts_at, lat, lng, tags, fee_amount, currency, has_seats)
  select c.cell, a.id,
         activity_popularity(a.seats_taken, a.waitlist_count, a.recent_registrations, a.view_count, a.capacity, a.starts_at, now()),
         a.starts_at, a.lat, a.lng, a.tags, a.fee_amount, a.currency, a.seats_taken < a.capacity
  from activities a
  left join groups g on g.id = a.group_id
  cross join lateral unnest(a.map_cells) as c(cell)
  where a.id = any (ids)
    and a.status = 'published'
    and a.starts_at > now()
    and (a.group_id is null or g.visibility = 'public');
$$;

create or replace function activity_cells_follow() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and new.map_cells is not distinct from old.map_cells
     and new.status = old.status
     and new.starts_at = old.starts_at
     and new.group_id is not distinct from old.group_id then
    update activity_cells set
      score = activity_popularity(new.seats_taken, new.waitlist_count, new.recent_registrations, new.view_count, new.capacity, new.starts_at, now()),
      lat = new.lat, lng = new.lng, tags = new.tags, fee_amount = new.fee_amount, currency = new.currency,
      has_seats = new.seats_taken < new.capacity
    where activity_id = new.id;
  else
    perform refresh_activity_cells(array[new.id]);
  end if;
  return null;
end
$$;
