import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorCode, IdParams, Page, PageQuery, PaymentEntry, PaymentSummary, Receipt } from '@kindred/contract';
import type { AppContext } from '../../context.js';
import { requireViewer } from '../../auth/session.js';
import { AppError, ValidationError } from '../../errors.js';
import { applyPaymentEvent } from '../activities/registrations.service.js';
import * as payments from './payments.service.js';
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

/** A member's payments: how they pay, what they have paid, their history, and a receipt per payment. */
export function paymentHistoryRoutes(fastify: FastifyInstance, ctx: AppContext) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['payments'];
  app.get(
    '/me/payments',
    { schema: { tags, summary: 'My payment history, newest first: each charge and each refund a line', querystring: PageQuery, response: { 200: Page(PaymentEntry) } } },
    (request) => payments.myPaymentHistory(ctx.db, requireViewer(request), request.query),
  );
  app.get(
    '/me/payments/summary',
    { schema: { tags, summary: 'How I pay (the simulated Kindred Wallet) and what I have paid, refunded and spent, per currency', response: { 200: PaymentSummary } } },
    (request) => payments.myPaymentSummary(ctx, requireViewer(request)),
  );
  app.get(
    '/payments/:id/receipt',
    { schema: { tags, summary: 'The receipt of a payment (its payer, and operators)', params: IdParams, response: { 200: Receipt } } },
    (request) => payments.receipt(ctx.db, requireViewer(request), request.params.id),
  );
}
