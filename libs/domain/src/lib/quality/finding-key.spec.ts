import { findingKey } from './finding-key';

describe('findingKey', () => {
  it('names code, symbol and session date; market-wide and undated findings keep their places', () => {
    expect(findingKey({ code: 'missing_bar', symbol: 'AAPL', date: '2024-07-05' })).toBe('missing_bar|AAPL|2024-07-05');
    expect(findingKey({ code: 'stale', symbol: 'AAPL', date: null })).toBe('stale|AAPL|');
    expect(findingKey({ code: 'stale', symbol: null, date: null })).toBe('stale||');
  });

  it('tells apart findings that differ in one part only', () => {
    const base = { code: 'missing_bar', symbol: 'AAPL', date: '2024-07-05' } as const;
    const keys = new Set([
      findingKey(base),
      findingKey({ ...base, code: 'zero_volume' }),
      findingKey({ ...base, symbol: 'MSFT' }),
      findingKey({ ...base, date: '2024-07-08' }),
      findingKey({ ...base, date: null }),
    ]);
    expect(keys.size).toBe(5);
  });
});
