import type { IngestionStatus, IsoDate, LedgerEntry, MarketDataSource, SymbolDataStatus } from '@mdi/domain';
import { MarketDataRepository, SymbolDataStatusRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';

/**
 * Bulk reads and writes of the coverage ledger (symbol_data_status) for the
 * ingestor's source (MARKET_DATA_SOURCE): one row per (symbol, session) saying success, no_data
 * (known empty) or failed. Planning reads whole windows at once.
 */
@Injectable()
export class CoverageLedger {
  constructor(
    private readonly bars: MarketDataRepository,
    private readonly statuses: SymbolDataStatusRepository,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
  ) {}

  /** Every ledger row of these symbols in [from, to]. */
  entries(symbols: readonly string[], from: IsoDate, to: IsoDate): Promise<LedgerEntry[]> {
    return this.statuses.ledgerEntries(symbols, from, to, this.source);
  }

  /** The symbols with no settled (success / no_data) cell on `date`. */
  async unsettledOn(symbols: readonly string[], date: IsoDate): Promise<string[]> {
    if (symbols.length === 0) return [];
    const done = await this.statuses.settledOn(symbols, date, this.source);
    return symbols.filter((s) => !done.has(s));
  }

  /** The latest `count` ledger rows of each symbol, newest first. */
  async latest(
    symbols: readonly string[],
    count: number,
  ): Promise<Map<string, { date: IsoDate; status: IngestionStatus }[]>> {
    const rows = await this.statuses.latestEntries(symbols, count, this.source);
    const bySymbol = new Map<string, { date: IsoDate; status: IngestionStatus }[]>();
    for (const row of rows) {
      const list = bySymbol.get(row.symbol) ?? [];
      list.push({ date: row.date, status: row.status });
      bySymbol.set(row.symbol, list);
    }
    return bySymbol;
  }

  /** The last session with a bar, and its close (for delisted_symbols.last_price). */
  lastBar(symbol: string): Promise<{ date: IsoDate; close: string } | null> {
    return this.bars.lastBar(symbol, this.source);
  }

  /** The newest session with a success row for any symbol (the last end-of-day date). */
  lastSuccessDate(): Promise<IsoDate | null> {
    return this.statuses.lastSuccessDate(this.source);
  }

  async write(rows: readonly Omit<SymbolDataStatus, 'dataSource'>[]): Promise<void> {
    if (rows.length === 0) return;
    const { rejected } = await this.statuses.upsertStatuses(rows.map((r) => ({ ...r, dataSource: this.source })));
    if (rejected.length > 0)
      throw new Error(
        `ledger rows refused: ${rejected
          .slice(0, 3)
          .map((r) => r.reasons.join('; '))
          .join(' | ')}`,
      );
  }
}
