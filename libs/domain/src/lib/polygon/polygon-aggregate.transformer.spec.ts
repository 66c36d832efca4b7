import { AAPL_2024_07_01_VALIDATED } from '../test-fixtures/aapl-bar';
import { readFixture } from '../test-fixtures/read-fixture';
import { fromPolygonGroupedRow, fromPolygonRangeRow, polygonAggregateRows } from './polygon-aggregate.transformer';

interface Envelope {
  results: Record<string, unknown>[];
}

const range = readFixture<Envelope>('polygon-aggs-range-AAPL.json');
const grouped = readFixture<Envelope>('polygon-grouped-daily.json');
const row = range.results[0];

function reasonsOf(result: { ok: boolean; reasons?: readonly string[] }): readonly string[] | undefined {
  return result.ok ? undefined : result.reasons;
}

describe('fromPolygonRangeRow', () => {
  it('turns every fixture row into a bar keyed at 00:00 ET', () => {
    const bars = range.results.map((r) => fromPolygonRangeRow('AAPL', r));
    expect(bars.every((b) => b.ok)).toBe(true);
    expect(bars[0]).toEqual({ ok: true, value: AAPL_2024_07_01_VALIDATED });
    // 215.10 in the JSON text is the float 215.1: the shortest spelling is kept.
    expect(bars[1].ok && bars[1].value.low).toBe('215.1');
    expect(bars.map((b) => b.ok && b.value.timestamp.toISOString().slice(0, 10))).toEqual([
      '2024-07-01',
      '2024-07-02',
      '2024-07-03',
      '2024-07-05',
      '2024-07-08',
    ]);
  });

  it('gives the same key as the grouped endpoint for the same session', () => {
    const fromRange = fromPolygonRangeRow('AAPL', range.results[3]);
    const fromGrouped = fromPolygonGroupedRow(grouped.results[0]);
    expect(fromRange).toEqual(fromGrouped);
  });

  it.each([
    [{ o: undefined }, ['o (open) is missing']],
    [{ o: null }, ['o (open) is missing']],
    [{ o: '212.09' }, ['o (open) must be a number, got "212.09"']],
    [{ h: NaN }, ['high must be a finite number, got NaN']],
    [{ c: Infinity }, ['close must be a finite number, got Infinity']],
    [{ l: -Infinity }, ['low must be a finite number, got -Infinity']],
    [{ v: '60402929' }, ['v (volume) must be a number, got "60402929"']],
    [{ v: -5 }, ['volume must be 0 or more, got -5']],
    [{ v: 25933.1234567 }, ['volume 25933.1234567 has 7 decimal places; at most 6 are stored (NUMERIC(25,6))']],
    [{ t: undefined }, ['t (timestamp) is missing']],
    [{ t: '1719806400000' }, ['t (timestamp) must be whole epoch milliseconds, got "1719806400000"']],
    [{ t: NaN }, ['t (timestamp) must be whole epoch milliseconds, got NaN']],
    [{ o: 0 }, ['open must be greater than 0, got 0']],
    [
      { h: 200 },
      ['high 200 is below open 212.09', 'high 200 is below low 211.92', 'high 200 is below close 216.75'].sort(),
    ],
    [
      { o: 1e-7, l: 1e-7 },
      [
        'open 0.0000001 has 7 decimal places; at most 6 are stored (NUMERIC(18,6))',
        'low 0.0000001 has 7 decimal places; at most 6 are stored (NUMERIC(18,6))',
      ],
    ],
  ])('rejects %p', (overrides, expected) => {
    const reasons = reasonsOf(fromPolygonRangeRow('AAPL', { ...row, ...overrides }));
    expect([...(reasons ?? [])].sort()).toEqual([...expected].sort());
  });

  it('reports every problem of a badly broken row at once', () => {
    expect(reasonsOf(fromPolygonRangeRow('AAPL', { o: 'x', h: null, l: 1, c: 2, v: -1.5 }))).toEqual([
      'o (open) must be a number, got "x"',
      'h (high) is missing',
      't (timestamp) is missing',
      'volume must be 0 or more, got -1.5',
    ]);
  });

  it.each([
    [25933.6, '25933.6'],
    [1234567.891, '1234567.891'],
    [0.5, '0.5'],
    [4369.000001, '4369.000001'],
  ])('stores a fractional volume %p exactly, spelled %p', (v, text) => {
    const result = fromPolygonRangeRow('AAPL', { ...row, v });
    expect(result.ok && result.value.volume).toBe(text);
  });

  // vw and n are optional in Polygon's spec and not stored; fields we do not know are ignored.
  it.each([
    ['without vw', { vw: undefined }],
    ['without n', { n: undefined }],
    ['without vw and n', { vw: undefined, n: undefined }],
    ['with vw and n null', { vw: null, n: null }],
    ['with unknown fields', { otc: true, x_new_field: { nested: [1, 2] }, T: 'IGNORED' }],
  ])('stores a row %s as the same bar', (_case, overrides) => {
    const changed: Record<string, unknown> = { ...row, ...overrides };
    for (const key of Object.keys(overrides)) if (changed[key] === undefined) delete changed[key];
    expect(fromPolygonRangeRow('AAPL', changed)).toEqual(fromPolygonRangeRow('AAPL', row));
  });

  it('holds the requested symbol to the symbol rule', () => {
    expect(reasonsOf(fromPolygonRangeRow('aapl', row))).toEqual(['symbol "aapl" must be upper case']);
  });

  it.each([null, 'row', 42, [row]])('rejects a non-object row %p', (bad) => {
    expect(reasonsOf(fromPolygonRangeRow('AAPL', bad))?.[0]).toMatch(/^aggregates row must be an object/);
  });
});

