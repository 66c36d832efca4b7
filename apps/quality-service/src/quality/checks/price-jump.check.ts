import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import { PRICE_JUMP_RULES as RULES } from './price-jump.rules';
import type { QualityCheck } from './quality-check';
import { SPLIT_LOG_RATIOS } from './split-ratios';

/**
 * Close-to-close moves far outside the symbol's own robust volatility that no
 * common split ratio explains. Runs on one bar per session (the first written),
 * sessions only, positive closes only: the other checks report those rows.
 */
export const priceJumpCheck: QualityCheck = {
  name: 'price_jump',
  anomaly: true,
  run({ bars }) {
    const returns = bars
      .filter(pl.col('trading').and(pl.col('close').gt(0)))
      .unique({ subset: ['symbol', 'day'], keep: 'first', maintainOrder: true })
      .select(
        pl.col('symbol'),
        pl.col('day'),
        pl.col('close'),
        pl.col('close').shift(1).over('symbol').alias('previous_close'),
        pl.col('close').log().diff(1, 'ignore').over('symbol').alias('r'),
      )
      .withColumns(pl.col('r').median().over('symbol').alias('median'), pl.col('r').count().over('symbol').alias('n'))
      .withColumns(
        pl.col('r').sub(pl.col('median')).abs().median().over('symbol').mul(RULES.madToSigma).alias('sigma'),
        pl.minHorizontal(SPLIT_LOG_RATIOS.map((split) => pl.col('r').sub(split).abs())).alias('split_distance'),
      );
    const flagged = returns.filter(
      pl.col('n').gtEq(RULES.minReturns)
        .and(pl.col('r').sub(pl.col('median')).abs().gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.sigmas), pl.lit(RULES.minLogMove)])))
        .and(pl.col('split_distance').gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.splitSigmas), pl.lit(RULES.splitMinTolerance)]))),
    );
    return findingsFromFlagged(flagged, 'price_jump', (r, date) => {
      const move = ((r['close'] as number) / (r['previous_close'] as number) - 1) * 100;
      const sigmas = Math.abs((r['r'] as number) - (r['median'] as number)) / (r['sigma'] as number);
      return `close ${r['previous_close']} -> ${r['close']} on ${date} (${move.toFixed(1)}%, ${sigmas.toFixed(1)} sigma; no split ratio fits)`;
    });
  },
};
