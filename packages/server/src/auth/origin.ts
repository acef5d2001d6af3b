import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';

/**
 * Whether a browser page at the request's `Origin` may act on this server:
 * one of the configured origins (KINDRED_ORIGIN), or else the server's own
 * (the scheme and host the request came in on, as a trusted proxy reports
 * them). `Origin: null` (sandboxed frames, local files) never may. No
 * `Origin` at all is a client that is not a browser page; it still needs the
 * session's CSRF token to write.
 */
export function originAllowed(request: FastifyRequest, config: Pick<Config, 'origins'>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const own = `${request.protocol}://${request.host}`;
  return (config.origins ?? [own]).includes(origin);
}
