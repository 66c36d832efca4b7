import {
  INGESTION_STATUSES,
  isIsoDate,
  type IngestionStatus,
  type IsoDate,
  type MarketDataSource,
  type TradingCalendar,
} from '@mdi/domain';
import { COVERAGE_CELL_CODES, SymbolDataStatusRepository } from '@mdi/storage';
import { Inject, Injectable } from '@nestjs/common';
import { FillPlanner } from '../backfill/fill-planner.service';
import { MARKET_DATA_SOURCE } from '../core/market-data-source';
import { badRequest } from '../core/request-errors';
import { TRADING_CALENDAR } from '../core/trading-calendar.token';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';

export const DEFAULT_COVERAGE_SESSIONS = 60;
/** A year of sessions: 5,000 symbols x 260 is 1.3 MB of cells, the most one answer carries. */
export const MAX_COVERAGE_SESSIONS = 260;
/** Failed cells listed with their errors (the grid marks every one of them). */
export const FAILURES_LISTED = 100;

export type CoverageCellStatus = IngestionStatus | 'missing';

export interface CoverageQuery {
  readonly sessions?: unknown;
  readonly to?: unknown;
}

export interface CoverageView {
  /** The source whose ledger this is (the ingestor's MARKET_DATA_SOURCE). */
  readonly source: MarketDataSource;
  /** The newest session the source has published: what the grid should be complete up to. */
  readonly lastPublishedSession: IsoDate;
  /** Trading sessions of the calendar, oldest first; weekends and holidays are not sessions and have no column. */
  readonly sessions: readonly IsoDate[];
  /** What each cell character means. */
  readonly codes: Readonly<Record<string, CoverageCellStatus>>;
  /** Active symbols, alphabetical. */
  readonly symbols: readonly string[];
  /** `cells[i][j]` is the code of symbols[i] on sessions[j]. */
  readonly cells: readonly string[];
  readonly counts: Readonly<Record<CoverageCellStatus, number>>;
  /** Failed cells with their reason, newest first, at most FAILURES_LISTED. */
  readonly failures: readonly { symbol: string; date: IsoDate; error: string | null }[];
}

/**
 * The coverage ledger of the active universe over the last N trading
 * sessions, as a grid: every cell that should exist (an active symbol x a
 * calendar session up to the last published one) has a code, so a gap is a
 * `missing` or `failed` cell, not an absent one.
 */
@Injectable()
export class CoverageService {
  constructor(
    @Inject(TRADING_CALENDAR) private readonly calendar: TradingCalendar,
    private readonly planner: FillPlanner,
    private readonly universe: SymbolUniverseService,
    private readonly statuses: SymbolDataStatusRepository,
    @Inject(MARKET_DATA_SOURCE) private readonly source: MarketDataSource,
  ) {}

  async grid(query: CoverageQuery): Promise<CoverageView> {
    const lastPublishedSession = this.planner.window().to;
    const { count, to } = this.parse(query, lastPublishedSession);
    let sessions: IsoDate[];
    try {
      sessions = this.sessionsThrough(to, count);
    } catch (error) {
      // The calendar knows a fixed range of years; a grid reaching before it cannot be drawn.
      if (error instanceof RangeError) throw badRequest('invalid coverage request', [error.message]);
      throw error;
    }
    const symbols = [...(await this.universe.activeSymbolsFresh())].sort();
    const [rows, failed] = await Promise.all([
      this.statuses.coverageGrid(symbols, sessions, this.source),
      this.statuses.failedCells(symbols, sessions, this.source, FAILURES_LISTED),
    ]);
    const codes = Object.fromEntries(
      Object.entries(COVERAGE_CELL_CODES).map(([status, code]) => [code, status as CoverageCellStatus]),
    );
    const counts = Object.fromEntries([...INGESTION_STATUSES, 'missing'].map((s) => [s, 0])) as Record<
      CoverageCellStatus,
      number
    >;
    for (const row of rows) for (const code of row.cells) counts[codes[code] as CoverageCellStatus] += 1;
    return {
      source: this.source,
      lastPublishedSession,
      sessions,
      codes,
      symbols: rows.map((r) => r.symbol),
      cells: rows.map((r) => r.cells),
      counts,
      failures: failed.map((f) => ({ symbol: f.symbol, date: f.date, error: f.errorMessage })),
    };
  }

  /** The `count` sessions ending at the last session on or before `to`, oldest first. */
  private sessionsThrough(to: IsoDate, count: number): IsoDate[] {
    const last = this.calendar.isTradingDay(to) ? to : this.calendar.previousSession(to).date;
    const sessions = [last];
    while (sessions.length < count)
      sessions.push(this.calendar.previousSession(sessions[sessions.length - 1] as IsoDate).date);
    return sessions.reverse();
  }

  private parse(query: CoverageQuery, lastPublished: IsoDate): { count: number; to: IsoDate } {
    const reasons: string[] = [];
    let count = DEFAULT_COVERAGE_SESSIONS;
    const sessions = query.sessions;
    if (sessions !== undefined && sessions !== '') {
      if (
        typeof sessions !== 'string' ||
        !/^\d{1,4}$/.test(sessions) ||
        Number(sessions) < 1 ||
        Number(sessions) > MAX_COVERAGE_SESSIONS
      ) {
        reasons.push(
          `sessions must be a whole number from 1 to ${MAX_COVERAGE_SESSIONS}, got ${JSON.stringify(sessions)}`,
        );
      } else {
        count = Number(sessions);
      }
    }
    let to = lastPublished;
    const asked = query.to;
    if (asked !== undefined && asked !== '') {
      if (!isIsoDate(asked)) reasons.push(`to must be a YYYY-MM-DD date, got ${JSON.stringify(asked)}`);
      else if (asked > lastPublished) reasons.push(`to ${asked} is after the last published session ${lastPublished}`);
      else to = asked;
    }
    if (reasons.length > 0) throw badRequest('invalid coverage request', reasons);
    return { count, to };
  }
}
