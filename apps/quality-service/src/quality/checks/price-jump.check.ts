import { qualityFinding } from '@mdi/domain';
import pl from 'nodejs-polars';
import { isoDateOfDay } from '../loading/bar-frame';
import { PRICE_JUMP_RULES as RULES } from './price-jump.rules';
import type { QualityCheck } from './quality-check';

interface Candidate {
  symbol: string;
  day: number;
  previous_day: number;
  close: number;
  previous_close: number;
  r: number;
  median: number;
  sigma: number;
}

/**
 * Close-to-close moves far outside the symbol's own robust volatility that no
 * split explains (the splits ledger where it is complete, common split ratios
 * elsewhere: see SplitLedger). Runs on one bar per session (the first
 * written), sessions only, positive finite closes only (polars orders NaN
 * above every number, so `> 0` alone lets it in): the other checks report
 * those rows.
 */
export const priceJumpCheck: QualityCheck = {
  name: 'price_jump',
  anomaly: true,
  run({ ordered, symbols, splits }) {
    const sameSymbol = pl.col('sid').eq(pl.col('sid').shift(1));
    const deviation = pl.col('r').sub(pl.col('median')).abs();
    const returns = ordered
      .lazy()
      .filter(
        pl
          .col('session')
          .isNotNull()
          .and(pl.col('close').gt(0))
          .and(pl.col('close').isFinite())
          .and(pl.col('repeat').not()),
      )
      .select(pl.col('sid'), pl.col('day'), pl.col('close'), pl.col('close').log().alias('log_close'))
      .select(
        pl.col('sid'),
        pl.col('day'),
        pl.col('day').shift(1).alias('previous_day'),
        pl.col('close'),
        pl.col('close').shift(1).alias('previous_close'),
        pl.col('log_close').sub(pl.col('log_close').shift(1)).alias('r'),
        sameSymbol.alias('same_symbol'),
      )
      // A symbol's first session has no return; dropping it also drops the shift across symbols.
      .filter(pl.col('same_symbol'))
      .collectSync();
    // A jump is at least minLogMove from the median, so a symbol whose returns all stay that close to
    // their median has none: only the others need the MAD (a second median per symbol).
    const movers = returns
      .lazy()
      .groupBy('sid')
      .agg(
        pl.col('r').median().alias('median'),
        pl.col('r').max().alias('high'),
        pl.col('r').min().alias('low'),
        pl.len().alias('n'),
      )
      .filter(
        pl
          .col('n')
          .gtEq(RULES.minReturns)
          .and(
            pl
              .col('high')
              .sub(pl.col('median'))
              .gt(RULES.minLogMove)
              .or(pl.col('median').sub(pl.col('low')).gt(RULES.minLogMove)),
          ),
      )
      .select('sid', 'median');
    // Only moves past the volatility threshold (a handful) leave polars, to be explained by splits.
    const candidates = returns
      .lazy()
      .join(movers, { on: 'sid' })
      .withColumns(deviation.median().over('sid').mul(RULES.madToSigma).alias('sigma'))
      .filter(deviation.gt(pl.maxHorizontal([pl.col('sigma').mul(RULES.sigmas), pl.lit(RULES.minLogMove)])))
      .join(symbols.lazy(), { on: 'sid' })
      .sort(['symbol', 'day'])
      .collectSync();
    return (candidates.toRecords() as unknown as Candidate[]).flatMap((c) => {
      const date = isoDateOfDay(c.day);
      const tolerance = Math.max(c.sigma * RULES.splitSigmas, RULES.splitMinTolerance);
      const explanation = splits.explain(c.symbol, isoDateOfDay(c.previous_day), date, c.r, tolerance);
      if (explanation.excused) return [];
      const move = (c.close / c.previous_close - 1) * 100;
      const sigmas = Math.abs(c.r - c.median) / c.sigma;
      const detail = `close ${c.previous_close} -> ${c.close} on ${date} (${move.toFixed(1)}%, ${sigmas.toFixed(1)} sigma; ${explanation.reason})`;
      return [qualityFinding('price_jump', c.symbol, date, detail)];
    });
  },
};
