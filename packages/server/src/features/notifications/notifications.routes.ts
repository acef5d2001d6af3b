import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Page, PageQuery, Timestamp, Nullable } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { decodeCursor, toPage } from '../../db/pagination.js';
import * as repo from './notifications.repository.js';

const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
  read: Type.Boolean(),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});

export function notificationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/me/notifications',
    { schema: { tags: ['notifications'], summary: 'My notifications, newest first, with the unread count', querystring: PageQuery, response: { 200: Type.Composite([Page(Notification), Type.Object({ unread: Type.Integer() })]) } } },
    async (request) => {
      const viewer = requireViewer(request);
      const limit = request.query.limit ?? 20;
      const rows = await repo.listNotifications(ctx.db, viewer.id, decodeCursor(request.query.cursor, 'n'), limit);
      const page = toPage(rows, limit, (r) => [r.id]);
      return {
        items: page.rows.map((r) => ({ id: r.id, kind: r.kind, payload: r.payload, read: r.read_at !== null, createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null })),
        nextCursor: page.nextCursor,
        unread: await repo.unreadCount(ctx.db, viewer.id),
      };
    },
  );
  app.post(
    '/me/notifications/read',
    { schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await repo.markAllRead(ctx.db, requireViewer(request).id);
      return reply.status(204).send(null);
    },
  );
}
