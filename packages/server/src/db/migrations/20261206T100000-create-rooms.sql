-- Chat rooms: one per activity (its organizer, admins and confirmed participants) and one per group that
-- turns it on (its members). Who is in a room is not stored: it follows registrations and memberships,
-- decided by the access function, so joining on confirmation and leaving on cancellation need no step.
create table rooms (
  id bigint generated always as identity primary key,
  activity_id bigint unique references activities (id) on delete cascade,
  group_id bigint unique references groups (id) on delete cascade,
  -- A group's room can be turned off again (its history stays for when it is back).
  open boolean not null default true,
  last_message_id bigint,
  last_message_at timestamptz,
  created_at timestamptz not null default now(),
  check ((activity_id is null) <> (group_id is null))
);

create table room_messages (
  id bigint generated always as identity primary key,
  room_id bigint not null references rooms (id) on delete cascade,
  sender_id bigint not null references users (id) on delete cascade,
  body text not null,
  photo_media_id bigint references media (id) on delete set null,
  reply_to_id bigint references room_messages (id) on delete set null,
  client_id text not null,
  pinned_at timestamptz,
  pinned_by bigint references users (id) on delete set null,
  -- Removed by a moderator (or its sender): kept as a tombstone so replies and paging hold.
  removed_at timestamptz,
  removed_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now()
);
-- History pages and unread counts of one room (keyset on id).
create index room_messages_room_idx on room_messages (room_id, id);
-- Pinned notes of a room.
create index room_messages_pinned_idx on room_messages (room_id, pinned_at desc) where pinned_at is not null and removed_at is null;
-- Idempotent sends: a retried client id finds the stored message.
create unique index room_messages_client_key on room_messages (sender_id, client_id);

-- A member's read mark in a room, written when they read it (absent: nothing read).
create table room_reads (
  room_id bigint not null references rooms (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  last_read_id bigint not null default 0,
  primary key (room_id, user_id)
);
create index room_reads_user_idx on room_reads (user_id);

-- A member muted in a room by its organizer or an admin, until a time.
create table room_mutes (
  room_id bigint not null references rooms (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  until timestamptz not null,
  muted_by bigint references users (id) on delete set null,
  primary key (room_id, user_id)
);

-- A room's photos belong to the room: who may read it sees them.
alter table media drop constraint media_use_kind_check;
alter table media add constraint media_use_kind_check
  check (use_kind in ('post', 'comment', 'avatar', 'group_cover', 'activity_cover', 'activity_album', 'conversation', 'companion_card', 'room'));

-- Every activity has its room.
insert into rooms (activity_id) select id from activities;
