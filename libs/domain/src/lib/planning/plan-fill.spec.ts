import { UsEquityCalendar } from '../calendar/us-equity-calendar';
import { POLYGON_JOBS } from '../queues/polygon-jobs';
import type { FillPlan, FillPlanInput, LedgerCell } from './fill-plan';
import { planFill } from './plan-fill';
import { allCells, bruteForceMinimumCalls, seededRandom, tickers } from './planning-test-support';

const calendar = new UsEquityCalendar();
const FROM = '2024-11-25';
const TO = '2026-11-24';
const sessions = calendar.sessionsBetween(FROM, TO).map((s) => s.date);
const budget = { calls: 4, windowMs: 60_000 };

function plan(missing: readonly LedgerCell[], extra: Partial<FillPlanInput> = {}): FillPlan {
  return planFill({ missing, from: FROM, to: TO, budget, ...extra });
}

/** Every missing cell is filled by exactly one call, and no call claims a cell that is not missing. */
function expectExactCoverage(result: FillPlan, missing: readonly LedgerCell[]): void {
  const wanted = new Set(missing.map((c) => `${c.symbol}|${c.date}`));
  const claimed = new Map<string, number>();
  result.coverage.forEach((call, i) => {
    expect(call.job).toBe(result.calls[i]);
    expect(call.jobId).toBe(POLYGON_JOBS.idFor(call.job));
    if (call.job.kind === 'grouped-daily') {
      expect(call.dates).toEqual([call.job.date]);
    } else {
      expect(call.symbols).toEqual([call.job.symbol]);
      expect(call.job.adjusted).toBe(false);
      expect(call.job.from).toBe(call.dates[0]);
      expect(call.job.to).toBe(call.dates[call.dates.length - 1]);
    }
    for (const symbol of call.symbols) {
      for (const date of call.dates) {
        const key = `${symbol}|${date}`;
        claimed.set(key, (claimed.get(key) ?? 0) + 1);
      }
    }
  });
  const notMissing = [...claimed.keys()].filter((key) => !wanted.has(key));
  const twice = [...claimed.entries()].filter(([, n]) => n !== 1).map(([key]) => key);
  const unfilled = [...wanted].filter((key) => !claimed.has(key));
  expect({ notMissing, twice, unfilled }).toEqual({ notMissing: [], twice: [], unfilled: [] });
  expect(result.cellCount).toBe(wanted.size);
  expect(result.callCount).toBe(result.calls.length);
  expect(new Set(result.coverage.map((c) => c.jobId)).size).toBe(result.callCount);
}

