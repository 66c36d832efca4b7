import { ResponseError } from '@alpacahq/alpaca-trade-api';
import { alpacaError } from '../errors/alpaca-error.mapper';
import { ProviderError } from '../errors/provider-error';
import type { ProviderMetrics } from '../observability/provider-metrics';

/** Alpaca's X-RateLimit-* headers of the latest answer that carried them, successful or not (429, 5xx). */
export interface AlpacaRateLimitState {
  readonly limit: number | null;
  readonly remaining: number | null;
  readonly resetAt: Date | null;
  /** When that answer arrived; null before any. */
  readonly observedAt: Date | null;
}

/** What a *Raw() method of the generated API resolves to: we read the wire JSON ourselves. */
export type RawAnswer = { raw: Response };

export interface AlpacaWireDeps {
  readonly secrets: readonly string[];
  readonly metrics?: ProviderMetrics;
  readonly now?: () => Date;
}

/**
 * One HTTP call to Alpaca (trading or market data) through a generated
 * *Raw() method: the wire JSON back, the call counted by status, the
 * X-RateLimit-* headroom kept, and any failure a scrubbed ProviderError.
 */
export class AlpacaWire {
  private rateLimitState: AlpacaRateLimitState = { limit: null, remaining: null, resetAt: null, observedAt: null };

  constructor(private readonly deps: AlpacaWireDeps) {}

  /** Headroom as Alpaca reported it on the latest call. */
  get lastRateLimit(): AlpacaRateLimitState {
    return this.rateLimitState;
  }

  async request(endpoint: string, run: () => Promise<RawAnswer>): Promise<unknown> {
    try {
      const { raw } = await run();
      this.readRateLimit(raw.headers);
      this.deps.metrics?.call('alpaca', endpoint, raw.status);
      try {
        return await raw.json();
      } catch {
        throw new ProviderError({
          provider: 'alpaca',
          endpoint,
          status: raw.status,
          failure: 'unavailable',
          message: `alpaca ${endpoint}: unreadable response: body is not JSON`,
        });
      }
    } catch (error) {
      // A refused or failed answer (429, 5xx) tells the headroom too: the SDK error keeps its Response.
      if (error instanceof ResponseError) this.readRateLimit(error.response.headers);
      const failure = alpacaError(endpoint, error, this.deps.secrets);
      if (!(error instanceof ProviderError)) this.deps.metrics?.call('alpaca', endpoint, failure.status);
      throw failure;
    }
  }

  /** Keeps the last state when an answer carries no X-RateLimit-* header (an HTML page from a gateway). */
  private readRateLimit(headers: Headers | undefined): void {
    const number = (name: string) => {
      const value = headers?.get(name) ?? null;
      return value === null || value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value);
    };
    const limit = number('X-RateLimit-Limit');
    const remaining = number('X-RateLimit-Remaining');
    const reset = number('X-RateLimit-Reset');
    if (limit === null && remaining === null && reset === null) return;
    this.rateLimitState = {
      limit,
      remaining,
      resetAt: reset === null ? null : new Date(reset * 1000),
      observedAt: (this.deps.now ?? (() => new Date()))(),
    };
  }
}
