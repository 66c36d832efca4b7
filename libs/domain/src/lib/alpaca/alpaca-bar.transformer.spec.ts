import { alpacaBarsAnswer, fromAlpacaBarRow } from './alpaca-bar.transformer';

const ROW = { t: '2026-01-05T05:00:00Z', o: 100.5, h: 102, l: 99.25, c: 101.75, v: 1234567, n: 9876, vw: 101.1 };

describe('fromAlpacaBarRow', () => {
  it('makes an alpaca bar keyed at 00:00 New York of the session, prices and volume as decimal text', () => {
    const result = fromAlpacaBarRow('AAPL', ROW);
    expect(result).toEqual({
      ok: true,
      value: {
        symbol: 'AAPL',
        source: 'alpaca',
        timestamp: new Date('2026-01-05T05:00:00Z'),
        open: '100.5',
        high: '102',
        low: '99.25',
        close: '101.75',
        volume: '1234567',
      },
    });
    // Summer time: 04:00Z is midnight in New York.
    expect(fromAlpacaBarRow('AAPL', { ...ROW, t: '2025-07-01T04:00:00Z' }).ok).toBe(true);
  });

  it.each([
    ['a high below the low', { h: 90 }, 'high'],
    ['a number sent as text', { c: '101.75' }, 'c (close) must be a number, got "101.75"'],
    ['a missing volume', { v: undefined }, 'v (volume) is missing'],
    ['a negative price', { o: -1 }, 'open'],
    ['an infinite close', { c: Infinity }, 'close'],
    ['a time that is not midnight in New York', { t: '2026-01-05T00:00:00Z' }, 'timestamp'],
    ['a time that is not text', { t: 1767589200000 }, 't (timestamp) must be RFC 3339 text'],
    ['a date that does not exist', { t: '2026-02-30T05:00:00Z' }, 'timestamp'],
  ])('refuses %s with its reason', (_what, change, reason) => {
    const result = fromAlpacaBarRow('AAPL', { ...ROW, ...change });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons.join('; ')).toContain(reason);
  });

  it('lists every reason of a row broken several ways, and refuses a row that is not an object or a bad symbol', () => {
    const result = fromAlpacaBarRow('AAPL', { ...ROW, o: 'abc', v: null, h: 1 });
    expect(!result.ok && result.reasons.length).toBeGreaterThanOrEqual(3);
    expect(fromAlpacaBarRow('AAPL', 'abc')).toEqual({ ok: false, reasons: ['bars row must be an object, got "abc"'] });
    expect(fromAlpacaBarRow('not a symbol!', ROW).ok).toBe(false);
  });
});

describe('alpacaBarsAnswer', () => {
  it('reads rows by symbol and the page token; an empty answer is no bars', () => {
    expect(alpacaBarsAnswer({ bars: { AAPL: [ROW], MSFT: [] }, next_page_token: 'QUFQTHwy' })).toEqual({
      ok: true,
      value: {
        bars: [
          { symbol: 'AAPL', rows: [ROW] },
          { symbol: 'MSFT', rows: [] },
        ],
        nextPageToken: 'QUFQTHwy',
      },
    });
    expect(alpacaBarsAnswer({ bars: {}, next_page_token: null })).toEqual({
      ok: true,
      value: { bars: [], nextPageToken: null },
    });
    expect(alpacaBarsAnswer({ bars: null })).toEqual({ ok: true, value: { bars: [], nextPageToken: null } });
  });

  it.each([
    ['not an object', [], 'bars response must be an object'],
    ['bars as a list', { bars: [ROW] }, 'bars must be an object keyed by symbol'],
    ['a symbol without a list', { bars: { AAPL: ROW } }, 'bars.AAPL must be a list'],
    ['a token that is not text', { bars: {}, next_page_token: 7 }, 'next_page_token must be text or null'],
  ])('refuses %s', (_what, body, reason) => {
    const result = alpacaBarsAnswer(body);
    expect(!result.ok && result.reasons.join('; ')).toContain(reason);
  });
});
