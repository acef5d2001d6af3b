-- The keyword filter: terms operators keep, in Chinese or English, each refusing the text that contains it or
-- holding it for review. A term matches whole words (Chinese text is segmented first), never inside a word.
create table keyword_terms (
  id bigint generated always as identity primary key,
  term text not null check (length(term) between 1 and 100),
  action text not null check (action in ('hold', 'reject')),
  created_by bigint,
  created_at timestamptz not null default now()
);
create unique index keyword_terms_term_key on keyword_terms (lower(term));

-- A post with a term set to hold is withdrawn (as a deleted one is) until a moderator lets it through; its
-- author still reads it. The filter files it in the moderation queue as a report without a reporter.
alter table posts add column held_at timestamptz;
alter table reports alter column reporter_id drop not null;

-- A starter list written for Kindred: the scams and spam interest communities see most.
insert into keyword_terms (term, action) values
  ('buy followers', 'reject'),
  ('crypto giveaway', 'reject'),
  ('刷单', 'reject'),
  ('代开发票', 'reject'),
  ('套现', 'reject'),
  ('wire transfer', 'hold'),
  ('casino', 'hold'),
  ('whatsapp me', 'hold'),
  ('加微信', 'hold'),
  ('返现', 'hold'),
  ('博彩', 'hold');

-- Groups and activities operators pin to Discover, in their order.
create table featured (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('group', 'activity')),
  subject_id bigint not null,
  featured_by bigint,
  created_at timestamptz not null default now(),
  unique (kind, subject_id)
);
