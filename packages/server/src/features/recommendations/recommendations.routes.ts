import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { NotInterestedBody, RecQuery, RecommendedActivity, RecommendedGroup, RecommendedPost } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import * as recs from './recommendations.service.js';

export function recommendationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['recommendations'];
  app.get(
    '/recommendations/groups',
    { schema: { tags, summary: 'Groups to join, each with its reasons', querystring: RecQuery, response: { 200: Type.Object({ items: Type.Array(RecommendedGroup) }) } } },
    async (request) => ({ items: await recs.recommendGroups(ctx, requireViewer(request), request.query.limit ?? 10, ctx.readDb(request)) }),
  );
  app.get(
    '/recommendations/posts',
    { schema: { tags, summary: 'Discover feed: posts from recommended groups and my own', querystring: RecQuery, response: { 200: Type.Object({ items: Type.Array(RecommendedPost) }) } } },
    async (request) => ({ items: await recs.recommendPosts(ctx, requireViewer(request), request.query.limit ?? 10, ctx.readDb(request)) }),
  );
  app.get(
    '/recommendations/activities',
    { schema: { tags, summary: 'Upcoming activities for me, with reasons', querystring: RecQuery, response: { 200: Type.Object({ items: Type.Array(RecommendedActivity) }) } } },
    async (request) => ({ items: await recs.recommendActivities(ctx, requireViewer(request), request.query.limit ?? 10, ctx.readDb(request)) }),
  );
  for (const [path, value] of [['/recommendations/not-interested', true], ['/recommendations/interested', false]] as const) {
    app.post(
      path,
      { schema: { tags, summary: value ? 'Hide a recommendation and things like it' : 'Undo “not interested”', body: NotInterestedBody, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await recs.markNotInterested(ctx, requireViewer(request), request.body.kind, request.body.id, value);
        return reply.status(204).send(null);
      },
    );
  }
}
