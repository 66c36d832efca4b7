import { UsEquityCalendar } from '../calendar/us-equity-calendar';
import type { IngestionStatus } from '../symbols/ingestion-status';
import { eachDate } from '../time/iso-date';
import { classifyCell, needsFetch } from './classify-cell';
import { expectedCells } from './expected-cells';
import type { ListingWindow } from './listing-window';
import { missingCells, type LedgerEntry } from './missing-cells';
import { planFill } from './plan-fill';
import { seededRandom } from './planning-test-support';

const calendar = new UsEquityCalendar();
// 2024-07-04 is Independence Day, 07-06/07 a weekend: sessions 07-01, 02, 03, 05, 08.
const FROM = '2024-07-01';
const TO = '2024-07-08';
const SESSIONS = ['2024-07-01', '2024-07-02', '2024-07-03', '2024-07-05', '2024-07-08'];

function datesOf(symbol: string, cells: { symbol: string; date: string }[]): string[] {
  return cells.filter((c) => c.symbol === symbol).map((c) => c.date);
}

describe('expectedCells', () => {
  it('expects a bar on every session of a listed symbol and none on weekends or holidays', () => {
    const cells = expectedCells({ calendar, from: FROM, to: TO, symbols: [{ symbol: 'AAPL' }] });
    expect(cells).toEqual(SESSIONS.map((date) => ({ symbol: 'AAPL', date })));
  });

  it('expects nothing outside the listing window, listedFrom inclusive and delistedOn exclusive', () => {
    const symbols: ListingWindow[] = [
      { symbol: 'OLDCO', delistedOn: '2024-07-05' },
      { symbol: 'NEWCO', listedFrom: '2024-07-03' },
      { symbol: 'HOLCO', listedFrom: '2024-07-04', delistedOn: null },
      { symbol: 'GONE', delistedOn: '2024-06-01' },
      { symbol: 'LATER', listedFrom: '2024-08-01' },
      { symbol: 'BRIEF', listedFrom: '2024-07-02', delistedOn: '2024-07-03' },
    ];
    const cells = expectedCells({ calendar, from: FROM, to: TO, symbols });
    expect(datesOf('OLDCO', cells)).toEqual(['2024-07-01', '2024-07-02', '2024-07-03']);
    expect(datesOf('NEWCO', cells)).toEqual(['2024-07-03', '2024-07-05', '2024-07-08']);
    expect(datesOf('HOLCO', cells)).toEqual(['2024-07-05', '2024-07-08']);
    expect(datesOf('GONE', cells)).toEqual([]);
    expect(datesOf('LATER', cells)).toEqual([]);
    expect(datesOf('BRIEF', cells)).toEqual(['2024-07-02']);
    // Sorted by symbol, then date.
    expect([...new Set(cells.map((c) => c.symbol))]).toEqual(['BRIEF', 'HOLCO', 'NEWCO', 'OLDCO']);
  });

  it('expects nothing over a window without sessions', () => {
    expect(expectedCells({ calendar, from: '2024-07-06', to: '2024-07-07', symbols: [{ symbol: 'AAPL' }] })).toEqual(
      [],
    );
  });

  it('rejects bad windows, listings and duplicate symbols with the reason', () => {
    const at =
      (symbols: ListingWindow[], from = FROM, to = TO) =>
      () =>
        expectedCells({ calendar, from, to, symbols });
    expect(at([{ symbol: 'aapl' }])).toThrow('symbols[0].symbol "aapl" must be upper case');
    expect(at([{ symbol: 'AAPL', listedFrom: '2024-13-01' }])).toThrow(
      'symbols[0].listedFrom must be a YYYY-MM-DD calendar date',
    );
    expect(at([{ symbol: 'AAPL', delistedOn: '07/05/2024' }])).toThrow(
      'symbols[0].delistedOn must be a YYYY-MM-DD calendar date',
    );
    expect(at([{ symbol: 'AAPL', listedFrom: '2024-07-05', delistedOn: '2024-07-02' }])).toThrow(
      'symbols[0] AAPL: listedFrom 2024-07-05 is after delistedOn 2024-07-02',
    );
    expect(at([{ symbol: 'AAPL' }, { symbol: 'AAPL' }])).toThrow('symbols[1]: AAPL is listed twice');
    expect(at([], TO, FROM)).toThrow('from 2024-07-08 is after to 2024-07-01');
    expect(at([], 'yesterday')).toThrow('from must be a YYYY-MM-DD calendar date');
    expect(at([], '1999-12-01', '2000-01-10')).toThrow("outside this calendar's coverage");
  });
});

