import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import { PRICE_COLUMNS, pricesFinite } from './price-columns';
import type { QualityCheck } from './quality-check';

/** Built once (an expression is immutable; see price-columns.ts). */
export const NOT_POSITIVE_AND_FINITE = PRICE_COLUMNS.map((price) => pl.col(price).gt(0))
  .reduce((all, flag) => all.and(flag))
  .and(pricesFinite())
  .not();

/**
 * A price at or below zero, or not a finite number: NUMERIC columns accept
 * 'NaN', and the other rules leave such bars alone (see pricesFinite), so
 * this is the one that reports them.
 */
export const nonPositivePriceCheck: QualityCheck = {
  name: 'non_positive_price',
  anomaly: true,
  run({ bars }) {
    const flagged = bars.filter(NOT_POSITIVE_AND_FINITE);
    return findingsFromFlagged(
      flagged,
      'non_positive_price',
      (r, date) =>
        `price not a positive number on ${date}: open ${r['open']}, high ${r['high']}, low ${r['low']}, close ${r['close']}`,
    );
  },
};
