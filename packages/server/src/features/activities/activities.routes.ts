import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ActivityDetail,
  ActivitySummary,
  Album,
  AlbumBody,
  AreaQuery,
  AttendanceRecord,
  CheckInBody,
  ContestBody,
  CreateActivityBody,
  CreateSeriesBody,
  Feedback,
  FeedbackBody,
  FollowState,
  IdParams,
  KnownPlace,
  MarkAttendanceBody,
  MyActivitiesQuery,
  MyRegistration,
  NearbyQuery,
  OrganizerDashboard,
  Page,
  PageQuery,
  Participant,
  PayBody,
  PlaceQuery,
  RegisterBody,
  Series,
  ShowUp,
  UpdateActivityBody,
  UpdateSeriesBody,
  UserSummary,
} from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as activities from './activities.service.js';
import * as registrations from './registrations.service.js';
import * as attendance from './attendance.js';
import * as feedback from './feedback.js';
import * as series from './series.js';

export function activityRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['activities'];
  const noContent = { 204: Type.Null() };

  app.get(
    '/activities/nearby',
    { schema: { tags, summary: 'Published upcoming activities within a radius, by popularity or distance, with filters', querystring: NearbyQuery, response: { 200: Page(ActivitySummary) } } },
    async (request) => activities.nearby(ctx, request.viewer, request.query, ctx.readDb(request)),
  );

  app.get(
    '/activities/in-area',
    {
      schema: {
        tags,
        summary: "The most popular upcoming activities inside a map's view, with the same filters as nearby",
        description: `The view is a box of latitudes and longitudes, west to east (a view across the antimeridian is asked for as two), reaching at most ${activities.MAX_AREA_KM} km from its centre to a corner.`,
        querystring: AreaQuery,
        response: { 200: Page(ActivitySummary) },
      },
    },
    async (request) => activities.inArea(ctx, request.viewer, request.query, ctx.readDb(request)),
  );

  app.get(
    '/places',
    {
      schema: {
        tags,
        summary: 'Places of published activities whose name or address starts with the query, for choosing a venue',
        description: 'Only places of activities the member may see; one per place, those whose name matches first, then the most used.',
        querystring: PlaceQuery,
        response: { 200: Type.Object({ items: Type.Array(KnownPlace) }) },
      },
    },
    async (request) => activities.searchPlaces(ctx, requireViewer(request), request.query),
  );

  app.post(
    '/activities',
    { preHandler: writeLimit(ctx, 'activity'), schema: { tags, summary: 'Organize an activity, standalone or for a group you administer', body: CreateActivityBody, response: { 201: ActivityDetail } } },
    async (request, reply) => reply.status(201).send(await activities.createActivity(ctx, requireViewer(request), request.body)),
  );

  app.get(
    '/activities/:id',
    { schema: { tags, summary: 'An activity with seats left, my registration and who is going from my groups', params: IdParams, response: { 200: ActivityDetail } } },
    async (request) => activities.getActivity(ctx, request.viewer, request.params.id),
  );

  app.patch(
    '/activities/:id',
    { schema: { tags, summary: 'Edit an activity (organizer); registrants are told of time, place or fee changes', params: IdParams, body: UpdateActivityBody, response: { 200: ActivityDetail } } },
    async (request) => activities.updateActivity(ctx, requireViewer(request), request.params.id, request.body),
  );

  app.post(
    '/activities/:id/publish',
    { schema: { tags, summary: 'Publish a draft (organizer)', params: IdParams, response: { 200: ActivityDetail } } },
    async (request) => activities.publishActivity(ctx, requireViewer(request), request.params.id),
  );

  app.post(
    '/activities/:id/cancel',
    { schema: { tags, summary: 'Call the activity off and refund everyone in full (organizer)', params: IdParams, response: { 200: ActivityDetail } } },
    async (request) => activities.cancelActivity(ctx, requireViewer(request), request.params.id),
  );

  app.get(
    '/groups/:id/activities',
    { schema: { tags, summary: "A group's activities, upcoming (or past) by start time", params: IdParams, querystring: Type.Composite([PageQuery, Type.Object({ past: Type.Optional(Type.Boolean()) })]), response: { 200: Page(ActivitySummary) } } },
    async (request) => activities.groupActivities(ctx, request.viewer, request.params.id, request.query),
  );

  app.get(
    '/me/activities',
    { schema: { tags, summary: 'My activities: upcoming, waitlisted, past, or organizing', querystring: MyActivitiesQuery, response: { 200: Page(ActivitySummary) } } },
    async (request) => activities.myActivities(ctx, requireViewer(request), request.query),
  );

  app.post(
    '/activities/:id/registrations',
    { preHandler: writeLimit(ctx, 'registration'), schema: { tags, summary: 'Register: a seat, a place on the waitlist, or a request for approval', params: IdParams, body: RegisterBody, response: { 201: MyRegistration } } },
    async (request, reply) => reply.status(201).send(await registrations.register(ctx, requireViewer(request), request.params.id, request.body)),
  );

  app.post(
    '/activities/:id/album',
    {
      preHandler: writeLimit(ctx, 'media'),
      schema: { tags, summary: 'Add my photos to the album of an activity that has begun (its organizer, admins and confirmed participants)', params: IdParams, body: AlbumBody, response: { 201: Album } },
    },
    async (request, reply) => reply.status(201).send(await activities.addToAlbum(ctx, requireViewer(request), request.params.id, request.body)),
  );

  app.get(
    '/activities/:id/registrations',
    { schema: { tags, summary: 'Participants with their answers (organizer)', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Participant) }) } } },
    async (request) => ({ items: await activities.participantList(ctx, requireViewer(request), request.params.id) }),
  );

  app.get(
    '/activities/:id/registrations.csv',
    { schema: { tags, summary: 'Participant list as CSV (organizer)', params: IdParams, produces: ['text/csv'], response: { 200: Type.String() } } },
    async (request, reply) => {
      const csv = await activities.participantsCsv(ctx, requireViewer(request), request.params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="participants-${request.params.id}.csv"`).send(csv);
    },
  );

  app.get(
    '/activities/:id/calendar.ics',
    { schema: { tags, summary: 'Add to calendar (iCalendar)', params: IdParams, produces: ['text/calendar'], response: { 200: Type.String() } } },
    async (request, reply) => {
      const file = await activities.calendarFile(ctx, request.viewer, request.params.id, `${request.protocol}://${request.host}`);
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );

  app.get(
    '/activities/:id/went-with',
    {
      schema: {
        tags,
        summary: 'Who else was there, to keep in touch: once it has begun, for its organizer and confirmed participants',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ user: UserSummary, following: FollowState })) }) },
      },
    },
    async (request) => activities.wentWith(ctx, requireViewer(request), request.params.id),
  );

  app.post(
    '/activities/:id/check-in',
    { schema: { tags, summary: 'Check a participant in by registration or code (organizer)', params: IdParams, body: CheckInBody, response: { 200: Type.Object({ registrationId: Type.Integer() }) } } },
    async (request) => ({ registrationId: await registrations.checkIn(ctx, requireViewer(request), request.params.id, request.body) }),
  );

  app.post(
    '/registrations/:id/pay',
    { schema: { tags, summary: 'Pay for a held seat; the idempotency key makes retries safe', params: IdParams, body: PayBody, response: { 200: MyRegistration } } },
    async (request) => registrations.pay(ctx, requireViewer(request), request.params.id, request.body.idempotencyKey),
  );

  app.post(
    '/registrations/:id/cancel',
    { schema: { tags, summary: 'Cancel my registration; refunded by the activity’s policy', params: IdParams, response: { 200: MyRegistration } } },
    async (request) => registrations.cancelRegistration(ctx, requireViewer(request), request.params.id),
  );

  app.put(
    '/activities/:id/attendance/:registrationId',
    {
      schema: {
        tags,
        summary: 'Mark whether a confirmed participant came (organizer; from the start until two weeks after the end)',
        params: Type.Object({ id: IdParams.properties.id, registrationId: IdParams.properties.id }),
        body: MarkAttendanceBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await attendance.markAttendance(ctx.db, requireViewer(request), request.params.id, request.params.registrationId, request.body.attended);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/registrations/:id/contest',
    { schema: { tags, summary: 'Contest a no-show mark on my registration, with a note for the organizer', params: IdParams, body: ContestBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await attendance.contestAttendance(ctx.db, requireViewer(request), request.params.id, request.body.note);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/series',
    {
      preHandler: writeLimit(ctx, 'activity'),
      schema: { tags, summary: 'Create a weekly or monthly series: its first occurrence, and the next few made ahead', body: CreateSeriesBody, response: { 201: Series } },
    },
    async (request, reply) => reply.status(201).send(await series.createSeries(ctx, requireViewer(request), request.body)),
  );
  app.get('/series/:id', { schema: { tags, summary: 'A series and its occurrences (its organizer and admins)', params: IdParams, response: { 200: Series } } }, (request) =>
    series.getSeries(ctx.db, requireViewer(request), request.params.id),
  );
  app.patch(
    '/series/:id',
    { schema: { tags, summary: 'Change an occurrence and every later one ("this and following"); the time is local', params: IdParams, body: UpdateSeriesBody, response: { 200: Series } } },
    (request) => series.updateSeries(ctx, requireViewer(request), request.params.id, request.body),
  );
  app.post('/series/:id/resume', { schema: { tags, summary: 'Resume a paused series', params: IdParams, response: { 200: Series } } }, (request) =>
    series.resumeSeries(ctx, requireViewer(request), request.params.id),
  );
  app.post(
    '/activities/:id/confirm',
    { schema: { tags, summary: 'Confirm an occurrence is still on (its organizer)', params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await series.confirmOccurrence(ctx, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/activities/:id/feedback',
    { schema: { tags, summary: 'Rate an activity I took part in, privately for its organizer (after it ends, for 30 days)', params: IdParams, body: FeedbackBody, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await feedback.giveFeedback(ctx.db, requireViewer(request), request.params.id, request.body);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/activities/:id/feedback',
    { schema: { tags, summary: 'My feedback on an activity', params: IdParams, response: { 200: Feedback } } },
    (request) => feedback.myFeedback(ctx.db, requireViewer(request), request.params.id),
  );
  app.get(
    '/me/organizer-dashboard',
    { schema: { tags, summary: 'How my activities went: attendance, ratings and the latest notes, unsigned (only I see it)', response: { 200: OrganizerDashboard } } },
    (request) => feedback.organizerDashboard(ctx.db, requireViewer(request)),
  );
  app.get(
    '/me/attendance',
    {
      schema: {
        tags,
        summary: 'My show-up record and attendance history (only I see it; organizers of activities that choose participants see the record)',
        querystring: PageQuery,
        response: { 200: Type.Composite([Page(AttendanceRecord), Type.Object({ showUp: ShowUp })]) },
      },
    },
    (request) => attendance.myAttendance(ctx.db, requireViewer(request), request.query),
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/registrations/:id/${decision}`,
      { schema: { tags, summary: `${decision === 'approve' ? 'Approve' : 'Reject'} a registration (organizer)`, params: IdParams, response: noContent } },
      async (request, reply) => {
        await registrations.decideRegistration(ctx, requireViewer(request), request.params.id, decision === 'approve');
        return reply.status(204).send(null);
      },
    );
  }
}
