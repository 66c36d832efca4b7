import { assertIsoDate, isIsoDate, type IsoDate } from '../time/iso-date';
import type { StockSplit } from './corporate-actions';
import { multiplyRatios, RATIO_ONE, ratioOf, ratioOfNumber, type ExactRatio } from './exact-ratio';

/**
 * Validates a symbol's splits and drops exact repeats (overlapping pages of
 * the splits endpoint list the same split twice, and applying it twice would
 * corrupt the history). Two different ratios on one execution date are a
 * conflict we cannot resolve, so they throw. Sorted by execution date.
 */
export function distinctSplits(splits: readonly StockSplit[]): StockSplit[] {
  const byDate = new Map<IsoDate, StockSplit>();
  let symbol: string | null = null;
  splits.forEach((split, i) => {
    if (!isIsoDate(split.executionDate)) {
      throw new RangeError(
        `splits[${i}].executionDate must be a YYYY-MM-DD calendar date, got ${JSON.stringify(split.executionDate)}`,
      );
    }
    for (const field of ['splitFrom', 'splitTo'] as const) {
      const value = split[field];
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw new RangeError(`splits[${i}].${field} must be a positive number, got ${JSON.stringify(value)}`);
      }
    }
    if (symbol !== null && split.symbol !== symbol) {
      throw new RangeError(
        `splits[${i}] is for ${split.symbol}, but splits[0] is for ${symbol}: pass one symbol's splits`,
      );
    }
    symbol = split.symbol;
    const earlier = byDate.get(split.executionDate);
    if (earlier && !sameRatio(earlier, split)) {
      throw new RangeError(
        `splits[${i}]: ${split.symbol} has two different splits on ${split.executionDate} (${earlier.splitFrom}:${earlier.splitTo} and ${split.splitFrom}:${split.splitTo})`,
      );
    }
    byDate.set(split.executionDate, split);
  });
  return [...byDate.values()].sort((a, b) => (a.executionDate < b.executionDate ? -1 : 1));
}

/** The price factor of one split: splitFrom/splitTo (a 4-for-1 split is 1/4). */
export function splitPriceFactor(split: StockSplit): ExactRatio {
  const from = ratioOfNumber(split.splitFrom);
  const to = ratioOfNumber(split.splitTo);
  return ratioOf(from.numerator * to.denominator, from.denominator * to.numerator);
}

/**
 * What a price printed on session `date` must be multiplied by to be on
 * today's share basis: the product of splitFrom/splitTo over every split
 * executed AFTER `date`. A bar on the execution date already trades on the
 * new basis, so that split does not apply to it. Volumes take the inverse.
 * Exact: 1/3 stays 1/3. Splits must all be one symbol's.
 */
export function cumulativeSplitFactor(date: IsoDate, splits: readonly StockSplit[]): ExactRatio {
  assertIsoDate(date);
  return factorAfter(date, distinctSplits(splits));
}

/** Same as cumulativeSplitFactor on splits already passed through distinctSplits. */
export function factorAfter(date: IsoDate, splits: readonly StockSplit[]): ExactRatio {
  return splits
    .filter((split) => split.executionDate > date)
    .reduce((factor, split) => multiplyRatios(factor, splitPriceFactor(split)), RATIO_ONE);
}

function sameRatio(a: StockSplit, b: StockSplit): boolean {
  const x = splitPriceFactor(a);
  const y = splitPriceFactor(b);
  return x.numerator === y.numerator && x.denominator === y.denominator;
}
