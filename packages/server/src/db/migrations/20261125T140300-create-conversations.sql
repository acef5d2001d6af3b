-- One-to-one conversations; the pair is stored in order so it is unique.
create table conversations (
  id bigint generated always as identity primary key,
  user_low bigint not null references users (id) on delete cascade,
  user_high bigint not null references users (id) on delete cascade,
  activity_id bigint references activities (id) on delete set null,
  last_message_id bigint,
  created_at timestamptz not null default now(),
  check (user_low < user_high),
  unique (user_low, user_high)
);

create table conversation_members (
  conversation_id bigint not null references conversations (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  last_read_id bigint not null default 0,
  -- When the conversation last changed, for ordering a member's list.
  updated_at timestamptz not null default now(),
  primary key (conversation_id, user_id)
);
-- A member's conversations, most recently active first.
create index conversation_members_user_idx on conversation_members (user_id, updated_at desc, conversation_id desc);

create table messages (
  id bigint generated always as identity primary key,
  conversation_id bigint not null references conversations (id) on delete cascade,
  sender_id bigint not null references users (id) on delete cascade,
  body text not null,
  client_id text,
  created_at timestamptz not null default now()
);
-- History pages and unread counts of one conversation (keyset on id).
create index messages_conversation_idx on messages (conversation_id, id);
-- Idempotent sends: a retried client id finds the stored message.
create unique index messages_client_key on messages (sender_id, client_id);
