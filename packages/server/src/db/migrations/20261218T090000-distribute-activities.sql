-- Activities and what hangs off one activity (its registrations, feedback and
-- view counts) live by the activity's id, so every unique key includes it.

-- A series makes one occurrence per index. The unique index on activities
-- could not promise that once activities are spread by id, so each index a
-- series has used is a row of its own, keyed by the series: whoever claims it
-- first makes the occurrence.
create table series_slots (
  series_id bigint not null references activity_series (id) on delete cascade,
  series_index int not null,
  primary key (series_id, series_index)
);
insert into series_slots (series_id, series_index) select series_id, series_index from activities where series_id is not null;
drop index activities_series_idx;
create index activities_series_idx on activities (series_id, series_index) where series_id is not null;

-- A registration is keyed within its activity; its payments name both.
alter table payments add column activity_id bigint;
update payments p set activity_id = r.activity_id from registrations r where r.id = p.registration_id;
alter table payments alter column activity_id set not null;
alter table payments drop constraint payments_registration_id_fkey;
alter table registrations drop constraint registrations_pkey;
alter table registrations add primary key (activity_id, id);
create index registrations_id_idx on registrations (id);
alter table payments add constraint payments_registration_fkey
  foreign key (activity_id, registration_id) references registrations (activity_id, id) on delete cascade;
