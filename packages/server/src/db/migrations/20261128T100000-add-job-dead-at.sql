-- A job that failed on every attempt stops being retried and waits, dead, for an
-- operator to look at it and run it again; null while it may still run.
alter table jobs add column dead_at timestamptz;
