import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Comment,
  CommentThread,
  CreateCommentBody,
  CreatePostBody,
  GroupPostsPage,
  GroupPostsQuery,
  IdParams,
  LikeResult,
  Page,
  PageQuery,
  PinBody,
  Post,
  PostSummary,
  UpdateCommentBody,
  UpdatePostBody,
} from '@kindred/contract';
import { RESTORE_DAYS } from '../../auth/access.js';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as posts from './posts.service.js';

export function postRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = ctx;
  const tags = ['posts'];
  const noContent = { 204: Type.Null() };

  app.get(
    '/groups/:id/posts',
    { schema: { tags, summary: "A group's posts: new, hot or top; pinned posts on the first page", params: IdParams, querystring: GroupPostsQuery, response: { 200: GroupPostsPage } } },
    // A signed-out visitor's page may come from the read replica; a member's reflects their own changes at once.
    async (request) => posts.groupPosts(request.viewer ? db : ctx.readDb(request), request.viewer, request.params.id, request.query),
  );

  app.post(
    '/groups/:id/posts',
    { preHandler: writeLimit(ctx, 'post'), schema: { tags, summary: 'Write a post in a group (members)', params: IdParams, body: CreatePostBody, response: { 201: Post } } },
    async (request, reply) => reply.status(201).send(await posts.createPost(db, requireViewer(request), request.params.id, request.body, ctx.config.fanoutMaxMembers)),
  );

  app.get(
    '/feed',
    { schema: { tags, summary: "Home feed: newest posts across my groups", querystring: PageQuery, response: { 200: Page(PostSummary) } } },
    async (request) => posts.homeFeed(db, requireViewer(request), request.query, ctx.config.fanoutMaxMembers > 0),
  );

  app.get(
    '/posts/:id',
    { schema: { tags, summary: 'A post with its rendered body', params: IdParams, response: { 200: Post } } },
    async (request) => posts.getPost(request.viewer ? db : ctx.readDb(request), request.viewer, request.params.id),
  );

  app.patch(
    '/posts/:id',
    { schema: { tags, summary: 'Edit my post', params: IdParams, body: UpdatePostBody, response: { 200: Post } } },
    async (request) => posts.updatePost(db, requireViewer(request), request.params.id, request.body),
  );

  app.delete(
    '/posts/:id',
    { schema: { tags, summary: 'Delete a post (its author or a group admin)', params: IdParams, response: noContent } },
    async (request, reply) => {
      await posts.deletePost(db, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/posts/:id/restore',
    { schema: { tags, summary: `Restore a post a moderator removed, within ${RESTORE_DAYS} days (the group's admins, staff)`, params: IdParams, response: noContent } },
    async (request, reply) => {
      await posts.restorePost(db, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/posts/:id/pin',
    { schema: { tags, summary: 'Pin or unpin a post (group admins)', params: IdParams, body: PinBody, response: { 200: Post } } },
    async (request) => posts.pinPost(db, requireViewer(request), request.params.id, request.body.pinned),
  );

  for (const [method, liked] of [['put', true], ['delete', false]] as const) {
    app[method](
      '/posts/:id/like',
      { preHandler: writeLimit(ctx, 'like'), schema: { tags, summary: liked ? 'Like a post' : 'Take back a like', params: IdParams, response: { 200: LikeResult } } },
      async (request) => posts.likePost(db, requireViewer(request), request.params.id, liked),
    );
    app[method](
      '/comments/:id/like',
      { preHandler: writeLimit(ctx, 'like'), schema: { tags, summary: liked ? 'Like a comment' : 'Take back a like', params: IdParams, response: { 200: LikeResult } } },
      async (request) => posts.likeComment(db, requireViewer(request), request.params.id, liked),
    );
  }

  app.get(
    '/posts/:id/comments',
    { schema: { tags, summary: 'Comment threads of a post, oldest first, each with its replies', params: IdParams, querystring: PageQuery, response: { 200: Page(CommentThread) } } },
    async (request) => posts.listComments(db, request.viewer, request.params.id, request.query),
  );

  app.post(
    '/posts/:id/comments',
    { preHandler: writeLimit(ctx, 'comment'), schema: { tags, summary: 'Comment on a post, or reply to a comment (members)', params: IdParams, body: CreateCommentBody, response: { 201: Comment } } },
    async (request, reply) => reply.status(201).send(await posts.createComment(db, requireViewer(request), request.params.id, request.body)),
  );

  app.patch(
    '/comments/:id',
    { schema: { tags, summary: 'Edit my comment', params: IdParams, body: UpdateCommentBody, response: { 200: Comment } } },
    async (request) => posts.updateComment(db, requireViewer(request), request.params.id, request.body.body),
  );

  app.delete(
    '/comments/:id',
    { schema: { tags, summary: 'Delete a comment (its author or a group admin)', params: IdParams, response: noContent } },
    async (request, reply) => {
      await posts.deleteComment(db, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/comments/:id/restore',
    { schema: { tags, summary: `Restore a comment a moderator removed, within ${RESTORE_DAYS} days (the group's admins, staff)`, params: IdParams, response: noContent } },
    async (request, reply) => {
      await posts.restoreComment(db, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
