import { QueueName, type PolygonJob } from '@mdi/domain';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { marketDataCalls } from './polygon-calls';
import './polygon-job-results';
import { ProviderStack, type QueueSettings } from '../queue/provider-stack';
import { PolygonMarketDataProvider } from './polygon-market-data.provider';
import { createPolygonRestClient } from './polygon-sdk';

export interface PolygonSettings extends Omit<QueueSettings, 'defaultRetryAfterMs'> {
  readonly apiKey: string;
  /** POLYGON_BASE_URL. */
  readonly baseUrl: string;
  readonly defaultRetryAfterMs?: number;
  readonly timeoutMs?: number;
  /** Rows per reference page; Polygon's maximum (1000) unless set. */
  readonly referencePageSize?: number;
}

export interface PolygonStack {
  readonly provider: PolygonMarketDataProvider;
  readonly stack: ProviderStack<PolygonJob>;
}

/** The Polygon provider on its shared, rate-limited queue (QueueName.PolygonCalls). */
export function createPolygonStack(
  settings: PolygonSettings,
  observability: { readonly metrics?: ProviderMetrics; readonly logger?: ProviderLogger } = {},
): PolygonStack {
  const provider = new PolygonMarketDataProvider({
    client: createPolygonRestClient(settings.apiKey, settings.baseUrl),
    secrets: [settings.apiKey],
    timeoutMs: settings.timeoutMs,
    referencePageSize: settings.referencePageSize,
    ...observability,
  });
  const stack = new ProviderStack<PolygonJob>(
    marketDataCalls(provider, QueueName.PolygonCalls),
    {
      ...settings,
      secrets: [settings.apiKey],
      defaultRetryAfterMs: settings.defaultRetryAfterMs ?? settings.rateWindowMs,
    },
    observability,
  );
  return { provider, stack };
}
