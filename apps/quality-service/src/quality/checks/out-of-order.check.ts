import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * Rows written by one transaction (same xmin, the `batch` column) whose ids
 * run against their dates: the provider sent them out of order and the
 * writer did not sort. Across transactions an older date after a newer one is
 * normal (a backfill after an end-of-day update), so that is not flagged.
 * Each row is compared with the row written just before it in its batch.
 */
export const outOfOrderCheck: QualityCheck = {
  name: 'out_of_order',
  anomaly: true,
  run({ bars }) {
    const previousInBatch = pl.col('sid').eq(pl.col('sid').shift(1)).and(pl.col('batch').eq(pl.col('batch').shift(1)));
    const flagged = bars
      .select('sid', 'symbol', 'day', 'id', 'batch')
      .sort(['sid', 'batch', 'id'])
      .filter(previousInBatch.and(pl.col('day').lt(pl.col('day').shift(1))).fillNull(false));
    return findingsFromFlagged(
      flagged,
      'out_of_order',
      (r, date) => `bar for ${date} (id ${r['id']}) was written after a later session's bar in the same transaction`,
    );
  },
};
