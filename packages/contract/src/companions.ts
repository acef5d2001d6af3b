import { Type, type Static } from '@sinclair/typebox';
import { Gender, SkillLevel, UserSummary } from './accounts.js';
import { ClientMessageId, Cursor, HeldForReview, Id, Latitude, Longitude, Nullable, Tag, Timestamp } from './common.js';
import { Media, PhotoRef } from './media.js';
import type { Notification } from './notifications.js';
import type { RoomMessage } from './rooms.js';
import { TEXT_LIMITS } from './limits.js';

/** A part of a week someone is usually free: day and part of the day, e.g. `sat-morning`. */
export const WEEK_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const DAY_PARTS = ['morning', 'afternoon', 'evening'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];
export type DayPart = (typeof DAY_PARTS)[number];
export const WeekSlot = Type.String({ pattern: '^(mon|tue|wed|thu|fri|sat|sun)-(morning|afternoon|evening)$', description: 'day-part, e.g. sat-morning' });
export const LocalDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:mm' });
export const TimeZone = Type.String({ minLength: 1, maxLength: 64 });

export const Availability = Type.Object(
  {
    slots: Type.Array(WeekSlot, { maxItems: 21, uniqueItems: true }),
    dates: Type.Array(LocalDate, { maxItems: 30, uniqueItems: true, description: 'Specific dates, besides the weekly slots.' }),
  },
  { additionalProperties: false },
);
export type Availability = Static<typeof Availability>;

/** How much an outing may cost each person: free, low (about a meal), medium (a ticket or a class), or any. */
export const Budget = Type.Union([Type.Literal('free'), Type.Literal('low'), Type.Literal('medium'), Type.Literal('any')]);
export type Budget = Static<typeof Budget>;
export const CostSharing = Type.Union([Type.Literal('split'), Type.Literal('each'), Type.Literal('either')]);
export type CostSharing = Static<typeof CostSharing>;

/** Who someone wants to go with. Empty lists and nulls mean "anyone". */
export const CompanionPreferences = Type.Object(
  {
    ageMin: Nullable(Type.Integer({ minimum: 16, maximum: 100 })),
    ageMax: Nullable(Type.Integer({ minimum: 16, maximum: 100 })),
    genders: Type.Array(Gender, { maxItems: 4, uniqueItems: true }),
    skills: Type.Array(SkillLevel, { maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type CompanionPreferences = Static<typeof CompanionPreferences>;

/** Distances between members are only ever shown in these buckets. */
export const DistanceBucket = Type.Union([
  Type.Literal('under_1km'),
  Type.Literal('1_3km'),
  Type.Literal('3_5km'),
  Type.Literal('5_10km'),
  Type.Literal('over_10km'),
]);
export type DistanceBucket = Static<typeof DistanceBucket>;

/** Where: the member's point is snapped to a coarse grid on write; only the area name and distance buckets are shown to others. */
export const AreaInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }), lat: Latitude, lng: Longitude },
  { additionalProperties: false },
);

export const CardInterest = Type.Object({ tag: Tag, skill: SkillLevel }, { additionalProperties: false });
export type CardInterest = Static<typeof CardInterest>;

export const CompanionCardBody = Type.Object(
  {
    discoverable: Type.Boolean({ description: 'False pauses the card: kept, but nobody finds it.' }),
    interests: Type.Array(CardInterest, { minItems: 1, maxItems: 10 }),
    availability: Availability,
    area: AreaInput,
    travelKm: Type.Integer({ minimum: 1, maximum: 100 }),
    preferences: CompanionPreferences,
    groupSizeMax: Type.Integer({ minimum: 2, maximum: 20, description: 'Largest outing, counting themselves.' }),
    budget: Budget,
    costSharing: CostSharing,
    intro: Type.String({ maxLength: 500 }),
    photo: Type.Optional(Nullable(PhotoRef, { description: 'A photo on the card: one of my uploads; null removes it; left out, it stays.' })),
  },
  { additionalProperties: false },
);
export type CompanionCardBody = Static<typeof CompanionCardBody>;

