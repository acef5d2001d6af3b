import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

/** Row types of the database, snake_case as in SQL. Views map them to the API's camelCase. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  bio: Generated<string>;
  city: string | null;
  lat: number | null;
  lng: number | null;
  birth_year: number | null;
  gender: 'female' | 'male' | 'nonbinary' | 'other' | null;
  role: Generated<'member' | 'moderator' | 'operator'>;
  /** Suspended until then (infinity: banned); the member's content is hidden meanwhile. */
  suspended_until: NullableTimestamp;
  suspension_reason: string | null;
  onboarded_at: NullableTimestamp;
  created_at: Timestamp;
  avatar_media_id: Generated<number | null>;
  deleted_at: NullableTimestamp;
  follower_count: Generated<number>;
  /** Their posts are pulled when a Following feed is read, not (all) fanned out to their followers' following_items (feed.service.ts). */
  followers_pulled: Generated<boolean>;
  following_count: Generated<number>;
  follow_approval: Generated<boolean>;
  show_groups: Generated<Audience>;
  show_activities: Generated<Audience>;
  show_follows: Generated<Audience>;
  allow_invites: Generated<'everyone' | 'friends' | 'nobody'>;
  /** When a session of theirs was last used (kept to the hour). */
  last_seen_at: Date | null;
  /** Muted notification categories (NotificationCategory). */
  notification_mutes: Generated<string[]>;
  suggest_me: Generated<boolean>;
  /** Search engines may index the public profile page. */
  search_engines: Generated<boolean>;
}

/** Who sees a section of a member's profile. */
export type Audience = 'everyone' | 'friends' | 'me';

export interface FollowsTable {
  follower_id: number;
  followee_id: number;
  status: Generated<'active' | 'pending'>;
  created_at: Timestamp;
}

export interface SuggestionDismissalsTable {
  user_id: number;
  dismissed_id: number;
  created_at: Generated<Date>;
}

/** The later word starts (and Chinese characters) of a member's lowered display name, kept by a trigger, for people search. */
export interface UserNameKeysTable {
  user_id: number;
  key: string;
}

export interface UserInterestsTable {
  user_id: number;
  tag: string;
  skill: 'beginner' | 'intermediate' | 'advanced' | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  description: string;
  description_html: string;
  city: string | null;
  lat: number | null;
  lng: number | null;
  tags: string[];
  visibility: 'public' | 'private';
  join_policy: 'open' | 'approval';
  owner_id: number;
  member_count: Generated<number>;
  post_count: Generated<number>;
  search_vector: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  cover_media_id: Generated<number | null>;
  last_active_at: Date | null;
  attended_90d: Generated<number>;
  quiet: Generated<boolean>;
  /** group_rank(member_count, attended_90d, quiet): the popular order. */
  activity_rank: Generated<number>;
  /** Removed by operators from the moderation queue: gone for everyone (access.ts). */
  removed_at: Generated<Date | null>;
  /** Held by the keyword filter when created: withdrawn (with `removed_at`) except for its owner until let through. */
  held_at: Generated<Date | null>;
  /** Its posts are pulled when a feed is read, not (all) fanned out to its members' feed_items (feed.service.ts). */
  feed_pulled: Generated<boolean>;
}

/** A post in a member's home feed, fanned out on write (feed.service.ts); a candidate the feed still filters. */
export interface FeedItemsTable {
  user_id: number;
  created_at: Date;
  post_id: number;
  group_id: number;
}

/** Who holds a username (lowered): unique across all members, kept by a trigger on users. */
export interface UsernamesTable {
  name: string;
  user_id: number;
}

/** A followed author's post in a follower's Following feed, fanned out on write (feed.service.ts); a candidate the feed still filters. */
export interface FollowingItemsTable {
  user_id: number;
  created_at: Date;
  post_id: number;
  group_id: number;
  author_id: number;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  role: 'owner' | 'admin' | 'member';
  joined_at: Timestamp;
}

export interface JoinRequestsTable {
  group_id: number;
  user_id: number;
  message: string;
  created_at: Timestamp;
}

