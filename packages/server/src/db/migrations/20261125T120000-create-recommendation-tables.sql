-- Item-to-item neighbours learned from co-membership (groups) and co-registration (activities' groups),
-- rebuilt by the background training job. Serving reads the neighbours of a member's own items.
create table rec_neighbors (
  kind text not null check (kind in ('group')),
  item_id bigint not null,
  neighbor_id bigint not null,
  score real not null,
  primary key (kind, item_id, neighbor_id)
);
-- Neighbours of one item, best first.
create index rec_neighbors_item_idx on rec_neighbors (kind, item_id, score desc);

-- "Not interested" on a recommendation.
create table rec_feedback (
  user_id bigint not null references users (id) on delete cascade,
  kind text not null check (kind in ('group', 'post', 'activity')),
  item_id bigint not null,
  created_at timestamptz not null default now(),
  primary key (user_id, kind, item_id)
);

-- When each model was last trained, and what it saw.
create table rec_models (
  kind text primary key,
  trained_at timestamptz not null,
  stats jsonb not null default '{}'
);
