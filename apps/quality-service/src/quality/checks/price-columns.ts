import pl from 'nodejs-polars';

export const PRICE_COLUMNS = ['open', 'high', 'low', 'close'] as const;

/**
 * True when all four prices are finite numbers. NUMERIC accepts 'NaN', and
 * polars orders NaN above every number (`NaN > 0` is true), so a rule that
 * compares prices must say what it does with such a bar.
 */
export function pricesFinite() {
  return PRICE_COLUMNS.map((price) => pl.col(price).isFinite()).reduce((all, finite) => all.and(finite));
}
