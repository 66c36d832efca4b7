import { describeValue, isPlainRecord } from '@mdi/domain';
import { ProviderError } from '../errors/provider-error';

export interface PolygonEnvelope {
  readonly rows: unknown[];
  readonly nextCursor: string | null;
  /** A next_url we could not follow, reported as a rejected row. */
  readonly brokenNextUrl?: string;
}

/**
 * Reads `results` and `next_url` of a Polygon body. Absent, null and [] all
 * mean "no rows" (holidays, weekends); anything else that is not a list means
 * we cannot read the answer at all.
 */
export function readEnvelope(endpoint: string, body: unknown): PolygonEnvelope {
  if (!isPlainRecord(body)) {
    throw unreadable(endpoint, `body must be a JSON object, got ${describeValue(body)}`);
  }
  const results = body['results'];
  if (results !== undefined && results !== null && !Array.isArray(results)) {
    throw unreadable(endpoint, `results must be a list, got ${describeValue(results)}`);
  }
  const rows = Array.isArray(results) ? results : [];
  const nextUrl = body['next_url'];
  if (nextUrl === undefined || nextUrl === null || nextUrl === '') {
    return { rows, nextCursor: null };
  }
  const cursor = typeof nextUrl === 'string' ? cursorOf(nextUrl) : null;
  return cursor ? { rows, nextCursor: cursor } : { rows, nextCursor: null, brokenNextUrl: String(nextUrl) };
}

/** A bare JSON array (e.g. /v1/marketstatus/upcoming). */
export function readArray(endpoint: string, body: unknown): unknown[] {
  if (!Array.isArray(body)) {
    throw unreadable(endpoint, `body must be a JSON list, got ${describeValue(body)}`);
  }
  return body;
}

/** next_url is absolute on the vendor host; only its opaque cursor is reused. */
function cursorOf(nextUrl: string): string | null {
  try {
    return new URL(nextUrl).searchParams.get('cursor');
  } catch {
    return null;
  }
}

function unreadable(endpoint: string, why: string): ProviderError {
  return new ProviderError({
    provider: 'polygon',
    endpoint,
    status: 200,
    failure: 'unavailable',
    message: `polygon ${endpoint}: unreadable response: ${why}`,
  });
}
