import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import { pricesFinite } from './price-columns';
import type { QualityCheck } from './quality-check';

/**
 * high must be the highest and low the lowest of the four prices. Bars with
 * a price that is not a finite number are the price check's: polars orders
 * NaN above every number, so they would show up here too.
 */
export const ohlcViolationCheck: QualityCheck = {
  name: 'ohlc_violation',
  anomaly: true,
  run({ bars }) {
    const flagged = bars.filter(
      pricesFinite().and(
        pl
          .col('high')
          .lt(pl.maxHorizontal([pl.col('open'), pl.col('close'), pl.col('low')]))
          .or(pl.col('low').gt(pl.minHorizontal([pl.col('open'), pl.col('close')]))),
      ),
    );
    return findingsFromFlagged(
      flagged,
      'ohlc_violation',
      (r, date) =>
        `OHLC out of order on ${date}: open ${r['open']}, high ${r['high']}, low ${r['low']}, close ${r['close']}`,
    );
  },
};
