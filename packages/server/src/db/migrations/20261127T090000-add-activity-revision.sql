-- An activity's revision: the SEQUENCE of its iCalendar file, so a calendar that
-- imported it replaces its copy when the organizer edits, publishes or cancels.
-- Every such change sets updated_at (seat counts do not), so the trigger bumps
-- the revision exactly then, whichever statement made the change.
alter table activities add column revision integer not null default 0;

create function bump_activity_revision() returns trigger language plpgsql as $$
begin
  if new.updated_at is distinct from old.updated_at then
    new.revision := old.revision + 1;
  end if;
  return new;
end
$$;

create trigger activities_bump_revision before update on activities
  for each row execute function bump_activity_revision();
