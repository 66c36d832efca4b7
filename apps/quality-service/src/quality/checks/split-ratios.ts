/**
 * Log price ratios (close after / close before) that common stock splits and
 * reverse splits produce: 2-for-1 halves the price, 1-for-10 multiplies it
 * by 10. Where the splits ledger does not cover a move, one this close to a
 * ratio is presumed to be a split (see SplitLedger).
 */
const SPLITS = [1.5, 2, 3, 4, 5, 8, 10, 15, 20, 25, 30, 50];
export const SPLIT_LOG_RATIOS: readonly number[] = SPLITS.flatMap((n) => [-Math.log(n), Math.log(n)]);
