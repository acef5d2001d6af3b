-- A ledger transaction lives with its entries (by the transaction's id), so
-- posting one is a single-shard write and its balance is checked where it
-- lives. Its (kind, reference), unique across all transactions so that a
-- movement is never posted twice, is a row of its own keyed by the pair:
-- posting claims it in the same database transaction. Accounts, one per
-- currency, activity and organizer, written once each, are read by every
-- posting: a reference table.
create table ledger_references (
  kind text not null,
  reference text not null,
  transaction_id bigint not null references ledger_transactions (id) on delete cascade,
  primary key (reference, kind)
);
insert into ledger_references (kind, reference, transaction_id) select kind, reference, id from ledger_transactions;
alter table ledger_transactions drop constraint ledger_transactions_kind_reference_key;
create index ledger_transactions_reference_idx on ledger_transactions (reference, kind);
