-- A viewer's registration for each activity of a list, read in the list's own
-- statement: one probe per activity, whatever the activity's size.
create index registrations_viewer_idx on registrations (user_id, activity_id, id desc);
