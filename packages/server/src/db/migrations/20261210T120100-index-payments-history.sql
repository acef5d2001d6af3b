-- A member's payment history (GET /me/payments): their charges, newest first, and their totals per currency.
create index payments_user_created_idx on payments (user_id, created_at desc, id desc);
-- The same history's refunds, newest first.
create index payments_user_refunded_idx on payments (user_id, refunded_at desc, id desc) where refunded_at is not null;
