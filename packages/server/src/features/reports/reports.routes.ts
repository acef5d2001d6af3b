import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ReportBody } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as reports from './reports.service.js';

export function reportRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['moderation'];
  app.post(
    '/reports',
    { preHandler: writeLimit(ctx, 'report'), schema: { tags, summary: 'Report a member, their content (a post, comment, activity, group, photo, room message or companion request) or a conversation, sharing some of its messages', body: ReportBody, response: { 201: Type.Object({ id: Type.Integer() }) } } },
    async (request, reply) => reply.status(201).send(await reports.fileReport(ctx, requireViewer(request), request.body)),
  );
}
