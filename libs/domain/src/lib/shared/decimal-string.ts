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
  // Index arithmetic instead of split/replace: this runs four times per bar.
  const start = value.charCodeAt(0) === MINUS ? 1 : 0;
  const dotAt = value.indexOf('.', start);
  const integerEnd = dotAt < 0 ? value.length : dotAt;
  return {
    integerDigits: integerEnd - significantStart(value, start, integerEnd),
    fractionDigits: dotAt < 0 ? 0 : value.length - dotAt - 1,
  };
}

const MINUS = 45; // '-'
const ZERO = 48; // '0'

/** Index of the first integer digit that is not a leading zero (`end` if all are zeros). */
function significantStart(value: string, start: number, end: number): number {
  let i = start;
  while (i < end && value.charCodeAt(i) === ZERO) i += 1;
  return i;
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
  const magnitude = compareMagnitude(a, b);
  return signA < 0 ? ((-magnitude || 0) as -1 | 0 | 1) : magnitude;
}

/** -1, 0 or 1; "-0.00" is zero. */
export function decimalSign(value: DecimalString): -1 | 0 | 1 {
  if (/^-?[0.]+$/.test(value)) {
    return 0;
  }
  return value.startsWith('-') ? -1 : 1;
}

/**
 * Compares |a| and |b| digit by digit, without building padded copies: the
 * longer significant integer part is larger; otherwise the first differing
 * digit decides, a missing fraction digit counting as 0.
 */
function compareMagnitude(a: string, b: string): -1 | 0 | 1 {
  const startA = a.charCodeAt(0) === MINUS ? 1 : 0;
  const startB = b.charCodeAt(0) === MINUS ? 1 : 0;
  const dotA = a.indexOf('.');
  const dotB = b.indexOf('.');
  const endA = dotA < 0 ? a.length : dotA;
  const endB = dotB < 0 ? b.length : dotB;
  const intA = significantStart(a, startA, endA);
  const intB = significantStart(b, startB, endB);
  if (endA - intA !== endB - intB) {
    return endA - intA < endB - intB ? -1 : 1;
  }
  for (let i = intA, j = intB; i < endA; i += 1, j += 1) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  const fracA = dotA < 0 ? a.length : dotA + 1;
  const fracB = dotB < 0 ? b.length : dotB + 1;
  const width = Math.max(a.length - fracA, b.length - fracB);
  for (let k = 0; k < width; k += 1) {
    const da = fracA + k < a.length ? a.charCodeAt(fracA + k) : ZERO;
    const db = fracB + k < b.length ? b.charCodeAt(fracB + k) : ZERO;
    if (da !== db) return da < db ? -1 : 1;
  }
  return 0;
}
