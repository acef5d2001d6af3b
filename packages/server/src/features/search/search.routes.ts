import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { GroupSummary, Page, PostSummary, SearchQuery } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import * as groups from '../groups/groups.service.js';
import * as posts from '../posts/posts.service.js';

/** Ranked full-text search; Chinese and English alike (see lib/segment.ts). */
export function searchRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = ctx;
  app.get(
    '/search/groups',
    { schema: { tags: ['search'], summary: 'Search groups by name, description and tags', querystring: SearchQuery, response: { 200: Page(GroupSummary) } } },
    async (request) => groups.searchGroups(db, request.viewer, request.query),
  );
  app.get(
    '/search/posts',
    { schema: { tags: ['search'], summary: 'Search posts the viewer may read', querystring: SearchQuery, response: { 200: Page(PostSummary) } } },
    async (request) => posts.searchPosts(db, request.viewer, request.query),
  );
}
