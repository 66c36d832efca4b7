import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * More than one bar for a symbol's session, whatever the source or the exact
 * timestamp: readers ask for "the bar of AAPL on 2024-07-05" and would get two.
 * UNIQUE(symbol, timestamp, source) cannot stop a second source or a timestamp
 * that is not ET midnight.
 */
export const duplicateTimestampCheck: QualityCheck = {
  name: 'duplicate_timestamp',
  anomaly: true,
  run({ ordered, symbols }) {
    const keys = ordered.filter(pl.col('repeat')).select('sid', 'day').unique();
    // The usual case: no second bar anywhere, and no pass over every bar to find none.
    if (keys.height === 0) return [];
    const flagged = ordered
      .join(keys, { on: ['sid', 'day'], how: 'semi' })
      .groupBy(['sid', 'day'])
      .agg(pl.len().alias('bars'), pl.col('id').sort().alias('ids'))
      .join(symbols, { on: 'sid' });
    return findingsFromFlagged(
      flagged,
      'duplicate_timestamp',
      (r, date) => `${r['bars']} bars for session ${date} (ids ${(r['ids'] as unknown[]).join(', ')})`,
    );
  },
};
