import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';

/**
 * The origin the public reaches the site at, for absolute URLs in pages, robots.txt and sitemaps: the first
 * of KINDRED_ORIGIN when set, else the one this request came to (its scheme and host, as a trusted proxy
 * passes them on), as the calendar files' links are made. A Host header is the client's to write: only the
 * characters a host and port are made of are kept.
 */
export function publicOrigin(request: FastifyRequest, config: Pick<Config, 'origins'>): string {
  return config.origins?.[0] ?? `${request.protocol}://${request.host.replace(/[^A-Za-z0-9.:[\]-]/g, '') || 'localhost'}`;
}
