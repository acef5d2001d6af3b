import type { Db } from '../../db/database.js';

/** How long a member's ranked recommendations are reused before they are ranked again. */
export const RANKING_TTL_MS = 5 * 60_000;
const MAX_MEMBERS = 10_000;

// Per database (tests run several servers in one process), per member, per kind of ranking.
const caches = new WeakMap<Db, Map<number, Map<string, { until: number; value: Promise<unknown> }>>>();

/**
 * A member's ranking (which items, with reasons and scores), computed once per
 * RANKING_TTL_MS and shared by concurrent requests. Only the ranking is kept:
 * the items are loaded fresh for each request, so what the member sees of them
 * (joined, liked, registered) is never stale. The member's own changes that
 * alter a ranking (not interested, joining, registering) forget it on this
 * instance at once; other instances rank again within the TTL.
 */
export function cachedRanking<T>(db: Db, userId: number, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let mine = cache.get(userId);
  const now = Date.now();
  const hit = mine?.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  if (!mine) {
    // Oldest member first: a Map iterates in insertion order.
    if (cache.size >= MAX_MEMBERS) cache.delete(cache.keys().next().value!);
    cache.set(userId, (mine = new Map()));
  }
  const value = compute();
  mine.set(key, { until: now + RANKING_TTL_MS, value });
  // A failed ranking is not kept.
  const entries = mine;
  value.catch(() => entries.get(key)?.value === value && entries.delete(key));
  return value;
}

/** Forgets every ranking of a member on this instance. */
export function forgetRankings(db: Db, userId: number) {
  caches.get(db)?.delete(userId);
}
