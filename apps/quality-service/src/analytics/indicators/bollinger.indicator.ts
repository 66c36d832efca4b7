import pl from 'nodejs-polars';
import { periodProblem, type IndicatorDefinition } from './indicator';

/** Middle = SMA(period) of close; upper/lower = middle +/- k * population standard deviation over the same window. */
export const bollingerIndicator: IndicatorDefinition = {
  name: 'bollinger',
  defaults: [20, 2],
  problem: (params) => {
    if (params.length !== 2) return 'bollinger takes two parameters: period, width in standard deviations';
    const [period, k] = params;
    return (
      periodProblem('bollinger', period) ?? (k > 0 && k <= 10 ? null : 'bollinger width must be above 0 and at most 10')
    );
  },
  warmup: ([period]) => period,
  stages: ([period, k]) => {
    const suffix = `${period}_${k}`;
    const middle = pl.col('close').rollingMean({ windowSize: period });
    // nodejs-polars 0.24.1 ignores rollingStd's ddof (always 1): rescale the sample deviation to the population one.
    const sd =
      period === 1
        ? pl.lit(0)
        : pl
            .col('close')
            .rollingStd({ windowSize: period })
            .mul(Math.sqrt((period - 1) / period));
    return [
      [
        middle.alias(`bollinger_middle_${suffix}`),
        middle.add(sd.mul(k)).alias(`bollinger_upper_${suffix}`),
        middle.sub(sd.mul(k)).alias(`bollinger_lower_${suffix}`),
      ],
    ];
  },
};
