import type { MarketDataSource } from '../market-data/market-data-bar';

/**
 * Coverage ledger state of one (symbol, session date, source) cell.
 * `no_data` means "known empty" (not listed yet, halted, delisted), which is
 * different from `failed` (we do not know) and from a date that is not a
 * trading session at all (no row).
 */
export const INGESTION_STATUSES = ['success', 'failed', 'no_data'] as const;
export type IngestionStatus = (typeof INGESTION_STATUSES)[number];

export interface SymbolDataStatus {
  readonly symbol: string;
  /** Session date, YYYY-MM-DD in America/New_York. */
  readonly date: string;
  readonly dataSource: MarketDataSource;
  readonly status: IngestionStatus;
  readonly errorMessage: string | null;
}
