import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParams, MarkReadBody, MuteMemberBody, Page, PageQuery, Room, RoomMessage, RoomMessageParams, SendRoomMessageBody } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as rooms from './rooms.service.js';

const tags = ['rooms'];
const MessagesQuery = Type.Composite([PageQuery, Type.Object({ pinned: Type.Optional(Type.Boolean({ description: 'Only the pinned notes (what a waitlisted member may read).' })) })]);
const MemberParams = Type.Object({ id: IdParams.properties.id, username: Type.String({ minLength: 1, maxLength: 40 }) });

export function roomRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = ctx;

  app.get('/me/rooms', { schema: { tags, summary: 'Rooms I am in, most recently active first, with my unread counts', querystring: PageQuery, response: { 200: Page(Room) } } }, (request) =>
    rooms.myRooms(db, requireViewer(request), request.query),
  );
  app.get('/rooms/:id', { schema: { tags, summary: 'A room I am in (or, waitlisted, whose pinned notes I may read)', params: IdParams, response: { 200: Room } } }, (request) =>
    rooms.getRoom(db, requireViewer(request), request.params.id),
  );
  app.get('/activities/:id/room', { schema: { tags, summary: "An activity's room: its organizer, admins and confirmed participants", params: IdParams, response: { 200: Room } } }, (request) =>
    rooms.activityRoom(db, requireViewer(request), request.params.id),
  );
  app.get('/groups/:id/room', { schema: { tags, summary: "A group's room, once its admins opened it", params: IdParams, response: { 200: Room } } }, (request) =>
    rooms.groupRoom(db, requireViewer(request), request.params.id),
  );
  app.put('/groups/:id/room', { schema: { tags, summary: "Open the group's room for its members (admins)", params: IdParams, response: { 200: Room } } }, (request) =>
    rooms.setGroupRoom(db, requireViewer(request), request.params.id, true),
  );
  app.delete('/groups/:id/room', { schema: { tags, summary: "Close the group's room; its history stays (admins)", params: IdParams, response: { 200: Room } } }, (request) =>
    rooms.setGroupRoom(db, requireViewer(request), request.params.id, false),
  );
  app.get(
    '/rooms/:id/messages',
    { schema: { tags, summary: 'Messages, newest first (pass nextCursor for older ones)', params: IdParams, querystring: MessagesQuery, response: { 200: Page(RoomMessage) } } },
    (request) => rooms.listMessages(db, requireViewer(request), request.params.id, request.query),
  );
  app.post(
    '/rooms/:id/messages',
    {
      preHandler: writeLimit(ctx, 'message'),
      schema: { tags, summary: 'Send a message (idempotent per clientId); every connected member of the room gets it live', params: IdParams, body: SendRoomMessageBody, response: { 201: RoomMessage } },
    },
    async (request, reply) => reply.status(201).send(await rooms.sendMessage(ctx, requireViewer(request), request.params.id, request.body)),
  );
  app.post('/rooms/:id/read', { schema: { tags, summary: 'Mark messages read up to an id', params: IdParams, body: MarkReadBody, response: { 204: Type.Null() } } }, async (request, reply) => {
    await rooms.markRead(db, requireViewer(request), request.params.id, request.body.upTo);
    return reply.status(204).send(null);
  });
  for (const [method, pinned] of [['put', true], ['delete', false]] as const) {
    app[method](
      '/rooms/:id/messages/:messageId/pin',
      { schema: { tags, summary: pinned ? 'Pin a message (moderators)' : 'Unpin a message (moderators)', params: RoomMessageParams, response: { 200: RoomMessage } } },
      (request) => rooms.pinMessage(db, requireViewer(request), request.params.id, request.params.messageId, pinned),
    );
  }
  app.delete(
    '/rooms/:id/messages/:messageId',
    { schema: { tags, summary: 'Remove a message: its sender, or a moderator', params: RoomMessageParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await rooms.removeMessage(db, requireViewer(request), request.params.id, request.params.messageId);
      return reply.status(204).send(null);
    },
  );
  app.post('/rooms/:id/mutes', { schema: { tags, summary: 'Mute a member in the room for a while (moderators)', params: IdParams, body: MuteMemberBody, response: { 204: Type.Null() } } }, async (request, reply) => {
    await rooms.muteMember(db, requireViewer(request), request.params.id, request.body);
    return reply.status(204).send(null);
  });
  app.delete('/rooms/:id/mutes/:username', { schema: { tags, summary: 'Lift a mute (moderators)', params: MemberParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await rooms.muteMember(db, requireViewer(request), request.params.id, { username: request.params.username, minutes: 0 });
    return reply.status(204).send(null);
  });
}
