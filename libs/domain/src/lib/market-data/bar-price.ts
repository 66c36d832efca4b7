import { decimalDigits, decimalSign, isDecimalString, toDecimalString, type DecimalString } from '../shared/decimal-string';
import { describeValue } from '../shared/describe-value';

/** market_data prices are NUMERIC(18,6): 12 integer digits, 6 fraction digits. */
export const BAR_PRICE_MAX_INTEGER_DIGITS = 12;
export const BAR_PRICE_MAX_FRACTION_DIGITS = 6;

export type BarPriceResult = { readonly price: DecimalString } | { readonly problem: string };

/**
 * The one bar-price rule: the price as decimal text, or an object naming the
 * problem. Accepts a provider float or decimal text; never rounds: a 7th
 * decimal is a rejection, because PostgreSQL would otherwise round it silently
 * on insert. A valid price comes back as a bare string, so the hot path
 * allocates nothing for decimal-text input.
 */
export function barPriceOrProblem(value: unknown, field: string): DecimalString | { readonly problem: string } {
  let text: DecimalString;
  if (value === undefined || value === null) {
    return { problem: `${field} is missing` };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return { problem: `${field} must be a finite number, got ${describeValue(value)}` };
    }
    text = toDecimalString(value);
  } else if (isDecimalString(value)) {
    text = value;
  } else {
    return { problem: `${field} must be a number or a decimal string, got ${describeValue(value)}` };
  }
  if (decimalSign(text) <= 0) {
    return { problem: `${field} must be greater than 0, got ${text}` };
  }
  const { integerDigits, fractionDigits } = decimalDigits(text);
  if (fractionDigits > BAR_PRICE_MAX_FRACTION_DIGITS) {
    return {
      problem: `${field} ${text} has ${fractionDigits} decimal places; at most ${BAR_PRICE_MAX_FRACTION_DIGITS} are stored (NUMERIC(18,6))`,
    };
  }
  if (integerDigits > BAR_PRICE_MAX_INTEGER_DIGITS) {
    return {
      problem: `${field} ${text} has ${integerDigits} integer digits; at most ${BAR_PRICE_MAX_INTEGER_DIGITS} fit NUMERIC(18,6)`,
    };
  }
  return text;
}

/** A bar price as decimal text, or why it cannot be one (see barPriceOrProblem). */
export function toBarPrice(value: unknown, field: string): BarPriceResult {
  const result = barPriceOrProblem(value, field);
  return typeof result === 'string' ? { price: result } : result;
}

/** The price text when `value` is a valid bar price, otherwise null. */
export function barPriceOrNull(value: unknown): DecimalString | null {
  const result = barPriceOrProblem(value, 'price');
  return typeof result === 'string' ? result : null;
}
