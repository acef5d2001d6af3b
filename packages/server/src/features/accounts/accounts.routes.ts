import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ActivitySummary,
  DeleteAccountBody,
  Me,
  MemberActivitiesQuery,
  MyGroup,
  Page,
  PageQuery,
  Profile,
  SessionInfo,
  SignInBody,
  SignUpBody,
  UpdateMeBody,
  UsernameParams,
  UserSummary,
  cities,
  interestCategories,
  interests,
} from '@kindred/contract';
import { requireAccess } from '../../auth/access.js';
import type { AppContext } from '../../context.js';
import { endSession, requireViewer, startSession } from '../../auth/session.js';
import { rememberSignUpAddress, withSignInBackoff } from '../../auth/sign-in-backoff.js';
import * as activities from '../activities/activities.service.js';
import * as groups from '../groups/groups.service.js';
import { deleteAccount } from './account-deletion.js';
import * as accounts from './accounts.service.js';
import { presentMe, presentUserSummary } from './accounts.views.js';

const SignedIn = Type.Object({ user: Me, csrfToken: Type.String() });

export function accountRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = ctx;
  const authLimit = { rateLimit: { max: ctx.config.authRateLimit, timeWindow: '1 minute' } };

  app.post(
    '/auth/signup',
    { config: authLimit, schema: { tags: ['accounts'], summary: 'Create an account and sign in', body: SignUpBody, response: { 201: SignedIn } } },
    async (request, reply) => {
      const userId = await accounts.signUp(db, request.body);
      await rememberSignUpAddress(ctx, request.body.username, request.ip);
      const csrfToken = await startSession(ctx, reply, userId);
      return reply.status(201).send({ user: await presentMe(db, await accounts.getUser(db, userId)), csrfToken });
    },
  );

  app.post(
    '/auth/signin',
    { config: authLimit, schema: { tags: ['accounts'], summary: 'Sign in with a username and password', body: SignInBody, response: { 200: SignedIn } } },
    async (request, reply) => {
      const userId = await withSignInBackoff(ctx, request.body.username, request.ip, () => accounts.signIn(db, request.body));
      const csrfToken = await startSession(ctx, reply, userId);
      return { user: await presentMe(db, await accounts.getUser(db, userId)), csrfToken };
    },
  );

  app.post(
    '/auth/signout',
    { schema: { tags: ['accounts'], summary: 'End this session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      await endSession(ctx, request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/session',
    { schema: { tags: ['accounts'], summary: 'The signed-in member (or null) and the CSRF token', response: { 200: SessionInfo } } },
    async (request) => {
      if (!request.viewer) return { user: null, csrfToken: null };
      return { user: await presentMe(db, await accounts.getUser(db, request.viewer.id)), csrfToken: request.viewer.csrfToken };
    },
  );

  app.get('/me', { schema: { tags: ['accounts'], summary: 'My account', response: { 200: Me } } }, async (request) => {
    const viewer = requireViewer(request);
    return presentMe(db, await accounts.getUser(db, viewer.id));
  });

  app.patch(
    '/me',
    { schema: { tags: ['accounts'], summary: 'Update my profile, interests and home area', body: UpdateMeBody, response: { 200: Me } } },
    async (request) => {
      const viewer = requireViewer(request);
      return presentMe(db, await accounts.updateMe(db, viewer.id, request.body));
    },
  );

  app.post(
    '/me/delete',
    {
      config: authLimit,
      schema: {
        tags: ['accounts'],
        summary: 'Delete my account',
        description:
          'Confirmed with the password. Refused (409, `account_unsettled`, listing them in `fields`) while I own groups others belong to or organize upcoming activities others registered for. My places in upcoming activities are cancelled under their refund policies; my posts, comments, likes, memberships, photos, profile and companion data are deleted; every session I had ends. Payments, past registrations and messages I sent stay, under a nameless member.',
        body: DeleteAccountBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteAccount(ctx, requireViewer(request), request.body.password);
      await endSession(ctx, request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/groups',
    { schema: { tags: ['groups'], summary: 'Groups I belong to', querystring: PageQuery, response: { 200: Page(MyGroup) } } },
    async (request) => {
      const viewer = requireViewer(request);
      return groups.memberGroups(db, viewer, viewer.id, request.query);
    },
  );

  app.get(
    '/users/:username',
    { schema: { tags: ['accounts'], summary: "A member's public profile (not found when one has blocked the other)", params: UsernameParams, response: { 200: Profile } } },
    async (request) => {
      return (await accounts.getProfile(db, request.viewer, request.params.username)).profile;
    },
  );

  for (const [method, block] of [['put', true], ['delete', false]] as const) {
    app[method](
      '/users/:username/block',
      { schema: { tags: ['accounts'], summary: block ? 'Block a member: each is hidden from the other everywhere' : 'Unblock a member', params: UsernameParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        const viewer = requireViewer(request);
        if (block) await accounts.blockMember(db, viewer.id, request.params.username);
        else await accounts.unblockMember(db, viewer.id, request.params.username);
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/me/blocks',
    { schema: { tags: ['accounts'], summary: 'Members I blocked', response: { 200: Type.Object({ items: Type.Array(UserSummary) }) } } },
    async (request) => {
      const rows = await accounts.blockedBy(db, requireViewer(request).id);
      return { items: rows.map(presentUserSummary) };
    },
  );

  app.get(
    '/users/:username/groups',
    {
      schema: {
        tags: ['groups'],
        summary: "A member's groups that the viewer may see",
        description: 'As their privacy setting says (everyone, friends, only them): 403 for anyone else.',
        params: UsernameParams,
        querystring: PageQuery,
        response: { 200: Page(MyGroup) },
      },
    },
    async (request) => {
      const user = await accounts.visibleMember(db, request.viewer, request.params.username);
      await requireAccess(db, request.viewer, 'member.groups', user.id);
      return groups.memberGroups(db, request.viewer, user.id, request.query);
    },
  );

  app.get(
    '/users/:username/activities',
    {
      schema: {
        tags: ['activities'],
        summary: 'Activities a member is going to (a confirmed seat) or went to, that the viewer may see',
        description: 'As their privacy setting for activities says (everyone, friends, only them): 403 for anyone else.',
        params: UsernameParams,
        querystring: MemberActivitiesQuery,
        response: { 200: Page(ActivitySummary) },
      },
    },
    async (request) => {
      const user = await accounts.visibleMember(db, request.viewer, request.params.username);
      return activities.memberActivities(ctx, request.viewer, user.id, request.query);
    },
  );

  app.get(
    '/config',
    {
      schema: {
        tags: ['meta'],
        summary: 'Settings the web app needs: map tiles',
        response: { 200: Type.Object({ mapTileUrl: Type.Union([Type.String(), Type.Null()]), mapAttribution: Type.String() }) },
      },
    },
    async () => ({ mapTileUrl: ctx.config.mapTileUrl, mapAttribution: ctx.config.mapAttribution }),
  );

  const Label = Type.Object({ key: Type.String(), en: Type.String(), zh: Type.String() });
  app.get(
    '/interests',
    {
      schema: {
        tags: ['meta'],
        summary: 'The curated interest taxonomy and the known cities',
        response: {
          200: Type.Object({
            categories: Type.Array(Type.Intersect([Label, Type.Object({ emoji: Type.String() })])),
            interests: Type.Array(Type.Intersect([Label, Type.Object({ category: Type.String() })])),
            cities: Type.Array(Type.Intersect([Label, Type.Object({ lat: Type.Number(), lng: Type.Number(), timeZone: Type.String() })])),
          }),
        },
      },
    },
    async () => ({ categories: [...interestCategories], interests: [...interests], cities: [...cities] }),
  );
}
