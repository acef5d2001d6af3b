import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, ErrorCode, reasonText, schemaIssueReason } from '@kindred/contract';
import { Type } from '@sinclair/typebox';
import type { AppContext } from './context.js';
import { AdmissionGate, EMBEDDED_CONCURRENCY } from './admission.js';
import { AppError, ServiceUnavailableError } from './errors.js';
import { isDatabaseUnavailable } from './db/connection-errors.js';
import { registerReadYourWrites } from './db/replica.js';
import { registerSessions } from './auth/session.js';
import { registerHttpCache } from './http-cache.js';
import { registerSecurityHeaders } from './security-headers.js';
import { accountRoutes } from './features/accounts/accounts.routes.js';
import { groupRoutes } from './features/groups/groups.routes.js';
import { postRoutes } from './features/posts/posts.routes.js';
import { searchRoutes } from './features/search/search.routes.js';
import { activityRoutes } from './features/activities/activities.routes.js';
import { notificationRoutes } from './features/notifications/notifications.routes.js';
import { roomRoutes } from './features/rooms/rooms.routes.js';
import { paymentHistoryRoutes, paymentRoutes } from './features/payments/payments.routes.js';
import { socialRoutes } from './features/social/social.routes.js';
import { recommendationRoutes } from './features/recommendations/recommendations.routes.js';
import { companionRoutes } from './features/companions/companions.routes.js';
import { chatRoutes } from './features/chat/chat.routes.js';
import { realtimeRoutes } from './features/chat/realtime.js';
import { reportRoutes } from './features/reports/reports.routes.js';
import { moderationRoutes } from './features/moderation/moderation.routes.js';
import { mediaRoutes } from './features/media/media.routes.js';
import { operatorJobRoutes } from './jobs/jobs.routes.js';
import { apiDescription, apiServers, apiTags, describeOperation } from './openapi.js';
import { crawlerRoutes } from './seo/crawler-routes.js';
import { registerWebApp } from './web-app.js';

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/**
 * JSON bodies are validated strictly (a number is not a string, unknown fields
 * are refused); query strings and path parameters arrive as text, so they are
 * coerced to the declared types.
 */
function makeAjv(coerceTypes: false | 'array') {
  // verbose: an error carries the value that failed, so an empty string reads as missing rather than short.
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  return ajv;
}
const validators = { body: makeAjv(false), url: makeAjv('array') };

/** Builds the HTTP application: API under /api/v1, OpenAPI at /api/openapi.json, docs at /api/docs, web app at /. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    // Behind a TLS proxy, X-Forwarded-Proto from it says the request was secure (KINDRED_TRUST_PROXY).
    trustProxy: ctx.config.trustProxy as boolean | string[],
    bodyLimit: 256 * 1024,
    // Router errors (an overlong path parameter, a malformed URL) go through the one error handler too.
    frameworkErrors: (error, request, reply) => void errorHandler.call(null as never, error, request as FastifyRequest, reply as never),
    // Closing is answered by our own hook below, in the one error shape.
    return503OnClosing: false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  await registerSecurityHeaders(app, ctx.config);
  app.addHook('onRequest', async (_request, reply) => {
    if (!ctx.lifecycle.closing) return;
    reply.header('connection', 'close').header('retry-after', '5');
    return reply.status(503).send({ error: { code: ErrorCode.serviceUnavailable, message: 'The server is restarting; try again shortly.' } });
  });
  if (ctx.database.kind === 'pglite') admitThroughGate(app, ctx.config.dbQueueLimit);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? validators.body : validators.url).compile(schema));
  // Every route answers failures in the one error shape; declare it once for all.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    route.schema ??= {};
    route.schema.response = { '4xx': ErrorBody, '5xx': ErrorBody, ...(route.schema.response as object) };
  });

  // Every route registered from here on answers in brotli or gzip when the client takes it. The hook
  // joins each route's own hooks, which run after app-wide ones such as the ETag's, so a tag names
  // the page rather than one encoding of it.
  await app.register(compress, { encodings: ['br', 'gzip'] });
  await app.register(cookie);
  registerReadYourWrites(app, ctx.database.replica);
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  // Counters live in Redis when configured, so a limit holds across server instances.
  const redis = ctx.config.redisUrl ? new Redis(ctx.config.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1 }) : null;
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: ctx.config.rateLimitNamespace, skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError(429, ErrorCode.rateLimited, `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s.`, undefined, {
        'retry-after': String(Math.ceil(context.ttl / 1000)),
      }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kindred API', version: '1.0.0', description: apiDescription },
      servers: apiServers,
      tags: apiTags,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kindred_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          webhookSignature: { type: 'apiKey', in: 'header', name: 'X-Kindred-Signature', description: 'HMAC-SHA256 of the body with the webhook secret.' },
        },
      },
    },
    transform: describeOperation,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/api/health',
    { schema: { tags: ['meta'], summary: 'The server is up and its database answers', response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }), 503: ErrorBody } } },
    async () => {
      await ctx.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      return { status: 'ok' as const, database: ctx.database.kind };
    },
  );

  // robots.txt and the sitemaps.
  crawlerRoutes(app, ctx);

  registerSessions(app, ctx);
  registerHttpCache(app);
  await app.register(
    async (api) => {
      accountRoutes(api, ctx);
      groupRoutes(api, ctx);
      postRoutes(api, ctx);
      searchRoutes(api, ctx);
      activityRoutes(api, ctx);
      paymentHistoryRoutes(api, ctx);
      notificationRoutes(api, ctx);
      roomRoutes(api, ctx);
      recommendationRoutes(api, ctx);
      companionRoutes(api, ctx);
      chatRoutes(api, ctx);
      realtimeRoutes(api, ctx);
      reportRoutes(api, ctx);
      moderationRoutes(api, ctx);
      operatorJobRoutes(api, ctx);
      await api.register((scope) => paymentRoutes(scope, ctx));
      await api.register((scope) => socialRoutes(scope, ctx));
      await api.register((scope) => mediaRoutes(scope, ctx));
    },
    { prefix: '/api/v1' },
  );

  await registerWebApp(app, ctx);
  return app;
}

/** API requests pass the embedded database's admission gate (the live channel, long-lived, does not hold a place). */
function admitThroughGate(app: FastifyInstance, queueLimit: number) {
  const gate = new AdmissionGate(EMBEDDED_CONCURRENCY, queueLimit);
  app.decorate('admissionGate', gate);
  const admitted = new WeakSet<FastifyRequest>();
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/') || request.url.startsWith('/api/v1/realtime')) return;
    if (!(await gate.enter())) throw new ServiceUnavailableError('The server is busy; try again in a moment.', 1);
    // A client that left while waiting gets nothing; its place goes to the next in line.
    if (request.raw.socket?.destroyed) {
      gate.leave();
      throw new ServiceUnavailableError('The client went away.', 1);
    }
    admitted.add(request);
  });
  const release = async (request: FastifyRequest) => {
    if (admitted.delete(request)) gate.leave();
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}

