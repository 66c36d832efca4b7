import { describeValue } from './describe-value';
import { readRecord, type FieldReader } from './field-reader';

function reader(row: unknown): FieldReader {
  const result = readRecord(row, 'row', { o: 'o (open)' });
  if (typeof result === 'string') {
    throw new Error(result);
  }
  return result;
}

function reasonsOf(r: FieldReader): readonly string[] {
  const result = r.result(() => 'value');
  return result.ok ? [] : result.reasons;
}

describe('FieldReader', () => {
  it('returns the built value only when nothing was wrong', () => {
    const r = reader({
      a: 'x',
      n: 1.5,
      b: true,
      d: '-0.84',
      t: '2024-07-01T00:00:00Z',
      day: '2024-07-01',
      k: 'buy',
      c: 3,
    });
    expect([
      r.string('a'),
      r.number('n'),
      r.boolean('b'),
      r.decimal('d'),
      r.isoDate('day'),
      r.oneOf('k', ['buy', 'sell']),
      r.count('c'),
    ]).toEqual(['x', 1.5, true, '-0.84', '2024-07-01', 'buy', 3]);
    expect(r.timestamp('t')).toEqual(new Date('2024-07-01T00:00:00Z'));
    expect(r.result(() => 'built')).toEqual({ ok: true, value: 'built' });
  });

  it('treats absent and null optional fields as null, and still checks present ones', () => {
    const r = reader({ s: null, n: 2, x: 'bad' });
    expect([
      r.optionalString('s'),
      r.optionalNumber('missing'),
      r.optionalDecimal('none'),
      r.optionalTimestamp('t'),
      r.optionalIsoDate('d'),
    ]).toEqual([null, null, null, null, null]);
    expect(r.optionalNumber('n')).toBe(2);
    r.optionalDecimal('x');
    expect(reasonsOf(r)).toEqual(['x "bad" is not a decimal number']);
  });

  it('collects one reason per bad field, using labels', () => {
    const r = reader({ o: '1', b: 0, c: 1.5, k: 'hold' });
    r.number('o');
    r.boolean('b');
    r.count('c');
    r.oneOf('k', ['buy', 'sell']);
    r.string('missing');
    r.problem('a cross-field rule');
    expect(reasonsOf(r)).toEqual([
      'o (open) must be a number, got "1"',
      'b must be true or false, got 0',
      'c must be a whole number of 0 or more, got 1.5',
      'k must be one of "buy", "sell", got "hold"',
      'missing is missing',
      'a cross-field rule',
    ]);
    expect(r.result(() => 'never')).toMatchObject({ ok: false });
  });

  it.each([null, undefined, 'text', 1, [], new Date()])('refuses a non-object row %p', (bad) => {
    expect(readRecord(bad, 'row')).toBe(`row must be an object, got ${describeValue(bad)}`);
  });
});

describe('describeValue', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [NaN, 'NaN'],
    ['a'.repeat(50), JSON.stringify(`${'a'.repeat(40)}...`)],
    [true, 'boolean true'],
    [BigInt(5), 'bigint 5'],
    [new Date('2024-07-01T00:00:00Z'), 'Date 2024-07-01T00:00:00.000Z'],
    [new Date('x'), 'Invalid Date'],
    [[1], 'an array'],
    [{}, 'an object'],
    [() => 1, 'a function'],
  ])('%p -> %p', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });
});
