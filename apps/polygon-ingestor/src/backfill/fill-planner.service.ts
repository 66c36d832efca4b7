import {
  MARKET_DATA_SOURCES,
  planBySource,
  sessionDates,
  type FillPlan,
  type IsoDate,
  type SourcedFillPlan,
  type TradingCalendar,
} from '@mdi/domain';
import { Inject, Injectable } from '@nestjs/common';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { Clock } from '../core/clock';
import { retentionWindow, type RetentionWindow } from '../core/ingestion-window';
import { badRequest } from '../core/request-errors';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { backfillSourcesOf } from '../core/backfill-sources';
import { SourceLedgers } from '../ledger/source-ledgers';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';
import { parseBackfillRequest } from './backfill-request';

export interface PlannedFill {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly symbols: readonly string[];
  readonly sessions: number;
  readonly expectedCells: number;
  /** Polygon's calls (its fill or confirm role; empty when Polygon has none). */
  readonly plan: FillPlan;
  /** Every source's calls and which cells each serves. */
  readonly sourced: SourcedFillPlan;
}

/**
 * Turns a backfill request into the cheapest plan per source: the expected
 * cells (active symbols x sessions of the window) minus what the sources'
 * ledgers have settled (success, no_data), the primary source filling what no
 * source has and the secondary confirming what it lacks (planBySource:
 * Polygon through planFill's minimum vertex cover of range and grouped-daily
 * calls, Alpaca through many-symbol bars calls). Nothing is enqueued here.
 */
@Injectable()
export class FillPlanner {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly clock: Clock,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly universe: SymbolUniverseService,
    private readonly ledgers: SourceLedgers,
  ) {}

  window(): RetentionWindow {
    return retentionWindow(
      this.calendar,
      this.clock.now(),
      this.config.POLYGON_HISTORY_YEARS,
      this.config.EOD_DELAY_MINUTES,
    );
  }

  /** Validates the request (400 with every reason) and plans it. */
  async plan(raw: unknown): Promise<PlannedFill> {
    const parsed = parseBackfillRequest(raw, this.window());
    if ('reasons' in parsed) throw badRequest('invalid backfill request', parsed.reasons);
    const { from, to } = parsed.request;
    const active = await this.universe.activeSymbolsFresh();
    let symbols = active;
    if (parsed.request.symbols) {
      const activeSet = new Set(active);
      const inactive = parsed.request.symbols.filter((s) => !activeSet.has(s));
      if (inactive.length > 0) {
        throw badRequest(
          'invalid backfill request',
          inactive.map((s) => `${s} is not an active symbol of the universe (add or activate it first)`),
        );
      }
      symbols = [...parsed.request.symbols];
    }
    return this.planCells(symbols, from, to);
  }

  async planCells(symbols: readonly string[], from: IsoDate, to: IsoDate): Promise<PlannedFill> {
    const sessions = sessionDates({ calendar: this.calendar, from, to });
    const listings = symbols.map((symbol) => ({ symbol }));
    // Every source's ledger, configured or not: a cell another source settled is filled already.
    const ledgers = Object.fromEntries(
      await Promise.all(
        MARKET_DATA_SOURCES.map(async (source) => [source, await this.ledgers.of(source).entries(symbols, from, to)]),
      ),
    );
    const sourced = planBySource({
      calendar: this.calendar,
      from,
      to,
      symbols: listings,
      ledgers,
      ...backfillSourcesOf(this.config),
    });
    return {
      from,
      to,
      symbols,
      sessions: sessions.length,
      expectedCells: symbols.length * sessions.length,
      plan: sourced.polygon,
      sourced,
    };
  }
}
