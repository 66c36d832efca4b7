import { AAPL_2024_07_01_REPORTED, AAPL_2024_07_01_VALIDATED } from '../test-fixtures/aapl-bar';
import { validateBar } from './validate-bar';

const good = AAPL_2024_07_01_REPORTED;

function reasonsFor(overrides: Record<string, unknown>): readonly string[] {
  const result = validateBar({ ...good, ...overrides });
  if (result.ok) {
    throw new Error(`expected a rejection for ${JSON.stringify(overrides)}`);
  }
  return result.reasons;
}

describe('validateBar', () => {
  it('accepts a good bar and turns prices and the volume into decimal strings', () => {
    expect(validateBar(good)).toEqual({ ok: true, value: AAPL_2024_07_01_VALIDATED });
  });

  it('keeps decimal-string prices exactly and accepts share classes, RFC 3339 and epoch timestamps', () => {
    const result = validateBar({
      ...good,
      symbol: 'BRK.B',
      open: '430.100000',
      high: '431',
      low: '429.5',
      close: '430.25',
      timestamp: '2024-07-01T00:00:00-04:00',
      source: 'alpaca',
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        symbol: 'BRK.B',
        open: '430.100000',
        high: '431',
        timestamp: new Date('2024-07-01T04:00:00Z'),
        source: 'alpaca',
      }),
    });
    expect(validateBar({ ...good, timestamp: 1719806400000 }).ok).toBe(true);
  });

  it('accepts a flat bar (open = high = low = close) and zero volume', () => {
    expect(validateBar({ ...good, open: 10, high: 10, low: 10, close: 10, volume: 0 }).ok).toBe(true);
  });

  it('accepts the extremes of NUMERIC(18,6)', () => {
    expect(
      validateBar({ ...good, open: '0.000001', low: '0.000001', close: '1', high: '999999999999.999999' }).ok,
    ).toBe(true);
  });

  describe('symbol', () => {
    it.each([
      ['', 'symbol is empty'],
      [undefined, 'symbol is missing'],
      [42, 'symbol must be a string, got 42'],
      ['aapl', 'symbol "aapl" must be upper case'],
      [
        'KIMpL',
        `symbol "KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
      ],
      [
        'BRK.b',
        `symbol "BRK.b" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
      ],
      ['ABCDEFGHIJK', 'symbol "ABCDEFGHIJK" is longer than 10 characters'],
      ['ABCDEFG', 'symbol "ABCDEFG" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
      ['BRK.', 'symbol "BRK." is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
      ['BRK.BBB', 'symbol "BRK.BBB" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
      ['AA PL', 'symbol "AA PL" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
      ['A1', 'symbol "A1" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
      ['ÄPPL', 'symbol "ÄPPL" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
    ])('rejects %p', (symbol, reason) => {
      expect(reasonsFor({ symbol })).toEqual([reason]);
    });
  });

  describe('timestamp', () => {
    it.each([
      [new Date('garbage'), 'timestamp is an Invalid Date'],
      ['not a date', 'timestamp "not a date" is not a valid RFC 3339 timestamp'],
      ['2024-07-01', 'timestamp "2024-07-01" is not a valid RFC 3339 timestamp'],
      [NaN, 'timestamp must be whole epoch milliseconds, got NaN'],
      [undefined, 'timestamp is missing'],
      [{}, 'timestamp must be a Date, got an object'],
      [
        new Date('2024-07-05T20:00:00Z'),
        'timestamp 2024-07-05T20:00:00.000Z is not 00:00 America/New_York of its session date (expected 2024-07-05T04:00:00.000Z)',
      ],
      [
        new Date('2024-07-01T00:00:00Z'),
        'timestamp 2024-07-01T00:00:00.000Z is not 00:00 America/New_York of its session date (expected 2024-06-30T04:00:00.000Z)',
      ],
    ])('rejects %p', (timestamp, reason) => {
      expect(reasonsFor({ timestamp })).toEqual([reason]);
    });
  });

  describe('prices', () => {
    it.each([
      [NaN, 'open must be a finite number, got NaN'],
      [Infinity, 'open must be a finite number, got Infinity'],
      [-Infinity, 'open must be a finite number, got -Infinity'],
      [0, 'open must be greater than 0, got 0'],
      ['0.000', 'open must be greater than 0, got 0.000'],
      [-212.09, 'open must be greater than 0, got -212.09'],
      [undefined, 'open is missing'],
      [null, 'open is missing'],
      ['abc', 'open must be a number or a decimal string, got "abc"'],
      ['1e2', 'open must be a number or a decimal string, got "1e2"'],
      [true, 'open must be a number or a decimal string, got boolean true'],
      [212.0900001, 'open 212.0900001 has 7 decimal places; at most 6 are stored (NUMERIC(18,6))'],
      [1e-7, 'open 0.0000001 has 7 decimal places; at most 6 are stored (NUMERIC(18,6))'],
      ['1234567890123', 'open 1234567890123 has 13 integer digits; at most 12 fit NUMERIC(18,6)'],
    ])('rejects open %p', (open, reason) => {
      expect(reasonsFor({ open })).toEqual([reason]);
    });

    it('names every broken price field', () => {
      expect(reasonsFor({ open: 0, high: NaN, low: -1, close: 'x' })).toEqual([
        'open must be greater than 0, got 0',
        'high must be a finite number, got NaN',
        'low must be greater than 0, got -1',
        'close must be a number or a decimal string, got "x"',
      ]);
    });
  });

  describe('OHLC order', () => {
    it('reports high below low with both values', () => {
      expect(reasonsFor({ open: 10, close: 10, low: 10, high: 9.5 })).toEqual([
        'high 9.5 is below open 10',
        'high 9.5 is below close 10',
        'high 9.5 is below low 10',
      ]);
    });

    it('reports high below open or close alone', () => {
      expect(reasonsFor({ high: 215 })).toEqual(['high 215 is below close 216.75']);
      expect(reasonsFor({ open: 218 })).toEqual(['high 217.51 is below open 218']);
    });

    it('reports low above open or close', () => {
      expect(reasonsFor({ low: 212.1 })).toEqual(['low 212.1 is above open 212.09']);
      expect(reasonsFor({ close: 211.5 })).toEqual(['low 211.92 is above close 211.5']);
    });

    it('compares exactly, not through floats', () => {
      expect(reasonsFor({ high: '216.7499999', close: '216.75' })[0]).toMatch(/decimal places/);
      expect(reasonsFor({ high: '216.749999', close: '216.75' })).toEqual(['high 216.749999 is below close 216.75']);
    });

    it('skips comparisons with a price that is itself invalid', () => {
      expect(reasonsFor({ low: NaN })).toEqual(['low must be a finite number, got NaN']);
    });
  });

  describe('volume', () => {
    it.each([
      [25933.6, '25933.6'],
      [1234567.891, '1234567.891'],
      [0.000001, '0.000001'],
      [1e18, '1000000000000000000'],
      [0, '0'],
      [-0, '0'],
      ['100', '100'],
      ['25933.600000', '25933.600000'],
      ['9999999999999999999.999999', '9999999999999999999.999999'],
    ])('keeps %p exactly as %p', (volume, text) => {
      const result = validateBar({ ...good, volume });
      expect(result.ok && result.value.volume).toBe(text);
    });

    it.each([
      [-1, 'volume must be 0 or more, got -1'],
      ['-0.5', 'volume must be 0 or more, got -0.5'],
      [NaN, 'volume must be a finite number, got NaN'],
      [Infinity, 'volume must be a finite number, got Infinity'],
      ['1e5', 'volume must be a number or a decimal string, got "1e5"'],
      ['abc', 'volume must be a number or a decimal string, got "abc"'],
      [true, 'volume must be a number or a decimal string, got boolean true'],
      [undefined, 'volume is missing'],
      [null, 'volume is missing'],
      [25933.1234567, 'volume 25933.1234567 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))'],
      [1e-7, 'volume 0.0000001 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))'],
      [1e20, 'volume 100000000000000000000 has 21 integer digits; at most 19 fit NUMERIC(25,6)'],
    ])('rejects %p', (volume, reason) => {
      expect(reasonsFor({ volume })).toEqual([reason]);
    });
  });

  describe('source', () => {
    it.each([
      ['iex', `source must be one of 'polygon', 'alpaca', got "iex"`],
      ['Polygon', `source must be one of 'polygon', 'alpaca', got "Polygon"`],
      [undefined, `source must be one of 'polygon', 'alpaca', got undefined`],
    ])('rejects %p', (source, reason) => {
      expect(reasonsFor({ source })).toEqual([reason]);
    });
  });

  it('returns every reason at once, in field order', () => {
    const result = validateBar({
      symbol: 'aapl',
      timestamp: 'x',
      open: -1,
      high: 1,
      low: 2,
      close: 1,
      volume: -1.5,
      source: 'x',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons).toEqual([
      'symbol "aapl" must be upper case',
      'timestamp "x" is not a valid RFC 3339 timestamp',
      'open must be greater than 0, got -1',
      'high 1 is below low 2',
      'low 2 is above close 1',
      'volume must be 0 or more, got -1.5',
      `source must be one of 'polygon', 'alpaca', got "x"`,
    ]);
  });

  it.each([null, undefined, 'AAPL', 42, [good]])('rejects a non-object candidate %p', (bad) => {
    const result = validateBar(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reasons[0]).toMatch(/^bar must be an object, got /);
  });

  it('does not share the Date instance it was given', () => {
    const timestamp = new Date('2024-07-01T04:00:00Z');
    const result = validateBar({ ...good, timestamp });
    expect(result.ok && result.value.timestamp).not.toBe(timestamp);
  });
});
