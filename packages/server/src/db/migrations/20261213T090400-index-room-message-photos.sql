-- Deleting a photo clears the room messages showing it (clearMediaUses), as the
-- other places that show photos already do by an index.
create index room_messages_photo_media_idx on room_messages (photo_media_id) where photo_media_id is not null;
