import pl from 'nodejs-polars';
import { findingsFromFlagged } from './flagged-rows';
import { PRICE_JUMP_RULES as RULES } from './price-jump.rules';
import type { QualityCheck } from './quality-check';
import { SPLIT_LOG_RATIOS } from './split-ratios';

/**
 * Close-to-close moves far outside the symbol's own robust volatility that no
 * common split ratio explains. Runs on one bar per session (the first written),
 * sessions only, positive finite closes only (polars orders NaN above every
 * number, so `> 0` alone lets it in): the other checks report those rows.
 */
export const priceJumpCheck: QualityCheck = {
  name: 'price_jump',
  anomaly: true,
  run({ ordered, symbols }) {
    const sameSymbol = pl.col('sid').eq(pl.col('sid').shift(1));
    const deviation = pl.col('r').sub(pl.col('median')).abs();
    // Only moves past the volatility threshold (a handful) leave polars, to be tested against split ratios.
    const candidates = ordered
      .lazy()
      .filter(pl.col('session').isNotNull().and(pl.col('close').gt(0)).and(pl.col('close').isFinite()).and(pl.col('repeat').not()))
      .select(pl.col('sid'), pl.col('day'), pl.col('close'), pl.col('close').log().alias('log_close'))
      .select(
        pl.col('sid'),
        pl.col('day'),
        pl.col('close'),
        pl.col('close').shift(1).alias('previous_close'),
        pl.col('log_close').sub(pl.col('log_close').shift(1)).alias('r'),
        sameSymbol.alias('same_symbol'),
      )
      // A symbol's first session has no return; dropping it also drops the shift across symbols.
      .filter(pl.col('same_symbol'))
      // Window expressions, not a group-by joined back: the frame is already grouped by sid.
      .withColumns(pl.col('r').median().over('sid').alias('median'), pl.col('r').count().over('sid').alias('n'))
      .withColumns(deviation.median().over('sid').mul(RULES.madToSigma).alias('sigma'))
      .filter(pl.col('n').gtEq(RULES.minReturns).and(deviation.gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.sigmas), pl.lit(RULES.minLogMove)]))))
      .collectSync();
    const flagged = candidates
      .withColumns(pl.minHorizontal(SPLIT_LOG_RATIOS.map((split) => pl.col('r').sub(split).abs())).alias('split_distance'))
      .filter(pl.col('split_distance').gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.splitSigmas), pl.lit(RULES.splitMinTolerance)])))
      .join(symbols, { on: 'sid' });
    return findingsFromFlagged(flagged, 'price_jump', (r, date) => {
      const move = ((r['close'] as number) / (r['previous_close'] as number) - 1) * 100;
      const sigmas = Math.abs((r['r'] as number) - (r['median'] as number)) / (r['sigma'] as number);
      return `close ${r['previous_close']} -> ${r['close']} on ${date} (${move.toFixed(1)}%, ${sigmas.toFixed(1)} sigma; no split ratio fits)`;
    });
  },
};
