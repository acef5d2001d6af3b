import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ActivitySummary, GroupSummary, Page, PostSummary, SearchQuery, UserSummary } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import * as accounts from '../accounts/accounts.service.js';
import * as activities from '../activities/activities.service.js';
import * as groups from '../groups/groups.service.js';
import * as posts from '../posts/posts.service.js';

/**
 * Ranked full-text search; Chinese and English alike (see lib/segment.ts), a
 * word naming an interest standing for its names in both languages (see
 * lib/interest-synonyms.ts). People are found by name. Read from the
 * replica when there is one (see db/replica.ts).
 */
export function searchRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/search/groups',
    { schema: { tags: ['search'], summary: 'Search groups by name, description and tags', querystring: SearchQuery, response: { 200: Page(GroupSummary) } } },
    async (request) => groups.searchGroups(ctx.readDb(request), request.viewer, request.query),
  );
  app.get(
    '/search/posts',
    { schema: { tags: ['search'], summary: 'Search posts the viewer may read', querystring: SearchQuery, response: { 200: Page(PostSummary) } } },
    async (request) => posts.searchPosts(ctx.readDb(request), request.viewer, request.query),
  );
  app.get(
    '/search/activities',
    {
      schema: {
        tags: ['search'],
        summary: 'Search upcoming activities the viewer may see by title, description and interest',
        querystring: SearchQuery,
        response: { 200: Page(ActivitySummary) },
      },
    },
    async (request) => activities.searchActivities(ctx, request.viewer, request.query, ctx.readDb(request)),
  );
  app.get(
    '/search/people',
    {
      schema: {
        tags: ['search'],
        summary: 'Search members by username or display name (a prefix, any case)',
        description: 'Lists whom the viewer may see: never a member either has blocked, a suspended member or a deleted account; signed out, only members whose profile search engines may index.',
        querystring: SearchQuery,
        response: { 200: Page(UserSummary) },
      },
    },
    async (request) => accounts.searchPeople(ctx.readDb(request), request.viewer, request.query),
  );
}
