-- Recommendations: popular groups near a member (bounding box on point(lng, lat)).
create index groups_location_idx on groups using gist (point(lng, lat)) where lat is not null;
