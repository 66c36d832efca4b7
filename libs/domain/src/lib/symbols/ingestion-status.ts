import type { MarketDataSource } from '../market-data/market-data-bar';

/**
 * Coverage ledger state of one (symbol, session date, source) cell.
 * `no_data` means "known empty": the market was open and this symbol did not
 * trade (not listed yet, halted, delisted). `not_available` means the
 * provider had nothing for the whole session yet (an empty grouped-daily
 * answer for a trading day: not published, or lost upstream), so nothing is
 * known about the symbol and the cell is fetched again later. `failed` means
 * the provider's row was refused. A date that is not a trading session has no
 * row at all.
 */
export const INGESTION_STATUSES = ['success', 'failed', 'no_data', 'not_available'] as const;
export type IngestionStatus = (typeof INGESTION_STATUSES)[number];

export interface SymbolDataStatus {
  readonly symbol: string;
  /** Session date, YYYY-MM-DD in America/New_York. */
  readonly date: string;
  readonly dataSource: MarketDataSource;
  readonly status: IngestionStatus;
  readonly errorMessage: string | null;
}
