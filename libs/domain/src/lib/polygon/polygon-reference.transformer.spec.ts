import { readFixture } from '../test-fixtures/read-fixture';
import {
  fromPolygonDividend,
  fromPolygonHoliday,
  fromPolygonSplit,
  fromPolygonTicker,
} from './polygon-reference.transformer';

type Row = Record<string, unknown>;

function reasonsOf(result: { ok: boolean; reasons?: readonly string[] }): readonly string[] | undefined {
  return result.ok ? undefined : result.reasons;
}

describe('fromPolygonTicker', () => {
  const active = readFixture<{ results: Row[] }>('polygon-tickers-page1.json').results;
  const delisted = readFixture<{ results: Row[] }>('polygon-tickers-delisted.json').results;

  it('maps an active ticker', () => {
    expect(fromPolygonTicker(active[2])).toEqual({
      ok: true,
      value: { symbol: 'AAPL', name: 'Apple Inc.', exchange: 'XNAS', type: 'CS', active: true, delistedDate: null },
    });
    expect(active.map(fromPolygonTicker).every((r) => r.ok)).toBe(true);
  });

  it('takes the delisting date from delisted_utc as a UTC date', () => {
    expect(
      delisted.map((r) => {
        const t = fromPolygonTicker(r);
        return t.ok && [t.value.symbol, t.value.active, t.value.delistedDate];
      }),
    ).toEqual([
      ['ATVI', false, '2023-10-13'],
      ['TWTR', false, '2022-10-28'],
    ]);
  });

  it('tolerates absent optional fields', () => {
    expect(fromPolygonTicker({ ticker: 'BRK.B', active: true })).toEqual({
      ok: true,
      value: { symbol: 'BRK.B', name: null, exchange: null, type: null, active: true, delistedDate: null },
    });
  });

  it.each([
    [{ ticker: undefined }, 'ticker is missing'],
    [
      { ticker: 'KIMpL' },
      `ticker "KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
    ],
    [{ ticker: 7 }, 'ticker must be a string, got 7'],
    [{ active: 'true' }, 'active must be true or false, got "true"'],
    [{ active: undefined }, 'active is missing'],
    [{ name: 12 }, 'name must be a string, got 12'],
    [{ primary_exchange: false }, 'primary_exchange must be a string, got boolean false'],
    [{ delisted_utc: 'last week' }, 'delisted_utc "last week" is not a valid RFC 3339 timestamp'],
    [{ delisted_utc: 1697155200000 }, 'delisted_utc must be an RFC 3339 timestamp string, got 1697155200000'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromPolygonTicker({ ...delisted[0], ...overrides }))).toEqual([reason]);
  });

  it('rejects a non-object row', () => {
    expect(reasonsOf(fromPolygonTicker(null))).toEqual(['ticker row must be an object, got null']);
  });
});

describe('fromPolygonSplit', () => {
  const split = { ticker: 'NVDA', execution_date: '2024-06-10', split_from: 1, split_to: 10, id: 'E123' };

  it('maps a split', () => {
    expect(fromPolygonSplit(split)).toEqual({
      ok: true,
      value: { symbol: 'NVDA', executionDate: '2024-06-10', splitFrom: 1, splitTo: 10 },
    });
    expect(fromPolygonSplit({ ...split, split_from: 1.5, split_to: 1 }).ok).toBe(true);
  });

  it.each([
    [{ ticker: 'nvda' }, 'ticker "nvda" must be upper case'],
    [{ execution_date: '2024-06-31' }, 'execution_date must be a YYYY-MM-DD date, got "2024-06-31"'],
    [{ execution_date: undefined }, 'execution_date is missing'],
    [{ split_from: 0 }, 'split_from must be greater than 0, got 0'],
    [{ split_to: -10 }, 'split_to must be greater than 0, got -10'],
    [{ split_to: '10' }, 'split_to must be a number, got "10"'],
    [{ split_from: NaN }, 'split_from must be a finite number, got NaN'],
    [{ split_from: undefined }, 'split_from is missing'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromPolygonSplit({ ...split, ...overrides }))).toEqual([reason]);
  });

  it('rejects a non-object row', () => {
    expect(reasonsOf(fromPolygonSplit([]))).toEqual(['split row must be an object, got an array']);
  });
});

describe('fromPolygonDividend', () => {
  const dividend = {
    ticker: 'AAPL',
    ex_dividend_date: '2024-08-12',
    cash_amount: 0.25,
    pay_date: '2024-08-15',
    declaration_date: '2024-08-01',
    frequency: 4,
    dividend_type: 'CD',
    currency: 'USD',
  };

  it('maps a dividend with the amount as decimal text', () => {
    expect(fromPolygonDividend(dividend)).toEqual({
      ok: true,
      value: {
        symbol: 'AAPL',
        exDividendDate: '2024-08-12',
        cashAmount: '0.25',
        payDate: '2024-08-15',
        declarationDate: '2024-08-01',
        frequency: 4,
        dividendType: 'CD',
      },
    });
  });

  it('keeps tiny amounts exact and without exponent', () => {
    const result = fromPolygonDividend({ ...dividend, cash_amount: 1e-7 });
    expect(result.ok && result.value.cashAmount).toBe('0.0000001');
  });

  it('accepts missing optional fields as null', () => {
    const result = fromPolygonDividend({ ticker: 'MSFT', ex_dividend_date: '2024-08-15', cash_amount: 0.75 });
    expect(result.ok && result.value).toEqual({
      symbol: 'MSFT',
      exDividendDate: '2024-08-15',
      cashAmount: '0.75',
      payDate: null,
      declarationDate: null,
      frequency: null,
      dividendType: null,
    });
  });

  it.each([
    [{ cash_amount: '0.25' }, 'cash_amount must be a number, got "0.25"'],
    [{ cash_amount: 0 }, 'cash_amount must be greater than 0, got 0'],
    [{ cash_amount: Infinity }, 'cash_amount must be a finite number, got Infinity'],
    [{ cash_amount: undefined }, 'cash_amount is missing'],
    [{ ex_dividend_date: '08/12/2024' }, 'ex_dividend_date must be a YYYY-MM-DD date, got "08/12/2024"'],
    [{ pay_date: 'soon' }, 'pay_date must be a YYYY-MM-DD date, got "soon"'],
    [{ declaration_date: 20240801 }, 'declaration_date must be a YYYY-MM-DD date, got 20240801'],
    [{ frequency: 2.5 }, 'frequency must be a whole number of 0 or more, got 2.5'],
    [{ frequency: '4' }, 'frequency must be a number, got "4"'],
    [{ dividend_type: 1 }, 'dividend_type must be a string, got 1'],
    [{ ticker: '' }, 'ticker is empty'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromPolygonDividend({ ...dividend, ...overrides }))).toEqual([reason]);
  });
});

describe('fromPolygonHoliday', () => {
  const rows = readFixture<Row[]>('polygon-marketstatus-upcoming.json');

  it('maps full closures and early closes with their UTC times', () => {
    expect(fromPolygonHoliday(rows[0])).toEqual({
      ok: true,
      value: { date: '2024-11-28', exchange: 'NYSE', name: 'Thanksgiving', status: 'closed', open: null, close: null },
    });
    expect(fromPolygonHoliday(rows[2])).toEqual({
      ok: true,
      value: {
        date: '2024-11-29',
        exchange: 'NYSE',
        name: 'Thanksgiving',
        status: 'early-close',
        open: new Date('2024-11-29T14:30:00Z'),
        close: new Date('2024-11-29T18:00:00Z'),
      },
    });
    expect(rows.map(fromPolygonHoliday).every((r) => r.ok)).toBe(true);
  });

  it.each([
    [rows[0], { status: 'half-day' }, 'status must be one of "closed", "early-close", got "half-day"'],
    [rows[0], { date: '2024-11-31' }, 'date must be a YYYY-MM-DD date, got "2024-11-31"'],
    [rows[0], { exchange: undefined }, 'exchange is missing'],
    [rows[0], { name: '' }, 'name is empty'],
    [rows[2], { close: undefined }, 'close is missing'],
    [rows[2], { close: '13:00' }, 'close "13:00" is not a valid RFC 3339 timestamp'],
    [rows[2], { open: 'x' }, 'open "x" is not a valid RFC 3339 timestamp'],
  ])('rejects %p with %p', (base, overrides, reason) => {
    expect(reasonsOf(fromPolygonHoliday({ ...base, ...overrides }))).toEqual([reason]);
  });

  it('rejects a non-object row', () => {
    expect(reasonsOf(fromPolygonHoliday('Thanksgiving'))).toEqual([
      'holiday row must be an object, got "Thanksgiving"',
    ]);
  });
});
