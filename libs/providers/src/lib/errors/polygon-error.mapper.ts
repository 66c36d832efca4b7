import { redactSecrets } from '@mdi/platform';
import { failureOfStatus, parseRetryAfter, ProviderError } from './provider-error';

interface AxiosLike {
  readonly isAxiosError: true;
  readonly code?: string;
  readonly message: string;
  readonly response?: { readonly status: number; readonly data?: unknown; readonly headers?: Record<string, unknown> };
}

/**
 * The Basic plan's answer for today's bars before they are published (POLYGON.md, Errors): same
 * 403 NOT_AUTHORIZED envelope as a plan refusal, told apart by its message only.
 */
const NOT_PUBLISHED_YET = /today.s data before end of day/i;

function isAxiosLike(error: unknown): error is AxiosLike {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}

/**
 * Turns whatever the Polygon SDK threw into a ProviderError. The AxiosError
 * itself is dropped: its config holds the request URL with `apiKey=`.
 */
export function polygonError(endpoint: string, error: unknown, secrets: readonly string[]): ProviderError {
  if (error instanceof ProviderError) return error;
  const scrub = (text: string) => redactSecrets(text, secrets);
  if (isAxiosLike(error) && error.response) {
    const { status, data, headers } = error.response;
    const detail = bodyText(data);
    const failure = status === 403 && NOT_PUBLISHED_YET.test(detail) ? 'not-yet-available' : failureOfStatus(status);
    return new ProviderError({
      provider: 'polygon',
      endpoint,
      status,
      failure,
      // Polygon documents no Retry-After; when absent the queue uses its default pause.
      retryAfterMs: failure === 'rate-limited' ? parseRetryAfter(headers?.['retry-after']) : undefined,
      message: scrub(`polygon ${endpoint}: HTTP ${status}${detail ? ` (${detail})` : ''}`),
    });
  }
  const code = isAxiosLike(error) ? error.code : undefined;
  const text = error instanceof Error ? error.message : String(error);
  return new ProviderError({
    provider: 'polygon',
    endpoint,
    status: null,
    failure: 'unavailable',
    message: scrub(`polygon ${endpoint}: no response${code ? ` (${code})` : ''}: ${text}`),
  });
}

/** Polygon puts the reason in `error` (401, 429) or `message` (403); bodies may also be HTML or empty. */
function bodyText(data: unknown): string {
  if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>;
    const text = record['error'] ?? record['message'];
    return typeof text === 'string' ? text.slice(0, 300) : '';
  }
  return typeof data === 'string' ? data.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
}
