import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { ActivitySummary } from './activities.js';
import { GroupSummary } from './groups.js';
import { Cursor, Id, Limit, Nullable, Timestamp } from './common.js';
import { ReportReason } from './companions.js';
import { Media } from './media.js';

/**
 * Who runs the community: `moderator`s act on reports, content and members
 * (warn, suspend for a period); `operator`s also ban, grant roles, read the
 * audit log and keep the console's lists.
 */
export const StaffRole = Type.Union([Type.Literal('member'), Type.Literal('moderator'), Type.Literal('operator')]);
export type StaffRole = Static<typeof StaffRole>;

const Reason = Type.String({ minLength: 1, maxLength: 500, description: 'Why, in a few words: kept in the audit log (and, for a suspension, shown to the member).' });

export const RoleBody = Type.Object({ role: StaffRole, reason: Reason });
export type RoleBody = Static<typeof RoleBody>;

export const SuspendBody = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Suspended for this many days; leave out with `ban`.' })),
  ban: Type.Optional(Type.Boolean({ description: 'Banned until lifted (operators only).' })),
  reason: Reason,
});
export type SuspendBody = Static<typeof SuspendBody>;

export const ReasonBody = Type.Object({ reason: Reason });
export type ReasonBody = Static<typeof ReasonBody>;

export const MemberStanding = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: StaffRole,
  /** Suspended or banned now: until when (null for a ban), and why. */
  suspension: Nullable(Type.Object({ until: Nullable(Timestamp), reason: Type.String() })),
  /** Their record: staff actions against them and upheld reports about them or their content (the member lookup carries it). */
  history: Type.Optional(Type.Object({ warnings: Type.Integer(), suspensions: Type.Integer(), bans: Type.Integer(), upheldReports: Type.Integer() })),
});
export type MemberStanding = Static<typeof MemberStanding>;

export const MemberSearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'The start of a username or display name, whatever its case (a leading @ is ignored). Left out: members suspended or banned now first (suspensions ending soonest, then bans), then everyone else, newest first.',
    }),
  ),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type MemberSearchQuery = Static<typeof MemberSearchQuery>;

/** A member as the console's search lists them: suspended and banned ones too, marked. */
export const MemberListing = Type.Object({
  user: UserSummary,
  role: StaffRole,
  /** Suspended or banned now: until when (null for a ban), and why. */
  suspension: Nullable(Type.Object({ until: Nullable(Timestamp), reason: Type.String() })),
  /** When they joined Kindred. */
  createdAt: Timestamp,
});
export type MemberListing = Static<typeof MemberListing>;

export const AuditAction = Type.Union([
  Type.Literal('role.grant'),
  Type.Literal('member.warn'),
  Type.Literal('member.suspend'),
  Type.Literal('member.ban'),
  Type.Literal('member.lift'),
  Type.Literal('report.resolve'),
  Type.Literal('content.restore'),
  Type.Literal('keyword.add'),
  Type.Literal('keyword.remove'),
  Type.Literal('feature.add'),
  Type.Literal('feature.remove'),
]);
export type AuditAction = Static<typeof AuditAction>;

