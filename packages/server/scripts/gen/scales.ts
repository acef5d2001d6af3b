/** How much data each scale generates. Comments and likes follow from posts. */
export interface Scale {
  members: number;
  groups: number;
  memberships: number;
  posts: number;
  activities: number;
  cities: number;
  commentsPerPost: number;
  likesPerPost: number;
  /** Share of members with a companion card, and of members with an open companion request. */
  companionCards: number;
  companionRequests: number;
  /** Members (from id 1) who get a benchmark session. */
  sessions: number;
}

const common = { commentsPerPost: 0.6, likesPerPost: 1.5, companionCards: 0.3, companionRequests: 0.015, sessions: 2000 };

export const scales = {
  /** CI: runs in seconds. */
  small: { members: 2_000, groups: 400, memberships: 20_000, posts: 40_000, activities: 200, cities: 20, ...common },
  /** The performance baseline. */
  reference: { members: 100_000, groups: 20_000, memberships: 1_000_000, posts: 2_000_000, activities: 10_000, cities: 150, ...common },
  /** Ten times reference: the same code, streamed in batches. */
  large: { members: 1_000_000, groups: 100_000, memberships: 10_000_000, posts: 20_000_000, activities: 100_000, cities: 600, ...common },
} satisfies Record<string, Scale>;

export type ScaleName = keyof typeof scales;

export function isScaleName(name: string): name is ScaleName {
  return Object.hasOwn(scales, name);
}
