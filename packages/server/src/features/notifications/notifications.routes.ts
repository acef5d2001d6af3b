import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, Notification, NotificationSettings, Page, PageQuery, UpdateNotificationSettingsBody } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import * as service from './notifications.service.js';

const Unread = Type.Object({ unread: Type.Integer({ minimum: 0, maximum: service.UNREAD_CAP, description: `Unread notifications, counted up to ${service.UNREAD_CAP}.` }) });
const tags = ['notifications'];

export function notificationRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/me/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, most recently changed first (grouped ones move up as they grow), with the unread count',
        querystring: PageQuery,
        response: { 200: Type.Composite([Page(Notification), Unread]) },
      },
    },
    (request) => service.listNotifications(ctx.db, requireViewer(request), request.query),
  );
  app.get('/me/notifications/unread', { schema: { tags, summary: 'How many of my notifications are unread (for the badge)', response: { 200: Unread } } }, async (request) => ({
    unread: await service.unreadCount(ctx.db, requireViewer(request)),
  }));
  app.post('/me/notifications/read', { schema: { tags, summary: 'Mark all my notifications read', response: { 204: Type.Null() } } }, async (request, reply) => {
    await service.markRead(ctx, requireViewer(request), null);
    return reply.status(204).send(null);
  });
  app.post(
    '/me/notifications/:id/read',
    { schema: { tags, summary: 'Mark one of my notifications read', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await service.markRead(ctx, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get('/me/notification-settings', { schema: { tags, summary: 'What I hear about: muted categories and groups', response: { 200: NotificationSettings } } }, (request) =>
    service.settings(ctx.db, requireViewer(request)),
  );
  app.patch(
    '/me/notification-settings',
    { schema: { tags, summary: 'Mute or unmute categories of notifications (registrations and payments cannot be muted)', body: UpdateNotificationSettingsBody, response: { 200: NotificationSettings } } },
    (request) => service.updateSettings(ctx.db, requireViewer(request), request.body),
  );
  app.put('/groups/:id/notifications/mute', { schema: { tags, summary: "Mute a group's notifications", params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await service.muteGroup(ctx.db, requireViewer(request), request.params.id, true);
    return reply.status(204).send(null);
  });
  app.delete('/groups/:id/notifications/mute', { schema: { tags, summary: "Hear a group's notifications again", params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await service.muteGroup(ctx.db, requireViewer(request), request.params.id, false);
    return reply.status(204).send(null);
  });
}