describe('fromPolygonGroupedRow', () => {
  it('reads the symbol from T and moves the 16:00 ET anchor to 00:00 ET', () => {
    const result = fromPolygonGroupedRow(grouped.results[1]);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ symbol: 'MSFT', timestamp: new Date('2024-07-05T04:00:00Z'), close: '467.56' }),
    });
  });

  it('stores dotted class shares as spelled (BRK.B, BF.A)', () => {
    for (const T of ['BRK.B', 'BF.A', 'BF.B']) {
      const result = fromPolygonGroupedRow({ ...grouped.results[0], T });
      expect(result.ok && result.value.symbol).toBe(T);
    }
  });

  it.each([
    [
      'KIMpL',
      `symbol "KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
    ],
    [
      'BRK.b',
      `symbol "BRK.b" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
    ],
    ['brk.b', 'symbol "brk.b" must be upper case'],
    ['BRK.BBB', 'symbol "BRK.BBB" is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)'],
    ['ABCDEFGHIJK', 'symbol "ABCDEFGHIJK" is longer than 10 characters'],
  ])('refuses %p with a reason, never re-spelled or cut to fit', (T, reason) => {
    expect(reasonsOf(fromPolygonGroupedRow({ ...grouped.results[3], T }))).toEqual([reason]);
  });

  it('refuses the fixture preferred KIMpL row', () => {
    expect(reasonsOf(fromPolygonGroupedRow(grouped.results[3]))).toEqual([
      `symbol "KIMpL" has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`,
    ]);
  });

  it('stores a grouped row without vw and n, or with unknown fields, as the same bar', () => {
    const bare = { ...grouped.results[0] };
    delete bare['vw'];
    delete bare['n'];
    const expected = fromPolygonGroupedRow(grouped.results[0]);
    expect(fromPolygonGroupedRow(bare)).toEqual(expected);
    expect(fromPolygonGroupedRow({ ...grouped.results[0], otc: true, x_new_field: 'later API version' })).toEqual(
      expected,
    );
  });

  it.each([
    [{ T: undefined }, 'T (symbol) is missing'],
    [{ T: 42 }, 'T (symbol) must be a string, got 42'],
    [{ T: '' }, 'symbol is empty'],
  ])('rejects %p', (overrides, reason) => {
    expect(reasonsOf(fromPolygonGroupedRow({ ...grouped.results[0], ...overrides }))).toEqual([reason]);
  });

  it('rejects a non-object row', () => {
    expect(reasonsOf(fromPolygonGroupedRow(undefined))).toEqual(['grouped daily row must be an object, got undefined']);
  });
});

describe('polygonAggregateRows', () => {
  it('treats absent, null and [] results as no rows', () => {
    expect(polygonAggregateRows(readFixture('polygon-aggs-empty-holiday.json'))).toEqual({ ok: true, value: [] });
    expect(polygonAggregateRows({ status: 'OK', results: null })).toEqual({ ok: true, value: [] });
    expect(polygonAggregateRows({ status: 'OK', results: [] })).toEqual({ ok: true, value: [] });
    expect(polygonAggregateRows(range)).toEqual({ ok: true, value: range.results });
  });

  it('rejects a body that is not an envelope', () => {
    expect(reasonsOf(polygonAggregateRows('<html>'))).toEqual(['aggregates response must be an object, got "<html>"']);
    expect(reasonsOf(polygonAggregateRows({ results: {} }))).toEqual(['results must be an array, got an object']);
  });
});
