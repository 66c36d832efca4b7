import {
  addDays,
  type IsoDate,
  type PolygonJob,
  type TickerDetailsJob,
  type TickerReference,
  type TradingCalendar,
  type MarketDataSource,
} from '@mdi/domain';
import { POLYGON_STACK, type ProviderResult, type ProviderStack } from '@mdi/providers';
import { DelistedSymbolRepository, ReferenceTickerRepository, SymbolRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { SymbolUniverseService } from './symbol-universe.service';

/**
 * Stops spending calls on symbols that no longer trade, on Polygon's word
 * only. The reference listing (`active=false` with `delisted_utc`) delists
 * directly. The ledger (the latest N sessions all `no_data` after a bar)
 * only raises a suspicion: one ticker-details call then confirms it
 * (delisted on `delisted_utc`) or refutes it (the symbol stays active and its
 * missing sessions stay visible in coverage). Empty answers never count:
 * they are `not_available`, not `no_data`. A delisted symbol seen trading
 * again, or listed active, is reactivated.
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
    private readonly references: ReferenceTickerRepository,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(DelistingService.name);
  }

  /**
   * Symbols whose latest N ledger rows are consecutive sessions of `no_data`
   * after at least one bar are suspected delisted: each gets one
   * ticker-details call, unless a lookup already settled evidence that
   * reaches into these N sessions (so a halted symbol costs one call per N
   * sessions, not one per session). Returns the symbols looked up.
   */
  async suspectFromNoDataRuns(candidates: readonly string[]): Promise<string[]> {
    if (candidates.length === 0) return [];
    const n = this.config.DELISTING_NO_DATA_SESSIONS;
    const latest = await this.ledger.latest(candidates, n);
    const known = new Map((await this.references.findMany(candidates)).map((r) => [r.symbol, r]));
    const suspected: string[] = [];
    for (const symbol of candidates) {
      const rows = latest.get(symbol) ?? [];
      if (rows.length < n || rows.some((r) => r.status !== 'no_data')) continue;
      const newest = rows[0].date;
      const expected = this.calendar
        .sessionsBetween(addDays(newest, -7 * n), newest)
        .map((s) => s.date)
        .slice(-n)
        .reverse();
      if (expected.join() !== rows.map((r) => r.date).join()) continue;
      const lastBar = await this.ledger.lastBar(symbol);
      if (!lastBar || lastBar.date >= rows[n - 1].date) continue;
      const reference = known.get(symbol);
      if (reference?.checkedThrough && reference.checkedThrough >= rows[n - 1].date) continue;
      const job: TickerDetailsJob = { kind: 'ticker-details', symbol, asOf: newest };
      await this.polygon.queue.enqueue({ job });
      this.logger.info(
        { symbol, provider: 'polygon', no_data_sessions: n, through: newest },
        'delisting suspected: asking Polygon reference data',
      );
      suspected.push(symbol);
    }
    return suspected;
  }

  /** The ticker-details answer to a suspicion: delisted when Polygon says inactive, otherwise kept active. */
  async onTickerDetails(result: ProviderResult<TickerReference>, job: TickerDetailsJob): Promise<{ verdict: string }> {
    const reference = result.items[0];
    if (!reference) {
      this.logger.warn(
        { symbol: job.symbol, provider: 'polygon', reasons: result.rejected.flatMap((r) => r.reasons) },
        'delisting suspicion unresolved: no reference record; the symbol stays active',
      );
      return { verdict: 'unresolved' };
    }
    await this.references.recordDetailsCheck(reference, job.asOf, this.source);
    const info = await this.symbols.get(job.symbol);
    if (!reference.active) {
      if (info?.status === 'delisted') return { verdict: 'already-delisted' };
      const lastBar = await this.ledger.lastBar(job.symbol);
      const delistDate = reference.delistedDate ?? (lastBar ? this.calendar.nextSession(lastBar.date).date : null);
      await this.markDelisted(
        job.symbol,
        delistDate,
        `confirmed by Polygon reference data (active=false) after no bar through ${job.asOf}`,
        lastBar?.close ?? null,
      );
      return { verdict: 'delisted' };
    }
    this.logger.info(
      { symbol: job.symbol, provider: 'polygon', through: job.asOf },
      'delisting suspicion refuted: Polygon lists the symbol as active; it stays active',
    );
    return { verdict: 'refuted' };
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
        await this.markDelisted(
          info.symbol,
          reference.delistedDate,
          'inactive in Polygon reference tickers',
          lastBar?.close ?? null,
        );
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

  private async markDelisted(
    symbol: string,
    delistDate: IsoDate | null,
    why: string,
    lastPrice: string | null,
  ): Promise<void> {
    await this.delisted.record({ symbol, delistDate, lastPrice, notes: why });
    await this.symbols.setStatus(symbol, 'delisted');
    await this.universe.refreshActiveCache();
    this.logger.warn(
      { symbol, provider: 'polygon', delist_date: delistDate, last_price: lastPrice, reason: why },
      'symbol delisted: no more calls for it',
    );
  }
}
