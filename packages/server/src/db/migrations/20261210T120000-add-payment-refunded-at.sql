-- When a payment was refunded (a payment is refunded at most once), so a member's history can list refunds by time.
alter table payments add column refunded_at timestamptz;
update payments p set refunded_at = t.created_at
  from ledger_transactions t
  where t.kind = 'refund' and t.reference = 'payment:' || p.id;
