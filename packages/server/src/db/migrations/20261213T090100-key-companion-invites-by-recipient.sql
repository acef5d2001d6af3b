-- Companion invites are distributed by the member they are sent to
-- (docs/scaling.md): the primary key includes to_id so each shard can check it
-- alone. The pending-invite unique index already names to_id.
alter table companion_invites drop constraint companion_invites_pkey;
alter table companion_invites add primary key (to_id, id);
-- The primary key now serves a member's incoming invites, newest first.
drop index companion_invites_to_idx;
-- An invite by its id alone: answering, withdrawing and reading one.
create index companion_invites_id_idx on companion_invites (id);
-- The request an invite is about is keyed by its author: the sender of an
-- invite (only a request's author invites to it), the recipient of an
-- application. Deleting a request still takes its invites with it.
alter table companion_invites add column request_author_id bigint
  generated always as (case when request_id is null then null when kind = 'invite' then from_id else to_id end) stored;
alter table companion_invites add constraint companion_invites_request_id_fkey
  foreign key (request_author_id, request_id) references companion_requests (author_id, id) on delete cascade;
