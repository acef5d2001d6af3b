-- Members follow members (one way); two who follow each other are friends.
-- Following a member whose follows need approval starts as a request
-- ('pending') until they accept it.
create table follows (
  follower_id bigint not null references users (id) on delete cascade,
  followee_id bigint not null references users (id) on delete cascade,
  status text not null default 'active' check (status in ('active', 'pending')),
  created_at timestamptz not null default now(),
  primary key (follower_id, followee_id),
  check (follower_id <> followee_id)
);
-- Whom a member follows, newest first (keyset on created_at, followee_id); the
-- primary key answers "does A follow B", both ways, for friendship.
create index follows_following_idx on follows (follower_id, created_at desc, followee_id desc) where status = 'active';
-- A member's followers, newest first, and their pending requests.
create index follows_followers_idx on follows (followee_id, status, created_at desc, follower_id desc);

-- Counters kept with each change, for profiles; friends are counted on read.
alter table users add column follower_count integer not null default 0 check (follower_count >= 0);
alter table users add column following_count integer not null default 0 check (following_count >= 0);

-- Privacy settings (docs/privacy.md): who sees each section of a profile, who
-- may invite me, and whether following me needs my approval.
alter table users add column follow_approval boolean not null default false;
alter table users add column show_groups text not null default 'friends' check (show_groups in ('everyone', 'friends', 'me'));
alter table users add column show_activities text not null default 'friends' check (show_activities in ('everyone', 'friends', 'me'));
alter table users add column show_follows text not null default 'friends' check (show_follows in ('everyone', 'friends', 'me'));
alter table users add column allow_invites text not null default 'everyone' check (allow_invites in ('everyone', 'friends', 'nobody'));
