import type { AlpacaDataJob, MarketDataBar } from '@mdi/domain';
import type { ProviderPage } from '../contract/provider-result';
import type { JobResults } from '../queue/job-results';

/** What Alpaca's market-data calls hand to the handler of each job kind, merged into the queue's JobResults. */
declare module '../queue/job-results' {
  interface JobResults {
    'stock-bars': ProviderPage<MarketDataBar>;
  }
}

export type AlpacaDataJobResults = Pick<JobResults, AlpacaDataJob['kind']>;
