-- Attendance that counts. After an activity a confirmed registration is attended or a no-show: known from
-- check-in (once the organizer checks anyone in, whoever was not checked in did not come) or marked by the
-- organizer; a member may contest a no-show. Cancelling after the organizer's cut-off is a late cancellation,
-- counted apart. An organizer may refuse members whose known show-up rate is below a minimum, or ask them
-- to wait for approval.
alter table activities
  add column cancel_cutoff_hours integer not null default 24 check (cancel_cutoff_hours between 0 and 168),
  add column min_show_up_rate integer check (min_show_up_rate between 1 and 100),
  add column low_show_up text not null default 'approval' check (low_show_up in ('refuse', 'approval'));
alter table registrations
  add column attendance text check (attendance in ('attended', 'no_show')),
  add column late_cancel boolean not null default false,
  add column contested_at timestamptz,
  add column contest_note text;
