/** Why a provider call failed, as far as retry and the breaker care. */
export type ProviderFailure =
  /** HTTP 429: pause the whole queue, then retry without spending an attempt. */
  | 'rate-limited'
  /** Network error, timeout, 5xx or a body we cannot read: retry with backoff; counts towards the breaker. */
  | 'unavailable'
  /** 401/403: the key is wrong or not entitled; retrying cannot help. */
  | 'unauthorized'
  /** Any other 4xx: our request is wrong; retrying cannot help. */
  | 'rejected-request'
  /**
   * The data exists later, not now (Polygon's 403 "Attempted to request today's data before end of
   * day"): delay the job, without spending an attempt, touching the breaker or alerting.
   */
  | 'not-yet-available';

export interface ProviderErrorDetails {
  readonly provider: string;
  readonly endpoint: string;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  readonly failure: ProviderFailure;
  readonly retryAfterMs?: number;
  /** Already redacted text. */
  readonly message: string;
}

/**
 * The only error a provider throws. It replaces the vendor's error (an
 * AxiosError carries the request config with the key in its URL), keeps no
 * reference to it, and holds text that has been scrubbed of secrets.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: string;
  readonly endpoint: string;
  readonly status: number | null;
  readonly failure: ProviderFailure;
  readonly retryAfterMs?: number;

  constructor(details: ProviderErrorDetails) {
    super(details.message);
    this.provider = details.provider;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.failure = details.failure;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Worth another attempt later (with backoff, after the rate-limit pause, or once the data is published). */
  get retryable(): boolean {
    return this.failure === 'rate-limited' || this.failure === 'unavailable' || this.failure === 'not-yet-available';
  }

  /** Evidence the provider is down: what opens the circuit breaker. */
  get isOutage(): boolean {
    return this.failure === 'unavailable';
  }

  toJSON(): ProviderErrorDetails {
    return {
      provider: this.provider,
      endpoint: this.endpoint,
      status: this.status,
      failure: this.failure,
      retryAfterMs: this.retryAfterMs,
      message: this.message,
    };
  }
}

/** Classifies by HTTP status first, as both vendors' docs advise. */
export function failureOfStatus(status: number): ProviderFailure {
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 408 || status >= 500) return 'unavailable';
  return 'rejected-request';
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
