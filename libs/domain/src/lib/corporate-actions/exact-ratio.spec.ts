import {
  divideHalfEven,
  formatRatio,
  formatUnits,
  invertRatio,
  ratioOf,
  ratioOfDecimal,
  ratioOfNumber,
  scaleDecimal,
} from './exact-ratio';

describe('exact ratios', () => {
  it('reduces to lowest terms with a positive denominator', () => {
    expect(ratioOf(6n, 8n)).toEqual({ numerator: 3n, denominator: 4n });
    expect(ratioOf(3n, -6n)).toEqual({ numerator: -1n, denominator: 2n });
    expect(ratioOf(0n, 5n)).toEqual({ numerator: 0n, denominator: 1n });
    expect(() => ratioOf(1n, 0n)).toThrow('denominator is zero');
    expect(formatRatio(invertRatio(ratioOf(1n, 40n)))).toBe('40');
  });

  it('reads decimal text and provider floats exactly', () => {
    expect(ratioOfDecimal('216.802')).toEqual({ numerator: 108401n, denominator: 500n });
    expect(ratioOfDecimal('-0.50')).toEqual({ numerator: -1n, denominator: 2n });
    expect(ratioOfNumber(1.5)).toEqual({ numerator: 3n, denominator: 2n });
    expect(ratioOfNumber(0.1)).toEqual({ numerator: 1n, denominator: 10n });
    expect(() => ratioOfDecimal('1e5')).toThrow('expected a decimal string, got "1e5"');
    expect(() => ratioOfNumber(Number.NaN)).toThrow('cannot represent NaN');
  });

  it('rounds half to even, symmetrically for negatives', () => {
    expect([5n, 15n, 25n, 35n, 14n, 16n].map((n) => divideHalfEven(n, 10n))).toEqual([0n, 2n, 2n, 4n, 1n, 2n]);
    expect([-5n, -15n, -25n, -16n].map((n) => divideHalfEven(n, 10n))).toEqual([-0n, -2n, -2n, -2n]);
    expect(() => divideHalfEven(1n, 0n)).toThrow('positive denominator');
  });

  it('formats scaled units as canonical decimal text', () => {
    expect(formatUnits(1248075n, 4)).toBe('124.8075');
    expect(formatUnits(1248000n, 4)).toBe('124.8');
    expect(formatUnits(5n, 6)).toBe('0.000005');
    expect(formatUnits(0n, 6)).toBe('0');
    expect(formatUnits(-1500n, 3)).toBe('-1.5');
    expect(scaleDecimal('499.23', ratioOf(1n, 4n), 6)).toBe('124.8075');
    expect(scaleDecimal('100', ratioOf(2n, 3n), 6)).toBe('66.666667');
  });
});
