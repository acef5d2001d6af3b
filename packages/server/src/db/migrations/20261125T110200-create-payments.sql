-- Charges Kindred asked its payment provider for. One per idempotency key.
create table payments (
  id bigint generated always as identity primary key,
  registration_id bigint not null references registrations (id) on delete cascade,
  user_id bigint not null references users (id),
  idempotency_key text not null unique,
  provider text not null,
  provider_charge_id text unique,
  amount integer not null check (amount > 0),
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  refunded_amount integer not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- At most one charge in flight or taken per registration: a payment is never taken twice.
create unique index payments_one_live_per_registration on payments (registration_id) where status in ('pending', 'succeeded');

-- The simulated wallet provider's own books (stands in for an external service).
create table wallet_charges (
  id text primary key,
  idempotency_key text not null unique,
  amount integer not null,
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  refunded_amount integer not null default 0,
  created_at timestamptz not null default now()
);

-- The simulated wallet's refunds, one per idempotency key.
create table wallet_refunds (
  idempotency_key text primary key,
  charge_id text not null references wallet_charges (id),
  amount integer not null check (amount > 0),
  created_at timestamptz not null default now()
);

-- Webhook events already applied, so a duplicate changes nothing.
create table payment_events (
  event_id text primary key,
  received_at timestamptz not null default now()
);
