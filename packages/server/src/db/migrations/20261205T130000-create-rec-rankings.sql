-- Each member's recommendations as last ranked, so that a request reads them
-- (one primary-key probe) instead of ranking. Written by the ranking pass after
-- each training (members with a live session), by the `recs.rank` job a
-- member's own changes schedule (join, leave, register, "not interested",
-- interests or place), and once on a member's first request. A request drops
-- what it must not show now and adds items created since `computed_at`.
--
-- Each kind is one jsonb document, read alone by that kind's request:
--   groups      {"ranked": [[group id, score, reasons], …], "profile": {…}}
--   posts       {"sources": [[group id, weight, reasons], …]}: the groups the
--               discover feed takes fresh posts from, and how much each weighs
--   activities  {"ranked": [[activity id, score, reasons], …], "profile": {…}, "groups": [group id, …]}
-- where reasons are short codes (recommendations.repository.ts) and a profile
-- is the engine's MemberProfile, what scoring an item created since needs.
create table rec_rankings (
  user_id bigint primary key references users (id) on delete cascade,
  -- Database time when the inputs were read: a ranking read from older inputs never replaces it.
  computed_at timestamptz not null,
  groups jsonb not null,
  posts jsonb not null,
  activities jsonb not null
);
