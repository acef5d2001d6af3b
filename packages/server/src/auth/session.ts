import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
// Cookie parsing and setting on requests and replies (registered in app.ts).
import type {} from '@fastify/cookie';
import { ErrorCode } from '@kindred/contract';
import { NEW_MEMBER_HOURS } from '../config/config.js';
import type { AppContext } from '../context.js';
import { AppError, UnauthenticatedError } from '../errors.js';
import { originAllowed } from './origin.js';
import { SessionCache } from './session-cache.js';
import type { SignedInViewer, Viewer } from './viewer.js';
import * as sessions from './session.repository.js';

export const SESSION_COOKIE = 'kindred_session';
export const CSRF_COOKIE = 'kindred_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer;
  }
  interface FastifyInstance {
    sessionCache: SessionCache;
  }
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Loads the viewer from the session cookie on every request, and guards
 * state-changing requests against cross-site forgery: a request from another
 * origin is refused, and a signed-in one must echo the session's CSRF token
 * in a header (a cross-site page can send the cookie but can't read the token).
 */
export function registerSessions(app: FastifyInstance, ctx: AppContext) {
  const cache = new SessionCache(ctx.config.sessionCacheSeconds * 1000, 50_000);
  const unsubscribe = ctx.events.subscribe(({ event }) => {
    if (event.type === 'session-ended' || event.type === 'session-changed') cache.delete(event.tokenHash);
  });
  app.addHook('onClose', async () => unsubscribe());
  app.decorate('sessionCache', cache);

  async function viewerOf(tokenHash: string): Promise<SignedInViewer | null> {
    const cached = cache.get(tokenHash);
    if (cached) return cached;
    const session = await sessions.findLiveSession(ctx.db, tokenHash);
    if (!session) return null;
    const viewer = {
      id: session.user_id,
      username: session.username,
      role: session.role,
      csrfToken: session.csrf_token,
      sessionHash: tokenHash,
      newUntil: session.created_at.getTime() + NEW_MEMBER_HOURS * 3_600_000,
    };
    cache.set(tokenHash, viewer, session.expires_at);
    // Seen now (for groups whose owner has been away); a failure here must not fail the request.
    sessions.markSeen(ctx.db, viewer.id).catch((error) => app.log.warn({ err: error }, 'could not record a member as seen'));
    return viewer;
  }

  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request, reply) => {
    const unsafe = !safeMethods.has(request.method);
    if (unsafe && !originAllowed(request, ctx.config)) throw new AppError(403, ErrorCode.csrfFailed, 'Cross-site requests are not accepted.');
    const token = sessionToken(request);
    if (!token) return;
    const viewer = await viewerOf(hashToken(token));
    if (!viewer) {
      clearSessionCookies(reply);
      return;
    }
    if (unsafe) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !timingSafeEqual(sent, viewer.csrfToken)) {
        throw new AppError(403, ErrorCode.csrfFailed, 'Missing or wrong CSRF token; reload the page and try again.');
      }
    }
    request.viewer = viewer;
  });
}

function timingSafeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** Starts a new session with a fresh random token and CSRF token (never reusing an old one). */
export async function startSession(ctx: AppContext, reply: FastifyReply, userId: number): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + ctx.config.sessionDays * 86_400_000);
  await sessions.insertSession(ctx.db, { token_hash: hashToken(token), user_id: userId, csrf_token: csrfToken, expires_at: expiresAt });
  const secure = reply.request.protocol === 'https';
  const common = { path: '/', sameSite: 'lax' as const, secure, expires: expiresAt };
  reply.setCookie(cookieName(SESSION_COOKIE, secure), token, { ...common, httpOnly: true });
  reply.setCookie(cookieName(CSRF_COOKIE, secure), csrfToken, { ...common, httpOnly: false });
  return csrfToken;
}

/** Signs out: the session is deleted, and every instance (this one included) forgets it and closes its live connections. */
export async function endSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const token = sessionToken(request);
  if (token) {
    const tokenHash = hashToken(token);
    request.server.sessionCache.delete(tokenHash);
    const userId = await sessions.deleteSession(ctx.db, tokenHash);
    if (userId !== undefined) await ctx.events.publish([userId], { type: 'session-ended', tokenHash });
  }
  clearSessionCookies(reply);
}

/**
 * Over HTTPS (directly or through a trusted proxy) the cookies are `Secure`
 * and carry the `__Host-` prefix, which a browser keeps only from a secure
 * origin, for the whole host and no other: a sibling subdomain can't plant one.
 */
function cookieName(base: string, secure: boolean) {
  return secure ? `__Host-${base}` : base;
}

function sessionToken(request: FastifyRequest): string | undefined {
  return request.protocol === 'https' ? request.cookies[cookieName(SESSION_COOKIE, true)] : request.cookies[SESSION_COOKIE];
}

function clearSessionCookies(reply: FastifyReply) {
  const secure = reply.request.protocol === 'https';
  for (const base of [SESSION_COOKIE, CSRF_COOKIE]) reply.clearCookie(cookieName(base, secure), { path: '/', secure });
}

/** The signed-in viewer, or a 401. */
export function requireViewer(request: FastifyRequest): SignedInViewer {
  if (!request.viewer) throw new UnauthenticatedError();
  return request.viewer;
}
