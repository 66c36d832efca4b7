/**
 * Money and prices travel as canonical decimal text ("216.802"), never as JS
 * numbers, so what a provider sent is what PostgreSQL's NUMERIC stores and what
 * an API returns. See libs/domain/README.md, "Prices and money".
 */
export type DecimalString = string;

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** Plain decimal text: optional minus, digits, optional fraction. No exponent, no "+", no spaces. */
export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && DECIMAL_STRING.test(value);
}

/**
 * A provider float as decimal text. Uses JS's shortest round-trip digits
 * (what the provider's JSON most likely said: 216.802 stays "216.802"), but
 * spelled without exponent notation (1e-7 becomes "0.0000001"), because
 * exponent text is neither a DecimalString nor what NUMERIC columns expect.
 */
export function toDecimalString(n: number): DecimalString {
  if (!Number.isFinite(n)) {
    throw new RangeError(`cannot represent ${n} as a decimal string`);
  }
  if (Object.is(n, -0)) {
    return '0';
  }
  const text = String(n);
  const exponentAt = text.indexOf('e');
  return exponentAt < 0 ? text : expandExponent(text.slice(0, exponentAt), Number(text.slice(exponentAt + 1)));
}

function expandExponent(mantissa: string, exponent: number): string {
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dotAt = unsigned.indexOf('.');
  const digits = unsigned.replace('.', '');
  // Position of the decimal point within `digits` once the exponent is applied.
  const point = (dotAt < 0 ? unsigned.length : dotAt) + exponent;
  let body: string;
  if (point <= 0) {
    body = `0.${'0'.repeat(-point)}${digits}`;
  } else if (point >= digits.length) {
    body = digits + '0'.repeat(point - digits.length);
  } else {
    body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return negative ? `-${body}` : body;
}

/** Digits before and after the point, ignoring sign and leading integer zeros. */
export function decimalDigits(value: DecimalString): { integerDigits: number; fractionDigits: number } {
  const unsigned = value.startsWith('-') ? value.slice(1) : value;
  const [integerPart, fractionPart = ''] = unsigned.split('.');
  const significantInteger = integerPart.replace(/^0+/, '');
  return { integerDigits: significantInteger.length, fractionDigits: fractionPart.length };
}

/**
 * Exact comparison of two decimal strings (no float rounding): -1, 0 or 1.
 * "554.0" equals "554".
 */
export function compareDecimal(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  if (!isDecimalString(a) || !isDecimalString(b)) {
    throw new TypeError(`compareDecimal needs decimal strings, got ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  }
  const signA = decimalSign(a);
  const signB = decimalSign(b);
  if (signA !== signB) {
    return signA < signB ? -1 : 1;
  }
  const magnitude = compareMagnitude(stripSign(a), stripSign(b));
  return signA < 0 ? ((-magnitude || 0) as -1 | 0 | 1) : magnitude;
}

/** -1, 0 or 1; "-0.00" is zero. */
export function decimalSign(value: DecimalString): -1 | 0 | 1 {
  if (/^-?[0.]+$/.test(value)) {
    return 0;
  }
  return value.startsWith('-') ? -1 : 1;
}

function stripSign(value: string): string {
  return value.startsWith('-') ? value.slice(1) : value;
}

function compareMagnitude(a: string, b: string): -1 | 0 | 1 {
  const [intA, fracA = ''] = a.split('.');
  const [intB, fracB = ''] = b.split('.');
  const cleanA = intA.replace(/^0+/, '');
  const cleanB = intB.replace(/^0+/, '');
  if (cleanA.length !== cleanB.length) {
    return cleanA.length < cleanB.length ? -1 : 1;
  }
  const width = Math.max(fracA.length, fracB.length);
  const fullA = cleanA + fracA.padEnd(width, '0');
  const fullB = cleanB + fracB.padEnd(width, '0');
  if (fullA === fullB) {
    return 0;
  }
  return fullA < fullB ? -1 : 1;
}
