/**
 * The embedded database in a worker thread. PGlite runs PostgreSQL compiled to
 * WebAssembly, and a query runs synchronously: on the main thread it would
 * stop the server from reading requests (and from answering 503 when busy)
 * while it runs. Here it runs beside the HTTP server, on the other core.
 *
 * Protocol: { id, op: 'query', sql, params } | { id, op: 'exec', script } | { id, op: 'close' }
 * → { id, rows?, affectedRows?, error? }. Live events (NOTIFY on the events channel, delivered as
 * transactions commit) → { notification: payload }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

type Request = { id: number } & ({ op: 'query'; sql: string; params: unknown[] } | { op: 'exec'; script: string } | { op: 'close' });

const port = parentPort!;
const { dataDir, channel } = workerData as { dataDir: string; channel: string };
const pglite = await PGlite.create({ dataDir });
await pglite.listen(channel, (payload) => port.postMessage({ notification: payload }));

function describeError(error: unknown) {
  // Keep PostgreSQL's fields (code, detail, constraint…): callers branch on the SQLSTATE code.
  const { message, ...fields } = Object.assign({ message: String(error) }, error as object);
  return { message: (error as Error)?.message ?? message, ...fields };
}

port.on('message', async (request: Request) => {
  try {
    if (request.op === 'query') {
      const result = await pglite.query(request.sql, request.params, { rowMode: 'object' });
      port.postMessage({ id: request.id, rows: result.rows, affectedRows: result.affectedRows });
    } else if (request.op === 'exec') {
      const results = await pglite.exec(request.script);
      port.postMessage({ id: request.id, rows: results.at(-1)?.rows ?? [] });
    } else {
      await pglite.query('checkpoint');
      await pglite.close();
      port.postMessage({ id: request.id, rows: [] });
    }
  } catch (error) {
    port.postMessage({ id: request.id, error: describeError(error) });
  }
});
port.postMessage({ ready: true });
