import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * Rows written by one transaction (same xmin, the `batch` column) whose ids
 * run against their dates: the provider sent them out of order and the
 * writer did not sort. Across transactions an older date after a newer one is
 * normal (a backfill after an end-of-day update), so that is not flagged.
 * Each row is compared with the row written just before it in its batch.
 *
 * Only symbols whose ids ever fall as their dates rise can hold such a row
 * (if a symbol's ids grow with its dates, every batch of it is in order), so
 * only their batches are read and their rows sorted by batch. A symbol
 * written in date order (a backfill, then end-of-day updates) costs one
 * comparison per bar; one whose gaps were filled later is read and sorted.
 */
export const outOfOrderCheck: QualityCheck = {
  name: 'out_of_order',
  anomaly: true,
  batchesNeeded({ ordered, symbols }) {
    const suspects = ordered
      .filter(
        pl
          .col('sid')
          .eq(pl.col('sid').shift(1))
          .and(pl.col('id').lt(pl.col('id').shift(1)))
          .fillNull(false),
      )
      .select('sid')
      .unique();
    return symbols.join(suspects, { on: 'sid', how: 'semi' }).getColumn('symbol').toArray() as string[];
  },
  run({ bars, batches, symbols }) {
    if (batches.height === 0) return [];
    const previousInBatch = pl
      .col('sid')
      .eq(pl.col('sid').shift(1))
      .and(pl.col('batch').eq(pl.col('batch').shift(1)));
    const flagged = bars
      .select('sid', 'day', 'id')
      .join(batches, { on: 'id' })
      .sort(['sid', 'batch', 'id'])
      .filter(previousInBatch.and(pl.col('day').lt(pl.col('day').shift(1))).fillNull(false))
      .join(symbols, { on: 'sid' });
    return findingsFromFlagged(
      flagged,
      'out_of_order',
      (r, date) => `bar for ${date} (id ${r['id']}) was written after a later session's bar in the same transaction`,
    );
  },
};
