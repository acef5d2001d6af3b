create table user_interests (
  user_id bigint not null references users (id) on delete cascade,
  tag text not null,
  skill text check (skill in ('beginner', 'intermediate', 'advanced')),
  primary key (user_id, tag)
);
-- Members who share an interest (recommendations, companions).
create index user_interests_tag_idx on user_interests (tag, user_id);
