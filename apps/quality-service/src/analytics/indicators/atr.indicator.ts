import pl from 'nodejs-polars';
import { periodProblem, type IndicatorDefinition } from './indicator';

/**
 * True range = max(high - low, |high - previous close|, |low - previous close|)
 * (high - low on the first session); ATR = Wilder smoothing (a = 1 / period)
 * of it, seeded with the first true range.
 */
export const atrIndicator: IndicatorDefinition = {
  name: 'atr',
  defaults: [14],
  problem: ([period, ...rest]) => (rest.length > 0 ? 'atr takes one parameter' : periodProblem('atr', period)),
  warmup: ([period]) => period * 4,
  stages: ([period]) => {
    const previous = pl.col('close').shift(1);
    const trueRange = pl.maxHorizontal([
      pl.col('high').sub(pl.col('low')),
      pl.col('high').sub(previous).abs(),
      pl.col('low').sub(previous).abs(),
    ]);
    return [[trueRange.ewmMean({ alpha: 1 / period, adjust: false, minPeriods: period }).alias(`atr_${period}`)]];
  },
};
