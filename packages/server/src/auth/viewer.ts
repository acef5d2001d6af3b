/** The member making a request, or null for an anonymous visitor. */
export interface SignedInViewer {
  id: number;
  username: string;
  role: 'member' | 'moderator' | 'operator';
  csrfToken: string;
  /** The session's token hash: what signing out ends, on every instance. */
  sessionHash: string;
}
export type Viewer = SignedInViewer | null;