/** My own card, as stored (the point is already snapped to the grid). */
export const MyCompanionCard = Type.Object({
  discoverable: Type.Boolean(),
  interests: Type.Array(CardInterest),
  availability: Availability,
  area: Type.Object({ name: Type.String(), lat: Type.Number(), lng: Type.Number() }),
  travelKm: Type.Integer(),
  preferences: CompanionPreferences,
  groupSizeMax: Type.Integer(),
  budget: Budget,
  costSharing: CostSharing,
  intro: Type.String(),
  photo: Nullable(Media),
  updatedAt: Timestamp,
  heldForReview: HeldForReview,
});
export type MyCompanionCard = Static<typeof MyCompanionCard>;

/** Why two sides match: structured, plus the phrase in both languages. */
export const MatchReason = Type.Object({
  kind: Type.Union([Type.Literal('interests'), Type.Literal('skill'), Type.Literal('time'), Type.Literal('distance'), Type.Literal('preferences')]),
  en: Type.String(),
  zh: Type.String(),
});
export type MatchReason = Static<typeof MatchReason>;
export const Match = Type.Object({
  score: Type.Number({ minimum: 0, maximum: 1 }),
  reasons: Type.Array(MatchReason),
  /** All reasons as one sentence, e.g. "2 shared interests, both free Saturday morning, about 3 km apart". */
  summary: Type.Object({ en: Type.String(), zh: Type.String() }),
});
export type Match = Static<typeof Match>;

/** Another member's card as a searcher sees it: no coordinates, a distance bucket. */
export const CompanionPerson = Type.Object({
  user: UserSummary,
  age: Nullable(Type.Integer()),
  gender: Nullable(Gender),
  interests: Type.Array(CardInterest),
  availability: Availability,
  area: Type.String(),
  distance: DistanceBucket,
  travelKm: Type.Integer(),
  preferences: CompanionPreferences,
  groupSizeMax: Type.Integer(),
  budget: Budget,
  costSharing: CostSharing,
  intro: Type.String(),
  photo: Nullable(Media, { description: 'The photo on their card, if any.' }),
  match: Match,
  /** My pending or accepted invite with this member, if any. */
  invite: Nullable(Type.Object({ id: Type.Integer(), status: Type.String(), direction: Type.Union([Type.Literal('sent'), Type.Literal('received')]) })),
});
export type CompanionPerson = Static<typeof CompanionPerson>;

