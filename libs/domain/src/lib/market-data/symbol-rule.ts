import { describeValue } from '../shared/describe-value';

/**
 * US equity tickers as we store them: 1-6 capital letters, optionally a share
 * class after a dot (BRK.B, BF.A). Lower-case suffixes such as Polygon's
 * preferred "KIMpL", warrants and units are out of scope and rejected, so a
 * symbol always fits symbols.symbol VARCHAR(10) and has one spelling.
 */
export const US_EQUITY_SYMBOL = /^[A-Z]{1,6}(\.[A-Z]{1,2})?$/;
export const MAX_SYMBOL_LENGTH = 10;

/** Why `value` is not a storable symbol, or null when it is. */
export function symbolProblem(value: unknown, field = 'symbol'): string | null {
  // A match implies every check below (non-empty, upper case, at most 9
  // characters), so the common case skips them; the rest names the failure.
  if (typeof value === 'string' && US_EQUITY_SYMBOL.test(value)) {
    return null;
  }
  if (value === undefined || value === null) {
    return `${field} is missing`;
  }
  if (typeof value !== 'string') {
    return `${field} must be a string, got ${describeValue(value)}`;
  }
  if (value.length === 0) {
    return `${field} is empty`;
  }
  if (value.length > MAX_SYMBOL_LENGTH) {
    return `${field} ${describeValue(value)} is longer than ${MAX_SYMBOL_LENGTH} characters`;
  }
  if (value !== value.toUpperCase()) {
    return `${field} ${describeValue(value)} must be upper case`;
  }
  if (!US_EQUITY_SYMBOL.test(value)) {
    return `${field} ${describeValue(value)} is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)`;
  }
  return null;
}

export function isUsEquitySymbol(value: unknown): value is string {
  return symbolProblem(value) === null;
}
