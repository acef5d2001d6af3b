import { isIPv6 } from 'node:net';
import type { AppContext } from '../context.js';
import type { BackoffCounter } from '../lib/rate-limits.js';
import { RateLimitedError } from './write-limits.js';

/**
 * Runs a sign-in under the account's back-off (see docs/decisions.md): after a
 * few failures each further attempt waits twice as long as the last, never
 * locked. Failures are counted per account and address; an account-wide count
 * applies only to addresses the account has not signed in from, so someone
 * failing on purpose cannot keep the member out of their usual places. Unknown
 * usernames are throttled alike, so a 429 says nothing about who exists.
 */
export async function withSignInBackoff<T>(ctx: AppContext, username: string, address: string, signIn: () => Promise<T>): Promise<T> {
  const settings = ctx.config.signInBackoff;
  const { fromHere, familiar, accountWide } = keysOf(username, address);
  const counter = (key: string, freeFailures: number): BackoffCounter => ({
    key,
    freeFailures,
    firstWaitMs: settings.firstWaitSeconds * 1000,
    maxWaitMs: settings.maxWaitSeconds * 1000,
    forgetMs: settings.forgetSeconds * 1000,
  });
  const counters = [counter(fromHere, settings.freeFailures)];
  if (!(await ctx.limits.remembers(familiar))) counters.push(counter(accountWide, settings.accountFreeFailures));
  // The attempt is counted before the password is checked, so parallel guesses cannot all slip in before the first failure lands.
  const waitMs = await ctx.limits.attempt(counters);
  if (waitMs > 0) throw new RateLimitedError('Too many failed sign-ins for this account.', waitMs);
  const result = await signIn();
  await ctx.limits.reset([fromHere]);
  await ctx.limits.remember(familiar, settings.familiarDays * 24 * 3600 * 1000);
  return result;
}

/** A new account's address is familiar from the start: its member signed up there. */
export async function rememberSignUpAddress(ctx: AppContext, username: string, address: string) {
  await ctx.limits.remember(keysOf(username, address).familiar, ctx.config.signInBackoff.familiarDays * 24 * 3600 * 1000);
}

function keysOf(username: string, address: string) {
  const account = encodeURIComponent(username.toLowerCase());
  const place = networkOf(address);
  return { fromHere: `signin:${account}@${place}`, accountWide: `signin:${account}`, familiar: `signin-familiar:${account}@${place}` };
}

/** One IPv6 subscriber gets a whole /64, so that is one address here; IPv4 addresses stand alone. */
export function networkOf(address: string): string {
  if (!isIPv6(address) || address.includes('.')) return address.replace(/^::ffff:/i, '');
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
