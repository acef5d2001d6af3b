-- Uploaded photos: one row per upload, its processed variants stored under
-- storage_prefix ("<prefix>/<variant>.<webp|jpg>") in the media storage. An
-- upload belongs to its owner until something uses it (posts, covers,
-- avatars); until then only they may fetch it.
create table media (
  id bigint generated always as identity primary key,
  owner_id bigint not null references users (id) on delete cascade,
  storage_prefix text not null unique,
  source_type text not null,
  width integer not null check (width > 0),
  height integer not null check (height > 0),
  placeholder text not null,
  -- [{ "name": "thumb", "width": 160, "height": 320 }, …]
  variants jsonb not null,
  bytes integer not null check (bytes >= 0),
  created_at timestamptz not null default now()
);
-- A member's uploads (and what deleting an account cascades through).
create index media_owner_idx on media (owner_id, created_at desc);
-- The sweep of unused uploads, oldest first.
create index media_created_idx on media (created_at);
