import { describeValue } from '../shared/describe-value';
import { isIsoDate } from './iso-date';

/** RFC 3339 date-time with an explicit zone; providers send up to 9 fraction digits. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export type InstantResult = { readonly instant: Date } | { readonly problem: string };

/**
 * An RFC 3339 timestamp string as a Date, or why not. A zone is required:
 * a zone-less time would be read in the server's local zone. Calendar-invalid
 * dates (2024-02-30) are rejected even though Date.parse would roll them over.
 */
export function parseRfc3339(value: unknown, field: string): InstantResult {
  if (value === undefined || value === null) {
    return { problem: `${field} is missing` };
  }
  if (typeof value !== 'string') {
    return { problem: `${field} must be an RFC 3339 timestamp string, got ${describeValue(value)}` };
  }
  const match = RFC3339.exec(value);
  const millis = match && isIsoDate(match[1]) ? Date.parse(value) : NaN;
  if (Number.isNaN(millis)) {
    return { problem: `${field} ${describeValue(value)} is not a valid RFC 3339 timestamp` };
  }
  return { instant: new Date(millis) };
}

/**
 * A Date, an RFC 3339 string or epoch milliseconds as a valid Date, or why not.
 * Used where callers may hand over any of the three (e.g. bar candidates).
 */
export function toInstant(value: unknown, field: string): InstantResult {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { problem: `${field} is an Invalid Date` } : { instant: value };
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      return { problem: `${field} must be whole epoch milliseconds, got ${describeValue(value)}` };
    }
    return { instant: new Date(value) };
  }
  if (typeof value === 'string') {
    return parseRfc3339(value, field);
  }
  if (value === undefined || value === null) {
    return { problem: `${field} is missing` };
  }
  return { problem: `${field} must be a Date, got ${describeValue(value)}` };
}
