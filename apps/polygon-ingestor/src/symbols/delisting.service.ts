import { addDays, type IsoDate, type TickerReference, type TradingCalendar } from '@mdi/domain';
import { DelistedSymbolRepository, SymbolRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { SymbolUniverseService } from './symbol-universe.service';

/**
 * Stops spending calls on symbols that no longer trade. Two signals:
 * Polygon's reference listing (`active=false` with `delisted_utc`), and the
 * ledger itself (the latest N sessions all `no_data` after a bar). Either
 * marks the symbol `delisted` and writes delisted_symbols (date, last
 * price); a delisted symbol seen trading again, or listed active, is
 * reactivated.
 */
@Injectable()
export class DelistingService {
  constructor(
    private readonly config: PolygonIngestorConfig,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly symbols: SymbolRepository,
    private readonly delisted: DelistedSymbolRepository,
    private readonly ledger: CoverageLedger,
    private readonly universe: SymbolUniverseService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DelistingService.name);
  }

  /** Symbols whose latest N ledger rows are consecutive sessions without a bar, after at least one bar. */
  async checkNoDataRuns(candidates: readonly string[]): Promise<string[]> {
    if (candidates.length === 0) return [];
    const n = this.config.DELISTING_NO_DATA_SESSIONS;
    const latest = await this.ledger.latest(candidates, n);
    const marked: string[] = [];
    for (const symbol of candidates) {
      const rows = latest.get(symbol) ?? [];
      if (rows.length < n || rows.some((r) => r.status !== 'no_data')) continue;
      const newest = rows[0].date;
      const expected = this.calendar.sessionsBetween(addDays(newest, -7 * n), newest).map((s) => s.date).slice(-n).reverse();
      if (expected.join() !== rows.map((r) => r.date).join()) continue;
      const lastBar = await this.ledger.lastBar(symbol);
      if (!lastBar || lastBar.date >= rows[n - 1].date) continue;
      const delistDate = this.calendar.nextSession(lastBar.date).date;
      await this.markDelisted(symbol, delistDate, `no bar in the ${n} sessions up to ${newest}`, lastBar.close);
      marked.push(symbol);
    }
    return marked;
  }

  /** One page of Polygon's ticker listing: delist inactive universe symbols, reactivate listed ones. */
  async onReferencePage(tickers: readonly TickerReference[]): Promise<{ delisted: number; reactivated: number }> {
    const bySymbol = new Map(tickers.map((t) => [t.symbol, t]));
    let delisted = 0;
    let reactivated = 0;
    for (const info of await this.symbols.list()) {
      const reference = bySymbol.get(info.symbol);
      if (!reference) continue;
      if (!reference.active && info.status !== 'delisted') {
        const lastBar = await this.ledger.lastBar(info.symbol);
        await this.markDelisted(info.symbol, reference.delistedDate, 'inactive in Polygon reference tickers', lastBar?.close ?? null);
        delisted++;
      } else if (reference.active && info.status === 'delisted') {
        await this.reactivate(info.symbol, 'active again in Polygon reference tickers');
        reactivated++;
      }
    }
    return { delisted, reactivated };
  }

  async reactivate(symbol: string, why: string): Promise<void> {
    await this.symbols.setStatus(symbol, 'active');
    const previous = await this.delisted.get(symbol);
    if (previous) await this.delisted.record({ ...previous, notes: `reactivated: ${why}` });
    await this.universe.refreshActiveCache();
    this.logger.warn({ symbol, provider: 'polygon', reason: why }, 'symbol reactivated');
  }

  private async markDelisted(symbol: string, delistDate: IsoDate | null, why: string, lastPrice: string | null): Promise<void> {
    await this.delisted.record({ symbol, delistDate, lastPrice, notes: why });
    await this.symbols.setStatus(symbol, 'delisted');
    await this.universe.refreshActiveCache();
    this.logger.warn({ symbol, provider: 'polygon', delist_date: delistDate, last_price: lastPrice, reason: why }, 'symbol delisted: no more calls for it');
  }
}
