import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { Cursor, HeldForReview, Id, Latitude, Limit, Longitude, Nullable, Tag, Timestamp } from './common.js';
import { Media, PhotoRef } from './media.js';
import { GroupRef } from './posts.js';
import { CAPACITY, MIN_TITLE, TEXT_LIMITS } from './limits.js';

export const ActivityStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('published'),
  Type.Literal('cancelled'),
  Type.Literal('completed'),
]);
export type ActivityStatus = Static<typeof ActivityStatus>;

export const Difficulty = Type.Union([Type.Literal('easy'), Type.Literal('moderate'), Type.Literal('hard')]);

export const Place = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.placeName }),
    address: Type.String({ maxLength: TEXT_LIMITS.address, default: '' }),
    lat: Latitude,
    lng: Longitude,
    meetingPoint: Type.String({ maxLength: TEXT_LIMITS.meetingPoint, default: '' }),
  },
  { additionalProperties: false },
);
export type Place = Static<typeof Place>;

/** A place published activities were held at, as the activity form's venue search finds it: `uses` is how many of those activities. */
export const KnownPlace = Type.Object(
  {
    name: Type.String(),
    address: Type.String(),
    lat: Latitude,
    lng: Longitude,
    uses: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type KnownPlace = Static<typeof KnownPlace>;

export const PlaceQuery = Type.Object(
  {
    /** The start of a place's name or of its address, whatever the case. */
    q: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 8 })),
  },
  { additionalProperties: false },
);
export type PlaceQuery = Static<typeof PlaceQuery>;

export const ActivityDetails = Type.Object(
  {
    difficulty: Nullable(Difficulty),
    distanceKm: Nullable(Type.Number({ minimum: 0, maximum: 10000 })),
    durationMinutes: Nullable(Type.Integer({ minimum: 1, maximum: 60 * 24 * 30 })),
    gear: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 20, default: [] }),
    included: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { maxItems: 20, default: [] }),
  },
  { additionalProperties: false },
);
export type ActivityDetails = Static<typeof ActivityDetails>;

/** Money in integer minor units (cents, fen) with an ISO 4217 currency; amount 0 is free. */
export const Fee = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
export type Fee = Static<typeof Fee>;

export const RefundPolicy = Type.Object(
  {
    fullRefundHoursBefore: Type.Integer({ minimum: 0, maximum: 24 * 365, description: 'Full refund when cancelling at least this many hours before the start.' }),
    partialRefundHoursBefore: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 24 * 365 }))),
    partialRefundPercent: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 100 }))),
  },
  { additionalProperties: false },
);
export type RefundPolicy = Static<typeof RefundPolicy>;

export const Question = Type.Object(
  { id: Type.String({ pattern: '^[a-z0-9-]{1,20}$' }), text: Type.String({ minLength: 1, maxLength: TEXT_LIMITS.question }), required: Type.Boolean() },
  { additionalProperties: false },
);

export const RegistrationStatus = Type.Union([
  Type.Literal('pending_approval'),
  Type.Literal('awaiting_payment'),
  Type.Literal('confirmed'),
  Type.Literal('waitlisted'),
  Type.Literal('cancelled'),
  Type.Literal('rejected'),
  Type.Literal('expired'),
]);
export type RegistrationStatus = Static<typeof RegistrationStatus>;

/** After an activity: came (checked in, or marked by the organizer), did not come, or not known. */
export const Attendance = Nullable(Type.Union([Type.Literal('attended'), Type.Literal('no_show')]));

/** How reliably a member shows up: activities they came to and missed, and late cancellations (apart). */
export const ShowUp = Type.Object({
  attended: Type.Integer(),
  noShows: Type.Integer(),
  lateCancellations: Type.Integer(),
  /** attended / (attended + noShows); null before any attendance is known. */
  rate: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
});
export type ShowUp = Static<typeof ShowUp>;

export const MyRegistration = Type.Object({
  id: Type.Integer(),
  status: RegistrationStatus,
  waitlistPosition: Nullable(Type.Integer()),
  /** On hold outside the queue until this time (a low show-up rate, `lowShowUp: 'waitlist'`): then in the waitlist, behind whoever waits. */
  heldUntil: Nullable(Timestamp),
  paymentDeadline: Nullable(Timestamp),
  amountPaid: Type.Integer(),
  amountRefunded: Type.Integer(),
  paymentStatus: Nullable(Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])),
  /** The latest charge attempt, whose receipt is at /payments/{id}/receipt; null: none. */
  paymentId: Nullable(Type.Integer()),
  checkInCode: Nullable(Type.String()),
  checkedIn: Type.Boolean(),
  /** The guests I bring, who take seats and pay the fee with me. */
  guests: Type.Array(Type.String()),
  attendance: Attendance,
  /** Cancelled after the organizer's cut-off (counted apart from no-shows). */
  lateCancel: Type.Boolean(),
  createdAt: Timestamp,
});
export type MyRegistration = Static<typeof MyRegistration>;

