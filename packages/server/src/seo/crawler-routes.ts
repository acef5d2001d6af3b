import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { robotsTxt } from '../robots.js';
import { publicOrigin } from './public-origin.js';
import { readSitemap, sitemapName } from './sitemaps.js';

/**
 * What crawlers read besides the pages: /robots.txt (the server's own, unless the web app ships one: its
 * static files are served under the same names) and the sitemaps the `seo.sitemaps` job stores.
 */
export function crawlerRoutes(app: FastifyInstance, ctx: AppContext) {
  if (!fs.existsSync(path.join(ctx.config.webDist, 'robots.txt'))) {
    app.get('/robots.txt', { schema: { hide: true } }, (request, reply) =>
      reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400').send(robotsTxt(publicOrigin(request, ctx.config))),
    );
  }
  app.get('/sitemap.xml', { schema: { hide: true } }, (request, reply) => sendSitemap(ctx, request, reply, 'index'));
  app.get<{ Params: { file: string } }>('/sitemaps/:file', { schema: { hide: true } }, (request, reply) => {
    const name = sitemapName(request.params.file);
    if (!name) return reply.code(404).type('text/plain; charset=utf-8').send('No such sitemap.\n');
    return sendSitemap(ctx, request, reply, name);
  });
}

async function sendSitemap(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, name: string) {
  const sitemap = await readSitemap(ctx.db, name, publicOrigin(request, ctx.config));
  if (!sitemap) {
    // Before the first run of the job (moments after the first start) there is none yet: come back later.
    if (name === 'index') return reply.code(503).header('retry-after', '60').type('text/plain; charset=utf-8').send('The sitemap is being written.\n');
    return reply.code(404).type('text/plain; charset=utf-8').send('No such sitemap.\n');
  }
  reply.header('cache-control', 'public, max-age=600').header('etag', sitemap.etag).header('last-modified', sitemap.generatedAt.toUTCString());
  if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(sitemap.etag)) return reply.code(304).send();
  return reply.type('application/xml; charset=utf-8').send(sitemap.xml);
}
