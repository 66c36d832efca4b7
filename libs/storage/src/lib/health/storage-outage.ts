/** Socket-level failures: the server is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs that say the server cannot serve right now, whatever the query:
 * class 08 (connection exception), 57P01-57P03 (shut down, crashed, starting
 * up), 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;

/** pg and pg-pool say these in words, without a code. */
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /connection .*(closed|ended)/i,
  /did not answer within/i,
];

/**
 * Whether an error from a query means PostgreSQL is unreachable (so the work
 * should wait for it) rather than that the query or its data is wrong (so
 * the work has failed). Follows TypeORM's `driverError` and `cause`.
 */
export function isStorageOutage(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 3) return false;
  const { code, message, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // AggregateError: every address of the host refused (IPv4 and IPv6)
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => isStorageOutage(e, depth + 1))) return true;
  return isStorageOutage(driverError, depth + 1) || isStorageOutage(cause, depth + 1);
}
