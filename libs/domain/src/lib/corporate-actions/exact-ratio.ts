import { isDecimalString, toDecimalString, type DecimalString } from '../shared/decimal-string';

/** An exact positive rational, numerator/denominator in lowest terms. */
export interface ExactRatio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export const RATIO_ONE: ExactRatio = { numerator: 1n, denominator: 1n };

export function ratioOf(numerator: bigint, denominator: bigint): ExactRatio {
  if (denominator === 0n) {
    throw new RangeError('ratio denominator is zero');
  }
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = gcd(abs(numerator), abs(denominator)) || 1n;
  return { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
}

export function multiplyRatios(a: ExactRatio, b: ExactRatio): ExactRatio {
  return ratioOf(a.numerator * b.numerator, a.denominator * b.denominator);
}

export function invertRatio(ratio: ExactRatio): ExactRatio {
  return ratioOf(ratio.denominator, ratio.numerator);
}

/** "1/4", or "3" when the denominator is 1. */
export function formatRatio(ratio: ExactRatio): string {
  return ratio.denominator === 1n ? String(ratio.numerator) : `${ratio.numerator}/${ratio.denominator}`;
}

/** The exact value of a decimal string, e.g. "216.802" = 216802/1000. */
export function ratioOfDecimal(value: DecimalString): ExactRatio {
  if (!isDecimalString(value)) {
    throw new RangeError(`expected a decimal string, got ${JSON.stringify(value)}`);
  }
  const negative = value.startsWith('-');
  const [integerPart, fractionPart = ''] = (negative ? value.slice(1) : value).split('.');
  const units = BigInt(integerPart + fractionPart) * (negative ? -1n : 1n);
  return ratioOf(units, 10n ** BigInt(fractionPart.length));
}

/**
 * The decimal a float spells (shortest round-trip digits, what the provider's
 * JSON said), as an exact ratio: a split_from of 1.5 is 3/2, not
 * 1.5000000000000000 binary noise.
 */
export function ratioOfNumber(value: number): ExactRatio {
  return ratioOfDecimal(toDecimalString(value));
}

/** `value` × `ratio` rounded half-even to `scale` fraction digits, as canonical decimal text (no trailing zeros). */
export function scaleDecimal(value: DecimalString, ratio: ExactRatio, scale: number): DecimalString {
  const exact = multiplyRatios(ratioOfDecimal(value), ratio);
  const units = divideHalfEven(exact.numerator * 10n ** BigInt(scale), exact.denominator);
  return formatUnits(units, scale);
}

/**
 * `numerator / denominator` rounded to an integer, ties to even. Note that
 * PostgreSQL's NUMERIC rounds ties away from zero (0.0000025::numeric(18,6)
 * is 0.000003); results here already have the column's scale, so PostgreSQL
 * never rounds them again.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) {
    throw new RangeError('divideHalfEven needs a positive denominator');
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const twiceRemainder = (magnitude % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) {
    quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

/** Integer units at `scale` as decimal text without trailing fraction zeros: (1248075n, 4) → "124.8075". */
export function formatUnits(units: bigint, scale: number): DecimalString {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const integerPart = digits.slice(0, digits.length - scale);
  const fractionPart = digits.slice(digits.length - scale).replace(/0+$/, '');
  const body = fractionPart.length > 0 ? `${integerPart}.${fractionPart}` : integerPart;
  return negative && body !== '0' ? `-${body}` : body;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    [a, b] = [b, a % b];
  }
  return a;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
