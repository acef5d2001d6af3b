import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ReportsTable } from '../../db/schema.js';

/** Records a report; a second open report of the same subject by the same member returns the first. */
export async function insertReport(db: Db, values: Insertable<ReportsTable> & { reporter_id: number }) {
  const inserted = await db
    .insertInto('reports')
    .values(values)
    // The index's predicate as a literal: PostgreSQL infers the arbiter index from constants, not parameters
    // (a parameter works until the prepared statement goes generic).
    .onConflict((oc) => oc.columns(['reporter_id', 'kind', 'subject_id']).where('status', '=', sql.lit('open')).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const existing = await db
    .selectFrom('reports')
    .select('id')
    .where('reporter_id', '=', values.reporter_id)
    .where('kind', '=', values.kind)
    .where('subject_id', '=', values.subject_id)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return existing.id;
}

/** Closes the open reports of these subjects (they were dealt with: photos removed). */
export async function resolveReports(db: Db, kind: ReportsTable['kind'], subjectIds: readonly number[]) {
  if (subjectIds.length === 0) return;
  await db.updateTable('reports').set({ status: 'resolved', outcome: 'removed', resolved_at: new Date() }).where('kind', '=', kind).where('subject_id', 'in', subjectIds).where('status', '=', 'open').execute();
}
