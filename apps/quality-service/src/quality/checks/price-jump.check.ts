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
  run({ bars, ranges }) {
    const sameSymbol = pl.col('sid').eq(pl.col('sid').shift(1));
    const returns = bars
      .lazy()
      .filter(pl.col('trading').and(pl.col('close').gt(0)).and(pl.col('repeat').not()))
      .select(pl.col('sid'), pl.col('day'), pl.col('close'), pl.col('close').log().alias('log_close'))
      .withColumns(
        pl.when(sameSymbol).then(pl.col('close').shift(1)).otherwise(pl.lit(null)).alias('previous_close'),
        pl.when(sameSymbol).then(pl.col('log_close').sub(pl.col('log_close').shift(1))).otherwise(pl.lit(null)).alias('r'),
      )
      .filter(pl.col('r').isNotNull())
      .collectSync();
    const median = returns.lazy().groupBy('sid').agg(pl.col('r').median().alias('median'), pl.len().alias('n'));
    const stats = returns
      .lazy()
      .join(median, { on: 'sid' })
      .groupBy('sid')
      .agg(pl.col('r').sub(pl.col('median')).abs().median().mul(RULES.madToSigma).alias('sigma'), pl.col('median').first(), pl.col('n').first());
    // Only moves past the volatility threshold (a handful) are tested against split ratios.
    const candidates = returns
      .lazy()
      .join(stats, { on: 'sid' })
      .filter(
        pl.col('n').gtEq(RULES.minReturns)
          .and(pl.col('r').sub(pl.col('median')).abs().gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.sigmas), pl.lit(RULES.minLogMove)]))),
      )
      .collectSync();
    const flagged = candidates
      .withColumns(pl.minHorizontal(SPLIT_LOG_RATIOS.map((split) => pl.col('r').sub(split).abs())).alias('split_distance'))
      .filter(pl.col('split_distance').gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.splitSigmas), pl.lit(RULES.splitMinTolerance)])))
      .join(ranges.select('sid', 'symbol'), { on: 'sid' });
    return findingsFromFlagged(flagged, 'price_jump', (r, date) => {
      const move = ((r['close'] as number) / (r['previous_close'] as number) - 1) * 100;
      const sigmas = Math.abs((r['r'] as number) - (r['median'] as number)) / (r['sigma'] as number);
      return `close ${r['previous_close']} -> ${r['close']} on ${date} (${move.toFixed(1)}%, ${sigmas.toFixed(1)} sigma; no split ratio fits)`;
    });
  },
};
