/**
 * Price ratios (close after / close before) that a stock split or reverse
 * split produces: 2-for-1 halves the price (0.5), 1-for-10 multiplies it by
 * 10. There is no corporate-actions ledger yet, so a jump whose ratio sits
 * this close to one of them is presumed to be a split, not bad data.
 */
const SPLITS = [1.5, 2, 3, 4, 5, 8, 10, 15, 20, 25, 30, 50];
export const SPLIT_PRICE_RATIOS: readonly number[] = [...SPLITS.map((n) => 1 / n), ...SPLITS];
export const SPLIT_LOG_RATIOS: readonly number[] = SPLIT_PRICE_RATIOS.map((ratio) => Math.log(ratio));
