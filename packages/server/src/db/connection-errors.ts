/**
 * Failures that mean the database could not be reached or the connection a
 * query ran on was lost (a restart, a failover, a terminated backend), as
 * opposed to a failure of the query itself. They are answered with 503 and
 * `Retry-After`: the pool replaces the lost connection and the next attempt
 * may well succeed.
 */
const unavailableSqlStates = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

const unavailableSocketCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOENT']);

const unavailableMessages = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'terminating connection due to administrator command',
  'the database system is',
  'the embedded database is unavailable',
];

/** Raised by the database layer itself when it cannot reach its database (the embedded database's thread is gone). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'KINDRED_DB_UNAVAILABLE';
}

/** Whether `error` says the database is out of reach rather than that the query was wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, message, errors, cause } = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (unavailableSqlStates.has(code) || code.startsWith('08')) return true;
    // A unix socket that is gone (ENOENT) only counts when it came from connecting, not from a file.
    if (unavailableSocketCodes.has(code) && (code !== 'ENOENT' || (error as { syscall?: unknown }).syscall === 'connect')) return true;
  }
  if (typeof message === 'string' && unavailableMessages.some((m) => message.startsWith(m))) return true;
  // Connecting to a name with several addresses fails with every attempt's error.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
