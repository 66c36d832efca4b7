import { POLYGON_JOBS, QueueName, type PolygonJob } from '@mdi/domain';
import type { MarketDataProvider } from '../contract/market-data-provider';
import { nextCursorOf, type CallDefinition } from '../queue/call-definitions';
import type { ProviderCall } from '../queue/provider-call';

/** End-of-day jobs on any MarketDataProvider (Polygon today). Bars are fetched as the job says; we store unadjusted. */
export function marketDataCalls(
  provider: MarketDataProvider,
  queueName: string = QueueName.PolygonCalls,
): CallDefinition<PolygonJob> {
  return {
    provider: provider.name,
    queueName,
    jobs: POLYGON_JOBS,
    perform: (async ({ job, cursor }: ProviderCall<PolygonJob>) => {
      switch (job.kind) {
        case 'aggregates-range':
          return provider.getDailyBars(job.symbol, job.from, job.to, { adjusted: job.adjusted }, cursor);
        case 'grouped-daily':
          return provider.getGroupedDaily(job.date, { adjusted: false });
        case 'reference-tickers':
          return provider.listTickers({ active: job.active }, cursor);
        case 'splits':
          return provider.listSplits(job.from, job.to, cursor);
        case 'dividends':
          return provider.listDividends(job.from, job.to, cursor);
        case 'market-holidays':
          return provider.getMarketHolidays();
        case 'ticker-details':
          return provider.getTickerDetails(job.symbol);
      }
    }) as CallDefinition<PolygonJob>['perform'],
    nextCall: (call, result) => {
      const next = nextCursorOf(result);
      return next === null ? null : { ...call, cursor: next };
    },
  };
}
