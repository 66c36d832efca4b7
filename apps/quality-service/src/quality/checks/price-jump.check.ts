import pl from 'nodejs-polars';
import { judgeReturn, referenceOf } from './price-jump.judge';
import { PRICE_JUMP_RULES as RULES } from './price-jump.rules';
import { pricedBar } from './priced-bar';
import type { QualityCheck } from './quality-check';

interface Candidate {
  sid: number;
  symbol: string;
  day: number;
  previous_day: number;
  close: number;
  previous_close: number;
  r: number;
  k: number;
  n: number;
}

/**
 * How far under minLogMove a return's distance from the polars median may be
 * and still be judged: the verdict recomputes the median in JS
 * (judgeReturn), which may differ from polars' in the last bits.
 */
const PREFILTER_SLACK = 1e-9;

/**
 * ln(close), the check's return being the difference of two: the incremental
 * run keeps these values of a symbol's last bars and subtracts them exactly as
 * polars does (IEEE subtraction), so its returns are the check's, bit for bit.
 */
export function priceJumpLogClose() {
  return pl.col('close').log();
}

/**
 * Close-to-close moves far outside the symbol's own robust volatility that no
 * split explains (the splits ledger where it is complete, common split ratios
 * elsewhere: see SplitLedger). Runs on one bar per session (the first
 * written), sessions only, positive finite closes only (polars orders NaN
 * above every number, so `> 0` alone lets it in): the other checks report
 * those rows.
 *
 * The volatility of a return is that of the `volatilityWindow` returns just
 * before it (the symbol's first ones, while it has fewer before it), so
 * whether a move is a jump never depends on what came after it once the
 * symbol has a window of history: a finding stays true when later bars arrive,
 * and a new session is judged from the bars just before it
 * (apps/quality-service/README.md, "Incremental runs").
 */
export const priceJumpCheck: QualityCheck = {
  name: 'price_jump',
  anomaly: true,
  run({ ordered, symbols, splits }) {
    const window = RULES.volatilityWindow;
    const returns = ordered
      .lazy()
      .filter(pricedBar())
      .select(pl.col('sid'), pl.col('day'), pl.col('close'), priceJumpLogClose().alias('log_close'))
      .select(
        pl.col('sid'),
        pl.col('day'),
        pl.col('day').shift(1).alias('previous_day'),
        pl.col('close'),
        pl.col('close').shift(1).alias('previous_close'),
        pl.col('log_close').sub(pl.col('log_close').shift(1)).alias('r'),
        pl.col('sid').eq(pl.col('sid').shift(1)).alias('same_symbol'),
      )
      // A symbol's first session has no return; dropping it also drops the shift across symbols.
      .filter(pl.col('same_symbol'))
      .withColumns(
        pl.col('sid').cumCount().over('sid').sub(1).cast(pl.Int32).alias('k'),
        pl.len().over('sid').cast(pl.Int32).alias('n'),
      )
      .collectSync();
    // The median of the first `window` returns: the baseline of a symbol's first returns.
    const warmUp = returns
      .lazy()
      .filter(pl.col('k').lt(window))
      .groupBy('sid')
      .agg(pl.col('r').median().alias('warm_median'));
    // Returns are in (sid, k) order, so a flat rolling window at k >= window holds only the symbol's own returns.
    const trailing = pl.col('r').rollingMedian({ windowSize: window }).shift(1);
    // A jump is at least minLogMove from its median: only such returns (a handful) leave polars, to be judged.
    const candidates = returns
      .lazy()
      .withColumns(trailing.alias('trailing_median'))
      .join(warmUp, { on: 'sid', how: 'left' })
      .withColumns(
        pl
          .when(pl.col('k').gtEq(window))
          .then(pl.col('trailing_median'))
          .otherwise(pl.col('warm_median'))
          .alias('median'),
      )
      .filter(
        pl
          .col('n')
          .gtEq(RULES.minReturns)
          .and(
            pl
              .col('r')
              .sub(pl.col('median'))
              .abs()
              .gt(RULES.minLogMove - PREFILTER_SLACK),
          ),
      )
      .join(symbols.lazy(), { on: 'sid' })
      .sort(['symbol', 'day'])
      .collectSync()
      .toRecords() as unknown as Candidate[];
    if (candidates.length === 0) return [];
    const returnsOf = returnsBySymbol(returns, [...new Set(candidates.map((c) => c.sid))]);
    return candidates.flatMap((c) => {
      const jump = { ...c, previousDay: c.previous_day, previousClose: c.previous_close };
      const finding = judgeReturn(jump, referenceOf(returnsOf.get(c.sid) as Float64Array, c.k), splits);
      return finding === null ? [] : [finding];
    });
  },
};

/** Each of these symbols' returns in order (index k), read out of polars as doubles. */
function returnsBySymbol(returns: pl.DataFrame, sids: readonly number[]): Map<number, Float64Array> {
  const picked = returns.filter(pl.col('sid').isIn(sids)).select('sid', 'r');
  const sidColumn = picked.getColumn('sid').toArray() as number[];
  const values = Float64Array.from(picked.getColumn('r').toArray() as number[]);
  const bySymbol = new Map<number, Float64Array>();
  let start = 0;
  for (let i = 1; i <= sidColumn.length; i++) {
    if (i === sidColumn.length || sidColumn[i] !== sidColumn[start]) {
      bySymbol.set(sidColumn[start], values.subarray(start, i));
      start = i;
    }
  }
  return bySymbol;
}
