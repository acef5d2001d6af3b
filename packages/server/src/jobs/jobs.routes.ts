import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { BackgroundJob, IdParams, JobListQuery, Page } from '@kindred/contract';
import type { AppContext } from '../context.js';
import { requireViewer } from '../auth/session.js';
import * as jobs from './jobs.service.js';

/** Background jobs for operators: the dead ones, and running one again. */
export function operatorJobRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['operations'];
  app.get(
    '/operator/jobs',
    {
      schema: {
        tags,
        summary: 'Background jobs that failed on every attempt, most recently dead first (operators)',
        security: [{ session: [] }],
        querystring: JobListQuery,
        response: { 200: Page(BackgroundJob) },
      },
    },
    async (request) => jobs.listJobs(ctx, requireViewer(request), request.query),
  );
  app.post(
    '/operator/jobs/:id/retry',
    {
      schema: {
        tags,
        summary: 'Run a dead job again now, with a fresh set of attempts (operators); 409 when the job is not dead',
        params: IdParams,
        response: { 200: BackgroundJob },
      },
    },
    async (request) => jobs.retryDeadJob(ctx, requireViewer(request), request.params.id),
  );
}