export const Activity = Type.Object({
  id: Type.Integer(),
  group: Nullable(GroupRef),
  organizer: UserSummary,
  title: Type.String(),
  description: Type.String(),
  descriptionHtml: Type.String(),
  tags: Type.Array(Type.String()),
  startsAt: Timestamp,
  endsAt: Timestamp,
  timeZone: Type.String(),
  startsAtLocal: Type.String({ description: 'Start in the activity’s zone, YYYY-MM-DDTHH:mm.' }),
  endsAtLocal: Type.String(),
  utcOffset: Type.String({ description: 'Offset of the activity’s zone at the start, e.g. +08:00.' }),
  place: Place,
  details: ActivityDetails,
  fee: Fee,
  capacity: Type.Integer(),
  /** How many guests each registration may bring (0: none). */
  maxGuests: Type.Integer(),
  /** Cancelling later than this many hours before the start is a late cancellation. */
  cancelCutoffHours: Type.Integer(),
  /** Members whose show-up rate is known and below this (percent) are refused, need the organizer's approval, or wait on hold until the last call, the cancellation cut-off before the start (`lowShowUp`). */
  minShowUpRate: Nullable(Type.Integer()),
  lowShowUp: Type.Union([Type.Literal('refuse'), Type.Literal('approval'), Type.Literal('waitlist')]),
  registrationDeadline: Nullable(Timestamp),
  requiresApproval: Type.Boolean(),
  questions: Type.Array(Question),
  refundPolicy: RefundPolicy,
  status: ActivityStatus,
  confirmedCount: Type.Integer(),
  waitlistCount: Type.Integer(),
  seatsLeft: Type.Integer(),
  distanceKm: Nullable(Type.Number()),
  popularity: Type.Number(),
  createdAt: Timestamp,
  cover: Nullable(Media, { description: "The activity's cover photo, atop its card and page." }),
  /** The recurring series it is an occurrence of. */
  seriesId: Nullable(Type.Integer()),
  /** An occurrence of a series its organizer did not confirm 48 hours before it starts: it may not happen. */
  unconfirmed: Type.Boolean(),
  album: Type.Array(Media, { description: 'Photos its participants added once it began, oldest first.' }),
  friendsGoing: Type.Object(
    { count: Type.Integer(), sample: Type.Array(UserSummary, { maxItems: 3 }) },
    { description: 'My friends (we follow each other) with a confirmed seat, as their privacy settings allow; none when signed out.' },
  ),
  viewer: Type.Object({
    registration: Nullable(MyRegistration),
    canManage: Type.Boolean(),
    canAddPhotos: Type.Boolean({ description: 'It has begun and I organize it or hold a confirmed seat: I may add to its album.' }),
  }),
});
export type Activity = Static<typeof Activity>;

/** An activity as lists show it: all but what only its page shows (description, details, questions, refund policy). */
export const ActivitySummary = Type.Omit(Activity, ['description', 'descriptionHtml', 'details', 'questions', 'refundPolicy', 'album']);
export type ActivitySummary = Static<typeof ActivitySummary>;

export const ActivityDetail = Type.Intersect([
  Activity,
  Type.Object({ goingFromMyGroups: Type.Object({ count: Type.Integer(), sample: Type.Array(UserSummary) }), heldForReview: HeldForReview }),
]);
export type ActivityDetail = Static<typeof ActivityDetail>;

