import type { IsoDate } from '../time/iso-date';

/** One row of a provider's ticker list: what the symbol universe is synced from. */
export interface TickerReference {
  readonly symbol: string;
  readonly name: string | null;
  /** Primary exchange MIC, e.g. XNAS, XNYS. */
  readonly exchange: string | null;
  /** Provider security type, e.g. CS (common stock), ETF, PFD. */
  readonly type: string | null;
  readonly active: boolean;
  /** Date the listing ended, for inactive tickers that have one. */
  readonly delistedDate: IsoDate | null;
}
