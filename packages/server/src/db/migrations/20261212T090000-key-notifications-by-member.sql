-- Notifications are distributed by their member (docs/scaling.md): the primary
-- key includes user_id so each shard can check it alone. Every query on them
-- names the member already, so this index serves them all as the old one did.
alter table notifications drop constraint notifications_pkey;
alter table notifications add primary key (user_id, id);
