import { describeValue } from '../shared/describe-value';

/**
 * US equity tickers as we store them: 1-6 capital letters, optionally a share
 * class after a dot (BRK.B, BF.A), spelled exactly as Polygon spells them.
 * Polygon marks other securities with lower-case letters (the preferred share
 * "KIMpL"); those are out of scope and rejected with a reason, never
 * upper-cased or cut to fit, so a symbol always fits symbols.symbol
 * VARCHAR(10) and has one spelling.
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
    return value === value.toLowerCase()
      ? `${field} ${describeValue(value)} must be upper case`
      : mixedCaseProblem(value, field);
  }
  if (!US_EQUITY_SYMBOL.test(value)) {
    return `${field} ${describeValue(value)} is not a US equity ticker (1-6 letters, optional .CLASS of 1-2 letters)`;
  }
  return null;
}

/**
 * Mixed case is Polygon's spelling of a security that is not a common or
 * class share (KIMpL); upper-casing it would name another ticker (KIMPL).
 */
function mixedCaseProblem(value: string, field: string): string {
  return `${field} ${describeValue(value)} has lower-case letters: Polygon spells securities other than common and class shares that way (KIMpL is a preferred share), and only common and class shares are stored; a ticker is never re-spelled`;
}

export function isUsEquitySymbol(value: unknown): value is string {
  return symbolProblem(value) === null;
}
