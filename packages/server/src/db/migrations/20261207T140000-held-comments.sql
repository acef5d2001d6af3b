-- A comment with a term the keyword filter holds is withdrawn, as a held post is, until a moderator decides.
alter table comments add column held_at timestamptz;
