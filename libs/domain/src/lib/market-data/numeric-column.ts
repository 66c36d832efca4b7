import { decimalDigits, isDecimalString, toDecimalString, type DecimalString } from '../shared/decimal-string';
import { describeValue } from '../shared/describe-value';

/** A PostgreSQL NUMERIC(precision, scale) column: precision - scale integer digits, scale fraction digits. */
export interface NumericColumn {
  readonly precision: number;
  readonly scale: number;
}

/**
 * A provider float or decimal text as decimal text, or why it is neither.
 * Floats are spelled with their shortest round-trip digits, never an exponent
 * (toDecimalString); decimal text is kept as sent.
 */
export function decimalOrProblem(value: unknown, field: string): DecimalString | { readonly problem: string } {
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? toDecimalString(value)
      : { problem: `${field} must be a finite number, got ${describeValue(value)}` };
  }
  if (isDecimalString(value)) {
    return value;
  }
  if (value === undefined || value === null) {
    return { problem: `${field} is missing` };
  }
  return { problem: `${field} must be a number or a decimal string, got ${describeValue(value)}` };
}

/**
 * Why `text` would not be stored exactly in `column`, or null when it fits.
 * A digit too many is a rejection, never a rounding: PostgreSQL would round a
 * surplus fraction digit silently on insert, and fail on a surplus integer digit.
 */
export function numericColumnProblem(text: DecimalString, field: string, column: NumericColumn): string | null {
  const { integerDigits, fractionDigits } = decimalDigits(text);
  if (fractionDigits > column.scale) {
    return `${field} ${text} has ${fractionDigits} decimal places; at most ${column.scale} are stored (${typeOf(column)})`;
  }
  const maxIntegerDigits = column.precision - column.scale;
  if (integerDigits > maxIntegerDigits) {
    return `${field} ${text} has ${integerDigits} integer digits; at most ${maxIntegerDigits} fit ${typeOf(column)}`;
  }
  return null;
}

function typeOf(column: NumericColumn): string {
  return `NUMERIC(${column.precision},${column.scale})`;
}
