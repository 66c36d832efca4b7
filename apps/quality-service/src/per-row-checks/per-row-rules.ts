/**
 * The price-jump rule's thresholds, stated here again rather than imported
 * from the vectorised check (apps/quality-service README, "A run"): a wrong
 * constant on either side then shows up as a disagreement.
 */
export const PER_ROW_JUMP_RULES = {
  sigmas: 10,
  minLogMove: Math.log(1.15),
  minReturns: 20,
  volatilityWindow: 60,
  splitSigmas: 4,
  splitMinTolerance: 0.03,
  madToSigma: 1.4826,
} as const;

/** Price ratios of common splits and reverse splits: a move this close to one is presumed a split outside the ledger. */
export const PER_ROW_COMMON_SPLITS: readonly number[] = [1.5, 2, 3, 4, 5, 8, 10, 15, 20, 25, 30, 50];
