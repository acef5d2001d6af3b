import type { SignedInViewer } from './viewer.js';

/**
 * Live sessions recently read from the database, by token hash, so that most
 * requests skip the session lookup. An entry lives at most `ttlMs` (and never
 * past the session's own expiry); signing out removes it here at once and, on
 * every other instance, through the `session-ended` live event. If that event
 * is lost (the listening connection was down), the TTL bounds how long another
 * instance may still accept the ended session.
 */
export class SessionCache {
  private readonly entries = new Map<string, { viewer: SignedInViewer; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(tokenHash: string, now = Date.now()): SignedInViewer | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.viewer;
  }

  set(tokenHash: string, viewer: SignedInViewer, expiresAt: Date, now = Date.now()) {
    if (this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    // Oldest first: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { viewer, until: Math.min(now + this.ttlMs, expiresAt.getTime()) });
  }

  delete(tokenHash: string) {
    this.entries.delete(tokenHash);
  }
}
