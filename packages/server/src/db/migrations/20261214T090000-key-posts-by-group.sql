-- Posts, their comments and their likes are distributed by group
-- (docs/scaling.md), co-located with the group and its members. Comments and
-- likes carry their post's group_id, every primary key includes it so each
-- shard can check it alone, and each reference between them names the group
-- too, so it stays on the group's shard.
alter table comments add column group_id bigint;
update comments c set group_id = p.group_id from posts p where p.id = c.post_id;
alter table comments alter column group_id set not null;
alter table post_likes add column group_id bigint;
update post_likes l set group_id = p.group_id from posts p where p.id = l.post_id;
alter table post_likes alter column group_id set not null;
alter table comment_likes add column group_id bigint;
update comment_likes l set group_id = c.group_id from comments c where c.id = l.comment_id;
alter table comment_likes alter column group_id set not null;

-- The references by id alone go before the keys they rely on, and come back by the group and id.
alter table comment_likes drop constraint comment_likes_comment_id_fkey;
alter table post_likes drop constraint post_likes_post_id_fkey;
alter table comments drop constraint comments_parent_id_fkey;
alter table comments drop constraint comments_post_id_fkey;

alter table posts drop constraint posts_pkey;
alter table posts add primary key (group_id, id);
-- A post by its id alone: its page, its comments, liking, editing and moderating it, the fanned-out feed.
create index posts_id_idx on posts (id);

alter table comments drop constraint comments_pkey;
alter table comments add primary key (group_id, id);
-- A comment by its id alone: replying to, editing, liking and moderating it.
create index comments_id_idx on comments (id);
alter table comments add constraint comments_post_id_fkey
  foreign key (group_id, post_id) references posts (group_id, id) on delete cascade;
-- A reply's parent is on the same post, so in the same group.
alter table comments add constraint comments_parent_id_fkey
  foreign key (group_id, parent_id) references comments (group_id, id) on delete cascade;

alter table post_likes drop constraint post_likes_pkey;
alter table post_likes add primary key (group_id, post_id, user_id);
alter table post_likes add constraint post_likes_post_id_fkey
  foreign key (group_id, post_id) references posts (group_id, id) on delete cascade;

alter table comment_likes drop constraint comment_likes_pkey;
alter table comment_likes add primary key (group_id, comment_id, user_id);
alter table comment_likes add constraint comment_likes_comment_id_fkey
  foreign key (group_id, comment_id) references comments (group_id, id) on delete cascade;
