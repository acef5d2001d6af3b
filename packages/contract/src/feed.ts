import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { ActivitySummary } from './activities.js';
import { Timestamp } from './common.js';
import { PostSummary } from './posts.js';

/** The Following feed: posts by members I follow, and activities my friends registered for (when they show their activities). */
export const FollowingFeedItem = Type.Union([
  Type.Object({ kind: Type.Literal('post'), at: Timestamp, post: PostSummary }),
  Type.Object({ kind: Type.Literal('going'), at: Timestamp, user: UserSummary, activity: ActivitySummary }),
]);
export type FollowingFeedItem = Static<typeof FollowingFeedItem>;

