import type { FastifyError, FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { FastifyValidationResult } from 'fastify/types/schema.js';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorCode, IdParams, Media, MediaFileParams } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { AdmissionGate } from '../../admission.js';
import { AppError, ServiceUnavailableError, ValidationError } from '../../errors.js';
import { requireViewer } from '../../auth/session.js';
import { writeLimit } from '../../auth/write-limits.js';
import * as media from './media.service.js';

const UploadBody = Type.Object(
  { file: Type.String({ format: 'binary', description: 'The photo: JPEG, PNG, WebP, AVIF or still GIF, up to 15 MB; its type is read from its content.' }) },
  { additionalProperties: false },
);

/**
 * The upload arrives as bytes, which JSON Schema cannot describe to a
 * validator: its body (one part, "file", a file) is checked here; the schema
 * above still describes it in the OpenAPI document.
 */
const uploadValidator: FastifySchemaCompiler<unknown> = () => {
  const validate: FastifyValidationResult = (body: unknown) => {
    const fields = body && typeof body === 'object' ? Object.keys(body) : [];
    const ok = fields.length === 1 && Buffer.isBuffer((body as { file?: unknown }).file);
    validate.errors = ok ? null : [{ keyword: 'file', instancePath: '', schemaPath: '#', message: 'must be one file, in a part named "file"', params: { missingProperty: 'file' } }];
    return ok;
  };
  return validate;
};

/**
 * One byte range of a file `size` long from a Range header (`bytes=a-b`,
 * `bytes=a-`, `bytes=-n`): null to send the whole file (no header, another
 * unit, or several ranges, which a server may answer in full), or
 * 'unsatisfiable' when it starts past the end.
 */
function byteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header?.match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  return start > end ? null : { start, end };
}

const MALFORMED_UPLOAD = /boundary|unexpected end|terminated early/i;

/** Photo uploads (multipart, in this scope only) and their files. */
export async function mediaRoutes(fastify: FastifyInstance, ctx: AppContext) {
  await fastify.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // Read whole (within the limit) so the content, not the name or declared type, decides what it is.
    onFile: async (part) => {
      (part as unknown as { value: Buffer }).value = await part.toBuffer();
    },
    limits: { fileSize: media.MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1 },
  });
  // The multipart parser's own errors (no boundary, a body cut short) carry no status: the upload was malformed.
  // Anything else goes on to the app's error handler.
  fastify.setErrorHandler((error: FastifyError) => {
    if (!(error instanceof AppError) && !error.statusCode && MALFORMED_UPLOAD.test(error.message)) {
      throw new ValidationError('The upload is not well-formed multipart/form-data.', { file: 'is not a well-formed upload' });
    }
    throw error;
  });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['media'];

  // An upload is read whole (up to 15 MB) and decoded at full size: a few at once bound the memory they take. The
  // next ones wait before their bodies are read; past a queue, 503 and Retry-After.
  const uploads = new AdmissionGate(ctx.config.uploadsAtOnce, 2 * ctx.config.uploadsAtOnce);
  const admitted = new WeakSet<FastifyRequest>();
  const release = async (request: FastifyRequest) => {
    if (admitted.delete(request)) uploads.leave();
  };

  app.post(
    '/media',
    {
      onRequest: async (request) => {
        if (!(await uploads.enter())) throw new ServiceUnavailableError('Many photos are being uploaded right now; try again in a moment.', 2);
        // A client that left while waiting gets nothing; its place goes to the next in line.
        if (request.raw.socket?.destroyed) {
          uploads.leave();
          throw new ServiceUnavailableError('The client went away.', 2);
        }
        admitted.add(request);
      },
      onResponse: release,
      onRequestAbort: release,
      preHandler: writeLimit(ctx, 'media'),
      validatorCompiler: uploadValidator,
      schema: {
        tags,
        summary: 'Upload a photo: made upright, stripped of metadata (GPS included) and stored in three sizes',
        consumes: ['multipart/form-data'],
        body: UploadBody,
        response: { 201: Media },
      },
    },
    async (request, reply) => reply.status(201).send(await media.upload(ctx, requireViewer(request), (request.body as unknown as { file: Buffer }).file)),
  );

  app.delete(
    '/media/:id',
    {
      schema: {
        tags,
        summary: 'Take a photo down (its owner) or remove it (operators; closes its reports): it leaves the post, cover or album using it',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await media.removeMedia(ctx, requireViewer(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/media/:id/:variant.:format',
    {
      schema: {
        tags,
        summary: "A photo's file in one size, WebP or JPEG, to whoever may read what uses it (an upload nothing uses yet: its owner only)",
        params: MediaFileParams,
        produces: ['image/webp', 'image/jpeg'],
        response: {
          200: Type.String({ format: 'binary' }),
          206: Type.String({ format: 'binary', description: 'The part asked for with Range: bytes=…' }),
          304: Type.Null({ description: 'Not modified (If-None-Match)' }),
        },
      },
    },
    async (request, reply) => {
      const file = await media.variantFile(ctx, request.viewer, request.params);
      // A file never changes once stored: kept for a year, by shared caches only when anyone may fetch it.
      reply.header('cache-control', `${file.public ? 'public' : 'private'}, max-age=31536000, immutable`).header('etag', file.etag).header('accept-ranges', 'bytes');
      if (request.headers['if-none-match'] === file.etag) return reply.status(304).send(null);
      const range = byteRange(request.headers.range, file.body.length);
      if (range === 'unsatisfiable') {
        throw new AppError(416, ErrorCode.validationFailed, 'The range asked for is outside the file.', undefined, { 'content-range': `bytes */${file.body.length}` });
      }
      reply.type(file.contentType);
      if (!range) return reply.send(file.body as unknown as string);
      reply.header('content-range', `bytes ${range.start}-${range.end}/${file.body.length}`);
      return reply.status(206).send(file.body.subarray(range.start, range.end + 1) as unknown as string);
    },
  );
}
