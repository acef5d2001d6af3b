-- Payments live with their activity, and the wallet's charges by their id.
-- Idempotency keys and charge ids are unique across all of them, which a
-- unique index cannot promise once the rows are spread by another key: each
-- such value is a row of its own in a lookup keyed (and spread) by the value,
-- written by a trigger in the statement that writes the payment or charge, so
-- a taken value fails that statement with a unique violation, as the index
-- did, and the lookup leads to the one row that holds it.

alter table payments drop constraint payments_pkey;
alter table payments add primary key (activity_id, id);
create index payments_id_idx on payments (id);
drop index payments_one_live_per_registration;
create unique index payments_one_live_per_registration on payments (activity_id, registration_id) where status in ('pending', 'succeeded');

create table payment_keys (
  idempotency_key text primary key,
  activity_id bigint not null,
  payment_id bigint not null,
  foreign key (activity_id, payment_id) references payments (activity_id, id) on delete cascade
);
create table payment_charges (
  provider_charge_id text primary key,
  activity_id bigint not null,
  payment_id bigint not null,
  foreign key (activity_id, payment_id) references payments (activity_id, id) on delete cascade
);
insert into payment_keys select idempotency_key, activity_id, id from payments;
insert into payment_charges select provider_charge_id, activity_id, id from payments where provider_charge_id is not null;
alter table payments drop constraint payments_idempotency_key_key;
alter table payments drop constraint payments_provider_charge_id_key;

create function payments_claim_keys() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into payment_keys (idempotency_key, activity_id, payment_id) values (new.idempotency_key, new.activity_id, new.id);
  end if;
  if new.provider_charge_id is not null and (tg_op = 'INSERT' or new.provider_charge_id is distinct from old.provider_charge_id) then
    if tg_op = 'UPDATE' and old.provider_charge_id is not null then
      delete from payment_charges where provider_charge_id = old.provider_charge_id;
    end if;
    insert into payment_charges (provider_charge_id, activity_id, payment_id) values (new.provider_charge_id, new.activity_id, new.id);
  end if;
  return null;
end $$;
create trigger payments_claim_keys after insert or update of provider_charge_id on payments
  for each row execute function payments_claim_keys();

create table wallet_charge_keys (
  idempotency_key text primary key,
  charge_id text not null references wallet_charges (id) on delete cascade
);
insert into wallet_charge_keys select idempotency_key, id from wallet_charges;
alter table wallet_charges drop constraint wallet_charges_idempotency_key_key;

create function wallet_charges_claim_key() returns trigger language plpgsql as $$
begin
  insert into wallet_charge_keys (idempotency_key, charge_id) values (new.idempotency_key, new.id);
  return null;
end $$;
create trigger wallet_charges_claim_key after insert on wallet_charges
  for each row execute function wallet_charges_claim_key();

-- A refund's key is unique within its charge, where it lives.
alter table wallet_refunds drop constraint wallet_refunds_pkey;
alter table wallet_refunds add primary key (charge_id, idempotency_key);
