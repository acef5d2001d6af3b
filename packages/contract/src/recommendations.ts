import { Type, type Static } from '@sinclair/typebox';
import { ActivitySummary } from './activities.js';
import { Id, Nullable } from './common.js';
import { GroupSummary } from './groups.js';
import { PostSummary } from './posts.js';

/** Why something is recommended: structured, plus the sentence in both languages. */
export const RecReason = Type.Object({
  kind: Type.Union([
    Type.Literal('interest'),
    Type.Literal('also_joined'),
    Type.Literal('in_your_group'),
    Type.Literal('friends_going'),
    Type.Literal('friends'),
    Type.Literal('popular_near'),
    Type.Literal('popular'),
  ]),
  tag: Type.Optional(Type.String()),
  group: Type.Optional(Type.Object({ id: Type.Integer(), name: Type.String() })),
  count: Type.Optional(Type.Integer()),
  en: Type.String(),
  zh: Type.String(),
});
export type RecReason = Static<typeof RecReason>;

export const RecommendedGroup = Type.Object({ group: GroupSummary, reasons: Type.Array(RecReason), score: Type.Number() });
export const RecommendedPost = Type.Object({ post: PostSummary, reasons: Type.Array(RecReason), score: Type.Number() });
export const RecommendedActivity = Type.Object({ activity: ActivitySummary, reasons: Type.Array(RecReason), score: Type.Number() });
export type RecommendedGroup = Static<typeof RecommendedGroup>;
export type RecommendedPost = Static<typeof RecommendedPost>;
export type RecommendedActivity = Static<typeof RecommendedActivity>;

export const RecKind = Type.Union([Type.Literal('group'), Type.Literal('post'), Type.Literal('activity')]);
export const RecQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 10 })) });
export const NotInterestedBody = Type.Object({ kind: RecKind, id: Id }, { additionalProperties: false });
export type NotInterestedBody = Static<typeof NotInterestedBody>;
export const RecModelInfo = Type.Object({ trainedAt: Nullable(Type.String()) });
