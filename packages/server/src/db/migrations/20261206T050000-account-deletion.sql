-- A member who deletes their account leaves a tombstone row: payments, past
-- registrations and messages the other side keeps still point at it, while
-- everything that identified the member is erased (see account-deletion.ts).
alter table users add column deleted_at timestamptz;
