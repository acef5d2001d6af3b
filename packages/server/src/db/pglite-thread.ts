import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DatabaseUnavailableError } from './connection-errors.js';

/**
 * Workers don't inherit the TypeScript loader the server runs under (tsx), so
 * a .ts worker is started through a bootstrap that registers it first.
 */
function spawnWorker(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export interface QueryOutcome {
  rows: Record<string, unknown>[];
  affectedRows?: number;
}

/** The main thread's handle on the embedded database running in its worker (pglite-worker.ts). */
export class PGliteThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (outcome: QueryOutcome) => void; reject: (error: Error) => void }>();
  /** Set once the thread is gone: a message posted to it would never be answered. */
  private gone: Error | null = null;
  private readonly notificationListeners = new Set<(payload: string) => void>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { id: number; rows?: Record<string, unknown>[]; affectedRows?: number; error?: { message: string }; notification?: string }) => {
      if (message.notification !== undefined) {
        for (const listener of this.notificationListeners) listener(message.notification);
        return;
      }
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(Object.assign(new Error(message.error.message), message.error));
      else waiter.resolve({ rows: message.rows ?? [], affectedRows: message.affectedRows });
    });
    worker.on('error', (error) => this.failAll(new DatabaseUnavailableError(`the embedded database is unavailable: ${error.message}`)));
    worker.on('exit', (code) => this.failAll(new DatabaseUnavailableError(`the embedded database is unavailable: its thread exited (${code})`)));
  }

  /** Starts the worker and resolves once PGlite has opened the data folder and listens on `channel`. */
  static async start(dataDir: string, channel: string): Promise<PGliteThread> {
    const worker = spawnWorker(new URL(`./pglite-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url), { dataDir, channel });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new PGliteThread(worker);
  }

  /** Payloads of NOTIFY on the listened channel, as their transactions commit. */
  onNotification(listener: (payload: string) => void): () => void {
    this.notificationListeners.add(listener);
    return () => void this.notificationListeners.delete(listener);
  }

  query(sql: string, params: readonly unknown[]): Promise<QueryOutcome> {
    return this.send({ op: 'query', sql, params });
  }

  /** Runs a multi-statement script; resolves with the last statement's rows. */
  async exec(script: string): Promise<Record<string, unknown>[]> {
    return (await this.send({ op: 'exec', script })).rows;
  }

  /** Checkpoints, closes PGlite and ends the thread (ended regardless after 30 s, so shutdown can't hang). */
  async close() {
    if (this.gone) return void (await this.worker.terminate());
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, 30_000)));
    try {
      await Promise.race([this.send({ op: 'close' }), deadline]);
    } finally {
      clearTimeout(timer);
      await this.worker.terminate();
    }
  }

  private send(request: object): Promise<QueryOutcome> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...request });
    });
  }

  private failAll(error: Error) {
    this.gone ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
