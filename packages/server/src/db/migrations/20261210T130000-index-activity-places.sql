-- The activity form's venue search (GET /places): published and past activities
-- whose place name or address starts with what the organizer typed, whatever
-- its case. Byte-wise (text_pattern_ops), so a prefix is an index range in any collation.
create index activities_place_name_prefix_idx on activities (lower(place_name) text_pattern_ops) where status in ('published', 'completed');
create index activities_address_prefix_idx on activities (lower(address) text_pattern_ops) where status in ('published', 'completed') and address <> '';