/** Filters shared by people and request search. Lists may repeat the parameter (`gender=female&gender=nonbinary`). */
export const CompanionSearchQuery = Type.Object(
  {
    tag: Type.Optional(Tag),
    maxKm: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    slots: Type.Optional(Type.Array(WeekSlot, { maxItems: 21 })),
    date: Type.Optional(LocalDate),
    ageMin: Type.Optional(Type.Integer({ minimum: 16, maximum: 100 })),
    ageMax: Type.Optional(Type.Integer({ minimum: 16, maximum: 100 })),
    gender: Type.Optional(Type.Array(Gender, { maxItems: 4 })),
    skill: Type.Optional(Type.Array(SkillLevel, { maxItems: 3 })),
    groupSize: Type.Optional(Type.Integer({ minimum: 2, maximum: 20, description: 'Largest outing I want, counting me.' })),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type CompanionSearchQuery = Static<typeof CompanionSearchQuery>;

/** When a request is for: one date with a time window in a zone, or weekly slots until a date. */
export const RequestWhen = Type.Union([
  Type.Object({ type: Type.Literal('once'), date: LocalDate, from: LocalTime, to: LocalTime }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('recurring'), slots: Type.Array(WeekSlot, { minItems: 1, maxItems: 21, uniqueItems: true }), until: LocalDate }, { additionalProperties: false }),
]);
export type RequestWhen = Static<typeof RequestWhen>;

export const CreateCompanionRequestBody = Type.Object(
  {
    tag: Tag,
    activityId: Type.Optional(Nullable(Id)),
    when: RequestWhen,
    timeZone: TimeZone,
    area: AreaInput,
    radiusKm: Type.Integer({ minimum: 1, maximum: 100 }),
    spots: Type.Integer({ minimum: 1, maximum: 19, description: 'How many companions are wanted.' }),
    preferences: CompanionPreferences,
    budget: Budget,
    costSharing: CostSharing,
    description: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
);
export type CreateCompanionRequestBody = Static<typeof CreateCompanionRequestBody>;

export const CompanionRequestStatus = Type.Union([Type.Literal('open'), Type.Literal('full'), Type.Literal('closed'), Type.Literal('expired')]);
export type CompanionRequestStatus = Static<typeof CompanionRequestStatus>;

export const CompanionRequest = Type.Object({
  id: Type.Integer(),
  author: UserSummary,
  age: Nullable(Type.Integer()),
  gender: Nullable(Gender),
  tag: Tag,
  activity: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Timestamp })),
  when: RequestWhen,
  timeZone: Type.String(),
  /** For a one-off request, the window as instants. */
  startsAt: Nullable(Timestamp),
  endsAt: Nullable(Timestamp),
  area: Type.String(),
  /** Null for my own requests. */
  distance: Nullable(DistanceBucket),
  radiusKm: Type.Integer(),
  spots: Type.Integer(),
  accepted: Type.Integer(),
  preferences: CompanionPreferences,
  budget: Budget,
  costSharing: CostSharing,
  description: Type.String(),
  status: CompanionRequestStatus,
  closesAt: Timestamp,
  createdAt: Timestamp,
  mine: Type.Boolean(),
  myApplication: Nullable(Type.Object({ id: Type.Integer(), status: Type.String() })),
  /** How well the request fits me; null on my own requests. */
  match: Nullable(Match),
  heldForReview: HeldForReview,
});
export type CompanionRequest = Static<typeof CompanionRequest>;

export const CompanionRequestSearchQuery = Type.Composite([
  CompanionSearchQuery,
  Type.Object({
    lat: Type.Optional(Latitude),
    lng: Type.Optional(Longitude),
  }),
], { additionalProperties: false });
export type CompanionRequestSearchQuery = Static<typeof CompanionRequestSearchQuery>;

export const InviteStatus = Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('declined'), Type.Literal('withdrawn')]);
export type InviteStatus = Static<typeof InviteStatus>;

export const CompanionInvite = Type.Object({
  id: Type.Integer(),
  /** An invite goes to a person; an application goes to the author of a request. */
  kind: Type.Union([Type.Literal('invite'), Type.Literal('application')]),
  from: UserSummary,
  to: UserSummary,
  request: Nullable(Type.Object({ id: Type.Integer(), tag: Type.String(), description: Type.String() })),
  message: Type.String(),
  status: InviteStatus,
  createdAt: Timestamp,
  decidedAt: Nullable(Timestamp),
  /** Once accepted, the two can chat here. */
  conversationId: Nullable(Type.Integer()),
});
export type CompanionInvite = Static<typeof CompanionInvite>;

export const InviteBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 40 }),
    message: Type.String({ minLength: 1, maxLength: 500 }),
    requestId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type InviteBody = Static<typeof InviteBody>;
