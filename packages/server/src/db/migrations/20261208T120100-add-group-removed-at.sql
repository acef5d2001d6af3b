-- A group operators removed from the moderation queue: gone for everyone (access.ts decides, from this column),
-- its row and content kept for the record and an appeal.
alter table groups add column removed_at timestamptz;
