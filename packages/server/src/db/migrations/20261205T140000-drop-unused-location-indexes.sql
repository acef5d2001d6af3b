-- Nearby activities and companion search read the lists per map cell
-- (activity_cells, companion_cells), and nothing searches groups by place:
-- these GiST indexes are no longer read, only written.
drop index if exists activities_location_idx;
drop index if exists companion_cards_location_idx;
drop index if exists groups_location_idx;
