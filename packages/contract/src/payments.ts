import { Type, type Static } from '@sinclair/typebox';
import { UserSummary } from './accounts.js';
import { Nullable, Timestamp } from './common.js';

/** A payment's state: the provider's outcome, and then whether it was given back (in full or in part). */
export const PaymentState = Type.Union([
  Type.Literal('pending'),
  Type.Literal('succeeded'),
  Type.Literal('failed'),
  Type.Literal('refunded'),
  Type.Literal('partly_refunded'),
]);
export type PaymentState = Static<typeof PaymentState>;

/** How a member pays: Kindred's built-in simulated wallet (a demo: no real money moves). */
export const PaymentMethod = Type.Object({
  provider: Type.String({ description: "The provider's name, e.g. 'wallet'." }),
  /** True for the built-in simulated wallet: a demonstration, no real money. */
  simulated: Type.Boolean(),
});
export type PaymentMethod = Static<typeof PaymentMethod>;

/** The activity a payment was for; null when the member may no longer see it (its group went private, a block). */
export const PaidActivity = Nullable(Type.Object({ id: Type.Integer(), title: Type.String(), startsAt: Timestamp, timeZone: Type.String() }));

/** One line of a member's payment history: a charge, or the refund of one. Amounts are positive, in minor units. */
export const PaymentEntry = Type.Object({
  kind: Type.Union([Type.Literal('charge'), Type.Literal('refund')]),
  paymentId: Type.Integer(),
  receiptNumber: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  /** The state of the payment this line belongs to. */
  status: PaymentState,
  at: Timestamp,
  activity: PaidActivity,
});
export type PaymentEntry = Static<typeof PaymentEntry>;

/** What a member has paid in one currency: `net` is paid less refunded, what they have spent. */
export const PaymentTotal = Type.Object({
  currency: Type.String(),
  paid: Type.Integer(),
  refunded: Type.Integer(),
  net: Type.Integer(),
  /** Charges still waiting for the provider's answer. */
  pending: Type.Integer(),
});
export type PaymentTotal = Static<typeof PaymentTotal>;

export const PaymentSummary = Type.Object({
  method: PaymentMethod,
  /**
   * False: Kindred keeps no stored balance for members. A refund goes back to
   * the method that paid, so the totals are what was spent, not money held.
   */
  storedBalance: Type.Boolean(),
  totals: Type.Array(PaymentTotal),
});
export type PaymentSummary = Static<typeof PaymentSummary>;

export const Receipt = Type.Object({
  paymentId: Type.Integer(),
  receiptNumber: Type.String(),
  issuedAt: Timestamp,
  payer: UserSummary,
  activity: PaidActivity,
  /** Null with the activity, or when the viewer may not see the organizer. */
  organizer: Nullable(UserSummary),
  amount: Type.Integer(),
  currency: Type.String(),
  refundedAmount: Type.Integer(),
  refunds: Type.Array(Type.Object({ amount: Type.Integer(), at: Timestamp })),
  method: PaymentMethod,
  status: PaymentState,
});
export type Receipt = Static<typeof Receipt>;
