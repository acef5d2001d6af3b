import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorCode } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { AppError, ValidationError } from '../../errors.js';
import { applyPaymentEvent } from '../activities/registrations.service.js';
import type { PaymentWebhookEvent } from './provider.js';
import { SIGNATURE_HEADER, verifySignature } from './signature.js';

/** The provider's webhook. Verified against the raw body, so it gets its own JSON parser. */
export async function paymentRoutes(fastify: FastifyInstance, ctx: AppContext) {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  fastify.post(
    '/payments/webhook',
    {
      schema: {
        tags: ['payments'],
        summary: 'Payment provider webhook (signed with HMAC-SHA256 in X-Kindred-Signature)',
        body: Type.String(),
        response: { 200: Type.Object({ received: Type.Boolean() }) },
      },
    },
    async (request) => {
      const raw = request.body as unknown as string;
      if (!verifySignature(ctx.config.webhookSecret, raw, request.headers[SIGNATURE_HEADER] as string | undefined)) {
        throw new AppError(401, ErrorCode.unauthenticated, 'Bad webhook signature.');
      }
      let event: PaymentWebhookEvent;
      try {
        event = JSON.parse(raw) as PaymentWebhookEvent;
      } catch {
        throw new ValidationError('The webhook body is not JSON.');
      }
      if (typeof event?.eventId !== 'string' || typeof event.chargeId !== 'string' || !['pending', 'succeeded', 'failed'].includes(event.status)) {
        throw new ValidationError('The webhook body is not a payment event.');
      }
      await applyPaymentEvent(ctx, event);
      return { received: true };
    },
  );
}
