import pl from 'nodejs-polars';

/**
 * The bars the price-jump rule reads, on the `ordered` frame: the first bar
 * written for a session, with a positive finite close (polars orders NaN
 * above every number, so `> 0` alone lets it in). The check and the
 * incremental run's window start both select them this way.
 */
export function pricedBar() {
  return PRICED_BAR;
}

/** Built once (an expression is immutable; see price-columns.ts). */
const PRICED_BAR = pl
  .col('session')
  .isNotNull()
  .and(pl.col('close').gt(0))
  .and(pl.col('close').isFinite())
  .and(pl.col('repeat').not());
