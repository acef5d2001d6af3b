-- Media are distributed by their owner (docs/scaling.md): the primary key
-- includes owner_id so each shard can check it alone. The places that show a
-- photo (covers, avatars, chat, room and card photos) referred to it by its id
-- alone, which no longer names a key, so those references go. What they
-- enforced is kept in code: a photo is placed only as its member's own
-- existing upload (claimMedia), and deleting one clears the places showing it
-- (clearMediaUses), as `on delete set null` did.
alter table posts drop constraint posts_cover_media_id_fkey;
alter table users drop constraint users_avatar_media_id_fkey;
alter table groups drop constraint groups_cover_media_id_fkey;
alter table activities drop constraint activities_cover_media_id_fkey;
alter table messages drop constraint messages_photo_media_id_fkey;
alter table companion_cards drop constraint companion_cards_photo_media_id_fkey;
alter table room_messages drop constraint room_messages_photo_media_id_fkey;
alter table media drop constraint media_pkey;
alter table media add primary key (owner_id, id);
-- A photo by its id alone: its files, every place showing it, access checks, removing it.
create index media_id_idx on media (id);
-- A prefix is 128 random bits, so it is unique by construction; the constraint checks it within the owner's uploads.
alter table media drop constraint media_storage_prefix_key;
alter table media add constraint media_storage_prefix_key unique (owner_id, storage_prefix);
