import type {} from 'fastify';

/**
 * Admission control in front of the embedded database. PGlite runs one query
 * at a time; with many requests in flight each waits behind every other
 * request's every query, so all of them get slow together. A few requests run
 * at once, the next ones wait in order, and past a queue limit a request is
 * refused at once with 503 and Retry-After instead of waiting seconds.
 */
export class AdmissionGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  /** Requests admitted and not yet finished. */
  get running(): number {
    return this.active;
  }

  /** Requests waiting for a place. */
  get queued(): number {
    return this.waiting.length;
  }

  /** True once the request may run; false at once when the queue is full. */
  async enter(): Promise<boolean> {
    if (this.active < this.concurrency) {
      this.active++;
      return true;
    }
    if (this.waiting.length >= this.queueLimit) return false;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    return true;
  }

  /** A finished request hands its place to the next in line. */
  leave() {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The embedded database's gate; absent on PostgreSQL. */
    admissionGate?: AdmissionGate;
  }
}

/** Requests run at once on the embedded database: enough to overlap one's JavaScript with another's query. */
export const EMBEDDED_CONCURRENCY = 4;
