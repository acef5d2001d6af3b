-- Guests (+N): an activity allows each registration up to max_guests named guests, who take seats, pay the
-- fee and wait on the waitlist with the member who brings them. seats_taken and waitlist_count count people.
alter table activities add column max_guests integer not null default 0 check (max_guests between 0 and 10);
alter table registrations add column guest_names text[] not null default '{}' check (cardinality(guest_names) <= 10);