const activityInputFields = {
  groupId: Type.Optional(Nullable(Id)),
  title: Type.String({ minLength: MIN_TITLE, maxLength: TEXT_LIMITS.activityTitle }),
  description: Type.Optional(Type.String({ maxLength: TEXT_LIMITS.activityDescription })),
  tags: Type.Array(Tag, { minItems: 1, maxItems: 8 }),
  startsAt: Type.String({ format: 'date-time' }),
  endsAt: Type.String({ format: 'date-time' }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  place: Place,
  details: Type.Optional(ActivityDetails),
  fee: Fee,
  capacity: Type.Integer({ minimum: CAPACITY.min, maximum: CAPACITY.max }),
  maxGuests: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'How many guests each registration may bring (default 0).' })),
  cancelCutoffHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 168, description: 'Cancelling later than this before the start counts as late (default 24).' })),
  minShowUpRate: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  lowShowUp: Type.Optional(Type.Union([Type.Literal('refuse'), Type.Literal('approval'), Type.Literal('waitlist')])),
  registrationDeadline: Type.Optional(Nullable(Type.String({ format: 'date-time' }))),
  requiresApproval: Type.Optional(Type.Boolean()),
  questions: Type.Optional(Type.Array(Question, { maxItems: 10 })),
  refundPolicy: Type.Optional(RefundPolicy),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
  cover: Type.Optional(Nullable(PhotoRef, { description: 'A cover photo: one of your uploads; null removes it.' })),
};

export const CreateActivityBody = Type.Object(activityInputFields, { additionalProperties: false });
export type CreateActivityBody = Static<typeof CreateActivityBody>;

const { groupId: _groupId, status: _status, ...editable } = activityInputFields;
export const UpdateActivityBody = Type.Partial(Type.Object(editable), { additionalProperties: false });
export type UpdateActivityBody = Static<typeof UpdateActivityBody>;

