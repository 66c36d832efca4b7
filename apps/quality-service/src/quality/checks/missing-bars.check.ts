import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

/**
 * Trading sessions inside a symbol's active range (its first to its last
 * bar) without a bar. Days after the last bar are the stale check's job, so
 * one outage is not reported twice.
 */
export const missingBarsCheck: QualityCheck = {
  name: 'missing_bar',
  anomaly: false,
  run({ bars, expected }) {
    const missing = expected.join(bars.select('symbol', 'day'), { on: ['symbol', 'day'], how: 'anti' });
    return findingsFromFlagged(missing, 'missing_bar', (_r, date) => `no bar for trading session ${date}`);
  },
};
