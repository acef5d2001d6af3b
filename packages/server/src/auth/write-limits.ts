import { ErrorCode } from '@kindred/contract';
import type { FastifyRequest } from 'fastify';
// The session hook decorates each request with its viewer.
import type {} from './session.js';
import type { WriteAction } from '../config/config.js';
import type { AppContext } from '../context.js';
import type { SignedInViewer } from './viewer.js';
import { AppError } from '../errors.js';

/** 429 in the one error shape, with Retry-After in whole seconds (at least 1). */
export class RateLimitedError extends AppError {
  constructor(message: string, waitMs: number) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    super(429, ErrorCode.rateLimited, `${message} Try again in ${seconds} s.`, undefined, { 'retry-after': String(seconds) });
  }
}

const what: Record<WriteAction, string> = {
  post: 'posts',
  comment: 'comments',
  like: 'likes',
  activity: 'new activities',
  registration: 'registrations',
  report: 'reports',
  companionRequest: 'companion requests',
  companionInvite: 'invites and applications',
  companionLocation: 'changes of your companion area',
  message: 'messages',
  media: 'photo uploads',
  follow: 'follows',
};

/**
 * Counts one write of the member against their per-account limit (and, on
 * their first day, the new members' one), or refuses it with 429 before
 * anything is written. Call it before the write, never after.
 */
export async function takeWriteLimit(ctx: AppContext, action: WriteAction, member: Pick<SignedInViewer, 'id' | 'newUntil'>): Promise<void> {
  const waitMs = await ctx.limits.take(`write:${action}:${member.id}`, ctx.config.writeLimits[action]);
  if (waitMs > 0) throw new RateLimitedError(`Too many ${what[action]} in a short time.`, waitMs);
  const firstDay = ctx.config.newMemberWriteLimits[action];
  if (firstDay && (member.newUntil ?? 0) > Date.now()) {
    const wait = await ctx.limits.take(`write-new:${action}:${member.id}`, firstDay);
    if (wait > 0) throw new RateLimitedError(`On their first day members have fewer ${what[action]}.`, wait);
  }
}

/**
 * Route option for a limited write: `{ preHandler: writeLimit(ctx, 'post') }`. It
 * runs after validation and before the handler, so a refused request writes
 * nothing; anonymous requests pass through to be refused by the handler.
 */
export function writeLimit(ctx: AppContext, action: WriteAction) {
  return async (request: FastifyRequest) => {
    if (request.viewer) await takeWriteLimit(ctx, action, request.viewer);
  };
}
