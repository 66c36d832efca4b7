import type { AccountSnapshot, AlpacaJob, Fill, MarketClock, Order, Position, TradingSession } from '@mdi/domain';
import type { ProviderPage, ProviderResult } from '../contract/provider-result';
import type { JobResults } from '../queue/job-results';

/** What Alpaca's calls hand to the handler of each Alpaca job kind, merged into the queue's JobResults. */
declare module '../queue/job-results' {
  interface JobResults {
    account: ProviderResult<AccountSnapshot>;
    positions: ProviderResult<Position>;
    orders: ProviderPage<Order>;
    fills: ProviderPage<Fill>;
    calendar: ProviderResult<TradingSession>;
    clock: ProviderResult<MarketClock>;
  }
}

export type AlpacaJobResults = Pick<JobResults, AlpacaJob['kind']>;
