-- Messages are distributed by their conversation (docs/scaling.md): the primary
-- key and the client-id unique include conversation_id, so each shard can check
-- them alone. A client id now names a message within its conversation.
alter table messages drop constraint messages_pkey;
alter table messages add primary key (conversation_id, id);
-- The primary key now serves a conversation's history in id order.
drop index messages_conversation_idx;
drop index messages_client_key;
-- A retried send finds the message it stored (chat: send is idempotent per client id).
create unique index messages_client_key on messages (conversation_id, sender_id, client_id);
-- A message by its id alone: live delivery and a conversation's last message.
create index messages_id_idx on messages (id);
