import { ApiError } from '@alpacahq/alpaca-trade-api';
import { redactSecrets } from '@mdi/platform';
import { failureOfStatus, ProviderError } from './provider-error';

/**
 * Turns whatever the Alpaca SDK threw into a ProviderError. The SDK error is
 * dropped (it holds the Response); only status, Retry-After and the body's
 * message survive, scrubbed of the key id and secret.
 */
export function alpacaError(endpoint: string, error: unknown, secrets: readonly string[]): ProviderError {
  if (error instanceof ProviderError) return error;
  const scrub = (text: string) => redactSecrets(text, secrets);
  if (error instanceof ApiError) {
    const failure = failureOfStatus(error.status);
    const detail = typeof error.message === 'string' ? error.message.replace(/\s+/g, ' ').trim().slice(0, 300) : '';
    return new ProviderError({
      provider: 'alpaca',
      endpoint,
      status: error.status,
      failure,
      retryAfterMs: failure === 'rate-limited' ? error.retryAfterMs : undefined,
      message: scrub(`alpaca ${endpoint}: HTTP ${error.status}${detail ? ` (${detail})` : ''}`),
    });
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ProviderError({
    provider: 'alpaca',
    endpoint,
    status: null,
    failure: 'unavailable',
    message: scrub(`alpaca ${endpoint}: no usable response: ${text}`),
  });
}
