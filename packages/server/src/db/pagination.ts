import { sql, type Expression, type RawBuilder } from 'kysely';
import { ValidationError } from '../errors.js';

/**
 * Keyset pagination: a cursor is the sort key of the last row of a page,
 * encoded opaquely. Queries fetch `limit + 1` rows to know whether more exist.
 */
export type CursorValue = string | number;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

// PostgreSQL's text form of a timestamptz, which keeps the microseconds a JS Date would drop.
const pgTimestamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** A timestamp column as cursor text (exact to the microsecond); compare it back with `::timestamptz`. */
export function timestampCursor<T extends string>(column: T) {
  return sql<string>`${sql.ref(column)}::text`;
}

/** Decodes a cursor made by encodeCursor with the given shape ('s' string, 'n' number, 't' timestamp text); a malformed one is a 400. */
export function decodeCursor(cursor: string | undefined, shape: string): CursorValue[] | null {
  if (cursor === undefined) return null;
  const bad = () => new ValidationError('The cursor is not valid.', { cursor: 'malformed cursor' });
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(values) || values.length !== shape.length) throw bad();
  return values.map((value, i) => {
    const kind = shape[i];
    if (kind === 'n' && typeof value === 'number' && Number.isFinite(value)) return value;
    if (kind === 's' && typeof value === 'string') return value;
    if (kind === 't' && typeof value === 'string' && pgTimestamp.test(value)) return value;
    throw bad();
  });
}

/** Splits a `limit + 1` result into a page and the cursor of its last row. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => CursorValue[]): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: encodeCursor(cursorOf(page[page.length - 1]!)) };
}

/**
 * Row-value comparison for keyset pagination, `(a, b) < (x, y)`, which
 * PostgreSQL answers from a composite index. A cursor's timestamp (text) is
 * cast back to timestamptz when `timestamp` is set on the first key.
 */
export function keysetAfter(
  columns: [string | Expression<unknown>, string],
  op: '<' | '>',
  after: CursorValue[],
  first: 'timestamp' | 'number' | 'real' = 'number',
): RawBuilder<boolean> {
  const [a, b] = columns;
  const left = typeof a === 'string' ? sql.ref(a) : a;
  // The values go in as they are (decodeCursor typed them), so a statement cache may stand in placeholders for them.
  const value = first === 'timestamp' ? sql`${after[0]}::timestamptz` : first === 'real' ? sql`${after[0]}::real` : sql`${after[0]}`;
  return sql<boolean>`(${left}, ${sql.ref(b)}) ${sql.raw(op)} (${value}, ${after[1]})`;
}
