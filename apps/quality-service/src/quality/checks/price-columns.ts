import pl from 'nodejs-polars';

export const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/*
 * Built once: nodejs-polars wraps every expression it makes in a JS object of
 * a few hundred methods (about half a millisecond each), and an expression
 * is immutable, so every run can share one.
 */
const PRICES_FINITE = PRICE_COLUMNS.map((price) => pl.col(price).isFinite()).reduce((all, finite) => all.and(finite));

/**
 * True when all four prices are finite numbers. NUMERIC accepts 'NaN', and
 * polars orders NaN above every number (`NaN > 0` is true), so a rule that
 * compares prices must say what it does with such a bar.
 */
export function pricesFinite() {
  return PRICES_FINITE;
}
