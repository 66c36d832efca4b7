import type {
  AccountSnapshot,
  Fill,
  IsoDate,
  MarketClock,
  Order,
  OrderStatusFilter,
  Position,
  TradingSession,
} from '@mdi/domain';
import type { ProviderPage, ProviderResult } from './provider-result';

export interface OrdersQuery {
  readonly status: OrderStatusFilter;
  /** RFC 3339, exclusive, on submission time. */
  readonly after?: string;
  readonly until?: string;
  readonly direction?: 'asc' | 'desc';
  /** At most 500 (Alpaca's maximum). */
  readonly limit?: number;
  /** nextCursor of the previous page: replaces after (asc) or until (desc) and the direction. */
  readonly cursor?: string;
}

export interface FillsQuery {
  readonly after?: string;
  /** Id of the last fill of the previous page. */
  readonly pageToken?: string;
  /** At most 100 (Alpaca's maximum). */
  readonly pageSize?: number;
}

/**
 * A brokerage account source. Same rules as MarketDataProvider: domain models
 * only, one HTTP call per method call, failures as ProviderError.
 */
export interface AccountProvider {
  readonly name: string;
  getAccount(): Promise<ProviderResult<AccountSnapshot>>;
  getPositions(): Promise<ProviderResult<Position>>;
  /**
   * One page; nextCursor (opaque, pass it back as `cursor`) continues the listing without skipping or
   * repeating orders that share a submission time across the page boundary.
   */
  getOrders(query: OrdersQuery): Promise<ProviderPage<Order>>;
  /** One page of FILL activities; nextCursor is the next page token. */
  getFills(query: FillsQuery): Promise<ProviderPage<Fill>>;
  getCalendar(start: IsoDate, end: IsoDate): Promise<ProviderResult<TradingSession>>;
  getClock(): Promise<ProviderResult<MarketClock>>;
}
