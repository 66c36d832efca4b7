import pl from 'nodejs-polars';
import { emaOf, periodProblem, type IndicatorDefinition } from './indicator';

/**
 * MACD = EMA(fast) - EMA(slow), from the session where the slow EMA is warm;
 * signal = EMA(signal period) of MACD, seeded with the first MACD value;
 * histogram = MACD - signal.
 */
export const macdIndicator: IndicatorDefinition = {
  name: 'macd',
  defaults: [12, 26, 9],
  problem: (params) => {
    if (params.length !== 3) return 'macd takes three parameters: fast, slow, signal';
    const [fast, slow, signal] = params;
    const bad =
      periodProblem('macd', fast, 'fast period') ??
      periodProblem('macd', slow, 'slow period') ??
      periodProblem('macd', signal, 'signal period');
    return bad ?? (fast >= slow ? 'macd fast period must be shorter than the slow period' : null);
  },
  warmup: ([, slow, signal]) => (slow + signal) * 4,
  stages: ([fast, slow, signal]) => {
    const suffix = `${fast}_${slow}_${signal}`;
    const [macd, line, hist] = [`macd_${suffix}`, `macd_signal_${suffix}`, `macd_histogram_${suffix}`];
    return [
      [
        emaOf(pl.col('close'), 2 / (fast + 1), slow)
          .sub(emaOf(pl.col('close'), 2 / (slow + 1), slow))
          .alias(macd),
      ],
      [
        pl
          .col(macd)
          .ewmMean({ alpha: 2 / (signal + 1), adjust: false, minPeriods: signal, ignoreNulls: true })
          .alias(line),
      ],
      [pl.col(macd).sub(pl.col(line)).alias(hist)],
    ];
  },
};
