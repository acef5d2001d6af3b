import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * Pages anyone may read look the same to every anonymous visitor, so a
 * browser or a CDN may keep them and revalidate with the ETag: an unchanged
 * page is answered 304 with no body. Signed-in answers carry the member's own
 * state (their like, their role), so they are private to that browser.
 */
const publicPages = new Set([
  '/api/v1/groups/:id',
  '/api/v1/groups/:id/posts',
  '/api/v1/groups/:id/activities',
  '/api/v1/posts/:id',
  '/api/v1/posts/:id/comments',
  '/api/v1/activities/:id',
  '/api/v1/interests',
  '/api/v1/config',
]);

export function registerHttpCache(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200 || !publicPages.has(request.routeOptions.url ?? '')) return payload;
    reply.header('vary', 'Cookie');
    if (request.viewer) {
      reply.header('cache-control', 'private, no-cache');
      return payload;
    }
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = `W/"${crypto.createHash('sha1').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'public, no-cache');
    if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
