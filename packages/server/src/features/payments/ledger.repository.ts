import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';

/**
 * Accounts of the double-entry ledger:
 * - provider_cash:<CUR>        money held at the payment provider (asset, debit-positive)
 * - activity_escrow:<id>       paid fees held until the activity completes
 * - organizer_payable:<userId> what Kindred owes an organizer after completion
 * Every transaction's entries sum to zero.
 */
async function accountId(tx: Tx, code: string, currency: string): Promise<number> {
  await tx.insertInto('ledger_accounts').values({ code, currency }).onConflict((oc) => oc.column('code').doNothing()).execute();
  const row = await tx.selectFrom('ledger_accounts').select('id').where('code', '=', code).executeTakeFirstOrThrow();
  return row.id;
}

export interface LegInput {
  account: string;
  amount: number;
}

/**
 * Posts one balanced transaction. `(kind, reference)` is claimed once
 * (ledger_references), so posting the same movement twice (a retried webhook,
 * a double cancel) is a no-op; returns false then. A concurrent posting of the
 * same movement waits for the claim, then finds it taken.
 */
export async function postTransaction(tx: Tx, kind: 'charge' | 'refund' | 'payout', reference: string, currency: string, legs: LegInput[]): Promise<boolean> {
  const total = legs.reduce((sum, leg) => sum + leg.amount, 0);
  if (total !== 0) throw new Error(`unbalanced ledger transaction ${kind}:${reference} (${total})`);
  const legsToPost = legs.filter((leg) => leg.amount !== 0);
  if (legsToPost.length === 0) return false;
  const inserted = await tx.insertInto('ledger_transactions').values({ kind, reference }).returning('id').executeTakeFirstOrThrow();
  const claimed = await tx
    .insertInto('ledger_references')
    .values({ kind, reference, transaction_id: inserted.id })
    .onConflict((oc) => oc.columns(['reference', 'kind']).doNothing())
    .returning('transaction_id')
    .executeTakeFirst();
  if (!claimed) {
    await tx.deleteFrom('ledger_transactions').where('id', '=', inserted.id).execute();
    return false;
  }
  const values = [];
  for (const leg of legsToPost) values.push({ transaction_id: inserted.id, account_id: await accountId(tx, leg.account, currency), amount: leg.amount });
  await tx.insertInto('ledger_entries').values(values).execute();
  return true;
}

export async function balance(db: Db, code: string): Promise<number> {
  const row = await db
    .selectFrom('ledger_entries')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('ledger_entries.amount'), eb.lit(0)).as('balance'))
    .where('ledger_accounts.code', '=', code)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/** Transactions whose entries do not sum to zero; empty when the books balance. */
export async function unbalancedTransactions(db: Db): Promise<number[]> {
  const rows = await sql<{ transaction_id: number }>`select transaction_id from ledger_entries group by transaction_id having sum(amount) <> 0`.execute(db);
  return rows.rows.map((r) => r.transaction_id);
}