/** What a listing of upcoming activities can be narrowed by, wherever it looks. */
const activityListFilters = {
  interest: Type.Optional(Tag),
  when: Type.Optional(Type.Union([Type.Literal('today'), Type.Literal('weekend'), Type.Literal('week'), Type.Literal('month')])),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  free: Type.Optional(Type.Boolean()),
  maxFee: Type.Optional(Type.Integer({ minimum: 0, description: 'Most a seat may cost, in the minor unit of `currency` (needed above 0); free activities always pass.' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency of maxFee: paid activities in another currency are left out.' })),
  hasSeats: Type.Optional(Type.Boolean()),
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'Zone that “today” and “this weekend” are read in.' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
};

export const NearbyQuery = Type.Object({
  lat: Latitude,
  lng: Longitude,
  radiusKm: Type.Optional(Type.Number({ minimum: 0.1, maximum: 500, default: 25, description: 'Kilometres, from 0.1 (100 m) to 500.' })),
  sort: Type.Optional(Type.Union([Type.Literal('distance'), Type.Literal('popular')], { default: 'popular' })),
  ...activityListFilters,
});
export type NearbyQuery = Static<typeof NearbyQuery>;

/** The most popular upcoming activities inside a map's view (a box of latitudes and longitudes). */
export const AreaQuery = Type.Object({
  south: Latitude,
  west: Longitude,
  north: Latitude,
  east: Longitude,
  ...activityListFilters,
});
export type AreaQuery = Static<typeof AreaQuery>;

export const RegisterBody = Type.Object(
  {
    answers: Type.Optional(Type.Record(Type.String({ maxLength: 20 }), Type.String({ maxLength: 1000 }))),
    guests: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 10, description: "Names of the guests I bring, up to the activity's maxGuests; each takes a seat and pays the fee." }),
    ),
  },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

export const PayBody = Type.Object(
  { idempotencyKey: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);

export const Participant = Type.Object({
  registrationId: Type.Integer(),
  user: UserSummary,
  status: RegistrationStatus,
  waitlistPosition: Nullable(Type.Integer()),
  /** On hold outside the queue until this time (a low show-up rate, `lowShowUp: 'waitlist'`): then in the waitlist, behind whoever waits. */
  heldUntil: Nullable(Timestamp),
  answers: Type.Record(Type.String(), Type.String()),
  guests: Type.Array(Type.String()),
  amountPaid: Type.Integer(),
  checkedIn: Type.Boolean(),
  attendance: Attendance,
  /** The member disputes a no-show mark, with their note. */
  contest: Nullable(Type.Object({ note: Type.String(), at: Timestamp })),
  /** Their show-up record, for activities that need approval (privacy: docs/privacy.md). */
  showUp: Nullable(ShowUp),
  createdAt: Timestamp,
});
export type Participant = Static<typeof Participant>;

export const CheckInBody = Type.Object(
  {
    registrationId: Type.Optional(Id),
    code: Type.Optional(Type.String({ minLength: 4, maxLength: 12 })),
    checkedIn: Type.Optional(Type.Boolean({ description: 'False undoes a check-in.', default: true })),
  },
  { additionalProperties: false },
);

export const MyActivitiesQuery = Type.Object({
  tab: Type.Optional(Type.Union([Type.Literal('upcoming'), Type.Literal('waitlisted'), Type.Literal('past'), Type.Literal('organizing')], { default: 'upcoming' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type MyActivitiesQuery = Static<typeof MyActivitiesQuery>;

export const MemberActivitiesQuery = Type.Object({
  tab: Type.Optional(Type.Union([Type.Literal('going'), Type.Literal('went')], { default: 'going', description: 'Upcoming with a confirmed seat, or ended ones they held a seat at.' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type MemberActivitiesQuery = Static<typeof MemberActivitiesQuery>;

/** Most photos an activity's album holds. */
export const MAX_ALBUM_PHOTOS = 100;

export const AlbumBody = Type.Object(
  { photos: Type.Array(PhotoRef, { minItems: 1, maxItems: 9, description: 'My uploads, added after the photos already there.' }) },
  { additionalProperties: false },
);
export type AlbumBody = Static<typeof AlbumBody>;
export const Album = Type.Object({ items: Type.Array(Media) });

export const MarkAttendanceBody = Type.Object({ attended: Type.Boolean() }, { additionalProperties: false });
export const ContestBody = Type.Object({ note: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

/** One past activity in my attendance history. */
export const AttendanceRecord = Type.Object({
  registrationId: Type.Integer(),
  activity: Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Timestamp }),
  attendance: Attendance,
  lateCancel: Type.Boolean(),
  contested: Type.Boolean(),
});
export type AttendanceRecord = Static<typeof AttendanceRecord>;

export const FeedbackBody = Type.Object(
  { rating: Type.Integer({ minimum: 1, maximum: 5 }), note: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);
export type FeedbackBody = Static<typeof FeedbackBody>;
export const Feedback = Type.Object({ rating: Type.Integer(), note: Type.String(), createdAt: Timestamp });

/** An organizer's own view of how their activities went (private: nobody else sees it). */
export const OrganizerDashboard = Type.Object({
  /** Activities I organized that ended in the last 90 days. */
  activities: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      startsAt: Timestamp,
      confirmed: Type.Integer(),
      attended: Type.Integer(),
      noShows: Type.Integer(),
      feedbackCount: Type.Integer(),
      averageRating: Nullable(Type.Number()),
    }),
  ),
  averageRating: Nullable(Type.Number()),
  ratings: Type.Array(Type.Integer(), { description: 'How many 1, 2, 3, 4 and 5 ratings.' }),
  /** The latest notes, without who wrote them. */
  notes: Type.Array(Type.Object({ activityId: Type.Integer(), rating: Type.Integer(), note: Type.String(), createdAt: Timestamp })),
});
export type OrganizerDashboard = Static<typeof OrganizerDashboard>;

export const SeriesFreq = Type.Union([Type.Literal('weekly'), Type.Literal('monthly')]);

/** A recurring series: the first occurrence's fields, and how it repeats (in the activity's time zone). */
export const CreateSeriesBody = Type.Object(
  {
    activity: CreateActivityBody,
    freq: SeriesFreq,
    until: Type.Optional(Type.String({ format: 'date', description: 'The last local date an occurrence may fall on.' })),
  },
  { additionalProperties: false },
);
export type CreateSeriesBody = Static<typeof CreateSeriesBody>;

/** "This and following": changes to the occurrence `from` and every later one not yet begun; the time is local. */
export const UpdateSeriesBody = Type.Object(
  {
    from: Id,
    localTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 15, maximum: 24 * 60 })),
    title: Type.Optional(Type.String({ minLength: 3, maxLength: 120 })),
    description: Type.Optional(Type.String({ maxLength: 10000 })),
    place: Type.Optional(Place),
    fee: Type.Optional(Fee),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  },
  { additionalProperties: false },
);
export type UpdateSeriesBody = Static<typeof UpdateSeriesBody>;

export const Series = Type.Object({
  id: Type.Integer(),
  freq: SeriesFreq,
  timeZone: Type.String(),
  localTime: Type.String(),
  durationMinutes: Type.Integer(),
  until: Nullable(Type.String()),
  /** Paused after two occurrences in a row went unconfirmed: no new ones until its organizer resumes it. */
  paused: Type.Boolean(),
  occurrences: Type.Array(Type.Object({ id: Type.Integer(), startsAt: Timestamp, startsAtLocal: Type.String(), status: Type.String(), unconfirmed: Type.Boolean(), confirmed: Type.Boolean() })),
});
export type Series = Static<typeof Series>;
