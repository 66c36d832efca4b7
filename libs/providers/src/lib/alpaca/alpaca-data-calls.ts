import { ALPACA_DATA_JOBS, QueueName, type AlpacaDataJob } from '@mdi/domain';
import { nextCursorOf, type CallDefinition } from '../queue/call-definitions';
import type { ProviderCall } from '../queue/provider-call';
import type { AlpacaMarketDataProvider } from './alpaca-market-data.provider';

/** Alpaca market-data jobs: one bars page per job; the next page is a follow-up job with the page token. */
export function alpacaDataCalls(
  provider: AlpacaMarketDataProvider,
  queueName: string = QueueName.AlpacaDataCalls,
): CallDefinition<AlpacaDataJob> {
  return {
    provider: provider.name,
    queueName,
    jobs: ALPACA_DATA_JOBS,
    perform: (async ({ job, cursor }: ProviderCall<AlpacaDataJob>) =>
      provider.getStockBars(job.symbols, job.from, job.to, cursor)) as CallDefinition<AlpacaDataJob>['perform'],
    nextCall: (call, result) => {
      const next = nextCursorOf(result);
      return next === null ? null : { ...call, cursor: next };
    },
  };
}
