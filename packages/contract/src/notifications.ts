import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp } from './common.js';
import { UserSummary } from './accounts.js';

/**
 * What a notification is about, for muting: a member mutes a whole category
 * (likes, say) but not what they must hear (their registrations and payments,
 * changes to activities they go to).
 */
export const NotificationCategory = Type.Union([
  Type.Literal('follows'),
  Type.Literal('likes'),
  Type.Literal('comments'),
  Type.Literal('mentions'),
  Type.Literal('groups'),
  Type.Literal('activities'),
  Type.Literal('reminders'),
  Type.Literal('companions'),
  Type.Literal('messages'),
  Type.Literal('account'),
]);
export type NotificationCategory = Static<typeof NotificationCategory>;

/** Every kind of notification, by category. `data` carries the kind's details (see NotificationData). */
export const notificationKinds = {
  follows: ['follow.new', 'follow.request', 'follow.accepted'],
  likes: ['post.liked', 'comment.liked'],
  comments: ['post.commented', 'comment.replied'],
  mentions: ['mention'],
  groups: ['group.join_request', 'group.join_approved', 'group.join_declined', 'group.ownership_claim', 'group.ownership_objected', 'group.ownership_transferred'],
  activities: [
    'registration.confirmed',
    'registration.promoted',
    'registration.pending',
    'registration.approved',
    'registration.rejected',
    'registration.expired',
    'payment.failed',
    'payment.refunded',
    'activity.changed',
    'activity.cancelled',
    'series.still_on',
    'series.paused',
  ],
  reminders: ['activity.reminder', 'activity.recap', 'activity.feedback'],
  companions: ['companion.invite', 'companion.application', 'companion.accepted', 'companion.declined'],
  messages: ['message.unread'],
  account: ['account.warning', 'report.resolved', 'group.removed', 'content.removed', 'content.restored'],
} as const satisfies Record<NotificationCategory, readonly string[]>;
export type NotificationKind = (typeof notificationKinds)[NotificationCategory][number];

/** Categories a member cannot mute: what they registered or paid for, and what moderators tell them. */
export const unmutableCategories: readonly NotificationCategory[] = ['activities', 'account'];

export const NotificationSubject = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('post'),
      Type.Literal('comment'),
      Type.Literal('activity'),
      Type.Literal('group'),
      Type.Literal('member'),
      Type.Literal('invite'),
      Type.Literal('conversation'),
      Type.Literal('room'),
    ]),
    id: Type.Integer(),
    /** The post's, activity's or group's title or name (a room's activity or group); empty for members, invites and conversations. */
    title: Type.String(),
  },
  { description: 'What the notification is about.' },
);
export type NotificationSubject = Static<typeof NotificationSubject>;

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'One of notificationKinds; clients show a generic line for a kind they do not know.' }),
  category: NotificationCategory,
  /** Who did it, newest first: up to three; `actorCount` says how many in all ("Lin and 12 others liked your guide"). */
  actors: Type.Array(UserSummary),
  actorCount: Type.Integer({ minimum: 0 }),
  subject: Nullable(NotificationSubject),
  /**
   * Kind-specific details: `changes` [{ field: 'time'|'place'|'fee', before, after }] (activity.changed), `hours` and
   * `startsAt` (activity.reminder), `status` and `paymentDeadline` (registration.promoted / approved), `amount` and
   * `currency` (payment.refunded; activity.cancelled when the member's fee came back), `conversationId` (companion.accepted:
   * the chat it opened), `requestId` (companion kinds about a request), `count` (post.commented, message.unread), `excerpt` (comments, mentions),
   * `mutual` (follow.new: they followed back, you are friends now), `postId` (comment subjects), `groupId`, `groupName`,
   * `reason` (account.warning, group.removed: what the staff wrote), `contentKind` ('post' or 'comment': content.removed,
   * content.restored, whose subject is then the group it was removed from, or the post or comment brought back).
   */
  data: Type.Record(Type.String(), Type.Unknown()),
  /** Where it leads in the web app: a path such as /posts/12#comment-40. */
  link: Type.String(),
  read: Type.Boolean(),
  createdAt: Timestamp,
  /** When it last changed (a grouped notification moves up with each new like or comment). */
  updatedAt: Timestamp,
  readAt: Nullable(Timestamp),
});
export type Notification = Static<typeof Notification>;

export const NotificationSettings = Type.Object({
  categories: Type.Array(Type.Object({ category: NotificationCategory, muted: Type.Boolean(), mutable: Type.Boolean() })),
  mutedGroups: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
});
export type NotificationSettings = Static<typeof NotificationSettings>;

export const UpdateNotificationSettingsBody = Type.Object(
  {
    /** Categories to mute (true) or hear again (false); the others stay as they are. */
    muted: Type.Partial(
      Type.Object({
        follows: Type.Boolean(),
        likes: Type.Boolean(),
        comments: Type.Boolean(),
        mentions: Type.Boolean(),
        groups: Type.Boolean(),
        reminders: Type.Boolean(),
        companions: Type.Boolean(),
        messages: Type.Boolean(),
      }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type UpdateNotificationSettingsBody = Static<typeof UpdateNotificationSettingsBody>;