export const ApplyBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export type ApplyBody = Static<typeof ApplyBody>;
export const InviteBoxQuery = Type.Object(
  {
    box: Type.Union([Type.Literal('incoming'), Type.Literal('outgoing')]),
    status: Type.Optional(InviteStatus),
    requestId: Type.Optional(Id),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type InviteBoxQuery = Static<typeof InviteBoxQuery>;

// ---- Chat ----

export const ChatMessage = Type.Object({
  id: Type.Integer(),
  conversationId: Type.Integer(),
  senderId: Type.Integer(),
  body: Type.String(),
  photo: Nullable(Media, { description: 'A photo sent with the message (the text may then be empty).' }),
  clientId: Nullable(Type.String()),
  held: Type.Boolean({ description: 'Held for review by the keyword filter: only its sender sees it until a moderator lets it through.' }),
  createdAt: Timestamp,
});
export type ChatMessage = Static<typeof ChatMessage>;

export const Conversation = Type.Object({
  id: Type.Integer(),
  other: UserSummary,
  lastMessage: Nullable(ChatMessage),
  unread: Type.Integer(),
  /** The last message I have read in it (0 for none); the other member's, for "seen" marks. */
  myLastReadId: Type.Integer(),
  otherLastReadId: Type.Integer(),
  /** The activity the two met over, when their companion request named one. */
  activity: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Timestamp })),
  updatedAt: Timestamp,
});
export type Conversation = Static<typeof Conversation>;

/** A client-chosen id makes sending idempotent: a retry returns the message already stored. */
export const SendMessageBody = Type.Object(
  {
    body: Type.String({ maxLength: TEXT_LIMITS.message, description: 'The text; may be empty when a photo goes with it.' }),
    photo: Type.Optional(PhotoRef),
    clientId: ClientMessageId,
  },
  { additionalProperties: false },
);
export type SendMessageBody = Static<typeof SendMessageBody>;
export const MarkReadBody = Type.Object({ upTo: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type MarkReadBody = Static<typeof MarkReadBody>;

/**
 * The live channel, a WebSocket at /api/v1/realtime?since=<message id>.
 * On connect the server first replays my messages newer than `since` (all
 * conversations, in id order), then sends `ready`, then live events.
 */
export type RealtimeServerEvent =
  | { type: 'message'; message: ChatMessage }
  | { type: 'read'; conversationId: number; userId: number; upTo: number }
  | { type: 'ready'; lastMessageId: number }
  | { type: 'ack'; clientId: string; message: ChatMessage }
  | { type: 'error'; clientId?: string; code: string; message: string }
  | { type: 'pong' }
  /** A new (or grown) notification, with my unread count after it. */
  | { type: 'notification'; notification: Notification; unread: number }
  /** My unread count changed (read on another device). */
  | { type: 'unread'; unread: number }
  /** A new message in a room I am in; a message pinned, unpinned or removed comes again as `room-message-changed`. */
  | { type: 'room-message'; message: RoomMessage }
  | { type: 'room-message-changed'; message: RoomMessage };
export type RealtimeClientEvent =
  | { type: 'send'; conversationId: number; body: string; clientId: string }
  | { type: 'ping' };

// ---- Reports ----

export const ReportReason = Type.Union([
  Type.Literal('spam'),
  Type.Literal('harassment'),
  Type.Literal('fake'),
  Type.Literal('unsafe'),
  Type.Literal('other'),
]);
export const ReportBody = Type.Union([
  Type.Object({ kind: Type.Literal('user'), username: Type.String({ minLength: 1, maxLength: 40 }), reason: ReportReason, details: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('companion_request'), id: Id, reason: ReportReason, details: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('photo'), id: Id, reason: ReportReason, details: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Union([Type.Literal('post'), Type.Literal('comment'), Type.Literal('activity'), Type.Literal('group'), Type.Literal('room_message')]),
      id: Id,
      reason: ReportReason,
      details: Type.String({ maxLength: 1000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('conversation'),
      id: Id,
      messageIds: Type.Array(Id, { minItems: 1, maxItems: 20, description: 'The messages of the conversation the reporter shares with the moderators: they read these and nothing else of it.' }),
      reason: ReportReason,
      details: Type.String({ maxLength: 1000 }),
    },
    { additionalProperties: false },
  ),
]);
export type ReportBody = Static<typeof ReportBody>;
