/**
 * How each table distributes across database nodes (Citus, or hash partitions
 * in plain PostgreSQL): the one machine-readable form of docs/scaling.md's table.
 *
 * - `distributed`: hash-distributed on `column`, whose values name a
 *   `colocation`. Its primary key and unique constraints include that column
 *   and the column is never null; scripts/partitioned-schema.ts builds it as a
 *   hash-partitioned table and tests/distributed-schema.test.ts checks the
 *   catalog agrees. `crossKeyForeignKeys` names its foreign keys that do not
 *   stay on one shard (to a table of another colocation, or by another
 *   column): Citus refuses them, so they are dropped when the schema moves to
 *   Citus; listing them here keeps a new one from appearing unnoticed.
 * - `reference`: small and read everywhere; copied to every node.
 * - `not-yet`: meant to be distributed on `column`, but a key or unique
 *   constraint without it, or the column missing or nullable, keeps it from
 *   being so today (`reason`).
 */
export type Distribution =
  | { kind: 'distributed'; column: string; colocation: Colocation; crossKeyForeignKeys: string[] }
  | { kind: 'reference' }
  | { kind: 'not-yet'; column: string; colocation: Colocation; reason: string };

/**
 * What a distribution key's value names. Tables with the same colocation keep
 * the rows for one value on one shard, so a foreign key between them that maps
 * one key to the other stays on that shard.
 */
export type Colocation = 'group' | 'member' | 'session' | 'conversation' | 'room' | 'charge' | 'ledger-transaction' | 'ledger-reference' | 'job' | 'audit' | 'report-target' | 'held-target' | 'activity' | 'series' | 'map-cell' | 'username' | 'payment-key' | 'provider-charge' | 'payment-event' | 'charge-key';

function distributed(column: string, colocation: Colocation, crossKeyForeignKeys: string[] = []): Distribution {
  return { kind: 'distributed', column, colocation, crossKeyForeignKeys };
}
function notYet(column: string, colocation: Colocation, reason: string): Distribution {
  return { kind: 'not-yet', column, colocation, reason };
}
const reference: Distribution = { kind: 'reference' };

