import { Type, type Static } from '@sinclair/typebox';

/** Who sees a section of my profile. */
export const Audience = Type.Union([Type.Literal('everyone'), Type.Literal('friends'), Type.Literal('me')]);
export type Audience = Static<typeof Audience>;

export const PrivacySettings = Type.Object({
  followApproval: Type.Boolean({ description: 'Following me needs my approval (a private profile).' }),
  showGroups: Audience,
  showActivities: Audience,
  showFollows: Type.Union([Type.Literal('everyone'), Type.Literal('friends'), Type.Literal('me')], { description: 'Who sees my followers, following and friends lists (the counts are public).' }),
  allowInvites: Type.Union([Type.Literal('everyone'), Type.Literal('friends'), Type.Literal('nobody')], { description: 'Who may invite me to meet up (companions).' }),
  suggestMe: Type.Boolean({ description: 'I may be suggested to others under "people you may know".' }),
  searchEngines: Type.Boolean({ description: 'Search engines may index my public profile page, and people search lists me to visitors who are not signed in (off: the page asks search engines not to, and only signed-in members find me).' }),
});
export type PrivacySettings = Static<typeof PrivacySettings>;

export const UpdatePrivacyBody = Type.Partial(PrivacySettings, { additionalProperties: false });
export type UpdatePrivacyBody = Static<typeof UpdatePrivacyBody>;

/** Where I stand with a member: not following, asked to follow (awaiting their approval), following. */
export const FollowState = Type.Union([Type.Literal('none'), Type.Literal('requested'), Type.Literal('following')]);
export type FollowState = Static<typeof FollowState>;

export const Relation = Type.Object({
  following: FollowState,
  followsMe: Type.Boolean(),
  /** We follow each other. */
  friends: Type.Boolean(),
});
export type Relation = Static<typeof Relation>;

export const FollowResult = Type.Object({ following: FollowState, followerCount: Type.Integer() });
export type FollowResult = Static<typeof FollowResult>;

/** Why someone is suggested: activities we both went to, groups we share, friends in common, a companion chat. */
export const SuggestionReason = Type.Object({
  kind: Type.Union([Type.Literal('activities'), Type.Literal('groups'), Type.Literal('mutual'), Type.Literal('chatted')]),
  count: Type.Integer(),
});
export type SuggestionReason = Static<typeof SuggestionReason>;

