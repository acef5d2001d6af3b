-- Companion requests are distributed by their author (docs/scaling.md): the
-- primary key includes author_id so each shard can check it alone. Invites
-- referred to a request by its id alone; they refer to it by its author and
-- id again in the next migration.
alter table companion_invites drop constraint companion_invites_request_id_fkey;
alter table companion_requests drop constraint companion_requests_pkey;
alter table companion_requests add primary key (author_id, id);
-- The primary key now serves a member's own requests, newest first.
drop index companion_requests_author_idx;
-- A request by its id alone: its page, applying to it, accepting onto it, moderating it.
create index companion_requests_id_idx on companion_requests (id);
