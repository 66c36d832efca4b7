import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

export const nonPositivePriceCheck: QualityCheck = {
  name: 'non_positive_price',
  anomaly: true,
  run({ bars }) {
    const flagged = bars.filter(pl.minHorizontal([pl.col('open'), pl.col('high'), pl.col('low'), pl.col('close')]).ltEq(0));
    return findingsFromFlagged(
      flagged,
      'non_positive_price',
      (r, date) => `price at or below zero on ${date}: open ${r['open']}, high ${r['high']}, low ${r['low']}, close ${r['close']}`,
    );
  },
};
