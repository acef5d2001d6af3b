-- The operators' list of dead jobs, most recently dead first:
-- where dead_at is not null and done_at is null order by dead_at desc, id desc.
create index jobs_dead_idx on jobs (dead_at desc, id desc) where dead_at is not null and done_at is null;
