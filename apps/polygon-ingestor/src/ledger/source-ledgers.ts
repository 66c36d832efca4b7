import type { MarketDataSource } from '@mdi/domain';
import { MarketDataRepository, SymbolDataStatusRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { CoverageLedger } from './coverage-ledger';

/**
 * The coverage ledger of each bar source (symbol_data_status rows keyed by
 * data_source): the ingestor's own source is the injected CoverageLedger;
 * another source's (Alpaca filling or confirming history) is a ledger of its
 * own, so a cell Alpaca filled is `success` for 'alpaca' and still unknown for
 * 'polygon'. What the planner makes of that: planBySource.
 */
@Injectable()
export class SourceLedgers {
  private readonly bySource = new Map<MarketDataSource, CoverageLedger>();

  constructor(
    private readonly bars: MarketDataRepository,
    private readonly statuses: SymbolDataStatusRepository,
    @Inject(MARKET_DATA_SOURCE) own: MarketDataSource,
    ownLedger: CoverageLedger,
  ) {
    this.bySource.set(own, ownLedger);
  }

  of(source: MarketDataSource): CoverageLedger {
    let ledger = this.bySource.get(source);
    if (!ledger) {
      ledger = new CoverageLedger(this.bars, this.statuses, source);
      this.bySource.set(source, ledger);
    }
    return ledger;
  }
}
