import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ChatMessage, Conversation, IdParams, MarkReadBody, Page, PageQuery, SendMessageBody } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as chat from './chat.service.js';

export function chatRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['chat'];

  app.get(
    '/conversations',
    { schema: { tags, summary: 'My conversations, most recently active first, with the total unread count', querystring: PageQuery, response: { 200: Type.Composite([Page(Conversation), Type.Object({ unread: Type.Integer() })]) } } },
    async (request) => chat.listConversations(ctx, requireViewer(request), request.query),
  );

  app.get(
    '/conversations/:id',
    { schema: { tags, summary: 'One of my conversations', params: IdParams, response: { 200: Conversation } } },
    async (request) => chat.getConversation(ctx, requireViewer(request), request.params.id),
  );

  app.get(
    '/conversations/:id/messages',
    { schema: { tags, summary: 'Message history, newest first (pass nextCursor for older ones)', params: IdParams, querystring: PageQuery, response: { 200: Page(ChatMessage) } } },
    async (request) => chat.listMessages(ctx, requireViewer(request), request.params.id, request.query),
  );

  app.post(
    '/conversations/:id/messages',
    {
      schema: { tags, summary: 'Send a message (idempotent per clientId); it is delivered live to both members', params: IdParams, body: SendMessageBody, response: { 201: ChatMessage } },
      preHandler: writeLimit(ctx, 'message'),
    },
    async (request, reply) =>
      reply.status(201).send(await chat.sendMessage(ctx, requireViewer(request), request.params.id, request.body)),
  );

  app.post(
    '/conversations/:id/read',
    { schema: { tags, summary: 'Mark messages read up to an id', params: IdParams, body: MarkReadBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await chat.markRead(ctx, requireViewer(request), request.params.id, request.body.upTo);
      return reply.status(204).send(null);
    },
  );
}
