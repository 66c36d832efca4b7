import type { IsoDate } from '../time/iso-date';

const DAY_MS = 86_400_000;

/**
 * Splits a symbol's ascending dates into the fewest runs whose first and last
 * dates are at most `maxBars - 1` calendar days apart. A range call returns a
 * bar for every session in its span, and a span of n calendar days holds at
 * most n sessions, so each run fits Polygon's bar limit without a calendar.
 * Greedy (open a run at the first uncovered date, extend it as far as the
 * limit allows) is optimal for covering points on a line with intervals of
 * fixed length.
 */
export function rangeChunks(dates: readonly IsoDate[], maxBars: number): IsoDate[][] {
  const chunks: IsoDate[][] = [];
  let current: IsoDate[] = [];
  let firstDay = 0;
  for (const date of dates) {
    const day = Date.parse(`${date}T00:00:00Z`) / DAY_MS;
    if (current.length > 0 && day - firstDay >= maxBars) {
      chunks.push(current);
      current = [];
    }
    if (current.length === 0) {
      firstDay = day;
    }
    current.push(date);
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}
