-- Activity search (GET /search/activities): an activity's words, its title weighing more than its
-- description and tags, segmented by the application (lib/search-vector.ts) so Chinese words are lexemes
-- of their own. Null until written: the `search.activities` job fills rows from before this column.
alter table activities add column search_vector tsvector;

-- Serves GET /search/activities: the activities matching the words, of those a search may list (drafts
-- only to their organizers; cancelled and completed ones never).
create index activities_search_idx on activities using gin (search_vector) where status in ('draft', 'published');
