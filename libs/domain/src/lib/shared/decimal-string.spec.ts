import { compareDecimal, decimalDigits, decimalSign, isDecimalString, toDecimalString } from './decimal-string';

describe('toDecimalString', () => {
  it.each([
    [216.802, '216.802'],
    [212.09, '212.09'],
    [215.1, '215.1'],
    [60402929, '60402929'],
    [0, '0'],
    [-0, '0'],
    [-0.84, '-0.84'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-2.5e-8, '-0.000000025'],
    [1e21, '1000000000000000000000'],
    [1.234e22, '12340000000000000000000'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('%p -> %p', (input, expected) => {
    expect(toDecimalString(input)).toBe(expected);
    expect(isDecimalString(toDecimalString(input))).toBe(true);
  });

  it('round-trips to the same float', () => {
    for (const n of [1e-7, 123.456789, 1e21, 5e-324, Number.MAX_SAFE_INTEGER]) {
      expect(Number(toDecimalString(n))).toBe(n);
    }
  });

  it.each([NaN, Infinity, -Infinity])('refuses %p', (bad) => {
    expect(() => toDecimalString(bad)).toThrow(RangeError);
  });
});

describe('isDecimalString', () => {
  it.each(['0', '12345.6789', '-0.84', '0.0508205643859374', '554.0', '007'])('accepts %p', (ok) => {
    expect(isDecimalString(ok)).toBe(true);
  });

  it.each(['', '1e5', '+1', '1.', '.5', ' 1', '1 ', 'NaN', 'Infinity', '1,5', '--1', 'abc', 12, null, undefined])(
    'rejects %p',
    (bad) => {
      expect(isDecimalString(bad)).toBe(false);
    },
  );
});

describe('decimalDigits', () => {
  it('counts significant integer digits and all fraction digits', () => {
    expect(decimalDigits('216.802')).toEqual({ integerDigits: 3, fractionDigits: 3 });
    expect(decimalDigits('0.0000001')).toEqual({ integerDigits: 0, fractionDigits: 7 });
    expect(decimalDigits('-00012.50')).toEqual({ integerDigits: 2, fractionDigits: 2 });
  });
});

describe('compareDecimal', () => {
  it.each([
    ['1', '2', -1],
    ['2', '1', 1],
    ['554.0', '554', 0],
    ['10', '9.5', 1],
    ['9.5', '10', -1],
    ['0.0000001', '0.000001', -1],
    ['-1', '1', -1],
    ['-2', '-1', -1],
    ['-0.5', '-0.50', 0],
    ['-0', '0', 0],
    ['0010.10', '10.1', 0],
    ['123456789012.123456', '123456789012.123457', -1],
  ] as const)('%s vs %s = %d', (a, b, expected) => {
    expect(compareDecimal(a, b)).toBe(expected);
  });

  it('refuses non-decimal input instead of guessing', () => {
    expect(() => compareDecimal('1e3', '1')).toThrow(TypeError);
    expect(() => compareDecimal('1', 'abc')).toThrow(TypeError);
  });

  it('decimalSign treats every spelling of zero as zero', () => {
    expect(decimalSign('-0.00')).toBe(0);
    expect(decimalSign('0.01')).toBe(1);
    expect(decimalSign('-0.01')).toBe(-1);
  });
});

describe('compareDecimal against an exact BigInt reference', () => {
  /** value x 10^12 as a BigInt: every generated string has at most 12 fraction digits. */
  const scaled = (text: string): bigint => {
    const negative = text.startsWith('-');
    const [integer, fraction = ''] = (negative ? text.slice(1) : text).split('.');
    const magnitude = BigInt(integer + fraction.padEnd(12, '0'));
    return negative ? -magnitude : magnitude;
  };

  it('agrees on 20,000 seeded pairs with leading zeros, trailing zeros and signs', () => {
    let state = 7;
    const random = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
    const digits = (max: number) =>
      Array.from({ length: Math.floor(random() * max) }, () => String(Math.floor(random() * 10))).join('');
    const decimal = () => {
      const integer = (random() < 0.3 ? '0'.repeat(Math.floor(random() * 3)) : '') + (digits(5) || '0');
      const fraction = random() < 0.6 ? `.${digits(6)}${random() < 0.3 ? '0' : ''}` : '';
      return `${random() < 0.2 ? '-' : ''}${integer}${fraction === '.' ? '' : fraction}`;
    };
    for (let i = 0; i < 20_000; i += 1) {
      const a = decimal();
      const b = random() < 0.2 ? a.replace(/(\.\d*)$/, '$10') : decimal();
      const difference = scaled(a) - scaled(b);
      const expected = difference < 0n ? -1 : difference > 0n ? 1 : 0;
      expect([a, b, compareDecimal(a, b)]).toEqual([a, b, expected]);
    }
  });
});
