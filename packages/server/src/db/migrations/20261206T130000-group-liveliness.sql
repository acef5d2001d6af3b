-- Groups ranked by real life: recent attended activities weigh with members, and a group with no post and
-- no activity in 90 days is "quiet" and ranked below every active one. Kept by the popularity job (hourly)
-- and by every new post or activity (which wakes a quiet group at once).
alter table groups
  add column last_active_at timestamptz,
  add column attended_90d integer not null default 0,
  add column quiet boolean not null default false,
  add column activity_rank real not null default 0;

-- Members count, attended seats count more; quiet groups sink below all active ones.
create function group_rank(member_count integer, attended integer, quiet boolean) returns real
  language sql immutable as $$
    select (ln(1 + member_count) + 2 * ln(1 + attended) - case when quiet then 1000 else 0 end)::real
  $$;

-- Filled by the popularity job (refreshGroupLiveliness), which runs at start.
update groups set last_active_at = created_at, activity_rank = group_rank(member_count, 0, false);

drop index groups_popular_idx;
create index groups_rank_idx on groups (activity_rank desc, id desc);
