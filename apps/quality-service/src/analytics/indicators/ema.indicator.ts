import pl from 'nodejs-polars';
import { emaOf, periodProblem, type IndicatorDefinition } from './indicator';

/** EMA_t = a * close_t + (1 - a) * EMA_{t-1}, a = 2 / (period + 1), EMA_0 = close_0. */
export const emaIndicator: IndicatorDefinition = {
  name: 'ema',
  defaults: [20],
  problem: ([period, ...rest]) => (rest.length > 0 ? 'ema takes one parameter' : periodProblem('ema', period)),
  warmup: ([period]) => period * 4,
  stages: ([period]) => [[emaOf(pl.col('close'), 2 / (period + 1), period).alias(`ema_${period}`)]],
};
