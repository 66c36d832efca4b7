import { decimalSign, type DecimalString } from '../shared/decimal-string';
import { decimalOrProblem, numericColumnProblem, type NumericColumn } from './numeric-column';

/**
 * market_data.volume is NUMERIC(25,6): 19 integer digits hold every value
 * the seed's BIGINT could, 6 fraction digits hold the fractional-share
 * volumes Polygon reports (e.g. 25933.6). See libs/domain/README.md, "Bars".
 */
export const BAR_VOLUME_COLUMN: NumericColumn = { precision: 25, scale: 6 };

/**
 * The one bar-volume rule: the volume as decimal text (shares, fractions
 * allowed), or an object naming the problem. Accepts a provider float or
 * decimal text; 0 or more; never rounds: a 7th decimal is a rejection, as for
 * prices.
 */
export function barVolumeOrProblem(value: unknown, field: string): DecimalString | { readonly problem: string } {
  // Most volumes are whole numbers: a safe integer >= 0 has at most 16 digits
  // and no exponent, so its plain spelling is already the answer.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return String(value);
  }
  const text = decimalOrProblem(value, field);
  if (typeof text !== 'string') {
    return text;
  }
  if (decimalSign(text) < 0) {
    return { problem: `${field} must be 0 or more, got ${text}` };
  }
  const problem = numericColumnProblem(text, field, BAR_VOLUME_COLUMN);
  return problem === null ? text : { problem };
}

/** Why `value` is not a bar volume, or null when it is. */
export function barVolumeProblem(value: unknown, field: string): string | null {
  const result = barVolumeOrProblem(value, field);
  return typeof result === 'string' ? null : result.problem;
}
