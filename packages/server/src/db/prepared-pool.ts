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
 * A pg pool for Kysely whose connections run parameterized queries as named
 * (prepared) statements: each distinct SQL text is parsed once per connection
 * and PostgreSQL may keep its plan, which on the hot paths costs more than
 * running the query. The SQL text is the key, so a statement is shared by
 * every call that compiles to the same text.
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
        client.on('error', (error) => {
          if (lost) return;
          lost = error;
          onConnectionLost(error);
        });
        wrapped = {
          query(textOrCursor: unknown, values?: readonly unknown[]) {
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
