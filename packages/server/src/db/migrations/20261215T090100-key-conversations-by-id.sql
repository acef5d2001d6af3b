-- Conversations are distributed by their id (docs/scaling.md), co-located with their members and
-- messages. One conversation per pair of members spanned all conversations; it is kept by a lookup
-- keyed by the pair, distributed by its lower member, written in the same transaction as the
-- conversation. The conversation still names its pair, for access and delivery.
create table conversation_pairs (
  user_low bigint not null references users (id) on delete cascade,
  user_high bigint not null references users (id) on delete cascade,
  conversation_id bigint not null references conversations (id) on delete cascade,
  primary key (user_low, user_high)
);
insert into conversation_pairs (user_low, user_high, conversation_id) select user_low, user_high, id from conversations;

alter table conversations drop constraint conversations_user_low_user_high_key;
