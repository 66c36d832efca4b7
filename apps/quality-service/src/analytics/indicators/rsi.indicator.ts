import pl, { type Expr } from 'nodejs-polars';
import { periodProblem, type IndicatorDefinition } from './indicator';

/**
 * Wilder's RSI: average gain and loss of close-to-close changes, smoothed
 * with a = 1 / period starting at the first change (no SMA seed);
 * RSI = 100 - 100 / (1 + avgGain / avgLoss), 100 when there is no loss.
 */
export const rsiIndicator: IndicatorDefinition = {
  name: 'rsi',
  defaults: [14],
  problem: ([period, ...rest]) => (rest.length > 0 ? 'rsi takes one parameter' : periodProblem('rsi', period)),
  warmup: ([period]) => period * 4,
  stages: ([period]) => {
    const change = pl.col('close').diff(1, 'ignore');
    // (|x| + x) / 2 and (|x| - x) / 2 keep row 0's missing change null, so smoothing starts at the first change.
    const smooth = (expr: Expr) => expr.ewmMean({ alpha: 1 / period, adjust: false, minPeriods: period });
    const gain = smooth(change.abs().add(change).div(2));
    const loss = smooth(change.abs().sub(change).div(2));
    const rsi = pl
      .when(loss.eq(0))
      .then(pl.lit(100))
      .otherwise(pl.lit(100).sub(pl.lit(100).div(pl.lit(1).add(gain.div(loss)))));
    return [[pl.when(gain.isNull()).then(pl.lit(null)).otherwise(rsi).alias(`rsi_${period}`)]];
  },
};
