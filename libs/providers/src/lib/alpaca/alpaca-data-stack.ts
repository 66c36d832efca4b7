import { QueueName, type AlpacaDataJob } from '@mdi/domain';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { ProviderStack, type QueueSettings } from '../queue/provider-stack';
import { alpacaDataCalls } from './alpaca-data-calls';
import './alpaca-data-job-results';
import { createAlpacaStockApi, type AlpacaDataCredentials } from './alpaca-data-sdk';
import { AlpacaMarketDataProvider } from './alpaca-market-data.provider';

export interface AlpacaDataSettings
  extends Omit<QueueSettings, 'defaultRetryAfterMs' | 'sharedBudgetQueue'>, AlpacaDataCredentials {
  readonly defaultRetryAfterMs?: number;
}

export interface AlpacaDataStack {
  readonly provider: AlpacaMarketDataProvider;
  readonly stack: ProviderStack<AlpacaDataJob>;
}

/**
 * Alpaca market data on its own queue (QueueName.AlpacaDataCalls, handled by
 * the polygon-ingestor) inside the key's one budget: every call first takes a
 * slot from the alpaca-calls limiter, which the alpaca-monitor's worker spends
 * for the same key, so both apps together stay within ALPACA_RATE_LIMIT_PER_MINUTE.
 */
export function createAlpacaDataStack(
  settings: AlpacaDataSettings,
  observability: { readonly metrics?: ProviderMetrics; readonly logger?: ProviderLogger } = {},
): AlpacaDataStack {
  const provider = new AlpacaMarketDataProvider({
    stocks: createAlpacaStockApi(settings),
    secrets: [settings.keyId, settings.secret],
    ...observability,
  });
  const stack = new ProviderStack<AlpacaDataJob>(
    alpacaDataCalls(provider, QueueName.AlpacaDataCalls),
    {
      ...settings,
      secrets: [settings.keyId, settings.secret],
      defaultRetryAfterMs: settings.defaultRetryAfterMs ?? settings.rateWindowMs,
      sharedBudgetQueue: QueueName.AlpacaCalls,
    },
    observability,
  );
  return { provider, stack };
}
