import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * Rows written by one statement (same created_at, the `batch` column) whose
 * ids run against their dates: the provider sent them out of order and the
 * writer did not sort. Across statements an older date after a newer one is
 * normal (a backfill after an end-of-day update), so that is not flagged.
 * Each row is compared with the row written just before it in its batch.
 */
export const outOfOrderCheck: QualityCheck = {
  name: 'out_of_order',
  anomaly: true,
  run({ bars }) {
    const flagged = bars
      .sort(['symbol', 'id'])
      .withColumns(pl.col('day').shift(1).over('symbol', 'batch').alias('previous_day'))
      .filter(pl.col('day').lt(pl.col('previous_day')));
    return findingsFromFlagged(
      flagged,
      'out_of_order',
      (r, date) => `bar for ${date} (id ${r['id']}) was written after a later session's bar in the same batch`,
    );
  },
};
