import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AuditEntry,
  CommunityHealth,
  HealthQuery,
  AuditQuery,
  Featured,
  FeaturedParams,
  IdParams,
  KeywordBody,
  KeywordTerm,
  MemberListing,
  MemberSearchQuery,
  MemberStanding,
  ModerationItem,
  RemovedContent,
  Page,
  PageQuery,
  ReasonBody,
  ResolveReportsBody,
  ResolveReportsResult,
  RoleBody,
  SuspendBody,
  UsernameParams,
} from '@kindred/contract';
import { requireViewer } from '../../auth/session.js';
import type { AppContext } from '../../context.js';
import { listAudit } from './audit.js';
import * as featured from './featured.js';
import { communityHealth } from './health.js';
import * as keywords from './keywords.js';
import { searchMembers } from './member-search.js';
import * as queue from './queue.js';
import { removedInGroup } from './removed.js';
import * as standing from './standing.js';

/** The console's member actions and its audit log. Each route asks access.ts (`requireStaff`): 401 signed out, 403 not staff. */
export function moderationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['moderation'];
  const security = [{ session: [] }];
  app.get(
    '/operator/members',
    {
      schema: {
        tags,
        security,
        summary: 'Find members by the start of their username or display name, suspended and banned ones too; without a query, those suspended or banned now first (moderators)',
        querystring: MemberSearchQuery,
        response: { 200: Page(MemberListing) },
      },
    },
    async (request) => searchMembers(ctx, request.viewer, request.query),
  );
  app.get(
    '/operator/members/:username',
    { schema: { tags, security, summary: 'A member’s role, suspension and record (moderators)', params: UsernameParams, response: { 200: MemberStanding } } },
    async (request) => standing.getStanding(ctx, request.viewer, request.params.username),
  );
  app.put(
    '/operator/members/:username/role',
    { schema: { tags, summary: 'Make a member a moderator, an operator, or a member again (operators)', params: UsernameParams, body: RoleBody, response: { 200: MemberStanding } } },
    async (request) => standing.setRole(ctx, request.viewer, request.params.username, request.body),
  );
  app.post(
    '/operator/members/:username/suspension',
    {
      schema: {
        tags,
        summary: 'Suspend a member for some days (moderators) or ban them (operators): their sessions end, their content is hidden, their upcoming registrations are cancelled',
        params: UsernameParams,
        body: SuspendBody,
        response: { 200: MemberStanding },
      },
    },
    async (request) => standing.suspend(ctx, request.viewer, request.params.username, request.body),
  );
  app.post(
    '/operator/members/:username/suspension/lift',
    { schema: { tags, summary: 'Lift a suspension (moderators) or a ban (operators): the member and their content are back', params: UsernameParams, body: ReasonBody, response: { 200: MemberStanding } } },
    async (request) => standing.lift(ctx, request.viewer, request.params.username, request.body.reason),
  );
  app.post(
    '/operator/members/:username/warnings',
    { schema: { tags, summary: 'Warn a member: they are told why (moderators)', params: UsernameParams, body: ReasonBody, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      await standing.warn(ctx, request.viewer, request.params.username, request.body.reason);
      return reply.status(204).send();
    },
  );
  app.get(
    '/operator/reports',
    {
      schema: {
        tags,
        security,
        summary: 'The moderation queue: open reports grouped by what they report, gravest then oldest first, each with the content, its author’s record and every report (moderators)',
        querystring: PageQuery,
        response: { 200: Page(ModerationItem) },
      },
    },
    async (request) => queue.staffQueue(ctx, request.viewer, request.query),
  );
  app.post(
    '/operator/reports/resolve',
    {
      schema: {
        tags,
        summary: 'Act on every open report of a target: dismiss, remove the content (a whole group: operators), or warn, suspend or ban (operators) its member; each reporter hears whether action was taken',
        body: ResolveReportsBody,
        response: { 200: ResolveReportsResult },
      },
    },
    async (request) => queue.resolveReports(ctx, request.viewer, request.body),
  );
  app.get(
    '/groups/:id/reports',
    { schema: { tags, security, summary: 'Open reports of the group’s content, as the moderation queue shows them (its admins)', params: IdParams, querystring: PageQuery, response: { 200: Page(ModerationItem) } } },
    async (request) => queue.groupQueue(ctx, requireViewer(request), request.params.id, request.query),
  );
  app.get(
    '/groups/:id/removed',
    { schema: { tags, security, summary: 'Posts and comments removed from the group by a moderator in the last 30 days, newest first: what may still be restored (its admins)', params: IdParams, querystring: PageQuery, response: { 200: Page(RemovedContent) } } },
    async (request) => removedInGroup(ctx, requireViewer(request), request.params.id, request.query),
  );
  app.post(
    '/groups/:id/reports/resolve',
    { schema: { tags, summary: 'Dismiss the reports of some of the group’s content, or remove it (its admins)', params: IdParams, body: ResolveReportsBody, response: { 200: ResolveReportsResult } } },
    async (request) => queue.resolveReports(ctx, requireViewer(request), request.body, request.params.id),
  );
  app.get(
    '/operator/keywords',
    { schema: { tags, security, summary: 'The keyword filter’s terms (operators)', response: { 200: Type.Array(KeywordTerm) } } },
    async (request) => keywords.listTerms(ctx, request.viewer),
  );
  app.post(
    '/operator/keywords',
    { schema: { tags, summary: 'Add a term: text containing it (whole words; Chinese segmented first) is refused, or held for review (operators)', body: KeywordBody, response: { 201: KeywordTerm } } },
    async (request, reply) => reply.status(201).send(await keywords.addTerm(ctx, request.viewer, request.body)),
  );
  app.delete(
    '/operator/keywords/:id',
    {
      schema: {
        tags,
        summary: 'Remove a term (operators)',
        params: IdParams,
        querystring: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the audit log.' }) }),
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await keywords.removeTerm(ctx, request.viewer, request.params.id, request.query.reason);
      return reply.status(204).send();
    },
  );
  app.get(
    '/featured',
    { schema: { tags: ['groups'], summary: 'Groups and activities the operators pin to Discover, as I may see them', response: { 200: Featured } } },
    async (request) => featured.featured(ctx, request.viewer),
  );
  app.put(
    '/operator/featured/:kind/:id',
    { schema: { tags, summary: 'Pin a public group or an activity to Discover (operators)', params: FeaturedParams, body: ReasonBody, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      await featured.setFeatured(ctx, request.viewer, request.params, true, request.body.reason);
      return reply.status(204).send();
    },
  );
  app.delete(
    '/operator/featured/:kind/:id',
    {
      schema: {
        tags,
        summary: 'Unpin it (operators)',
        params: FeaturedParams,
        querystring: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why, for the audit log.' }) }),
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await featured.setFeatured(ctx, request.viewer, request.params, false, request.query.reason);
      return reply.status(204).send();
    },
  );
  app.get(
    '/operator/audit',
    { schema: { tags, security, summary: 'Every staff action, newest first, filtered by actor, action or target (operators)', querystring: AuditQuery, response: { 200: Page(AuditEntry) } } },
    async (request) => listAudit(ctx, request.viewer, request.query),
  );
  app.get(
    '/operator/health',
    {
      schema: {
        tags,
        security,
        summary: 'The community’s health by day (UTC) for everyone, one city or one interest, from the hourly rollups (operators)',
        querystring: HealthQuery,
        response: { 200: CommunityHealth },
      },
    },
    async (request) => communityHealth(ctx, request.viewer, request.query),
  );
}
