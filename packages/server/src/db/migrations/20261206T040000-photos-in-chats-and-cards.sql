-- A photo with a chat message, and on a companion card. A chat photo belongs
-- to its conversation (use_id: the conversation, which decides who may see
-- it) and its message points at it; a card's photo to its member (use_id:
-- the member), whom searchers may contact. (Companion requests carry no
-- photo of their own: the kind is dropped.)
alter table media drop constraint media_use_kind_check;
alter table media add constraint media_use_kind_check
  check (use_kind in ('post', 'comment', 'avatar', 'group_cover', 'activity_cover', 'activity_album', 'conversation', 'companion_card'));
alter table messages add column photo_media_id bigint references media (id) on delete set null;
create index messages_photo_media_idx on messages (photo_media_id) where photo_media_id is not null;
alter table companion_cards add column photo_media_id bigint references media (id) on delete set null;
create index companion_cards_photo_media_idx on companion_cards (photo_media_id) where photo_media_id is not null;