describe('planFill', () => {
  it('backfills 100 symbols x 2 years, everything missing, with 100 range calls', () => {
    expect(sessions.length).toBeGreaterThan(490);
    const symbols = tickers(100).map((t) => `Q${t}`);
    const missing = allCells(symbols, sessions);
    const result = plan(missing);

    expect(result.callCount).toBe(100);
    expect(result.naiveCallCount).toBe(100 * sessions.length);
    expect(result.calls.every((c) => c.kind === 'aggregates-range')).toBe(true);
    expect(result.calls[0]).toEqual({
      kind: 'aggregates-range',
      symbol: 'QA',
      from: sessions[0],
      to: sessions[sessions.length - 1],
      adjusted: false,
    });
    expect(result.coverage[0].jobId).toBe(
      `aggregates-range|QA|${sessions[0]}|${sessions[sessions.length - 1]}|unadjusted`,
    );
    // 100 calls at 4 calls a minute.
    expect(result.estimatedSeconds).toBe(1500);
    expectExactCoverage(result, missing);
  });

  // Its planning time is measured by bench/polygon-calls.bench.ts, not asserted here.
  it('backfills 5,000 symbols x 2 years with one grouped call per session', () => {
    const symbols = tickers(5000);
    const result = plan(allCells(symbols, sessions));

    expect(result.callCount).toBe(sessions.length);
    expect(result.calls).toEqual(sessions.map((date) => ({ kind: 'grouped-daily', date })));
    expect(result.coverage[0].symbols).toHaveLength(5000);
    expect(result.cellCount).toBe(5000 * sessions.length);
  });

  it('does end-of-day for 100 symbols with one grouped call', () => {
    const missing = allCells(tickers(100), ['2026-11-24']);
    const result = plan(missing);
    expect(result.calls).toEqual([{ kind: 'grouped-daily', date: '2026-11-24' }]);
    expect(result.coverage[0].jobId).toBe('grouped-daily|2026-11-24');
    expect(result.naiveCallCount).toBe(100);
    expect(result.estimatedSeconds).toBe(15);
    expectExactCoverage(result, missing);
  });

  it('mixes range and grouped calls at the exact optimum on a sparse ledger', () => {
    // 3 symbols missing 200 sessions each, and 40 more missing one common date
    // (also missing for the 3): 3 range calls + 1 grouped call. All-range
    // would be 43, all-grouped 200.
    const common = sessions[250];
    const gappy = ['AAPL', 'MSFT', 'NVDA'];
    const missing = [
      ...allCells(gappy, sessions.slice(100, 300)),
      ...allCells(
        tickers(40).map((t) => `Z${t}`),
        [common],
      ),
    ];
    const result = plan(missing);

    expect(result.callCount).toBe(4);
    expect(result.calls[0]).toEqual({ kind: 'grouped-daily', date: common });
    expect(result.calls.slice(1).map((c) => (c.kind === 'aggregates-range' ? c.symbol : c.kind))).toEqual(gappy);
    expect(result.coverage[0].symbols).toHaveLength(43);
    // The grouped call fills the common date, so the ranges need not claim it.
    expect(result.coverage[1].dates).toHaveLength(199);
    expectExactCoverage(result, missing);
  });

  it('narrows a range to the cells no grouped call fills', () => {
    // 30 symbols miss the first date; AAPL also misses two later dates.
    const missing = [
      ...allCells(
        tickers(30).map((t) => `Z${t}`),
        [sessions[0]],
      ),
      ...allCells(['AAPL'], [sessions[0], sessions[5], sessions[9]]),
    ];
    const result = plan(missing);
    expect(result.calls).toEqual([
      { kind: 'grouped-daily', date: sessions[0] },
      { kind: 'aggregates-range', symbol: 'AAPL', from: sessions[5], to: sessions[9], adjusted: false },
    ]);
    expectExactCoverage(result, missing);
  });

  it('equals the brute-force minimum on random small ledgers and fills every cell once', () => {
    const random = seededRandom(20261124);
    const symbolPool = tickers(10);
    const datePool = sessions.slice(0, 10);
    for (let round = 0; round < 400; round++) {
      const density = 0.05 + random() * 0.6;
      const missing: LedgerCell[] = [];
      const symbolCount = 1 + Math.floor(random() * 10);
      const dateCount = 1 + Math.floor(random() * 10);
      for (const symbol of symbolPool.slice(0, symbolCount)) {
        for (const date of datePool.slice(0, dateCount)) {
          if (random() < density) {
            missing.push({ symbol, date });
          }
        }
      }
      const result = plan(missing);
      expect(result.callCount).toBe(missing.length === 0 ? 0 : bruteForceMinimumCalls(missing));
      expectExactCoverage(result, missing);
    }
  });

  it('gives the same calls and ids whatever the order of the input, and ignores duplicates', () => {
    const random = seededRandom(3);
    const missing = [
      ...allCells(['AAPL', 'MSFT'], sessions.slice(0, 30)),
      ...allCells(tickers(20), [sessions[3], sessions[4]]),
    ];
    const shuffled = [...missing, ...missing.slice(0, 10)];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    const a = plan(missing);
    const b = plan(shuffled);
    expect(b.coverage.map((c) => c.jobId)).toEqual(a.coverage.map((c) => c.jobId));
    expect(b).toEqual(a);
    expect(b.cellCount).toBe(missing.length);
  });

  it('splits a range that would exceed the bar limit into the fewest calls', () => {
    // Limit 10 bars: a span of at most 10 calendar days per call.
    const dates = ['2025-01-02', '2025-01-06', '2025-01-10', '2025-01-13', '2025-01-22', '2025-03-03'];
    const result = plan(allCells(['AAPL'], dates), { maxBarsPerRangeCall: 10 });
    expect(result.calls).toEqual([
      { kind: 'aggregates-range', symbol: 'AAPL', from: '2025-01-02', to: '2025-01-10', adjusted: false },
      { kind: 'aggregates-range', symbol: 'AAPL', from: '2025-01-13', to: '2025-01-22', adjusted: false },
      { kind: 'aggregates-range', symbol: 'AAPL', from: '2025-03-03', to: '2025-03-03', adjusted: false },
    ]);
    expect(plan(allCells(['AAPL'], dates), { maxBarsPerRangeCall: 1 }).callCount).toBe(6);
    expect(plan(allCells(['AAPL'], dates)).callCount).toBe(1);
  });

  it('plans nothing when nothing is missing', () => {
    expect(plan([])).toEqual({
      calls: [],
      callCount: 0,
      cellCount: 0,
      naiveCallCount: 0,
      estimatedSeconds: 0,
      coverage: [],
    });
  });

  it('rejects bad cells, windows, budgets and limits with the reason', () => {
    expect(() => plan([{ symbol: 'aapl', date: sessions[0] }])).toThrow('missing[0].symbol "aapl" must be upper case');
    expect(() =>
      plan([
        { symbol: 'AAPL', date: sessions[0] },
        { symbol: '', date: sessions[0] },
      ]),
    ).toThrow('missing[1].symbol is empty');
    expect(() => plan([{ symbol: 'AAPL', date: '2025-02-30' }])).toThrow(
      'missing[0].date must be a YYYY-MM-DD calendar date, got "2025-02-30"',
    );
    expect(() => plan([{ symbol: 'AAPL', date: '2024-11-22' }])).toThrow(
      `missing[0].date 2024-11-22 is outside the window ${FROM}..${TO}`,
    );
    expect(() => plan([{ symbol: 'AAPL', date: '2026-11-25' }])).toThrow('is outside the window');
    expect(() => plan([], { from: '2026-01-02', to: '2026-01-01' })).toThrow('from 2026-01-02 is after to 2026-01-01');
    expect(() => plan([], { from: '2026-1-2' })).toThrow('from must be a YYYY-MM-DD calendar date');
    expect(() => plan([], { budget: { calls: 0, windowMs: 60_000 } })).toThrow(
      'budget.calls must be a positive integer, got 0',
    );
    expect(() => plan([], { budget: { calls: 2.5, windowMs: 60_000 } })).toThrow(
      'budget.calls must be a positive integer',
    );
    expect(() => plan([], { budget: { calls: 4, windowMs: Number.NaN } })).toThrow(
      'budget.windowMs must be a positive number, got NaN',
    );
    expect(() => plan([], { maxBarsPerRangeCall: 0 })).toThrow('maxBarsPerRangeCall must be a positive integer, got 0');
  });
});
