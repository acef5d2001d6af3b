import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { Cursor, HeldForReview, Latitude, Limit, Longitude, Nullable, Tag, Timestamp } from './common.js';
import { Media, PhotoRef } from './media.js';

export const Visibility = Type.Union([Type.Literal('public'), Type.Literal('private')]);
export const JoinPolicy = Type.Union([Type.Literal('open'), Type.Literal('approval')]);
export const GroupRole = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member')]);
export type GroupRole = Static<typeof GroupRole>;

export const Group = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    description: Type.String({ description: 'Markdown source.' }),
    descriptionHtml: Type.String({ description: 'Sanitized HTML rendered from the Markdown.' }),
    city: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    visibility: Visibility,
    joinPolicy: JoinPolicy,
    memberCount: Type.Integer(),
    postCount: Type.Integer(),
    /** Members' confirmed attendance at its activities in the last 90 days. */
    attendedRecently: Type.Integer(),
    /** No post and no activity in 90 days: shown as quiet and ranked below active groups. */
    quiet: Type.Boolean(),
    createdAt: Timestamp,
    cover: Nullable(Media, { description: "The group's cover photo, shown atop its card and page." }),
    owner: Type.Union([UserSummary, Type.Null()], { description: 'Null when the viewer and the owner have blocked each other.' }),
    friends: Type.Object(
      { count: Type.Integer(), sample: Type.Array(UserSummary, { maxItems: 3 }) },
      { description: 'My friends (we follow each other) who are members, as their privacy settings allow; of a private group, only when I am a member too; none when signed out.' },
    ),
    viewer: Type.Object({
      role: Nullable(GroupRole),
      pending: Type.Boolean({ description: 'A join request is waiting for approval.' }),
      canReadPosts: Type.Boolean(),
    }),
    heldForReview: HeldForReview,
  },
  {},
);
export type Group = Static<typeof Group>;

/** A group as lists show it: all but its description, which only its page shows. */
export const GroupSummary = Type.Omit(Group, ['description', 'descriptionHtml']);
export type GroupSummary = Static<typeof GroupSummary>;

export const GroupListQuery = Type.Object({
  category: Type.Optional(Type.String({ maxLength: 32 })),
  tag: Type.Optional(Tag),
  city: Type.Optional(Type.String({ maxLength: 60 })),
  sort: Type.Optional(Type.Union([Type.Literal('popular'), Type.Literal('new')], { default: 'popular' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type GroupListQuery = Static<typeof GroupListQuery>;

export const CreateGroupBody = Type.Object(
  {
    name: Type.String({ minLength: 3, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    tags: Type.Array(Tag, { minItems: 1, maxItems: 8 }),
    city: Nullable(Type.String({ minLength: 1, maxLength: 60 })),
    lat: Type.Optional(Nullable(Latitude)),
    lng: Type.Optional(Nullable(Longitude)),
    visibility: Visibility,
    joinPolicy: JoinPolicy,
    cover: Type.Optional(Nullable(PhotoRef, { description: 'A cover photo: one of your uploads; null removes it.' })),
  },
  { additionalProperties: false },
);
export type CreateGroupBody = Static<typeof CreateGroupBody>;

export const UpdateGroupBody = Type.Partial(CreateGroupBody, { additionalProperties: false });
export type UpdateGroupBody = Static<typeof UpdateGroupBody>;

export const JoinBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export const JoinResult = Type.Object({ status: Type.Union([Type.Literal('joined'), Type.Literal('pending')]), group: Group });

export const GroupMember = Type.Object({ user: UserSummary, role: GroupRole, joinedAt: Timestamp }
);
export type GroupMember = Static<typeof GroupMember>;

export const MemberParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }), userId: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export type MemberParams = Static<typeof MemberParams>;
export const ChangeRoleBody = Type.Object({ role: Type.Union([Type.Literal('admin'), Type.Literal('member')]) }, { additionalProperties: false });
export const TransferBody = Type.Object({ userId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false });

export const JoinRequest = Type.Object({ user: UserSummary, message: Type.String(), createdAt: Timestamp }
);
export type JoinRequest = Static<typeof JoinRequest>;

/** A group as listed among "my groups": the group plus my role in it. */
export const MyGroup = Type.Object({ group: GroupSummary, role: GroupRole, joinedAt: Timestamp });
export type MyGroup = Static<typeof MyGroup>;

/**
 * Who looks after a group, for its members: whether its owner has been away 60 days, an admin's claim to
 * ownership (effective after a notice the owner may object to), and, with no admin left, the most active
 * members who may step up.
 */
export const Stewardship = Type.Object({
  ownerAway: Type.Boolean(),
  claim: Nullable(Type.Object({ claimant: UserSummary, effectiveAt: Timestamp })),
  canClaim: Type.Boolean(),
  canObject: Type.Boolean(),
  stepUp: Type.Array(UserSummary, { description: 'With no admin left: the most active members, who may step up as admins.' }),
  canStepUp: Type.Boolean(),
});
export type Stewardship = Static<typeof Stewardship>;
