import pl from 'nodejs-polars';
import { periodProblem, type IndicatorDefinition } from './indicator';

/** Simple moving average of the close over `period` sessions. */
export const smaIndicator: IndicatorDefinition = {
  name: 'sma',
  defaults: [20],
  problem: ([period, ...rest]) => (rest.length > 0 ? 'sma takes one parameter' : periodProblem('sma', period)),
  warmup: ([period]) => period,
  stages: ([period]) => [[pl.col('close').rollingMean({ windowSize: period }).alias(`sma_${period}`)]],
};
