import { CompiledQuery, sql, type Compilable, type RawBuilder } from 'kysely';
import type { Db } from './database.js';
import { GENERIC_PLAN_MARK } from './prepared-pool.js';

/** Stands in for a value while a statement is built, so the compiled statement can take any value there. */
class Placeholder {
  constructor(readonly index: number) {}
}

const compiledShapes = new Map<string, CompiledQuery>();

/**
 * Runs a hot statement whose SQL depends only on a few choices (a sort order,
 * whether a cursor is given), which `shape` names. Kysely builds and compiles
 * it once per shape, with placeholders for `values`; later calls only put
 * their values in. Building and compiling is most of what Kysely costs a
 * request on the hot lists. `build` must pass the values it is given straight
 * into the query (no arithmetic, no branching on them: branch on the shape).
 *
 * Each shape is built around index probes whose plan does not depend on the
 * values, so PostgreSQL runs it on a generic plan, planned once per
 * connection (GENERIC_PLAN_MARK): left to choose, it re-plans these larger
 * statements on every call, which costs more than running them.
 */
export async function runCached<R, V extends readonly unknown[]>(db: Db, shape: string, values: V, build: (values: V) => Compilable<R>): Promise<R[]> {
  let compiled = compiledShapes.get(shape);
  if (!compiled) {
    const built = build(values.map((_, i) => new Placeholder(i)) as unknown as V).compile();
    if (!built.parameters.some((p) => p instanceof Placeholder) && values.length > 0) throw new Error(`statement ${shape} ignores its values`);
    compiled = CompiledQuery.raw(GENERIC_PLAN_MARK + built.sql, [...built.parameters]);
    compiledShapes.set(shape, compiled);
  }
  const parameters = compiled.parameters.map((p) => (p instanceof Placeholder ? values[p.index] : p));
  const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters));
  return result.rows;
}

/**
 * A raw statement of index probes whose plan does not depend on its values,
 * run on a generic plan like runCached's: on a hot path it then shares its
 * connection's plan mode with the cached statements around it, instead of
 * switching the connection's mode (a round trip) before and after it.
 */
export function onGenericPlan<T>(query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(GENERIC_PLAN_MARK)}${query}`;
}
