import { decimalSign, toDecimalString, type DecimalString } from '../shared/decimal-string';
import { decimalOrProblem, numericColumnProblem, type NumericColumn } from './numeric-column';

/** market_data prices are NUMERIC(18,6): 12 integer digits, 6 fraction digits. */
export const BAR_PRICE_COLUMN: NumericColumn = { precision: 18, scale: 6 };
export const BAR_PRICE_MAX_INTEGER_DIGITS = BAR_PRICE_COLUMN.precision - BAR_PRICE_COLUMN.scale;
export const BAR_PRICE_MAX_FRACTION_DIGITS = BAR_PRICE_COLUMN.scale;

export type BarPriceResult = { readonly price: DecimalString } | { readonly problem: string };

/**
 * The one bar-price rule: the price as decimal text, or an object naming the
 * problem. Accepts a provider float or decimal text; never rounds: a 7th
 * decimal is a rejection, because PostgreSQL would otherwise round it silently
 * on insert. A valid price comes back as a bare string, so the hot path
 * allocates nothing for decimal-text input.
 */
export function barPriceOrProblem(value: unknown, field: string): DecimalString | { readonly problem: string } {
  // The common float case inline; anything else through decimalOrProblem's rules and wording.
  const text =
    typeof value === 'number' && Number.isFinite(value) ? toDecimalString(value) : decimalOrProblem(value, field);
  if (typeof text !== 'string') {
    return text;
  }
  if (decimalSign(text) <= 0) {
    return { problem: `${field} must be greater than 0, got ${text}` };
  }
  const problem = numericColumnProblem(text, field, BAR_PRICE_COLUMN);
  return problem === null ? text : { problem };
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
