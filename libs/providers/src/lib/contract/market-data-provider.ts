import type { CashDividend, IsoDate, MarketDataBar, MarketHoliday, StockSplit, TickerReference } from '@mdi/domain';
import type { ProviderPage, ProviderResult } from './provider-result';

export interface BarOptions {
  /** Split-adjusted prices. We store unadjusted bars, so callers pass false. */
  readonly adjusted: boolean;
}

/**
 * A source of end-of-day market data. Implementations return DOMAIN models
 * only, make exactly one HTTP call per method call (the shared rate limiter
 * counts calls, so a method never pages or retries on its own), and throw
 * only ProviderError.
 */
export interface MarketDataProvider {
  /** Stable name: metrics label, queue owner and provider_config key. */
  readonly name: string;

  /** Daily bars of one symbol, from and to inclusive. */
  getDailyBars(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    options: BarOptions,
    cursor?: string,
  ): Promise<ProviderPage<MarketDataBar>>;

  /** One bar per symbol that traded on `date`. */
  getGroupedDaily(date: IsoDate, options: BarOptions): Promise<ProviderResult<MarketDataBar>>;

  /** One page of the ticker list; pass the previous page's nextCursor to go on. */
  listTickers(filter: { readonly active: boolean }, cursor?: string): Promise<ProviderPage<TickerReference>>;

  listSplits(from: IsoDate, to: IsoDate, cursor?: string): Promise<ProviderPage<StockSplit>>;

  listDividends(from: IsoDate, to: IsoDate, cursor?: string): Promise<ProviderPage<CashDividend>>;

  /**
   * One ticker's reference record (active, delisting date): confirms or
   * refutes a suspected delisting with one call. A record the provider does
   * not have comes back in `rejected` (no item), not as an error.
   */
  getTickerDetails(symbol: string): Promise<ProviderResult<TickerReference>>;

  /** Announced holidays and early closes. */
  getMarketHolidays(): Promise<ProviderResult<MarketHoliday>>;
}
