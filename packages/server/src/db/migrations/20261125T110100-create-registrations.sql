create table registrations (
  id bigint generated always as identity primary key,
  activity_id bigint not null references activities (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  status text not null check (status in ('pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted', 'cancelled', 'rejected', 'expired')),
  answers jsonb not null default '{}',
  -- Order of arrival, assigned under the activity's row lock: the waitlist order.
  queued_at timestamptz not null default clock_timestamp(),
  payment_deadline timestamptz,
  amount_paid integer not null default 0 check (amount_paid >= 0),
  amount_refunded integer not null default 0 check (amount_refunded >= 0 and amount_refunded <= amount_paid),
  check_in_code text not null,
  checked_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One live registration per member and activity; a cancelled one can be followed by a new one.
create unique index registrations_live_key on registrations (activity_id, user_id)
  where status in ('pending_approval', 'awaiting_payment', 'confirmed', 'waitlisted');
-- The waitlist in order, and the participant list.
create index registrations_activity_idx on registrations (activity_id, status, id);
-- "My activities".
create index registrations_user_idx on registrations (user_id, created_at desc);
