-- People search by a later word of a display name ("lin" finds "Zhang Lin")
-- and, for Chinese names, by a later character ("小林" finds "张小林"): each
-- such start of the lowered name is a key, and a prefix of the query walks
-- their byte-wise index. The start of the whole name is left to
-- users_display_name_prefix_idx. A trigger keeps the keys in step with every
-- writer of a display name (sign-up, an edit or its release, a deletion).
create table user_name_keys (
  user_id bigint not null references users (id),
  key text not null,
  primary key (user_id, key)
);
create index user_name_keys_key_idx on user_name_keys (key text_pattern_ops);

create function name_keys(name text) returns setof text language sql immutable as $$
  select distinct substr(lower(name), i)
  from generate_series(2, char_length(name)) as i
  where substr(name, i, 1) ~ '[㐀-䶿一-鿿]'
     or (substr(name, i - 1, 1) ~ '[[:space:]_.·・-]' and substr(name, i, 1) !~ '[[:space:]_.·・-]')
$$;

create function users_name_keys() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.display_name = new.display_name then
    return null;
  end if;
  delete from user_name_keys where user_id = new.id;
  insert into user_name_keys (user_id, key) select new.id, k from name_keys(new.display_name) as k;
  return null;
end
$$;
create trigger users_name_keys after insert or update of display_name on users
  for each row execute function users_name_keys();

insert into user_name_keys (user_id, key) select u.id, k from users u cross join lateral name_keys(u.display_name) as k;
