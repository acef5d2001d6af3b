-- Usernames are unique across all members, case-insensitively. A unique index
-- on users cannot promise that once users are spread by id (each shard checks
-- its own rows), so each name is a row of its own, keyed by the lowered name:
-- spread by the name, it is checked where it lives. A trigger keeps it in the
-- statement that writes the member, so a taken name fails that statement
-- (unique violation), as the index did.
create table usernames (
  name text primary key,
  user_id bigint not null references users (id) on delete cascade
);
insert into usernames (name, user_id) select lower(username), id from users;

create function users_username_claim() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    if lower(new.username) = lower(old.username) then return null; end if;
    delete from usernames where name = lower(old.username) and user_id = old.id;
  end if;
  insert into usernames (name, user_id) values (lower(new.username), new.id);
  return null;
end $$;
create trigger users_username_claim after insert or update of username on users
  for each row execute function users_username_claim();

-- Lookups by name go through usernames; the rest (mentions, the console) keep a plain index.
drop index users_username_key;
create index users_username_idx on users (lower(username));
