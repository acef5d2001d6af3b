-- The console's member search (GET /operator/members?q=): members whose username or display name starts with
-- the query, whatever its case. Byte-wise (text_pattern_ops), so a prefix is an index range in any collation;
-- Chinese display names match by their first characters.
create index users_username_prefix_idx on users (lower(username) text_pattern_ops) where deleted_at is null;
create index users_display_name_prefix_idx on users (lower(display_name) text_pattern_ops) where deleted_at is null;
