/**
 * Limits shared by the API and the web app. A plain module, without TypeBox, so that the web app can
 * import it alone (see the aliases in packages/web/vite.config.ts).
 */

/** Most photos a post's gallery holds. */
export const MAX_POST_PHOTOS = 9;

/**
 * The most characters each free-text field takes (code points, as the validator counts). The schemas
 * use these, and the web app counts against them, so a form refuses what the API would, in time.
 */
export const TEXT_LIMITS = {
  postTitle: 120,
  postBody: 20_000,
  comment: 5000,
  activityTitle: 120,
  activityDescription: 10_000,
  placeName: 120,
  address: 300,
  meetingPoint: 300,
  question: 200,
  photoAlt: 300,
  message: 2000,
} as const;

/** The fewest characters of a title that has a minimum. */
export const MIN_TITLE = 3;

/** Seats an activity may have. */
export const CAPACITY = { min: 1, max: 10_000 } as const;
