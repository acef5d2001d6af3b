/**
 * Limits shared by the API and the web app. A plain module, without TypeBox, so that the web app can
 * import it alone (see the aliases in packages/web/vite.config.ts).
 */

/** Most photos a post's gallery holds. */
export const MAX_POST_PHOTOS = 9;
