import { describeValue } from '../shared/describe-value';
import type { BarField } from './bar-candidate';

/** The one-letter keys Polygon's aggregates and Alpaca's bars share, and the bar field each fills. */
export const OHLCV_KEYS = [
  ['o', 'open'],
  ['h', 'high'],
  ['l', 'low'],
  ['c', 'close'],
  ['v', 'volume'],
] as const;

/**
 * Copies each OHLCV key of a provider's row that is a JSON number into the
 * bar candidate (NaN and Infinity get their reason from validateBar's rules);
 * any other value adds its reason and marks its field unreadable, so the
 * validator's reasons about that field are not given twice.
 */
export function readOhlcv(
  row: Readonly<Record<string, unknown>>,
  candidate: Record<string, unknown>,
  reasons: string[],
  unreadable: Set<BarField>,
): void {
  for (const [key, field] of OHLCV_KEYS) {
    const value = row[key];
    if (typeof value === 'number') {
      candidate[field] = value;
      continue;
    }
    reasons.push(
      value === undefined || value === null
        ? `${key} (${field}) is missing`
        : `${key} (${field}) must be a number, got ${describeValue(value)}`,
    );
    unreadable.add(field);
  }
}
