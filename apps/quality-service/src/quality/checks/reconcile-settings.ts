import { EnvNumber } from '@mdi/platform';
import { IsNumber, Max, Min } from 'class-validator';

/** How far two sources' bars of one session may be apart before the reconciliation check reports them. */
export interface ReconcileSettings {
  /** Largest relative difference of open, high, low or close, of the larger price (0.005 = 0.5%). */
  readonly priceTolerance: number;
  /** Largest ratio of the larger volume to the smaller (2: flagged when one is more than twice the other). */
  readonly volumeRatio: number;
}

export const DEFAULT_RECONCILE_SETTINGS: ReconcileSettings = { priceTolerance: 0.005, volumeRatio: 2 };

/** QUALITY_RECONCILE_PRICE_TOLERANCE's rule, for every config class that declares it. */
export function ReconcilePriceTolerance(): PropertyDecorator {
  return (target, key) => {
    IsNumber({}, { message: 'must be a number from 0 to 1 (0.005 = 0.5%)' })(target, key);
    Min(0, { message: 'must be a number from 0 to 1 (0.005 = 0.5%)' })(target, key);
    Max(1, { message: 'must be a number from 0 to 1 (0.005 = 0.5%)' })(target, key);
    EnvNumber()(target, key);
  };
}

/** QUALITY_RECONCILE_VOLUME_RATIO's rule: a ratio of the larger volume to the smaller is at least 1. */
export function ReconcileVolumeRatio(): PropertyDecorator {
  return (target, key) => {
    IsNumber({}, { message: 'must be a number of 1 or more (2 = one volume more than twice the other)' })(target, key);
    Min(1, { message: 'must be a number of 1 or more (2 = one volume more than twice the other)' })(target, key);
    EnvNumber()(target, key);
  };
}
