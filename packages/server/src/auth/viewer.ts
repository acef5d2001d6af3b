/** The member making a request, or null for an anonymous visitor. */
export interface SignedInViewer {
  id: number;
  username: string;
  role: 'member' | 'operator';
  csrfToken: string;
}
export type Viewer = SignedInViewer | null;
