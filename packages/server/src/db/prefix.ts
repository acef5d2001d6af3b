import { sql, type RawBuilder } from 'kysely';

/**
 * `lower(column)` starts with `prefix`, whatever the case: a byte-wise range
 * that a text_pattern_ops index on lower(column) answers (the planner can't
 * turn a LIKE with a bound pattern into one on a generic plan). Both sides are
 * lowered by PostgreSQL, so they agree on case; U+10FFFF sorts after any
 * character that may follow the prefix.
 */
export function startsWithLower(column: string, prefix: string) {
  return startsWithLowered(sql`lower(${sql.ref(column)})`, prefix);
}

/** An expression kept lowered (an index's own column) starts with `prefix`, whatever its case. */
export function startsWithLowered(expr: RawBuilder<string>, prefix: string) {
  return sql<boolean>`(${expr} ~>=~ lower(${prefix}) and ${expr} ~<~ (lower(${prefix}) || chr(1114111)))`;
}
