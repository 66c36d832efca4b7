import { redactSecrets } from './secret-redaction';

const MAX_DEPTH = 6;

/**
 * Redacts credentials in every string of a log line's fields. Plain objects
 * and arrays are copied; errors have their message and stack scrubbed in place
 * (pino's error serializer still needs the Error); anything else (a request,
 * a socket) is left to its serializer. Cycles and depth are bounded, because a
 * log call must never throw.
 */
export function scrubLogObject(
  value: unknown,
  secrets: readonly string[],
  seen = new WeakSet<object>(),
  depth = 0,
): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Error) {
    value.message = redactSecrets(value.message, secrets);
    if (value.stack) value.stack = redactSecrets(value.stack, secrets);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => scrubLogObject(item, secrets, seen, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [key, scrubLogObject(field, secrets, seen, depth + 1)]),
  );
}