/** One staff action, as the append-only audit log keeps it. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  /** Who acted; null for the server's command line. */
  actor: Nullable(Type.Object({ id: Type.Integer(), username: Type.String() })),
  action: AuditAction,
  target: Type.Object({ kind: Type.String(), id: Nullable(Type.Integer()), label: Type.String() }),
  reason: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ minLength: 3, maxLength: 20, pattern: '^[a-zA-Z0-9_]+$', description: 'Only this staff member’s actions.' })),
  action: Type.Optional(AuditAction),
  targetKind: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  targetId: Type.Optional(Type.Integer({ minimum: 1 })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const ReportTargetKind = Type.Union([
  Type.Literal('user'),
  Type.Literal('companion_request'),
  Type.Literal('photo'),
  Type.Literal('post'),
  Type.Literal('comment'),
  Type.Literal('activity'),
  Type.Literal('group'),
  Type.Literal('room_message'),
  Type.Literal('conversation'),
]);
export type ReportTargetKind = Static<typeof ReportTargetKind>;

export const ReportTarget = Type.Object({ kind: ReportTargetKind, id: Id });
export type ReportTarget = Static<typeof ReportTarget>;

/**
 * The open reports of one target with what staff need to decide: the content,
 * its author's record, every report. A conversation shows only the messages
 * its reporters shared.
 */
export const ModerationItem = Type.Object({
  target: ReportTarget,
  /** The gravest reason among its reports: 3 unsafe, 2 harassment, 1 fake or spam, 0 other. The queue is ordered by it, then by age. */
  severity: Type.Integer({ minimum: 0, maximum: 3 }),
  oldestAt: Timestamp,
  content: Type.Object({
    title: Type.String(),
    text: Type.String(),
    photo: Nullable(Media),
    group: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    /** Where it lives in the web app, when it has a page. */
    link: Nullable(Type.String()),
    /** Already taken down (deleted, cancelled, closed). */
    removed: Type.Boolean(),
  }),
  author: Nullable(UserSummary),
  /** The author's record: earlier staff actions and upheld reports about their content. */
  history: Type.Object({ warnings: Type.Integer(), suspensions: Type.Integer(), bans: Type.Integer(), upheldReports: Type.Integer() }),
  reports: Type.Array(
    Type.Object({
      id: Type.Integer(),
      reporter: Nullable(UserSummary, { description: 'Null: held by the keyword filter (`details` names the term).' }),
      reason: ReportReason,
      details: Type.String(),
      createdAt: Timestamp,
    }),
  ),
  sharedMessages: Type.Array(Type.Object({ id: Type.Integer(), sender: Type.String(), body: Type.String(), createdAt: Timestamp })),
  heldChange: Nullable(Type.Record(Type.String(), Type.String()), {
    description: 'A change of text the keyword filter holds (of a profile or companion card, a group, an activity), field by field; `content` shows the text others read meanwhile. Dismissing lets it through.',
  }),
});
export type ModerationItem = Static<typeof ModerationItem>;

/** A post or comment a moderator removed that its group's admins and staff may still restore. */
export const RemovedContent = Type.Object({
  kind: Type.Union([Type.Literal('post'), Type.Literal('comment')]),
  id: Type.Integer(),
  /** The post, or the comment's post. */
  postId: Type.Integer(),
  /** The post's title. */
  title: Type.String(),
  /** The post's excerpt, or the start of the comment. */
  text: Type.String(),
  author: Nullable(UserSummary),
  removedBy: Nullable(UserSummary),
  removedAt: Timestamp,
  /** After this it can no longer be restored. */
  restorableUntil: Timestamp,
});
export type RemovedContent = Static<typeof RemovedContent>;

export const ModerationAction = Type.Union([Type.Literal('dismiss'), Type.Literal('remove'), Type.Literal('warn'), Type.Literal('suspend'), Type.Literal('ban')]);
export type ModerationAction = Static<typeof ModerationAction>;

export const ResolveReportsBody = Type.Object({
  target: ReportTarget,
  action: ModerationAction,
  /** For `suspend`: how many days. */
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  reason: Reason,
});
export type ResolveReportsBody = Static<typeof ResolveReportsBody>;

export const ResolveReportsResult = Type.Object({ resolved: Type.Integer({ description: 'Open reports of the target now closed.' }) });

/** A term of the keyword filter: text containing it (as whole words; Chinese is segmented first) is refused, or held for review. */
export const KeywordTerm = Type.Object({
  id: Type.Integer(),
  term: Type.String(),
  action: Type.Union([Type.Literal('hold'), Type.Literal('reject')]),
  createdAt: Timestamp,
});
export type KeywordTerm = Static<typeof KeywordTerm>;

export const KeywordBody = Type.Object(
  { term: Type.String({ minLength: 1, maxLength: 100 }), action: Type.Union([Type.Literal('hold'), Type.Literal('reject')]), reason: Reason },
  { additionalProperties: false },
);
export type KeywordBody = Static<typeof KeywordBody>;

/** What operators pin to Discover, in their order: groups, and activities still to come. Each as the viewer may see it. */
export const Featured = Type.Object({ groups: Type.Array(GroupSummary), activities: Type.Array(ActivitySummary) });
export type Featured = Static<typeof Featured>;

export const FeaturedParams = Type.Object({ kind: Type.Union([Type.Literal('group'), Type.Literal('activity')]), id: Id });
export type FeaturedParams = Static<typeof FeaturedParams>;

const Day = Type.String({ format: 'date', description: 'A day (UTC), YYYY-MM-DD.' });

export const HealthQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (UTC), YYYY-MM-DD; 29 days before `to` when left out.' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day (UTC), YYYY-MM-DD; today when left out. At most 366 days after `from`.' })),
  city: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'Only this city (members, their groups and activities).' })),
  interest: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Only this interest tag. At most one of `city` and `interest`.' })),
});
export type HealthQuery = Static<typeof HealthQuery>;

