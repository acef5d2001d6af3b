import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { FollowEntry, FollowingFeedItem, FollowResult, Limit, Page, PageQuery, PrivacySettings, Suggestion, UpdatePrivacyBody, UsernameParams } from '@kindred/contract';
import { requireViewer } from '../../auth/session.js';
import type { AppContext } from '../../context.js';
import { getUser } from '../accounts/accounts.service.js';
import { presentPrivacy } from '../accounts/accounts.views.js';
import * as follows from './follows.service.js';
import { followingFeed } from './following-feed.js';
import { dismissSuggestion, peopleYouMayKnow } from './suggestions.js';

/** Following members, friends, follow requests, and my privacy settings. */
export function socialRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['social'];

  app.put(
    '/users/:username/follow',
    {
      schema: {
        tags,
        summary: 'Follow a member',
        description:
          'At once, or as a request when their follows need their approval (`following: requested`); following again changes nothing. 404 when either has blocked the other; 429 past the daily follow limit.',
        params: UsernameParams,
        response: { 200: FollowResult },
      },
    },
    async (request) => follows.follow(ctx, requireViewer(request), request.params.username),
  );

  app.delete(
    '/users/:username/follow',
    { schema: { tags, summary: 'Stop following a member, or withdraw a request to', params: UsernameParams, response: { 200: FollowResult } } },
    async (request) => follows.unfollow(ctx, requireViewer(request), request.params.username),
  );

  for (const kind of ['followers', 'following', 'friends'] as const) {
    app.get(
      `/users/:username/${kind}`,
      {
        schema: {
          tags,
          summary: kind === 'friends' ? "A member's friends (those they follow who follow back), newest first" : `A member's ${kind}, newest first`,
          description: 'As their privacy setting for follow lists says (everyone, friends, only them): 403 for anyone else.',
          params: UsernameParams,
          querystring: PageQuery,
          response: { 200: Page(FollowEntry) },
        },
      },
      async (request) => follows.followList(ctx, request.viewer, request.params.username, kind, request.query),
    );
  }

  app.delete(
    '/me/followers/:username',
    { schema: { tags, summary: 'Remove a follower (they are not told)', params: UsernameParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await follows.removeFollower(ctx, requireViewer(request), request.params.username);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me/follow-requests',
    { schema: { tags, summary: 'Members asking to follow me, newest first', querystring: PageQuery, response: { 200: Page(FollowEntry) } } },
    async (request) => follows.myRequests(ctx, requireViewer(request), request.query),
  );

  for (const [action, accept] of [['accept', true], ['decline', false]] as const) {
    app.post(
      `/me/follow-requests/:username/${action}`,
      { schema: { tags, summary: accept ? 'Accept a request to follow me' : 'Decline a request to follow me', params: UsernameParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await follows.decideRequest(ctx, requireViewer(request), request.params.username, accept);
        return reply.status(204).send(null);
      },
    );
  }

  app.get(
    '/feed/following',
    {
      schema: {
        tags,
        summary: 'The Following feed: posts by members I follow and activities my friends registered for, newest first',
        description: 'Posts in groups I may read; a friend’s registration only when they show their activities to friends or everyone, for activities still to end.',
        querystring: PageQuery,
        response: { 200: Page(FollowingFeedItem) },
      },
    },
    async (request) => followingFeed(ctx, requireViewer(request), request.query),
  );

  app.get(
    '/me/suggestions',
    {
      schema: {
        tags,
        summary: 'People I may know, strongest ties first, with why',
        description: 'From activities we both went to, small groups we share, friends in common and companion chats; never someone I follow, blocked, dismissed, or who keeps out of suggestions.',
        querystring: Type.Object({ limit: Type.Optional(Limit) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(Suggestion) }) },
      },
    },
    async (request) => ({ items: await peopleYouMayKnow(ctx, requireViewer(request), request.query.limit ?? 10) }),
  );

  app.post(
    '/me/suggestions/:username/dismiss',
    { schema: { tags, summary: 'Stop suggesting this member to me', params: UsernameParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await dismissSuggestion(ctx, requireViewer(request), request.params.username);
      return reply.status(204).send(null);
    },
  );

  app.get('/me/privacy', { schema: { tags, summary: 'My privacy settings', response: { 200: PrivacySettings } } }, async (request) =>
    presentPrivacy(await getUser(ctx.db, requireViewer(request).id)),
  );

  app.patch(
    '/me/privacy',
    {
      schema: {
        tags,
        summary: 'Change my privacy settings',
        description: 'Turning `followApproval` off accepts every pending request to follow me.',
        body: UpdatePrivacyBody,
        response: { 200: PrivacySettings },
      },
    },
    async (request) => {
      const viewer = requireViewer(request);
      await follows.updatePrivacy(ctx, viewer, request.body);
      return presentPrivacy(await getUser(ctx.db, viewer.id));
    },
  );
}
