import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { ClientMessageId, Id, Nullable, Timestamp } from './common.js';
import { Media, PhotoRef } from './media.js';
import { TEXT_LIMITS } from './limits.js';

/**
 * A chat room: every activity has one for its organizer, its admins and its confirmed participants
 * (waitlisted members read its pinned notes only); a group may open one for its members. Who is in a
 * room follows registrations and memberships: confirming a seat joins it, cancelling leaves it.
 */
export const RoomMessage = Type.Object({
  id: Type.Integer(),
  roomId: Type.Integer(),
  sender: UserSummary,
  /** Empty when removed. */
  body: Type.String(),
  photo: Nullable(Media),
  /** The message replied to, in brief (its text empty when it was removed). */
  replyTo: Nullable(Type.Object({ id: Type.Integer(), sender: UserSummary, excerpt: Type.String() })),
  pinned: Type.Boolean(),
  /** Removed by a moderator or its sender: shown as a placeholder. */
  removed: Type.Boolean(),
  held: Type.Boolean({ description: 'Held for review by the keyword filter: only its sender sees it until a moderator lets it through.' }),
  clientId: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type RoomMessage = Static<typeof RoomMessage>;

export const Room = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('activity'), Type.Literal('group')]),
  activity: Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Timestamp, status: Type.String() })),
  group: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  /** A group's room can be closed by its admins (an activity's is always open). */
  open: Type.Boolean(),
  lastMessage: Nullable(RoomMessage),
  lastMessageAt: Nullable(Timestamp),
  /** Unread messages for me, counted up to 99. */
  unread: Type.Integer(),
  myLastReadId: Type.Integer(),
  viewer: Type.Object({
    /** false: I see the pinned notes only (waitlisted). */
    canRead: Type.Boolean(),
    canSend: Type.Boolean(),
    canModerate: Type.Boolean(),
    /** Muted by a moderator until then. */
    mutedUntil: Nullable(Timestamp),
  }),
});
export type Room = Static<typeof Room>;

export const SendRoomMessageBody = Type.Object(
  {
    body: Type.String({ maxLength: TEXT_LIMITS.message, description: 'The text; may be empty when a photo goes with it.' }),
    photo: Type.Optional(PhotoRef),
    replyToId: Type.Optional(Id),
    clientId: ClientMessageId,
  },
  { additionalProperties: false },
);
export type SendRoomMessageBody = Static<typeof SendRoomMessageBody>;

export const RoomMessageParams = Type.Object({ id: Id, messageId: Id });

export const MuteMemberBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 40 }),
    minutes: Type.Integer({ minimum: 1, maximum: 43200, description: 'How long, up to 30 days.' }),
  },
  { additionalProperties: false },
);
export type MuteMemberBody = Static<typeof MuteMemberBody>;