export const distribution: Record<string, Distribution> = {
  // A group's page, members and join requests: one shard per group.
  groups: distributed('id', 'group', ['groups_owner_id_fkey']),
  group_members: distributed('group_id', 'group', ['group_members_user_id_fkey']),
  join_requests: distributed('group_id', 'group', ['join_requests_user_id_fkey']),
  group_ownership_claims: distributed('group_id', 'group', ['group_ownership_claims_claimant_id_fkey']),
  // A group's one room: the lookup that keeps it one, by the group; the room lives by its id.
  group_rooms: distributed('group_id', 'group', ['group_rooms_room_id_fkey']),
  // A group's posts, their comments and likes: a post list, a thread and a like stay on the group's shard.
  posts: distributed('group_id', 'group', ['posts_author_id_fkey']),
  comments: distributed('group_id', 'group', ['comments_author_id_fkey']),
  post_likes: distributed('group_id', 'group', ['post_likes_user_id_fkey']),
  comment_likes: distributed('group_id', 'group', ['comment_likes_user_id_fkey']),

  // Everything about one member, by that member.
  users: distributed('id', 'member'),
  user_interests: distributed('user_id', 'member'),
  user_name_keys: distributed('user_id', 'member'),
  blocks: distributed('blocker_id', 'member', ['blocks_blocked_id_fkey']),
  follows: distributed('follower_id', 'member', ['follows_followee_id_fkey']),
  suggestion_dismissals: distributed('user_id', 'member', ['suggestion_dismissals_dismissed_id_fkey']),
  notification_group_mutes: distributed('user_id', 'member', ['notification_group_mutes_group_id_fkey']),
  member_days: distributed('user_id', 'member'),
  feed_items: distributed('user_id', 'member'),
  following_items: distributed('user_id', 'member'),
  rec_rankings: distributed('user_id', 'member'),
  rec_feedback: distributed('user_id', 'member'),
  companion_cards: distributed('user_id', 'member'),
  companion_card_interests: distributed('user_id', 'member'),
  companion_cells: distributed('user_id', 'member'),
  // A request by its author, an invite or application by the member it is sent to.
  companion_requests: distributed('author_id', 'member', ['companion_requests_activity_id_fkey']),
  companion_invites: distributed('to_id', 'member', ['companion_invites_from_id_fkey', 'companion_invites_request_id_fkey']),
  notifications: distributed('user_id', 'member', ['notifications_group_id_fkey']),
  // A member's uploads. The places showing a photo refer to it by id alone, without a foreign key (docs/scaling.md).
  media: distributed('owner_id', 'member'),
  // A pair's one conversation: the lookup that keeps it one, by the pair's lower member.
  conversation_pairs: distributed('user_low', 'member', ['conversation_pairs_conversation_id_fkey', 'conversation_pairs_user_high_fkey']),

  // A username's one holder, by the name: the unique that users, spread by id, cannot hold.
  usernames: distributed('name', 'username', ['usernames_user_id_fkey']),

  // A session is found by its token on every request, so it lives by the token.
  sessions: distributed('token_hash', 'session', ['sessions_user_id_fkey']),

  // A conversation, its members and messages. Its one-per-pair lookup lives by the pair's lower member (below).
  conversations: distributed('id', 'conversation', ['conversations_activity_id_fkey', 'conversations_user_high_fkey', 'conversations_user_low_fkey']),
  conversation_members: distributed('conversation_id', 'conversation', ['conversation_members_user_id_fkey']),
  messages: distributed('conversation_id', 'conversation', ['messages_sender_id_fkey']),
  // A room, its messages and per-member state. Its one-per-place lookups live by the place (below).
  rooms: distributed('id', 'room', ['rooms_activity_id_fkey', 'rooms_group_id_fkey']),
  room_reads: distributed('room_id', 'room', ['room_reads_user_id_fkey']),
  room_mutes: distributed('room_id', 'room', ['room_mutes_muted_by_fkey', 'room_mutes_user_id_fkey']),
  room_messages: distributed('room_id', 'room', ['room_messages_sender_id_fkey', 'room_messages_pinned_by_fkey', 'room_messages_removed_by_fkey']),
  // The moderation log, read only by moderators: spread by entry, every read asks every shard.
  audit_log: distributed('id', 'audit'),
  // Reports by what they report (the reporter is null for the keyword filter's): a target's reports are read,
  // merged and resolved together. The queue itself, like the audit log, asks every shard.
  reports: distributed('subject_id', 'report-target', ['reports_reporter_id_fkey']),
  // An activity, its registrations, ratings and view counts, and the lookup that keeps its room one: one shard per
  // activity, so a registration's capacity check and insert stay there. Lists of activities (a group's, nearby, a
  // member's) ask every shard; nearby reads its cells' lists first (below).
  activities: distributed('id', 'activity', ['activities_group_id_fkey', 'activities_organizer_id_fkey', 'activities_series_id_fkey']),
  registrations: distributed('activity_id', 'activity', ['registrations_user_id_fkey']),
  activity_feedback: distributed('activity_id', 'activity', ['activity_feedback_user_id_fkey']),
  activity_view_days: distributed('activity_id', 'activity'),
  activity_rooms: distributed('activity_id', 'activity', ['activity_rooms_room_id_fkey']),
  // A series and the occurrence indexes it has claimed (the unique activities, spread by id, cannot hold).
  activity_series: distributed('id', 'series', ['activity_series_organizer_id_fkey', 'activity_series_group_id_fkey', 'activity_series_template_activity_id_fkey']),
  series_slots: distributed('series_id', 'series'),
  // A payment with its activity (a registration's payments are read and written with it); the idempotency key
  // and provider charge id that find one, each by its own value.
  payments: distributed('activity_id', 'activity', ['payments_user_id_fkey']),
  payment_keys: distributed('idempotency_key', 'payment-key', ['payment_keys_activity_id_payment_id_fkey']),
  payment_charges: distributed('provider_charge_id', 'provider-charge', ['payment_charges_activity_id_payment_id_fkey']),
  // A provider's webhook events, kept once each by their id.
  payment_events: distributed('event_id', 'payment-event'),
  // The simulated wallet's books: a charge and its refunds by the charge, its idempotency key by itself.
  wallet_charges: distributed('id', 'charge'),
  wallet_refunds: distributed('charge_id', 'charge'),
  wallet_charge_keys: distributed('idempotency_key', 'charge-key', ['wallet_charge_keys_charge_id_fkey']),
  // A ledger transaction with its entries, so a posting is written and balanced on one shard; the movement it
  // posts (kind, reference) claimed once, by the reference.
  ledger_transactions: distributed('id', 'ledger-transaction'),
  ledger_entries: distributed('transaction_id', 'ledger-transaction'),
  ledger_references: distributed('reference', 'ledger-reference', ['ledger_references_transaction_id_fkey']),
  // A map cell's popular list, by the cell: a nearby page reads a few cells, each on one shard.
  activity_cells: distributed('cell', 'map-cell', ['activity_cells_activity_id_fkey']),
  // A held change by its target, not its author: one change waits per target, merged across whoever edits it
  // (a group's admins, an activity's organizers), and the edit paths and a moderator's decision find it by target.
  held_edits: distributed('target_id', 'held-target', ['held_edits_author_id_fkey']),

  // Small, read everywhere, written rarely. Ledger accounts: one per currency, activity with fees and organizer paid,
  // each written once, and read by every posting.
  ledger_accounts: reference,
  kindred_migrations: reference,
  rec_models: reference,
  rec_neighbors: reference,
  keyword_terms: reference,
  sitemaps: reference,
  featured: reference,
  health_state: reference,
  health_daily: reference,
  health_facets: reference,

  jobs: notYet('id', 'job', 'unique (kind, dedupe_key) across all jobs'),
};
