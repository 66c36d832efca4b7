import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * Trading sessions inside a symbol's active range (its first to its last
 * bar) without a bar. Days after the last bar are the stale check's job, so
 * one outage is not reported twice. Walking each symbol's sessions in order,
 * a step of more than one session index is a gap; only gaps are expanded to
 * the sessions they skip.
 */
export const missingBarsCheck: QualityCheck = {
  name: 'missing_bar',
  anomaly: false,
  run({ ordered, sessions, symbols }) {
    const missing = ordered
      .lazy()
      .filter(pl.col('session').isNotNull().and(pl.col('repeat').not()))
      .withColumns(
        pl
          .when(pl.col('sid').eq(pl.col('sid').shift(1)))
          .then(pl.col('session').shift(1))
          .otherwise(pl.lit(null))
          .alias('previous'),
      )
      .filter(pl.col('session').sub(pl.col('previous')).gt(1))
      .select(pl.col('sid'), pl.intRanges(pl.col('previous').add(1), pl.col('session'), 1, pl.Int32).alias('session'))
      .explode('session')
      .join(sessions.lazy(), { on: 'session' })
      .join(symbols.lazy(), { on: 'sid' })
      .collectSync();
    return findingsFromFlagged(missing, 'missing_bar', (_r, date) => `no bar for trading session ${date}`);
  },
};
