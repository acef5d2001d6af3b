import { Redis } from 'ioredis';
import type { RateWindow } from '../config/config.js';

/** A back-off counter: after `freeFailures` attempts, each further one waits twice as long as the last. */
export interface BackoffCounter {
  key: string;
  freeFailures: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** The counter is forgotten this long after the wait its last attempt imposed has passed. */
  forgetMs: number;
}

/**
 * Counters behind the per-account limits, in this process or in Redis (shared by
 * every instance). Every operation that counts is atomic, so parallel requests
 * cannot slip past a limit together.
 */
export interface RateLimiter {
  /**
   * Counts one action under `key` against every window; when any window is used
   * up nothing is counted. Resolves to 0 when allowed, else the milliseconds to wait.
   */
  take(key: string, windows: readonly RateWindow[]): Promise<number>;
  /**
   * Counts one attempt on every counter unless one of them still imposes a wait;
   * resolves to 0 when allowed, else the milliseconds to wait (nothing counted).
   */
  attempt(counters: readonly BackoffCounter[]): Promise<number>;
  /** Forgets counters (a sign-in succeeded). */
  reset(keys: readonly string[]): Promise<void>;
  /** Marks a key as present for a while, and asks whether one is. */
  remember(key: string, ttlMs: number): Promise<void>;
  remembers(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Generic cell rate algorithm (the one redis-cell and Stripe's limiters use): one
 * stored time per window, the "theoretical arrival time" of the next action. A
 * window of `max` per `windowSeconds` admits a burst of `max`, then one action
 * every `windowSeconds / max`; the wait is exact, so Retry-After is too.
 */
function gcra(storedTat: number | null, window: RateWindow, now: number) {
  const windowMs = window.windowSeconds * 1000;
  const interval = windowMs / window.max;
  const tat = Math.max(storedTat ?? now, now) + interval;
  return { tat, waitMs: Math.max(0, tat - windowMs - now) };
}

function backoffWait(counter: BackoffCounter, count: number) {
  if (count < counter.freeFailures) return 0;
  return Math.min(counter.firstWaitMs * 2 ** (count - counter.freeFailures), counter.maxWaitMs);
}

function windowKey(key: string, window: RateWindow) {
  return `${key}:${window.max}/${window.windowSeconds}`;
}

/** Counters in this process: for a single instance. */
export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const entries = new Map<string, { value: number[]; expiresAt: number }>();
  let sweepAt = 0;
  const read = (key: string, at: number) => {
    const entry = entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= at) {
      entries.delete(key);
      return null;
    }
    return entry.value;
  };
  // Expired counters are dropped from time to time, so memory follows active accounts only.
  const sweep = (at: number) => {
    if (at < sweepAt) return;
    sweepAt = at + 60_000;
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  };
  return {
    async take(key, windows) {
      const at = now();
      sweep(at);
      const next = windows.map((w) => gcra(read(windowKey(key, w), at)?.[0] ?? null, w, at));
      const waitMs = Math.max(0, ...next.map((n) => n.waitMs));
      if (waitMs > 0) return Math.ceil(waitMs);
      windows.forEach((w, i) => entries.set(windowKey(key, w), { value: [next[i]!.tat], expiresAt: next[i]!.tat }));
      return 0;
    },
    async attempt(counters) {
      const at = now();
      sweep(at);
      let waitMs = 0;
      const states = counters.map((c) => {
        const [count = 0, last = 0] = read(c.key, at) ?? [];
        waitMs = Math.max(waitMs, last + backoffWait(c, count) - at);
        return count;
      });
      if (waitMs > 0) return Math.ceil(waitMs);
      counters.forEach((c, i) => {
        const count = states[i]! + 1;
        entries.set(c.key, { value: [count, at], expiresAt: at + backoffWait(c, count) + c.forgetMs });
      });
      return 0;
    },
    async reset(keys) {
      for (const key of keys) entries.delete(key);
    },
    async remember(key, ttlMs) {
      entries.set(key, { value: [1], expiresAt: now() + ttlMs });
    },
    async remembers(key) {
      return read(key, now()) !== null;
    },
    async close() {
      entries.clear();
    },
  };
}

// Redis's own clock, so instances whose clocks differ still agree.
const nowLua = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: one per window. ARGV: windowMs, interval (ms) per window. */
const takeLua = `${nowLua}
local wait = 0
local tats = {}
for i = 1, #KEYS do
  local windowMs = tonumber(ARGV[2 * i - 1])
  local interval = tonumber(ARGV[2 * i])
  local stored = tonumber(redis.call('GET', KEYS[i]) or now)
  local tat = math.max(stored, now) + interval
  wait = math.max(wait, tat - windowMs - now)
  tats[i] = tat
end
if wait > 0 then return math.ceil(wait) end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.3f', tats[i]), 'PX', math.max(1, math.ceil(tats[i] - now)))
end
return 0`;

/** KEYS: one per counter (a hash of n, last). ARGV: freeFailures, firstWaitMs, maxWaitMs, forgetMs per counter. */
const attemptLua = `${nowLua}
local function waitFor(count, free, first, max)
  if count < free then return 0 end
  return math.min(first * 2 ^ (count - free), max)
end
local wait = 0
local counts = {}
for i = 1, #KEYS do
  local state = redis.call('HMGET', KEYS[i], 'n', 'last')
  local count = tonumber(state[1]) or 0
  local last = tonumber(state[2]) or 0
  local free, first, max = tonumber(ARGV[4 * i - 3]), tonumber(ARGV[4 * i - 2]), tonumber(ARGV[4 * i - 1])
  wait = math.max(wait, last + waitFor(count, free, first, max) - now)
  counts[i] = count
end
if wait > 0 then return math.ceil(wait) end
for i = 1, #KEYS do
  local count = counts[i] + 1
  local free, first, max, forget = tonumber(ARGV[4 * i - 3]), tonumber(ARGV[4 * i - 2]), tonumber(ARGV[4 * i - 1]), tonumber(ARGV[4 * i])
  redis.call('HSET', KEYS[i], 'n', count, 'last', now)
  redis.call('PEXPIRE', KEYS[i], math.ceil(waitFor(count, free, first, max) + forget))
end
return 0`;

/**
 * Counters in Redis under `namespace`, shared by every instance. When Redis does
 * not answer, actions are allowed (and `onError` told): a Redis outage must not
 * stop members from writing, as with the address limits (`skipOnError`).
 */
export function redisRateLimiter(url: string, namespace: string, onError: (error: unknown) => void): RateLimiter {
  const redis = new Redis(url, { connectTimeout: 1000, maxRetriesPerRequest: 1 });
  redis.on('error', onError);
  const ns = (key: string) => `${namespace}${key}`;
  const failOpen = <T>(fallback: T) => (error: unknown) => {
    onError(error);
    return fallback;
  };
  return {
    async take(key, windows) {
      const keys = windows.map((w) => ns(windowKey(key, w)));
      const args = windows.flatMap((w) => [w.windowSeconds * 1000, (w.windowSeconds * 1000) / w.max]);
      return Number(await redis.eval(takeLua, keys.length, ...keys, ...args).catch(failOpen(0)));
    },
    async attempt(counters) {
      const keys = counters.map((c) => ns(c.key));
      const args = counters.flatMap((c) => [c.freeFailures, c.firstWaitMs, c.maxWaitMs, c.forgetMs]);
      return Number(await redis.eval(attemptLua, keys.length, ...keys, ...args).catch(failOpen(0)));
    },
    async reset(keys) {
      if (keys.length > 0) await redis.del(...keys.map(ns)).catch(failOpen(0));
    },
    async remember(key, ttlMs) {
      await redis.set(ns(key), '1', 'PX', Math.max(1, Math.ceil(ttlMs))).catch(failOpen(null));
    },
    async remembers(key) {
      return (await redis.exists(ns(key)).catch(failOpen(0))) === 1;
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
