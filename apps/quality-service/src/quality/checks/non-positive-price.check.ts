import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

const PRICES = ['open', 'high', 'low', 'close'];

/**
 * A price at or below zero, or not a number at all: NUMERIC columns accept
 * 'NaN', and every comparison with NaN is false, so without this rule such a
 * bar would pass the OHLC check and every other one unnoticed.
 */
export const nonPositivePriceCheck: QualityCheck = {
  name: 'non_positive_price',
  anomaly: true,
  run({ bars }) {
    const notPositive = PRICES.map((price) => pl.col(price).gt(0).not().or(pl.col(price).isFinite().not()));
    const flagged = bars.filter(notPositive.reduce((any, flag) => any.or(flag)));
    return findingsFromFlagged(
      flagged,
      'non_positive_price',
      (r, date) => `price not a positive number on ${date}: open ${r['open']}, high ${r['high']}, low ${r['low']}, close ${r['close']}`,
    );
  },
};
