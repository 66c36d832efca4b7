import { readFixture } from '../test-fixtures/read-fixture';
import { fromPolygonTickerDetails } from './polygon-reference.transformer';

type Row = Record<string, unknown>;

describe('fromPolygonTickerDetails', () => {
  const delisted = readFixture<{ results: Row[] }>('polygon-tickers-delisted.json').results[0];
  const active = readFixture<{ results: Row[] }>('polygon-tickers-page1.json').results[0];

  it('reads the record under results, delisted with its date or active', () => {
    const symbol = delisted['ticker'] as string;
    const result = fromPolygonTickerDetails(symbol, { status: 'OK', request_id: 'x', results: delisted });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        symbol,
        active: false,
        delistedDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    });
    const live = fromPolygonTickerDetails(active['ticker'] as string, {
      status: 'OK',
      results: { ...active, list_date: '1980-12-12', market_cap: 1 },
    });
    expect(live).toEqual({ ok: true, value: expect.objectContaining({ active: true, delistedDate: null }) });
  });

  it('refuses a record of another ticker, a missing record and a body that is not an object', () => {
    expect(fromPolygonTickerDetails('MSFT', { results: { ...active, ticker: 'AAPL' } })).toEqual({
      ok: false,
      reasons: ['ticker details answer is for AAPL, not MSFT'],
    });
    expect(fromPolygonTickerDetails('MSFT', { status: 'OK' })).toEqual({
      ok: false,
      reasons: ['results (the ticker record) is missing'],
    });
    expect(fromPolygonTickerDetails('MSFT', 'nope').ok).toBe(false);
  });
});
