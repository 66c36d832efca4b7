import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import { pricesFinite } from './price-columns';
import type { QualityCheck } from './quality-check';

/** Built once (an expression is immutable; see price-columns.ts). */
export const OHLC_OUT_OF_ORDER = pricesFinite().and(
  pl
    .col('high')
    .lt(pl.maxHorizontal([pl.col('open'), pl.col('close'), pl.col('low')]))
    .or(pl.col('low').gt(pl.minHorizontal([pl.col('open'), pl.col('close')]))),
);

/**
 * high must be the highest and low the lowest of the four prices. Bars with
 * a price that is not a finite number are the price check's: polars orders
 * NaN above every number, so they would show up here too.
 */
export const ohlcViolationCheck: QualityCheck = {
  name: 'ohlc_violation',
  anomaly: true,
  run({ bars }) {
    const flagged = bars.filter(OHLC_OUT_OF_ORDER);
    return findingsFromFlagged(
      flagged,
      'ohlc_violation',
      (r, date) =>
        `OHLC out of order on ${date}: open ${r['open']}, high ${r['high']}, low ${r['low']}, close ${r['close']}`,
    );
  },
};
