import { duplicateTimestampCheck } from './duplicate-timestamp.check';
import { missingBarsCheck } from './missing-bars.check';
import { nonPositivePriceCheck } from './non-positive-price.check';
import { nonTradingDayBarCheck } from './non-trading-day-bar.check';
import { ohlcViolationCheck } from './ohlc-violation.check';
import { outOfOrderCheck } from './out-of-order.check';
import { priceJumpCheck } from './price-jump.check';
import type { QualityCheck } from './quality-check';
import {
  sourceMissingSessionCheck,
  sourcePriceMismatchCheck,
  sourceVolumeMismatchCheck,
} from './source-reconciliation.check';
import { staleDataCheck } from './stale-data.check';
import { zeroVolumeCheck } from './zero-volume.check';

/** Every check of a quality run, in report order. */
export const QUALITY_CHECKS: readonly QualityCheck[] = [
  missingBarsCheck,
  staleDataCheck,
  ohlcViolationCheck,
  nonPositivePriceCheck,
  zeroVolumeCheck,
  nonTradingDayBarCheck,
  duplicateTimestampCheck,
  outOfOrderCheck,
  priceJumpCheck,
  sourcePriceMismatchCheck,
  sourceVolumeMismatchCheck,
  sourceMissingSessionCheck,
];
