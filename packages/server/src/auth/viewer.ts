/** The member making a request, or null for an anonymous visitor. */
export interface SignedInViewer {
  id: number;
  username: string;
  role: 'member' | 'moderator' | 'operator';
  csrfToken: string;
  /** The session's token hash: what signing out ends, on every instance. */
  sessionHash: string;
  /** Until when (ms) the member is new, on their first day: lower write limits apply. */
  newUntil?: number;
}
export type Viewer = SignedInViewer | null;
