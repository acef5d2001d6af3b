/**
 * What Kindred needs from a payment provider. Charges are asynchronous: create
 * returns a pending charge, and the outcome arrives later as a signed webhook
 * (which may come late, twice, or out of order). Every call carries an
 * idempotency key; the same key always means the same charge.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  amount: number;
  currency: string;
  description: string;
  payerId: number;
}

export interface PaymentProvider {
  readonly name: string;
  createCharge(request: ChargeRequest): Promise<{ chargeId: string; status: 'pending' | 'succeeded' | 'failed' }>;
  /** Refunds part or all of a succeeded charge; idempotent on the key. Synchronous for the simulated wallet. */
  refund(chargeId: string, amount: number, idempotencyKey: string): Promise<void>;
}

/** The body of a payment webhook, signed with HMAC-SHA256 in the `x-kindred-signature` header. */
export interface PaymentWebhookEvent {
  eventId: string;
  chargeId: string;
  status: 'pending' | 'succeeded' | 'failed';
  occurredAt: string;
}
