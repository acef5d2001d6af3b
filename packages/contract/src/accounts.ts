import { Type, type Static } from '@sinclair/typebox';
import { HeldForReview, Latitude, Longitude, Nullable, Tag, Timestamp } from './common.js';
import { Media, PhotoRef } from './media.js';
import { PrivacySettings, Relation, SuggestionReason } from './social.js';

export const SkillLevel = Type.Union([Type.Literal('beginner'), Type.Literal('intermediate'), Type.Literal('advanced')]);
export type SkillLevel = Static<typeof SkillLevel>;
export const Gender = Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('nonbinary'), Type.Literal('other')]);
export type Gender = Static<typeof Gender>;

export const Username = Type.String({ minLength: 3, maxLength: 20, pattern: '^[a-zA-Z0-9_]+$' });
export const DisplayName = Type.String({ minLength: 1, maxLength: 50 });
export const Password = Type.String({ minLength: 1, maxLength: 200 });

export const UserSummary = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    avatarUrl: Type.Union([Type.String(), Type.Null()], { description: "The member's photo, 320 px WebP; null: none (show initials)." }),
  },
  {},
);
export type UserSummary = Static<typeof UserSummary>;

/** A member in a followers, following, friends or requests list, since when. */
export const FollowEntry = Type.Object({ user: UserSummary, since: Timestamp });
export type FollowEntry = Static<typeof FollowEntry>;

/** Someone I may know, with why (strongest first). */
export const Suggestion = Type.Object({ user: UserSummary, reasons: Type.Array(SuggestionReason) });
export type Suggestion = Static<typeof Suggestion>;

export const MemberInterest = Type.Object({
  tag: Tag,
  curated: Type.Boolean({ description: 'True when the tag is in the curated taxonomy.' }),
  skill: Nullable(SkillLevel),
});
export type MemberInterest = Static<typeof MemberInterest>;

export const Me = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    bio: Type.String(),
    city: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    birthYear: Nullable(Type.Integer()),
    gender: Nullable(Gender),
    interests: Type.Array(MemberInterest),
    onboarded: Type.Boolean(),
    avatar: Nullable(Media, { description: 'My photo; null: none.' }),
    privacy: PrivacySettings,
    role: Type.Union([Type.Literal('member'), Type.Literal('moderator'), Type.Literal('operator')]),
    createdAt: Timestamp,
    heldForReview: HeldForReview,
  },
  {},
);
export type Me = Static<typeof Me>;

export const Profile = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    bio: Type.String(),
    city: Nullable(Type.String()),
    interests: Type.Array(MemberInterest),
    groupCount: Nullable(Type.Integer(), { description: 'Null: their privacy settings hide their groups from me.' }),
    postCount: Type.Integer(),
    followerCount: Type.Integer(),
    followingCount: Type.Integer(),
    friendCount: Type.Integer(),
    avatar: Nullable(Media, { description: "The member's photo; null: none." }),
    createdAt: Timestamp,
    /** The sections of the profile their privacy settings show me. */
    sections: Type.Object({ groups: Type.Boolean(), activities: Type.Boolean(), follows: Type.Boolean() }),
    viewer: Nullable(
      Type.Object({
        relation: Relation,
        /** What we share: groups we both belong to, activities we both went to, friends in common. */
        youBoth: Type.Object({ groups: Type.Integer(), activities: Type.Integer(), friends: Type.Integer() }),
        /** I may invite them (their setting allows it). */
        canInvite: Type.Boolean(),
      }),
      { description: 'Null when signed out or on my own profile.' },
    ),
  },
  {},
);
export type Profile = Static<typeof Profile>;

export const SessionInfo = Type.Object({ user: Nullable(Me), csrfToken: Nullable(Type.String()) });
export type SessionInfo = Static<typeof SessionInfo>;

export const SignUpBody = Type.Object(
  { username: Username, displayName: DisplayName, password: Password },
  { additionalProperties: false },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const SignInBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 50 }), password: Password },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const InterestInput = Type.Object({ tag: Tag, skill: Type.Optional(Nullable(SkillLevel)) }, { additionalProperties: false });

export const UpdateMeBody = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    bio: Type.Optional(Type.String({ maxLength: 500 })),
    city: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    lat: Type.Optional(Nullable(Latitude)),
    lng: Type.Optional(Nullable(Longitude)),
    birthYear: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2025 }))),
    gender: Type.Optional(Nullable(Gender)),
    interests: Type.Optional(Type.Array(InterestInput, { maxItems: 30 })),
    onboarded: Type.Optional(Type.Literal(true)),
    avatar: Type.Optional(Nullable(PhotoRef, { description: 'My photo: one of my uploads; null removes it.' })),
  },
  { additionalProperties: false },
);
export type UpdateMeBody = Static<typeof UpdateMeBody>;

export const DeleteAccountBody = Type.Object(
  { password: Password },
  { additionalProperties: false },
);
export type DeleteAccountBody = Static<typeof DeleteAccountBody>;

export const UsernameParams = Type.Object({ username: Username });
