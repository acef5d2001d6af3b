import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ChangeRoleBody,
  CreateGroupBody,
  Group,
  GroupListQuery,
  GroupSummary,
  GroupMember,
  IdParams,
  JoinBody,
  JoinRequest,
  JoinResult,
  MemberParams,
  Page,
  PageQuery,
  Stewardship,
  TransferBody,
  UpdateGroupBody,
} from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import * as groups from './groups.service.js';
import * as stewardship from './stewardship.js';

export function groupRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = ctx;
  const tags = ['groups'];

  app.get(
    '/groups',
    { schema: { tags, summary: 'Browse groups by interest category, tag or city', querystring: GroupListQuery, response: { 200: Page(GroupSummary) } } },
    async (request) => groups.browseGroups(db, request.viewer, request.query),
  );

  app.post(
    '/groups',
    { schema: { tags, summary: 'Create a group; the creator becomes its owner', body: CreateGroupBody, response: { 201: Group } } },
    async (request, reply) => reply.status(201).send(await groups.createGroup(db, requireViewer(request), request.body)),
  );

  app.get(
    '/groups/:id',
    { schema: { tags, summary: 'A group (private groups show their about page to everyone)', params: IdParams, response: { 200: Group } } },
    // A signed-out visitor's page may come from the read replica; a member's reflects their own changes at once.
    async (request) => groups.getGroup(request.viewer ? db : ctx.readDb(request), request.viewer, request.params.id),
  );

  app.patch(
    '/groups/:id',
    { schema: { tags, summary: 'Edit a group (admins)', params: IdParams, body: UpdateGroupBody, response: { 200: Group } } },
    async (request) => groups.updateGroup(db, requireViewer(request), request.params.id, request.body),
  );

  app.post(
    '/groups/:id/join',
    {
      schema: { tags, summary: 'Join an open group, or ask to join an approval group (body optional)', params: IdParams, body: JoinBody, response: { 200: JoinResult } },
      // The body is optional: a bare POST joins without a message.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => groups.joinGroup(db, requireViewer(request), request.params.id, request.body?.message),
  );

  app.post(
    '/groups/:id/leave',
    { schema: { tags, summary: 'Leave a group or withdraw a join request', params: IdParams, response: { 200: Group } } },
    async (request) => groups.leaveGroup(db, requireViewer(request), request.params.id),
  );

  app.get(
    '/groups/:id/members',
    { schema: { tags, summary: 'Members in joining order (hidden for private groups)', params: IdParams, querystring: PageQuery, response: { 200: Page(GroupMember) } } },
    async (request) => groups.listMembers(db, request.viewer, request.params.id, request.query),
  );

  app.patch(
    '/groups/:id/members/:userId',
    { schema: { tags, summary: 'Promote to admin or demote to member (owner)', params: MemberParams, body: ChangeRoleBody, response: { 200: GroupMember } } },
    async (request) => groups.changeRole(db, requireViewer(request), request.params.id, request.params.userId, request.body.role),
  );

  app.delete(
    '/groups/:id/members/:userId',
    { schema: { tags, summary: 'Remove a member (admins; admins only by the owner)', params: MemberParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await groups.removeMember(db, requireViewer(request), request.params.id, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/groups/:id/stewardship',
    { schema: { tags, summary: 'Who looks after the group: an owner away 60 days, a claim to ownership, members who may step up (members)', params: IdParams, response: { 200: Stewardship } } },
    (request) => stewardship.stewardship(db, requireViewer(request), request.params.id),
  );
  app.post(
    '/groups/:id/ownership-claim',
    { schema: { tags, summary: `Claim a group whose owner has been away ${stewardship.OWNER_AWAY_DAYS} days (admins); it is yours after ${stewardship.NOTICE_DAYS} days unless the owner objects`, params: IdParams, response: { 200: Stewardship } } },
    (request) => stewardship.claimOwnership(ctx, requireViewer(request), request.params.id),
  );
  app.delete(
    '/groups/:id/ownership-claim',
    { schema: { tags, summary: 'Object to a claim (the owner) or withdraw it (its claimant)', params: IdParams, response: { 200: Stewardship } } },
    (request) => stewardship.withdrawClaim(ctx, requireViewer(request), request.params.id),
  );
  app.post(
    '/groups/:id/step-up',
    { schema: { tags, summary: 'With the owner away and no admin left, one of the most active members becomes an admin', params: IdParams, response: { 200: Stewardship } } },
    (request) => stewardship.stepUp(ctx, requireViewer(request), request.params.id),
  );

  app.post(
    '/groups/:id/transfer',
    { schema: { tags, summary: 'Hand the group to another member (owner)', params: IdParams, body: TransferBody, response: { 200: Group } } },
    async (request) => groups.transferOwnership(db, requireViewer(request), request.params.id, request.body.userId),
  );

  app.get(
    '/groups/:id/requests',
    { schema: { tags, summary: 'Pending join requests, oldest first (admins)', params: IdParams, querystring: PageQuery, response: { 200: Page(JoinRequest) } } },
    async (request) => groups.listJoinRequests(db, requireViewer(request), request.params.id, request.query),
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/groups/:id/requests/:userId/${decision}`,
      { schema: { tags, summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a join request (admins)`, params: MemberParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await groups.decideJoinRequest(db, requireViewer(request), request.params.id, request.params.userId, decision === 'approve');
        return reply.status(204).send(null);
      },
    );
  }
}
