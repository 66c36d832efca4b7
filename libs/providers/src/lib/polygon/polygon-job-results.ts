import type { CashDividend, MarketDataBar, MarketHoliday, PolygonJob, StockSplit, TickerReference } from '@mdi/domain';
import type { ProviderPage, ProviderResult } from '../contract/provider-result';
import type { JobResults } from '../queue/job-results';

/** What Polygon's calls hand to the handler of each Polygon job kind, merged into the queue's JobResults. */
declare module '../queue/job-results' {
  interface JobResults {
    'grouped-daily': ProviderResult<MarketDataBar>;
    'aggregates-range': ProviderPage<MarketDataBar>;
    'reference-tickers': ProviderPage<TickerReference>;
    splits: ProviderPage<StockSplit>;
    dividends: ProviderPage<CashDividend>;
    'market-holidays': ProviderResult<MarketHoliday>;
    'ticker-details': ProviderResult<TickerReference>;
  }
}

export type PolygonJobResults = Pick<JobResults, PolygonJob['kind']>;
