-- Reports of members and companion requests, for moderation.
create table reports (
  id bigint generated always as identity primary key,
  reporter_id bigint not null references users (id) on delete cascade,
  kind text not null check (kind in ('user', 'companion_request')),
  subject_id bigint not null,
  reason text not null check (reason in ('spam', 'harassment', 'fake', 'unsafe', 'other')),
  details text not null default '',
  status text not null default 'open' check (status in ('open', 'resolved')),
  created_at timestamptz not null default now()
);
-- One open report per reporter and subject.
create unique index reports_open_key on reports (reporter_id, kind, subject_id) where status = 'open';
-- The moderation queue, newest first.
create index reports_status_idx on reports (status, id desc);
