import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ApplyBody,
  CompanionCardBody,
  CompanionInvite,
  CompanionPerson,
  CompanionRequest,
  CompanionRequestSearchQuery,
  CompanionSearchQuery,
  CreateCompanionRequestBody,
  IdParams,
  InviteBody,
  InviteBoxQuery,
  MyCompanionCard,
  Nullable,
  Page,
  PageQuery,
} from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as companions from './companions.service.js';

export function companionRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['companions'];
  // Invites and applications: a burst limit besides the cap on pending ones.
  const inviteLimit = writeLimit(ctx, 'companionInvite');

  app.get(
    '/me/companion-card',
    {
      schema: {
        tags,
        summary: 'My companion card, or null when I have none (not having one is an ordinary answer, not an error)',
        response: { 200: Nullable(MyCompanionCard, { description: 'null: I have no companion card.' }) },
      },
    },
    async (request) => companions.findMyCard(ctx, requireViewer(request)),
  );
  app.put(
    '/me/companion-card',
    { schema: { tags, summary: 'Create or replace my card; discoverable: false pauses it. The area point is snapped to a 2 km grid.', body: CompanionCardBody, response: { 200: MyCompanionCard } } },
    async (request) => companions.saveMyCard(ctx, requireViewer(request), request.body),
  );
  app.delete(
    '/me/companion-card',
    { schema: { tags, summary: 'Leave companions: my card is deleted and pending invites withdrawn', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await companions.leaveCompanions(ctx, requireViewer(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/companions/people',
    { schema: { tags, summary: 'Discoverable members who fit my card both ways and my filters, best match first, with reasons', querystring: CompanionSearchQuery, response: { 200: Page(CompanionPerson) } } },
    async (request) => companions.searchPeople(ctx, requireViewer(request), request.query, ctx.readDb(request)),
  );

  app.post(
    '/companion-requests',
    { preHandler: writeLimit(ctx, 'companionRequest'), schema: { tags, summary: 'Post a request for companions', body: CreateCompanionRequestBody, response: { 201: CompanionRequest } } },
    async (request, reply) => reply.status(201).send(await companions.createRequest(ctx, requireViewer(request), request.body)),
  );
  app.get(
    '/companion-requests',
    { schema: { tags, summary: "Open requests near me that fit me and my filters, best match first (place: my card's area, else lat/lng, else my profile's home)", querystring: CompanionRequestSearchQuery, response: { 200: Page(CompanionRequest) } } },
    async (request) => companions.searchRequests(ctx, requireViewer(request), request.query),
  );
  app.get(
    '/me/companion-requests',
    { schema: { tags, summary: 'My requests, newest first', querystring: PageQuery, response: { 200: Page(CompanionRequest) } } },
    async (request) => companions.myRequests(ctx, requireViewer(request), request.query),
  );
  app.get(
    '/companion-requests/:id',
    { schema: { tags, summary: 'A request, with how well it fits me', params: IdParams, response: { 200: CompanionRequest } } },
    async (request) => companions.getRequest(ctx, requireViewer(request), request.params.id),
  );
  app.post(
    '/companion-requests/:id/close',
    { schema: { tags, summary: 'Close my request', params: IdParams, response: { 200: CompanionRequest } } },
    async (request) => companions.closeRequest(ctx, requireViewer(request), request.params.id),
  );
  app.post(
    '/companion-requests/:id/applications',
    { preHandler: inviteLimit, schema: { tags, summary: "Apply to a request whose preferences I meet", params: IdParams, body: ApplyBody, response: { 201: CompanionInvite } } },
    async (request, reply) => reply.status(201).send(await companions.applyToRequest(ctx, requireViewer(request), request.params.id, request.body)),
  );

  app.post(
    '/companion-invites',
    { preHandler: inviteLimit, schema: { tags, summary: 'Invite a discoverable member, optionally to one of my requests', body: InviteBody, response: { 201: CompanionInvite } } },
    async (request, reply) => reply.status(201).send(await companions.invitePerson(ctx, requireViewer(request), request.body)),
  );
  app.get(
    '/me/companion-invites',
    { schema: { tags, summary: 'Invites and applications I received or sent, newest first', querystring: InviteBoxQuery, response: { 200: Page(CompanionInvite) } } },
    async (request) => companions.inviteBox(ctx, requireViewer(request), request.query),
  );
  for (const answer of ['accept', 'decline'] as const) {
    app.post(
      `/companion-invites/:id/${answer}`,
      { schema: { tags, summary: answer === 'accept' ? 'Accept: we become companions and can chat' : 'Decline (the sender may not ask again for 14 days)', params: IdParams, response: { 200: CompanionInvite } } },
      async (request) => companions.answerInvite(ctx, requireViewer(request), request.params.id, answer),
    );
  }
  app.post(
    '/companion-invites/:id/withdraw',
    { schema: { tags, summary: 'Withdraw an invite I sent', params: IdParams, response: { 200: CompanionInvite } } },
    async (request) => companions.withdrawInvite(ctx, requireViewer(request), request.params.id),
  );
}
