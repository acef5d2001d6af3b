-- Waitlist first: an organizer may put members whose show-up rate is below the minimum on hold rather than
-- refuse them or ask for approval. A held registration waits outside the queue (not counted in the activity's
-- waitlist) until the last call, the organizer's cancellation cut-off before the start: then it joins the
-- waitlist behind whoever is already waiting, and free seats go to the queue in order.
alter table activities drop constraint activities_low_show_up_check;
alter table activities add constraint activities_low_show_up_check check (low_show_up in ('refuse', 'approval', 'waitlist'));
alter table registrations add column held_until timestamptz;
