import crypto from 'node:crypto';
import type { Db } from '../../db/database.js';
import { scheduleJob } from '../../jobs/jobs.repository.js';
import type { ChargeRequest, PaymentProvider, PaymentWebhookEvent } from './provider.js';
import { SIGNATURE_HEADER, signPayload } from './signature.js';

export interface WalletOptions {
  /** Where webhooks go: Kindred's own /api/v1/payments/webhook. Set once the server listens. */
  webhookUrl: () => string;
  secret: string;
  /**
   * 'auto' delivers each outcome through a background job after a short delay,
   * sometimes twice (as real providers do); 'manual' leaves delivery to the
   * caller of deliver() — tests use it to send events late, twice, or reordered.
   */
  delivery: 'auto' | 'manual';
  /** Decides a pending charge's outcome; by default every charge succeeds. */
  decide?: (charge: { amount: number; payerId: number }) => 'succeeded' | 'failed';
}

/**
 * Kindred's built-in simulated wallet. It behaves like an asynchronous
 * provider: a charge is created pending, its outcome is decided later and
 * reported by a signed webhook. Its books are its own table (wallet_charges).
 */
export class SimulatedWallet implements PaymentProvider {
  readonly name = 'wallet';
  private readonly payers = new Map<string, number>();

  constructor(
    private readonly db: Db,
    readonly options: WalletOptions,
  ) {}

  async createCharge(request: ChargeRequest) {
    const id = `ch_${crypto.randomBytes(12).toString('hex')}`;
    // A key already used fails the insert (its trigger claims the key), and the same key always answers with the same charge.
    await this.db
      .insertInto('wallet_charges')
      .values({ id, idempotency_key: request.idempotencyKey, amount: request.amount, currency: request.currency, status: 'pending' })
      .execute()
      .catch((error: { code?: string }) => {
        if (error.code !== '23505') throw error;
      });
    const charge = await this.db
      .selectFrom('wallet_charge_keys as k')
      .innerJoin('wallet_charges', 'wallet_charges.id', 'k.charge_id')
      .select(['wallet_charges.id', 'wallet_charges.status'])
      .where('k.idempotency_key', '=', request.idempotencyKey)
      .executeTakeFirstOrThrow();
    this.payers.set(charge.id, request.payerId);
    if (this.options.delivery === 'auto' && charge.status === 'pending') {
      await scheduleJob(this.db, 'wallet.webhook', charge.id, new Date(Date.now() + 1500), { chargeId: charge.id, payerId: request.payerId });
    }
    return { chargeId: charge.id, status: charge.status };
  }

  async refund(chargeId: string, amount: number, idempotencyKey: string) {
    const fresh = await this.db
      .insertInto('wallet_refunds')
      .values({ idempotency_key: idempotencyKey, charge_id: chargeId, amount })
      .onConflict((oc) => oc.doNothing())
      .returning('idempotency_key')
      .executeTakeFirst();
    if (!fresh) return;
    await this.db
      .updateTable('wallet_charges')
      .set((eb) => ({ refunded_amount: eb('refunded_amount', '+', amount) }))
      .where('id', '=', chargeId)
      .execute();
  }

  /** Settles a pending charge (if still pending) and returns the outcome event. */
  async settle(chargeId: string, payerId = this.payers.get(chargeId) ?? 0): Promise<PaymentWebhookEvent> {
    const charge = await this.db.selectFrom('wallet_charges').selectAll().where('id', '=', chargeId).executeTakeFirstOrThrow();
    let status = charge.status;
    if (status === 'pending') {
      status = this.options.decide?.({ amount: charge.amount, payerId }) ?? 'succeeded';
      await this.db.updateTable('wallet_charges').set({ status }).where('id', '=', chargeId).where('status', '=', 'pending').execute();
    }
    return { eventId: `evt_${chargeId}_${status}`, chargeId, status, occurredAt: new Date().toISOString() };
  }

  /** Sends one signed webhook; resolves with the HTTP status Kindred answered. */
  async send(event: PaymentWebhookEvent): Promise<number> {
    const body = JSON.stringify(event);
    const response = await fetch(this.options.webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(this.options.secret, body) },
      body,
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Job handler for automatic delivery: settle, send, and now and then send again. */
  async deliver(payload: Record<string, unknown>) {
    const event = await this.settle(String(payload.chargeId), Number(payload.payerId));
    const status = await this.send(event);
    if (status >= 300) throw new Error(`webhook answered ${status}`);
    if (Math.random() < 0.2) await this.send(event);
  }
}
