import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';
import { symbolsWithSecondBar } from './source-series';

/**
 * More than one bar of one source for a symbol's session: readers ask for
 * "the polygon bar of AAPL on 2024-07-05" and would get two.
 * UNIQUE(symbol, timestamp, source) stops two rows with the same timestamp,
 * not two timestamps of one session (one of them not ET midnight). Bars of
 * two sources for one session are two series (market_data's key includes the
 * source), so they are not a duplicate.
 *
 * The bulk read has no source column: only symbols with a second bar in some
 * session are asked for (batchesNeeded), and their sources come with them.
 */
export const duplicateTimestampCheck: QualityCheck = {
  name: 'duplicate_timestamp',
  anomaly: true,
  batchesNeeded(context) {
    return symbolsWithSecondBar(context).getColumn('symbol').toArray() as string[];
  },
  run({ ordered, symbols, batches }) {
    const keys = ordered.filter(pl.col('repeat')).select('sid', 'day').unique();
    // The usual case: no second bar anywhere, and no pass over every bar to find none.
    if (keys.height === 0) return [];
    const flagged = ordered
      .join(keys, { on: ['sid', 'day'], how: 'semi' })
      .join(batches.select('id', 'source'), { on: 'id', how: 'left' })
      .groupBy(['sid', 'day', 'source'])
      .agg(pl.len().alias('bars'), pl.col('id').sort().alias('ids'))
      .filter(pl.col('bars').gt(1))
      .join(symbols, { on: 'sid' });
    return findingsFromFlagged(
      flagged,
      'duplicate_timestamp',
      (r, date) => `${r['bars']} ${r['source']} bars for session ${date} (ids ${(r['ids'] as unknown[]).join(', ')})`,
    );
  },
};
