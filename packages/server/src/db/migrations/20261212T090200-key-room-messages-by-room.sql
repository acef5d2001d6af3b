-- Room messages are distributed by their room (docs/scaling.md): the primary
-- key, the client-id unique and the reply reference include room_id, so each
-- shard can check them alone. A client id now names a message within its room,
-- and a reply can only point into its own room.
alter table room_messages drop constraint room_messages_reply_to_id_fkey;
alter table room_messages drop constraint room_messages_pkey;
alter table room_messages add primary key (room_id, id);
-- The primary key now serves history pages and unread counts of one room.
drop index room_messages_room_idx;
alter table room_messages add constraint room_messages_reply_to_id_fkey
  foreign key (room_id, reply_to_id) references room_messages (room_id, id) on delete set null (reply_to_id);
drop index room_messages_client_key;
-- Idempotent sends: a retried client id finds the stored message.
create unique index room_messages_client_key on room_messages (room_id, sender_id, client_id);
-- A message by its id alone: live delivery, a room's last message, moderation of one message.
create index room_messages_id_idx on room_messages (id);