export interface PostsTable {
  id: Generated<number>;
  group_id: number;
  author_id: number;
  kind: 'guide' | 'experience' | 'question' | 'discussion';
  title: string;
  body: string;
  body_html: string;
  excerpt: string;
  tags: string[];
  like_count: Generated<number>;
  comment_count: Generated<number>;
  score: ColumnType<number, never, never>;
  hot_score: Generated<number>;
  pinned_at: NullableTimestamp;
  search_vector: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  /** Who removed it when not its author (a moderator or staff): it may be restored (RESTORE_DAYS). */
  removed_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** Withdrawn for review by the keyword filter (deleted_at is set with it). */
  held_at: NullableTimestamp;
  cover_media_id: Generated<number | null>;
  /** Its fan-out job has not finished: the home feed reads it from posts meanwhile. */
  fanout_pending: Generated<boolean>;
}

export interface CommentsTable {
  id: Generated<number>;
  /** Its post's group: comments are keyed (group_id, id), with their post. */
  group_id: number;
  post_id: number;
  parent_id: number | null;
  author_id: number;
  body: string;
  body_html: string;
  like_count: Generated<number>;
  created_at: Timestamp;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  /** Who removed it when not its author (a moderator or staff): it may be restored (RESTORE_DAYS). */
  removed_by: ColumnType<number | null, number | null | undefined, number | null>;
  held_at: Generated<Date | null>;
}

export interface PostLikesTable {
  /** Its post's group. */
  group_id: number;
  post_id: number;
  user_id: number;
  created_at: Timestamp;
}

export interface CommentLikesTable {
  /** Its comment's group. */
  group_id: number;
  comment_id: number;
  user_id: number;
  created_at: Timestamp;
}

export interface ActivitiesTable {
  id: Generated<number>;
  group_id: number | null;
  organizer_id: number;
  title: string;
  description: string;
  description_html: string;
  tags: string[];
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  place_name: string;
  address: string;
  lat: number;
  lng: number;
  /** H3 cells of the place, one per resolution of MAP_RESOLUTIONS (lib/map-cells.ts). */
  map_cells: string[] | null;
  meeting_point: string;
  difficulty: 'easy' | 'moderate' | 'hard' | null;
  distance_km: number | null;
  duration_minutes: number | null;
  gear: string[];
  included: string[];
  fee_amount: number;
  currency: string;
  capacity: number;
  seats_taken: Generated<number>;
  waitlist_count: Generated<number>;
  registration_deadline: NullableTimestamp;
  requires_approval: boolean;
  /** Guests each registration may bring (0–10). */
  max_guests: Generated<number>;
  cancel_cutoff_hours: Generated<number>;
  min_show_up_rate: number | null;
  low_show_up: Generated<'refuse' | 'approval' | 'waitlist'>;
  series_id: number | null;
  series_index: number | null;
  confirmed_at: NullableTimestamp;
  unconfirmed: Generated<boolean>;
  questions: ColumnType<{ id: string; text: string; required: boolean }[], string, string>;
  full_refund_hours: number;
  partial_refund_hours: number | null;
  partial_refund_percent: number | null;
  status: 'draft' | 'published' | 'cancelled' | 'completed';
  view_count: Generated<number>;
  recent_registrations: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Bumped by a trigger whenever updated_at changes: the iCalendar SEQUENCE. */
  revision: Generated<number>;
  cover_media_id: Generated<number | null>;
  /** Segmented title, description and tags (lib/search-vector.ts); null until the `search.activities` job writes it. */
  search_vector: ColumnType<string | null, string | null | undefined, string | null>;
}

export type RegistrationStatus = 'pending_approval' | 'awaiting_payment' | 'confirmed' | 'waitlisted' | 'cancelled' | 'rejected' | 'expired';

