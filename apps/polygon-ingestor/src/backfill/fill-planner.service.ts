import { missingCells, planFill, sessionDates, type FillPlan, type IsoDate, type TradingCalendar } from '@mdi/domain';
import { Inject, Injectable } from '@nestjs/common';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { Clock } from '../core/clock';
import { retentionWindow, type RetentionWindow } from '../core/ingestion-window';
import { badRequest } from '../core/request-errors';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { CoverageLedger } from '../ledger/coverage-ledger';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';
import { parseBackfillRequest } from './backfill-request';

export interface PlannedFill {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly symbols: readonly string[];
  readonly sessions: number;
  readonly expectedCells: number;
  readonly plan: FillPlan;
}

/**
 * Turns a backfill request into the call-optimal plan: the expected cells
 * (active symbols x sessions of the window), minus what the coverage ledger
 * has settled (success, no_data), through planFill (minimum vertex cover of
 * range and grouped-daily calls). Nothing is enqueued here.
 */
@Injectable()
export class FillPlanner {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly clock: Clock,
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly universe: SymbolUniverseService,
    private readonly ledger: CoverageLedger,
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
    const ledger = await this.ledger.entries(symbols, from, to);
    const missing = missingCells({ calendar: this.calendar, from, to, symbols: listings, ledger });
    const plan = planFill({
      missing,
      from,
      to,
      budget: { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS },
    });
    return { from, to, symbols, sessions: sessions.length, expectedCells: symbols.length * sessions.length, plan };
  }
}
