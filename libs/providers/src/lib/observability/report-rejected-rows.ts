import type { ProviderResult } from '../contract/provider-result';
import type { ProviderLogger } from './provider-logger';
import type { ProviderMetrics } from './provider-metrics';

export interface RejectedRowsSink {
  readonly metrics?: ProviderMetrics;
  readonly logger?: ProviderLogger;
}

/** Counts a response's rejected rows and logs the first reasons; shared by every provider. */
export function reportRejectedRows(
  sink: RejectedRowsSink,
  provider: string,
  endpoint: string,
  result: ProviderResult<unknown>,
): void {
  sink.metrics?.rejected(provider, endpoint, result.rejected.length);
  if (result.rejected.length === 0) return;
  sink.logger?.warn(
    {
      provider,
      endpoint,
      data_points: result.items.length,
      rejected: result.rejected.length,
      reasons: result.rejected.slice(0, 5).map((r) => r.reasons.join('; ')),
    },
    'provider rows rejected',
  );
}