/** What the dashboard counts per day; each series has one number per day of the range. */
export const HealthMetrics = Type.Object({
  /** Members seen that day. */
  activeMembers: Type.Array(Type.Integer()),
  /** Members seen in the seven days ending that day. */
  weeklyActiveMembers: Type.Array(Type.Integer()),
  signups: Type.Array(Type.Integer()),
  posts: Type.Array(Type.Integer()),
  comments: Type.Array(Type.Integer()),
  activitiesCreated: Type.Array(Type.Integer()),
  /** Activities that took place (not cancelled), on the day they started. */
  activitiesHeld: Type.Array(Type.Integer()),
  /** Activity page views. */
  views: Type.Array(Type.Integer()),
  registrations: Type.Array(Type.Integer()),
  /** Registrations that paid a fee, on the day they registered. */
  paid: Type.Array(Type.Integer()),
  /** Marked attended / no-show, on the activity's day. */
  attended: Type.Array(Type.Integer()),
  noShows: Type.Array(Type.Integer()),
  reportsOpened: Type.Array(Type.Integer()),
  reportsResolved: Type.Array(Type.Integer()),
  /** Mean hours from report to resolution of the reports resolved that day; null when none were. */
  resolutionHours: Type.Array(Nullable(Type.Number())),
});
export type HealthMetrics = Static<typeof HealthMetrics>;

export const HealthTotals = Type.Object({
  signups: Type.Integer(),
  posts: Type.Integer(),
  comments: Type.Integer(),
  activitiesCreated: Type.Integer(),
  activitiesHeld: Type.Integer(),
  views: Type.Integer(),
  registrations: Type.Integer(),
  paid: Type.Integer(),
  attended: Type.Integer(),
  noShows: Type.Integer(),
  reportsOpened: Type.Integer(),
  reportsResolved: Type.Integer(),
  /** attended ÷ (attended + no-shows), null when nobody was marked. */
  showUpRate: Nullable(Type.Number()),
  resolutionHours: Nullable(Type.Number()),
});
export type HealthTotals = Static<typeof HealthTotals>;

/** A city or interest to filter by, with its members (largest first). */
export const HealthFacet = Type.Object({ key: Type.String(), members: Type.Integer() });
export type HealthFacet = Static<typeof HealthFacet>;

/** The community's health over a range of days, from the daily rollups (`health.rollup` job). */
export const CommunityHealth = Type.Object({
  from: Day,
  to: Day,
  city: Nullable(Type.String()),
  interest: Nullable(Type.String()),
  /** When the rollups were last built; null before the first run. */
  updatedAt: Nullable(Timestamp),
  days: Type.Array(Day),
  series: HealthMetrics,
  totals: HealthTotals,
  cities: Type.Array(HealthFacet),
  interests: Type.Array(HealthFacet),
});
export type CommunityHealth = Static<typeof CommunityHealth>;
