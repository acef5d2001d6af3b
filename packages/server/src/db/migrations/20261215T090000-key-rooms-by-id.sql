-- Rooms are distributed by their id (docs/scaling.md), co-located with their messages, read marks and
-- mutes. One room per group and per activity spanned all rooms; it is kept by two lookup tables, each
-- distributed by the place it names, written in the same transaction as the room. A room still names
-- its place, for its readers' access.
create table group_rooms (
  group_id bigint primary key references groups (id) on delete cascade,
  room_id bigint not null references rooms (id) on delete cascade
);
create table activity_rooms (
  activity_id bigint primary key references activities (id) on delete cascade,
  room_id bigint not null references rooms (id) on delete cascade
);
insert into group_rooms (group_id, room_id) select group_id, id from rooms where group_id is not null;
insert into activity_rooms (activity_id, room_id) select activity_id, id from rooms where activity_id is not null;

alter table rooms drop constraint rooms_group_id_key;
alter table rooms drop constraint rooms_activity_id_key;
-- A member's rooms: the rooms of their activities and of their groups.
create index rooms_group_id_idx on rooms (group_id);
create index rooms_activity_id_idx on rooms (activity_id);
