import type { TradingCalendar } from '../calendar/trading-calendar';
import {
  ALPACA_DATA_JOBS,
  MAX_SYMBOLS_PER_BARS_CALL,
  stockBarsJob,
  type StockBarsJob,
} from '../queues/alpaca-data-jobs';
import type { IsoDate } from '../time/iso-date';
import { sessionDates } from './expected-cells';
import type { CallBudget, LedgerCell } from './fill-plan';

/** Alpaca's cap on bars per page of GET /v2/stocks/bars, across the symbols of one call. */
export const MAX_BARS_PER_ALPACA_PAGE = 10_000;

export interface AlpacaFillInput {
  readonly calendar: TradingCalendar;
  /** The missing cells; duplicates are ignored. */
  readonly missing: readonly LedgerCell[];
  readonly budget: CallBudget;
  readonly maxBarsPerPage?: number;
  readonly maxSymbolsPerCall?: number;
}

/** The cells one bars call is responsible for: each of its symbols' own missing dates. */
export interface AlpacaCallCoverage {
  readonly jobId: string;
  readonly job: StockBarsJob;
  readonly cells: readonly LedgerCell[];
  /** Pages the call will take: symbols x sessions of its window over the page size (at least 1). */
  readonly pages: number;
}

export interface AlpacaFillPlan {
  readonly calls: readonly StockBarsJob[];
  readonly coverage: readonly AlpacaCallCoverage[];
  /** Jobs planned (first pages). */
  readonly callCount: number;
  /** HTTP calls the plan will make, follow-up pages included: what the budget pays. */
  readonly pageCount: number;
  readonly cellCount: number;
  /** Seconds of budget the pages consume at `budget`; excludes latency. */
  readonly estimatedSeconds: number;
}

/**
 * Alpaca calls that fill the missing cells: one call serves many symbols x
 * many sessions, billed per page of 10,000 bars. A symbol's call asks for its
 * whole span (first to last missing session), so symbols are grouped by span
 * (the usual backfill: every symbol misses the whole window; a missed end of
 * day: every symbol misses one session) and packed so one call's window fills
 * one page: floor(page size / sessions) symbols a call, at most
 * maxSymbolsPerCall (the request line). 100 symbols x 2 years (502 sessions)
 * is 6 calls. Bars a span holds that are already stored are fetched again
 * and change nothing (the upsert is idempotent); the plan is valid, not
 * proven minimal when spans differ. Sorted throughout: the same cells give
 * the same jobs and ids on every replica.
 */
export function planAlpacaFill(input: AlpacaFillInput): AlpacaFillPlan {
  const pageSize = input.maxBarsPerPage ?? MAX_BARS_PER_ALPACA_PAGE;
  const maxSymbols = Math.min(input.maxSymbolsPerCall ?? MAX_SYMBOLS_PER_BARS_CALL, MAX_SYMBOLS_PER_BARS_CALL);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`maxBarsPerPage must be >= 1`);
  if (!Number.isSafeInteger(maxSymbols) || maxSymbols < 1) throw new RangeError(`maxSymbolsPerCall must be >= 1`);

  const datesBySymbol = new Map<string, Set<IsoDate>>();
  for (const { symbol, date } of input.missing) {
    const dates = datesBySymbol.get(symbol) ?? new Set<IsoDate>();
    dates.add(date);
    datesBySymbol.set(symbol, dates);
  }
  const bySpan = new Map<string, { from: IsoDate; to: IsoDate; symbols: string[] }>();
  for (const symbol of [...datesBySymbol.keys()].sort()) {
    const dates = [...(datesBySymbol.get(symbol) as Set<IsoDate>)].sort();
    const from = dates[0];
    const to = dates[dates.length - 1];
    const group = bySpan.get(`${from}|${to}`) ?? { from, to, symbols: [] };
    group.symbols.push(symbol);
    bySpan.set(`${from}|${to}`, group);
  }

  const coverage: AlpacaCallCoverage[] = [];
  for (const key of [...bySpan.keys()].sort()) {
    const { from, to, symbols } = bySpan.get(key) as { from: IsoDate; to: IsoDate; symbols: string[] };
    const sessions = Math.max(1, sessionDates({ calendar: input.calendar, from, to }).length);
    const perCall = Math.max(1, Math.min(maxSymbols, Math.floor(pageSize / sessions)));
    for (let i = 0; i < symbols.length; i += perCall) {
      const chunk = symbols.slice(i, i + perCall);
      const job = stockBarsJob(chunk, from, to);
      const cells = chunk.flatMap((symbol) =>
        [...(datesBySymbol.get(symbol) as Set<IsoDate>)].sort().map((date) => ({ symbol, date })),
      );
      coverage.push({
        jobId: ALPACA_DATA_JOBS.idFor(job),
        job,
        cells,
        pages: Math.max(1, Math.ceil((chunk.length * sessions) / pageSize)),
      });
    }
  }
  const pageCount = coverage.reduce((n, c) => n + c.pages, 0);
  return {
    calls: coverage.map((c) => c.job),
    coverage,
    callCount: coverage.length,
    pageCount,
    cellCount: coverage.reduce((n, c) => n + c.cells.length, 0),
    estimatedSeconds: (pageCount / input.budget.calls) * (input.budget.windowMs / 1000),
  };
}
