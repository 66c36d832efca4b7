import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * Trading sessions inside a symbol's active range (its first to its last
 * bar) without a bar. Days after the last bar are the stale check's job, so
 * one outage is not reported twice. Only symbols whose bar count falls short
 * of their session count are expanded to (symbol, session) cells.
 */
export const missingBarsCheck: QualityCheck = {
  name: 'missing_bar',
  anomaly: false,
  run({ bars, ranges, sessions }) {
    const short = ranges.filter(pl.col('present').lt(pl.col('expected'))).select('sid', 'symbol', 'first_day', 'last_day');
    const expected = short
      .join(sessions, { how: 'cross' })
      .filter(pl.col('day').gtEq(pl.col('first_day')).and(pl.col('day').ltEq(pl.col('last_day'))));
    const present = bars.filter(pl.col('trading')).select('sid', 'day');
    const missing = expected.join(present, { on: ['sid', 'day'], how: 'anti' });
    return findingsFromFlagged(missing, 'missing_bar', (_r, date) => `no bar for trading session ${date}`);
  },
};
