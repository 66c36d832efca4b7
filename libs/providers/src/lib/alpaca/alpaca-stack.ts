import { QueueName, type AlpacaJob } from '@mdi/domain';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { accountCalls } from './alpaca-calls';
import './alpaca-job-results';
import { ProviderStack, type QueueSettings } from '../queue/provider-stack';
import { AlpacaAccountProvider } from './alpaca-account.provider';
import { createAlpacaApis, type AlpacaCredentials } from './alpaca-sdk';

export interface AlpacaSettings extends Omit<QueueSettings, 'defaultRetryAfterMs'>, AlpacaCredentials {
  readonly defaultRetryAfterMs?: number;
}

export interface AlpacaStack {
  readonly provider: AlpacaAccountProvider;
  readonly stack: ProviderStack<AlpacaJob>;
}

/** The Alpaca provider on its shared, rate-limited queue (QueueName.AlpacaCalls). */
export function createAlpacaStack(
  settings: AlpacaSettings,
  observability: { readonly metrics?: ProviderMetrics; readonly logger?: ProviderLogger } = {},
): AlpacaStack {
  const provider = new AlpacaAccountProvider({
    apis: createAlpacaApis(settings),
    secrets: [settings.keyId, settings.secret],
    ...observability,
  });
  const stack = new ProviderStack<AlpacaJob>(
    accountCalls(provider, QueueName.AlpacaCalls),
    {
      ...settings,
      secrets: [settings.keyId, settings.secret],
      defaultRetryAfterMs: settings.defaultRetryAfterMs ?? settings.rateWindowMs,
    },
    observability,
  );
  return { provider, stack };
}
