/**
 * Thresholds of the price-jump check, in log-return units. A symbol's own
 * volatility is sigma = 1.4826 x MAD of its daily log returns (the MAD, unlike
 * the standard deviation, is not inflated by the very jumps it must find).
 */
export const PRICE_JUMP_RULES = {
  /** A move is a jump when it is this many sigmas from the symbol's median return... */
  sigmas: 10,
  /** ...and at least this large (ln 1.15): a near-constant price has a tiny MAD. */
  minLogMove: Math.log(1.15),
  /** Fewer returns than this give no usable volatility: the symbol is skipped. */
  minReturns: 20,
  /**
   * Returns whose median and MAD judge the next one (about three months): a
   * window, not the whole history, so a new session is judged from the bars
   * just before it and an old judgement never changes when bars are added.
   */
  volatilityWindow: 60,
  /** A jump within this many sigmas of a split ratio is taken as that split... */
  splitSigmas: 4,
  /** ...or within this log distance (about 3%), whichever is wider. */
  splitMinTolerance: 0.03,
  /** MAD to standard deviation for normally distributed returns. */
  madToSigma: 1.4826,
} as const;