const fastifyCodes: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, ErrorCode.unsupportedMediaType],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, ErrorCode.payloadTooLarge],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, ErrorCode.validationFailed],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, ErrorCode.validationFailed],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, ErrorCode.validationFailed],
  FST_ERR_CTP_INVALID_TYPE: [400, ErrorCode.validationFailed],
  FST_ERR_BAD_URL: [400, ErrorCode.validationFailed],
  FST_ERR_MAX_PARAM_LENGTH: [414, ErrorCode.uriTooLong],
  // Uploads (@fastify/multipart): a file past its size or more than one; a form field where only a file goes.
  FST_REQ_FILE_TOO_LARGE: [413, ErrorCode.payloadTooLarge],
  FST_FILES_LIMIT: [413, ErrorCode.payloadTooLarge],
  FST_PARTS_LIMIT: [413, ErrorCode.payloadTooLarge],
  FST_FIELDS_LIMIT: [400, ErrorCode.validationFailed],
  FST_PROTO_VIOLATION: [400, ErrorCode.validationFailed],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, ErrorCode.unsupportedMediaType],
};

/** Keywords a union's branches fail with whatever the value: a sibling's complaint is more useful. */
const unionKeywords = new Set(['anyOf', 'oneOf', 'const', 'enum', 'type']);

/** Seconds a client waits before retrying when the database is unavailable: about as long as reconnecting takes. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

function errorHandler(this: FastifyInstance, error: FastifyError, request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) {
  if (error instanceof AppError) {
    if (error.headers) reply.headers(error.headers);
    return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
  }
  if (error.validation) {
    // One stable phrase per field, from the validator's keyword and limits (see @kindred/contract's
    // field-reasons), so clients can say it in their own words. Within a union, a branch's precise
    // complaint (too long) says more than "not one of the choices" or a wrong-type branch.
    const fields: Record<string, string> = {};
    const vague = new Set<string>();
    for (const issue of error.validation) {
      const params = issue.params as Record<string, unknown>;
      const base = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const field =
        (params.missingProperty as string | undefined) ?? (params.additionalProperty as string | undefined) ?? null;
      const key = [base, field].filter(Boolean).join('.') || error.validationContext || 'request';
      const isVague = unionKeywords.has(issue.keyword);
      if (fields[key] !== undefined && (isVague || !vague.has(key))) continue;
      fields[key] = reasonText(schemaIssueReason(issue.keyword, params, (issue as { data?: unknown }).data));
      if (isVague) vague.add(key);
      else vague.delete(key);
    }
    return reply.status(400).send({
      error: { code: ErrorCode.validationFailed, message: `The ${error.validationContext ?? 'request'} is not valid.`, fields },
    });
  }
  // The database is out of reach (restarting, connection lost): the pool reconnects by itself, so the client retries.
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return reply
      .status(503)
      .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      .send({ error: { code: ErrorCode.databaseUnavailable, message: 'The database is unavailable; try again shortly.' } });
  }
  const mapped = error.code ? fastifyCodes[error.code] : undefined;
  if (mapped) return reply.status(mapped[0]).send({ error: { code: mapped[1], message: error.message } });
  // Database constraint errors that slipped past validation are still the client's input.
  const pgCode = (error as unknown as { code?: string }).code;
  if (pgCode === '23505') return reply.status(409).send({ error: { code: ErrorCode.conflict, message: 'That already exists.' } });
  if (pgCode?.startsWith('22') || pgCode === '23514') {
    return reply.status(400).send({ error: { code: ErrorCode.validationFailed, message: 'A value is out of range or malformed.' } });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.status(error.statusCode).send({ error: { code: ErrorCode.validationFailed, message: error.message } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: ErrorCode.internal, message: 'Something went wrong on our side.' } });
}
