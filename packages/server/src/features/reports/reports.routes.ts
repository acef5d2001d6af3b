import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Page, PageQuery, Report, ReportBody } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as reports from './reports.service.js';

export function reportRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['moderation'];
  app.post(
    '/reports',
    { preHandler: writeLimit(ctx, 'report'), schema: { tags, summary: 'Report a member or a companion request for moderation', body: ReportBody, response: { 201: Type.Object({ id: Type.Integer() }) } } },
    async (request, reply) => reply.status(201).send(await reports.fileReport(ctx, requireViewer(request), request.body)),
  );
  app.get(
    '/reports',
    { schema: { tags, summary: 'Open reports, newest first (operators)', querystring: PageQuery, response: { 200: Page(Report) } } },
    async (request) => reports.openReports(ctx, requireViewer(request), request.query),
  );
}