describe('classifyCell', () => {
  const listing: ListingWindow = { symbol: 'NEWCO', listedFrom: '2024-07-02', delistedOn: '2024-07-08' };
  const classify = (date: string, status: IngestionStatus | null, l: ListingWindow = listing) =>
    classifyCell({ calendar, listing: l, date, status });

  it('never calls a closed market missing or known empty, even with a stray ledger row', () => {
    expect(classify('2024-07-04', null)).toEqual({ state: 'market_closed', reason: 'no_session' });
    expect(classify('2024-07-06', 'success')).toEqual({ state: 'market_closed', reason: 'no_session' });
    expect(classify('2024-07-07', 'failed')).toEqual({ state: 'market_closed', reason: 'no_session' });
  });

  it('tells known empty from missing', () => {
    expect(classify('2024-07-01', null)).toEqual({ state: 'known_empty', reason: 'before_listing' });
    expect(classify('2024-07-08', 'failed')).toEqual({ state: 'known_empty', reason: 'after_delisting' });
    expect(classify('2024-07-03', 'no_data')).toEqual({ state: 'known_empty', reason: 'no_data' });
    expect(classify('2024-07-03', 'failed')).toEqual({ state: 'missing', reason: 'failed' });
    // The provider had nothing for the session yet: missing, fetched again, never "did not trade".
    expect(classify('2024-07-03', 'not_available')).toEqual({ state: 'missing', reason: 'not_available' });
    expect(classify('2024-07-03', null)).toEqual({ state: 'missing', reason: 'not_recorded' });
    expect(classify('2024-07-03', 'success')).toEqual({ state: 'filled', reason: 'success' });
    // A bar we hold outside the window we believed in is still a bar.
    expect(classify('2024-07-01', 'success')).toEqual({ state: 'filled', reason: 'success' });
    expect(needsFetch(classify('2024-07-03', 'failed'))).toBe(true);
    expect(needsFetch(classify('2024-07-01', null))).toBe(false);
    expect(needsFetch(classify('2024-07-04', null))).toBe(false);
  });

  it('rejects bad dates, listings and statuses', () => {
    expect(() => classify('2024-7-3', null)).toThrow('date must be a YYYY-MM-DD calendar date');
    expect(() => classify('2024-07-03', null, { symbol: 'BRK.BBB' })).toThrow(
      'listing.symbol "BRK.BBB" is not a US equity ticker',
    );
    expect(() => classify('2024-07-03', 'done' as IngestionStatus)).toThrow(
      'status must be success, failed, no_data, not_available or null, got "done"',
    );
  });
});

describe('missingCells', () => {
  const symbols: ListingWindow[] = [
    { symbol: 'AAPL' },
    { symbol: 'MSFT' },
    { symbol: 'NEWCO', listedFrom: '2024-07-05' },
  ];

  it('leaves out settled cells (success, no_data) and keeps failed, not available and unrecorded ones', () => {
    const ledger: LedgerEntry[] = [
      { symbol: 'AAPL', date: '2024-07-01', status: 'success' },
      { symbol: 'AAPL', date: '2024-07-02', status: 'no_data' },
      { symbol: 'AAPL', date: '2024-07-03', status: 'failed' },
      { symbol: 'MSFT', date: '2024-07-01', status: 'success' },
      { symbol: 'MSFT', date: '2024-07-02', status: 'not_available' },
      // Rows outside the window or for other symbols change nothing.
      { symbol: 'IBM', date: '2024-07-02', status: 'success' },
      { symbol: 'MSFT', date: '2024-06-28', status: 'failed' },
    ];
    const missing = missingCells({ calendar, from: FROM, to: TO, symbols, ledger });
    expect(datesOf('AAPL', missing)).toEqual(['2024-07-03', '2024-07-05', '2024-07-08']);
    expect(datesOf('MSFT', missing)).toEqual(['2024-07-02', '2024-07-03', '2024-07-05', '2024-07-08']);
    expect(datesOf('NEWCO', missing)).toEqual(['2024-07-05', '2024-07-08']);
    expect(missing).toHaveLength(9);
  });

  it('agrees with classifyCell on every symbol and calendar date', () => {
    const random = seededRandom(11);
    const statuses: (IngestionStatus | null)[] = ['success', 'no_data', 'failed', null];
    const dates = eachDate('2024-06-24', '2024-07-12');
    const listings: ListingWindow[] = [
      { symbol: 'AAPL' },
      { symbol: 'NEWCO', listedFrom: '2024-07-03' },
      { symbol: 'OLDCO', delistedOn: '2024-07-05' },
    ];
    const ledger: LedgerEntry[] = [];
    const statusOf = new Map<string, IngestionStatus | null>();
    for (const { symbol } of listings) {
      for (const date of dates) {
        const status = statuses[Math.floor(random() * statuses.length)];
        statusOf.set(`${symbol}|${date}`, status);
        if (status !== null) {
          ledger.push({ symbol, date, status });
        }
      }
    }
    const missing = new Set(
      missingCells({ calendar, from: dates[0], to: dates[dates.length - 1], symbols: listings, ledger }).map(
        (c) => `${c.symbol}|${c.date}`,
      ),
    );
    let checked = 0;
    for (const listing of listings) {
      for (const date of dates) {
        const key = `${listing.symbol}|${date}`;
        const state = classifyCell({ calendar, listing, date, status: statusOf.get(key) ?? null }).state;
        expect({ key, missing: missing.has(key) }).toEqual({ key, missing: state === 'missing' });
        checked += state === 'missing' ? 1 : 0;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('feeds planFill: the end-of-day gap of a whole universe is one grouped call', () => {
    const universe: ListingWindow[] = ['AAPL', 'AMZN', 'GOOGL', 'META', 'MSFT', 'NVDA', 'TSLA'].map((symbol) => ({
      symbol,
    }));
    const ledger: LedgerEntry[] = universe.flatMap(({ symbol }) =>
      SESSIONS.slice(0, 4).map((date): LedgerEntry => ({ symbol, date, status: 'success' })),
    );
    const missing = missingCells({ calendar, from: FROM, to: TO, symbols: universe, ledger });
    const plan = planFill({ missing, from: FROM, to: TO, budget: { calls: 4, windowMs: 60_000 } });
    expect(plan.calls).toEqual([{ kind: 'grouped-daily', date: '2024-07-08' }]);
    expect(plan.naiveCallCount).toBe(7);
  });

  it('rejects a ledger row with an unknown status', () => {
    const ledger = [{ symbol: 'AAPL', date: '2024-07-01', status: 'ok' as IngestionStatus }];
    expect(() => missingCells({ calendar, from: FROM, to: TO, symbols, ledger })).toThrow(
      'ledger[0].status must be success, failed, no_data or not_available, got "ok"',
    );
  });
});
