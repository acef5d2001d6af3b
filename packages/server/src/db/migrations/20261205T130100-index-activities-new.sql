-- Activities announced since a member's stored ranking was computed, newest
-- first (recommendations.repository's rankedActivities: published, created
-- after computed_at), which a request scores and adds to the stored ones.
create index activities_new_idx on activities (created_at desc, id desc) where status = 'published';
