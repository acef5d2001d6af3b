-- Double-entry ledger: every transaction's entries sum to zero per currency.
create table ledger_accounts (
  id bigint generated always as identity primary key,
  -- e.g. 'provider_cash', 'activity_escrow:12', 'organizer_payable:7'
  code text not null unique,
  currency text not null
);

create table ledger_transactions (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('charge', 'refund', 'payout')),
  -- What it is about (payment id, activity id); with kind it is unique, so a retry posts nothing twice.
  reference text not null,
  created_at timestamptz not null default now(),
  unique (kind, reference)
);

create table ledger_entries (
  transaction_id bigint not null references ledger_transactions (id),
  account_id bigint not null references ledger_accounts (id),
  amount integer not null check (amount <> 0)
);
-- Balances per account.
create index ledger_entries_account_idx on ledger_entries (account_id);
create index ledger_entries_transaction_idx on ledger_entries (transaction_id);
