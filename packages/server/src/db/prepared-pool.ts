import crypto from 'node:crypto';
import type pg from 'pg';

/** Statements one connection keeps prepared at most; past it, queries are planned each time as before. */
const MAX_PREPARED_PER_CONNECTION = 500;
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `k${crypto.createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (names.size < 10 * MAX_PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

/**
 * Begins the text of a statement to run on a generic plan (plan_cache_mode =
 * force_generic_plan): planned once per connection, whatever its values.
 */
export const GENERIC_PLAN_MARK = '/* generic plan */ ';

/**
 * A pg pool for Kysely whose connections run parameterized queries as named
 * (prepared) statements: each distinct SQL text is parsed once per connection
 * and PostgreSQL may keep its plan, which on the hot paths costs more than
 * running the query. The SQL text is the key, so a statement is shared by
 * every call that compiles to the same text.
 *
 * A statement whose text begins with GENERIC_PLAN_MARK runs with
 * plan_cache_mode = force_generic_plan, every other one with the server's
 * choice: a connection switches (one SET, queued before the statement) only
 * when its mode differs. A rollback may undo a SET, so after one the mode is
 * set again on next use.
 */
export function preparedStatementPool(pool: pg.Pool, onConnectionLost: (error: Error) => void = () => {}) {
  const clients = new WeakMap<pg.PoolClient, unknown>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        const prepared = new Set<string>();
        // A checked-out connection that dies between queries (terminated, the server restarted) emits 'error'
        // on its client; unheard, that event would end the process. Its queries fail on their own, and the
        // client is destroyed on release rather than handed to the next request.
        let lost: Error | null = null;
        let genericPlans: boolean | null = false;
        client.on('error', (error) => {
          if (lost) return;
          lost = error;
          onConnectionLost(error);
        });
        wrapped = {
          query(textOrCursor: unknown, values?: readonly unknown[]) {
            if (typeof textOrCursor === 'string' && /^\s*rollback/i.test(textOrCursor)) genericPlans = null;
            else if (typeof textOrCursor === 'string' && !/^\s*(begin|start|commit|savepoint|release)\b/i.test(textOrCursor)) {
              const generic = textOrCursor.startsWith(GENERIC_PLAN_MARK);
              if (genericPlans !== generic) {
                // Queued on the connection ahead of the statement; a failure here fails the statement's transaction too.
                void client.query(generic ? 'set plan_cache_mode = force_generic_plan' : 'set plan_cache_mode = auto').catch(() => (genericPlans = null));
                genericPlans = generic;
              }
            }
            if (typeof textOrCursor !== 'string' || !values || values.length === 0) {
              return client.query(textOrCursor as string, values as unknown[]);
            }
            const name = statementName(textOrCursor);
            if (!prepared.has(name)) {
              if (prepared.size >= MAX_PREPARED_PER_CONNECTION) return client.query(textOrCursor, values as unknown[]);
              prepared.add(name);
            }
            return client.query({ name, text: textOrCursor, values: values as unknown[] });
          },
          release: (destroy?: boolean | Error) => client.release(destroy || lost || undefined),
        };
        clients.set(client, wrapped);
      }
      return wrapped as pg.PoolClient;
    },
    end: () => pool.end(),
  };
}