export interface RegistrationsTable {
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  status: RegistrationStatus;
  answers: ColumnType<Record<string, string>, string, string>;
  /** Guests the member brings: each takes a seat (or a waitlist place) and pays the fee. */
  guest_names: Generated<string[]>;
  attendance: 'attended' | 'no_show' | null;
  late_cancel: Generated<boolean>;
  contested_at: NullableTimestamp;
  /** On hold until the last call (a low show-up rate, waitlist first); not in the waitlist's count until then. */
  held_until: NullableTimestamp;
  contest_note: string | null;
  queued_at: Timestamp;
  payment_deadline: NullableTimestamp;
  amount_paid: Generated<number>;
  amount_refunded: Generated<number>;
  check_in_code: string;
  checked_in_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentsTable {
  id: Generated<number>;
  activity_id: number;
  registration_id: number;
  user_id: number;
  idempotency_key: string;
  provider: string;
  provider_charge_id: string | null;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  refunded_amount: Generated<number>;
  /** When it was refunded (at most once); null: never. */
  refunded_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The one payment holding an idempotency key (or, below, a provider's charge id), kept by a trigger on payments. */
export interface PaymentKeysTable {
  idempotency_key: string;
  activity_id: number;
  payment_id: number;
}

export interface PaymentChargesTable {
  provider_charge_id: string;
  activity_id: number;
  payment_id: number;
}

/** The one wallet charge holding an idempotency key, kept by a trigger on wallet_charges. */
export interface WalletChargeKeysTable {
  idempotency_key: string;
  charge_id: string;
}

/** The one ledger transaction posting a movement, by its kind and reference. */
export interface LedgerReferencesTable {
  kind: 'charge' | 'refund' | 'payout';
  reference: string;
  transaction_id: number;
}

export interface WalletChargesTable {
  id: string;
  idempotency_key: string;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  refunded_amount: Generated<number>;
  created_at: Timestamp;
}

export interface WalletRefundsTable {
  idempotency_key: string;
  charge_id: string;
  amount: number;
  created_at: Timestamp;
}

export interface PaymentEventsTable {
  event_id: string;
  received_at: Timestamp;
}

export interface LedgerAccountsTable {
  id: Generated<number>;
  code: string;
  currency: string;
}

export interface LedgerTransactionsTable {
  id: Generated<number>;
  kind: 'charge' | 'refund' | 'payout';
  reference: string;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  transaction_id: number;
  account_id: number;
  amount: number;
}

export interface KeywordTermsTable {
  id: Generated<number>;
  term: string;
  action: 'hold' | 'reject';
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface FeaturedTable {
  id: Generated<number>;
  kind: 'group' | 'activity';
  subject_id: number;
  featured_by: number | null;
  created_at: Generated<Date>;
}

/** Every staff action, append-only (a trigger refuses updates and deletes). */
export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_kind: string;
  target_id: number | null;
  target_label: Generated<string>;
  reason: Generated<string>;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: Generated<Date>;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  dedupe_key: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  run_at: Timestamp;
  attempts: Generated<number>;
  locked_until: NullableTimestamp;
  done_at: NullableTimestamp;
  last_error: string | null;
  /** Set when the job failed on its last attempt; it runs again only when an operator retries it. */
  dead_at: NullableTimestamp;
}

/** Stored sitemaps (seo/sitemaps.ts): the index and its pages, their URLs as paths. */
export interface SitemapsTable {
  name: string;
  xml: string;
  url_count: number;
  lastmod: Date | null;
  generated_at: Generated<Date>;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  subject_kind: string | null;
  subject_id: number | null;
  group_id: number | null;
  /** Who did it, newest first, at most three; actor_count counts them all. */
  actor_ids: Generated<number[]>;
  actor_count: Generated<number>;
  /** Notifications with the same key (per member) are one row, grown in place. */
  group_key: string | null;
  read_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoomsTable {
  id: Generated<number>;
  activity_id: number | null;
  group_id: number | null;
  open: Generated<boolean>;
  last_message_id: number | null;
  last_message_at: Date | null;
  created_at: Timestamp;
}

/** A group's one room (a lookup distributed by the group, written with the room). */
export interface GroupRoomsTable {
  group_id: number;
  room_id: number;
}

/** An activity's one room (a lookup distributed by the activity, written with the room). */
export interface ActivityRoomsTable {
  activity_id: number;
  room_id: number;
}

export interface RoomMessagesTable {
  id: Generated<number>;
  room_id: number;
  sender_id: number;
  body: string;
  photo_media_id: number | null;
  reply_to_id: number | null;
  client_id: string;
  pinned_at: NullableTimestamp;
  pinned_by: number | null;
  removed_at: NullableTimestamp;
  removed_by: number | null;
  /** Held by the keyword filter: only its sender sees it until a moderator lets it through. */
  held_at: Generated<Date | null>;
  created_at: Timestamp;
}

export interface RoomReadsTable {
  room_id: number;
  user_id: number;
  last_read_id: Generated<number>;
}

export interface RoomMutesTable {
  room_id: number;
  user_id: number;
  until: Date;
  muted_by: number | null;
}

export interface ActivitySeriesTable {
  id: Generated<number>;
  organizer_id: number;
  group_id: number | null;
  freq: 'weekly' | 'monthly';
  time_zone: string;
  anchor_date: ColumnType<string, string, string>;
  local_time: string;
  duration_minutes: number;
  until_date: ColumnType<string | null, string | null | undefined, string | null>;
  template_activity_id: number;
  paused_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface SeriesSlotsTable {
  series_id: number;
  series_index: number;
}

export interface ActivityFeedbackTable {
  activity_id: number;
  user_id: number;
  rating: number;
  note: Generated<string>;
  created_at: Timestamp;
}

export interface GroupOwnershipClaimsTable {
  group_id: number;
  claimant_id: number;
  created_at: Timestamp;
  effective_at: Date;
}

export interface NotificationGroupMutesTable {
  user_id: number;
  group_id: number;
  created_at: Timestamp;
}

export interface RecNeighborsTable {
  kind: string;
  item_id: number;
  neighbor_id: number;
  score: number;
}

export interface RecFeedbackTable {
  user_id: number;
  kind: 'group' | 'post' | 'activity';
  item_id: number;
  created_at: Timestamp;
}

export interface RecModelsTable {
  kind: string;
  trained_at: Timestamp;
  stats: ColumnType<Record<string, unknown>, string, string>;
}

/**
 * A member's stored recommendations, one document per kind (see the
 * migration and recommendations.repository.ts for their shapes).
 */
export interface RecRankingsTable {
  user_id: number;
  /** Database time when the ranking's inputs were read. */
  computed_at: Timestamp;
  groups: ColumnType<Record<string, unknown>, string, string>;
  posts: ColumnType<Record<string, unknown>, string, string>;
  activities: ColumnType<Record<string, unknown>, string, string>;
}

/** One row per (map cell, upcoming published activity everyone may see): the nearby lists. */
export interface ActivityCellsTable {
  cell: string;
  activity_id: number;
  score: number;
  starts_at: Timestamp;
  lat: number;
  lng: number;
  tags: string[];
  fee_amount: number;
  currency: string;
  has_seats: boolean;
}

export interface BlocksTable {
  blocker_id: number;
  blocked_id: number;
  created_at: Timestamp;
}

type Skill = 'beginner' | 'intermediate' | 'advanced';
type BudgetLevel = 'free' | 'low' | 'medium' | 'any';
type CostSharingPref = 'split' | 'each' | 'either';
type GenderValue = 'female' | 'male' | 'nonbinary' | 'other';

export interface CompanionCardsTable {
  user_id: number;
  discoverable: boolean;
  slots: number;
  dates: string[];
  area_name: string;
  lat: number;
  lng: number;
  travel_km: number;
  age_min: number | null;
  age_max: number | null;
  genders: GenderValue[];
  skills: Skill[];
  group_size_max: number;
  budget: BudgetLevel;
  cost_sharing: CostSharingPref;
  intro: string;
  /** H3 cells of the (snapped) point, one per resolution of MAP_RESOLUTIONS. */
  map_cells: string[] | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  photo_media_id: Generated<number | null>;
}

/**
 * One row per (map cell, discoverable card): the companion search lists, each
 * row the card (without its intro) with its member's age and gender and its interests.
 */
export interface CompanionCellsTable extends Omit<CompanionCardsTable, 'discoverable' | 'intro' | 'map_cells' | 'created_at'> {
  cell: string;
  birth_year: number | null;
  gender: UsersTable['gender'];
  tags: string[];
  interests: { tag: string; skill: Skill }[];
}

export interface CompanionCardInterestsTable {
  user_id: number;
  tag: string;
  skill: Skill;
}

export interface CompanionRequestsTable {
  id: Generated<number>;
  author_id: number;
  tag: string;
  activity_id: number | null;
  when_type: 'once' | 'recurring';
  local_date: string | null;
  local_from: string | null;
  local_to: string | null;
  until_date: string | null;
  time_zone: string;
  slots: number;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  closes_at: Timestamp;
  area_name: string;
  lat: number;
  lng: number;
  radius_km: number;
  spots: number;
  accepted: Generated<number>;
  age_min: number | null;
  age_max: number | null;
  genders: GenderValue[];
  skills: Skill[];
  budget: BudgetLevel;
  cost_sharing: CostSharingPref;
  description: string;
  closed_at: NullableTimestamp;
  /** Held by the keyword filter: withdrawn (with `closed_at`) except for its author until let through. */
  held_at: Generated<Date | null>;
  created_at: Timestamp;
}

export interface CompanionInvitesTable {
  id: Generated<number>;
  kind: 'invite' | 'application';
  from_id: number;
  to_id: number;
  request_id: number | null;
  /** The request's author (the sender of an invite, the recipient of an application), which keys the request. */
  request_author_id: GeneratedAlways<number | null>;
  message: string;
  status: Generated<'pending' | 'accepted' | 'declined' | 'withdrawn'>;
  created_at: Timestamp;
  decided_at: NullableTimestamp;
}

export interface ConversationsTable {
  id: Generated<number>;
  user_low: number;
  user_high: number;
  activity_id: number | null;
  last_message_id: number | null;
  created_at: Timestamp;
}

/** The one conversation of a pair of members (a lookup distributed by the lower member, written with the conversation). */
export interface ConversationPairsTable {
  user_low: number;
  user_high: number;
  conversation_id: number;
}

export interface ConversationMembersTable {
  conversation_id: number;
  user_id: number;
  last_read_id: Generated<number>;
  updated_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: number;
  sender_id: number;
  body: string;
  client_id: string | null;
  photo_media_id: Generated<number | null>;
  /** Held by the keyword filter: only its sender sees it until a moderator lets it through. */
  held_at: Generated<Date | null>;
  created_at: Timestamp;
}

/** A change of text held by the keyword filter, waiting for review (moderation/held.ts). */
export interface HeldEditsTable {
  kind: 'user' | 'group' | 'activity' | 'companion_card';
  target_id: number;
  author_id: number;
  fields: ColumnType<Record<string, string>, string, string>;
  publish: Generated<boolean>;
  created_at: Timestamp;
}

export interface ReportsTable {
  id: Generated<number>;
  /** Null: filed by the keyword filter. */
  reporter_id: number | null;
  kind: 'user' | 'companion_request' | 'photo' | 'post' | 'comment' | 'activity' | 'group' | 'room_message' | 'conversation';
  subject_id: number;
  reason: 'spam' | 'harassment' | 'fake' | 'unsafe' | 'other';
  details: string;
  status: Generated<'open' | 'resolved'>;
  /** A conversation's report: the messages the reporter shared. */
  message_ids: ColumnType<number[], number[] | undefined, number[]>;
  /** The group the content is in (its admins' queue) and the member it is about. */
  group_id: number | null;
  author_id: number | null;
  outcome: 'dismissed' | 'removed' | 'warned' | 'suspended' | 'banned' | null;
  resolved_by: number | null;
  resolved_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MediaTable {
  id: Generated<number>;
  owner_id: number;
  storage_prefix: string;
  source_type: string;
  width: number;
  height: number;
  placeholder: string;
  variants: ColumnType<{ name: string; width: number; height: number }[], string, string>;
  bytes: number;
  use_kind: MediaUseKind | null;
  use_id: number | null;
  position: Generated<number>;
  alt: Generated<string>;
  created_at: Generated<Date>;
}

export type MediaUseKind = 'post' | 'comment' | 'avatar' | 'group_cover' | 'activity_cover' | 'activity_album' | 'conversation' | 'companion_card' | 'room';

/** Daily rollups for the community health dashboard (see features/moderation/health.ts). */
export interface MemberDaysTable {
  day: ColumnType<string, string, never>;
  user_id: number;
}

export interface ActivityViewDaysTable {
  day: ColumnType<string, string, never>;
  activity_id: number;
  views: number;
}

export interface HealthDailyTable {
  dimension: 'all' | 'city' | 'interest';
  key: string;
  day: ColumnType<string, string, never>;
  active_members: number;
  weekly_active_members: number;
  signups: number;
  posts: number;
  comments: number;
  activities_created: number;
  activities_held: number;
  views: number;
  registrations: number;
  paid: number;
  attended: number;
  no_shows: number;
  reports_opened: number;
  reports_resolved: number;
  resolution_seconds: ColumnType<string, number, number>;
}

export interface HealthFacetsTable {
  dimension: 'city' | 'interest';
  key: string;
  members: number;
}

export interface HealthStateTable {
  id: Generated<boolean>;
  built_at: Date;
  covers_from: ColumnType<string, string, string>;
}

export interface DB {
  member_days: MemberDaysTable;
  activity_view_days: ActivityViewDaysTable;
  health_daily: HealthDailyTable;
  health_facets: HealthFacetsTable;
  health_state: HealthStateTable;
  audit_log: AuditLogTable;
  keyword_terms: KeywordTermsTable;
  featured: FeaturedTable;
  media: MediaTable;
  companion_cards: CompanionCardsTable;
  companion_cells: CompanionCellsTable;
  companion_card_interests: CompanionCardInterestsTable;
  companion_requests: CompanionRequestsTable;
  companion_invites: CompanionInvitesTable;
  conversations: ConversationsTable;
  conversation_pairs: ConversationPairsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  reports: ReportsTable;
  held_edits: HeldEditsTable;
  blocks: BlocksTable;
  rec_neighbors: RecNeighborsTable;
  rec_feedback: RecFeedbackTable;
  rec_models: RecModelsTable;
  rec_rankings: RecRankingsTable;
  activities: ActivitiesTable;
  activity_cells: ActivityCellsTable;
  registrations: RegistrationsTable;
  payments: PaymentsTable;
  ledger_references: LedgerReferencesTable;
  payment_keys: PaymentKeysTable;
  payment_charges: PaymentChargesTable;
  wallet_charge_keys: WalletChargeKeysTable;
  wallet_charges: WalletChargesTable;
  payment_events: PaymentEventsTable;
  wallet_refunds: WalletRefundsTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  jobs: JobsTable;
  sitemaps: SitemapsTable;
  notifications: NotificationsTable;
  notification_group_mutes: NotificationGroupMutesTable;
  group_ownership_claims: GroupOwnershipClaimsTable;
  activity_feedback: ActivityFeedbackTable;
  activity_series: ActivitySeriesTable;
  series_slots: SeriesSlotsTable;
  rooms: RoomsTable;
  group_rooms: GroupRoomsTable;
  activity_rooms: ActivityRoomsTable;
  room_messages: RoomMessagesTable;
  room_reads: RoomReadsTable;
  room_mutes: RoomMutesTable;
  users: UsersTable;
  follows: FollowsTable;
  suggestion_dismissals: SuggestionDismissalsTable;
  user_interests: UserInterestsTable;
  user_name_keys: UserNameKeysTable;
  sessions: SessionsTable;
  groups: GroupsTable;
  feed_items: FeedItemsTable;
  following_items: FollowingItemsTable;
  usernames: UsernamesTable;
  group_members: GroupMembersTable;
  join_requests: JoinRequestsTable;
  posts: PostsTable;
  comments: CommentsTable;
  post_likes: PostLikesTable;
  comment_likes: CommentLikesTable;
}
