import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import type { QualityCheck } from './quality-check';

export const nonTradingDayBarCheck: QualityCheck = {
  name: 'non_trading_day_bar',
  anomaly: true,
  run({ bars }) {
    const flagged = bars.filter(pl.col('trading').not());
    return findingsFromFlagged(
      flagged,
      'non_trading_day_bar',
      (_r, date) => `bar on ${date}, which is not a trading session (weekend or exchange holiday)`,
    );
  },
};
