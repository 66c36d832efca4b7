import { UsEquityCalendar } from '../calendar/us-equity-calendar';
import type { MarketDataSource } from '../market-data/market-data-bar';
import { ALPACA_DATA_JOBS } from '../queues/alpaca-data-jobs';
import { sessionDates } from './expected-cells';
import type { LedgerEntry } from './missing-cells';
import { planAlpacaFill } from './plan-alpaca-fill';
import { planBySource, type SourcedFillInput } from './plan-by-source';
import { tickers } from './planning-test-support';

const calendar = new UsEquityCalendar();
const FROM = '2024-11-26';
const TO = '2026-11-25';
const SYMBOLS = tickers(100);
const SESSIONS = sessionDates({ calendar, from: FROM, to: TO });
const BUDGETS = { polygon: { calls: 4, windowMs: 60_000 }, alpaca: { calls: 160, windowMs: 60_000 } };

const input = (
  primary: MarketDataSource,
  secondary: MarketDataSource | null,
  ledgers: SourcedFillInput['ledgers'] = {},
): SourcedFillInput => ({
  calendar,
  from: FROM,
  to: TO,
  symbols: SYMBOLS.map((symbol) => ({ symbol })),
  primary,
  secondary,
  ledgers,
  budgets: BUDGETS,
});

const settled = (symbols: readonly string[], dates: readonly string[]): LedgerEntry[] =>
  symbols.flatMap((symbol) => dates.map((date) => ({ symbol, date, status: 'success' as const })));

describe('planBySource', () => {
  const perCall = Math.floor(10_000 / SESSIONS.length);
  const alpacaCalls = Math.ceil(100 / perCall);

  it('fills 100 symbols x 2 years from Alpaca in a handful of calls, each a single page', () => {
    const plan = planBySource(input('alpaca', null));
    expect(SESSIONS.length).toBeGreaterThan(490);
    expect(plan.alpaca?.callCount).toBe(alpacaCalls);
    expect(alpacaCalls).toBeLessThanOrEqual(6);
    expect(plan.alpaca?.pageCount).toBe(alpacaCalls);
    expect(plan.polygon.callCount).toBe(0);
    expect(plan.sources).toEqual([
      {
        source: 'alpaca',
        role: 'fill',
        cellCount: 100 * SESSIONS.length,
        callCount: alpacaCalls,
        pageCount: alpacaCalls,
        budget: BUDGETS.alpaca,
        estimatedSeconds: (alpacaCalls / 160) * 60,
      },
    ]);
    expect(plan.missingCellCount).toBe(100 * SESSIONS.length);
    // Every cell belongs to exactly one call, and each call's window fits one page.
    const cells = plan.alpaca?.coverage.flatMap((c) => c.cells.map((cell) => `${cell.symbol}|${cell.date}`)) ?? [];
    expect(new Set(cells).size).toBe(cells.length);
    expect(cells).toHaveLength(100 * SESSIONS.length);
    for (const call of plan.alpaca?.coverage ?? [])
      expect(call.job.symbols.length * SESSIONS.length).toBeLessThanOrEqual(10_000);
  });

  it('with Polygon confirming, plans the same cells from Polygon too (100 ranges at its own budget); the slower source sets the ETA', () => {
    const plan = planBySource(input('alpaca', 'polygon'));
    expect(plan.sources.map((s) => [s.source, s.role, s.cellCount, s.callCount])).toEqual([
      ['alpaca', 'fill', 100 * SESSIONS.length, alpacaCalls],
      ['polygon', 'confirm', 100 * SESSIONS.length, 100],
    ]);
    expect(plan.estimatedSeconds).toBe((100 / 4) * 60);
    expect(plan.callCount).toBe(alpacaCalls + 100);
  });

  it('never fetches again from Polygon what Alpaca filled, unless Polygon confirms; Polygon confirms only what it lacks', () => {
    const alpacaFilled = { alpaca: settled(SYMBOLS, SESSIONS) };
    expect(planBySource(input('polygon', null, alpacaFilled)).callCount).toBe(0);
    expect(planBySource(input('alpaca', null, alpacaFilled)).callCount).toBe(0);
    const confirming = planBySource(
      input('alpaca', 'polygon', { ...alpacaFilled, polygon: settled(SYMBOLS.slice(0, 60), SESSIONS) }),
    );
    expect(confirming.sources.map((s) => [s.source, s.cellCount, s.callCount])).toEqual([
      ['alpaca', 0, 0],
      ['polygon', 40 * SESSIONS.length, 40],
    ]);
  });

  it('with Polygon primary and Alpaca confirming: Polygon fills, Alpaca confirms in a handful of calls', () => {
    const plan = planBySource(input('polygon', 'alpaca'));
    expect(plan.sources.map((s) => [s.source, s.role, s.callCount])).toEqual([
      ['polygon', 'fill', 100],
      ['alpaca', 'confirm', alpacaCalls],
    ]);
  });

  it('refuses a secondary equal to the primary', () => {
    expect(() => planBySource(input('polygon', 'polygon'))).toThrow('must differ from the primary');
  });
});

describe('planAlpacaFill', () => {
  it('puts every symbol missing one session in one call, and groups symbols by span (in span order)', () => {
    const last = SESSIONS[SESSIONS.length - 1];
    const oneSession = planAlpacaFill({
      calendar,
      missing: SYMBOLS.map((symbol) => ({ symbol, date: last })),
      budget: BUDGETS.alpaca,
    });
    expect(oneSession.calls).toEqual([{ kind: 'stock-bars', symbols: [...SYMBOLS].sort(), from: last, to: last }]);

    const mixed = planAlpacaFill({
      calendar,
      missing: [
        { symbol: 'B', date: SESSIONS[3] },
        { symbol: 'A', date: SESSIONS[5] },
        { symbol: 'A', date: SESSIONS[3] },
        { symbol: 'C', date: SESSIONS[3] },
        { symbol: 'C', date: SESSIONS[3] },
      ],
      budget: BUDGETS.alpaca,
      maxSymbolsPerCall: 1,
    });
    expect(mixed.coverage.map((c) => [c.job.symbols, c.job.from, c.job.to, c.cells.length])).toEqual([
      [['B'], SESSIONS[3], SESSIONS[3], 1],
      [['C'], SESSIONS[3], SESSIONS[3], 1],
      [['A'], SESSIONS[3], SESSIONS[5], 2],
    ]);
    expect(mixed.coverage.map((c) => c.jobId)).toEqual(mixed.calls.map((job) => ALPACA_DATA_JOBS.idFor(job)));
    expect(mixed.cellCount).toBe(4);
  });

  it('counts the pages of a window longer than one page holds', () => {
    const plan = planAlpacaFill({
      calendar,
      missing: SESSIONS.map((date) => ({ symbol: 'A', date })),
      budget: BUDGETS.alpaca,
      maxBarsPerPage: 100,
    });
    expect(plan.callCount).toBe(1);
    expect(plan.pageCount).toBe(Math.ceil(SESSIONS.length / 100));
  });
});
