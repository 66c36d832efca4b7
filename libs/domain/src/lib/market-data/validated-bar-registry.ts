import type { MarketDataBar } from './market-data-bar';

/**
 * Bars produced by validateBar, so a consumer (the market-data repository)
 * can skip validating them again. Unforgeable: only this module adds to the
 * WeakMap, which holds no bar alive. The bar and its Date are frozen; a Date's
 * time can still be changed with setTime (freezing does not cover internal
 * slots), so the validated epoch ms is recorded and compared.
 */
const validatedAt = new WeakMap<object, number>();
const getTime = Date.prototype.getTime;

/** Freezes a bar that has just passed every rule and records it as validated. */
export function markValidated(bar: MarketDataBar): MarketDataBar {
  Object.freeze(bar.timestamp);
  Object.freeze(bar);
  validatedAt.set(bar, getTime.call(bar.timestamp));
  return bar;
}

/**
 * True only for an object returned by validateBar and unchanged since (its
 * fields are frozen; its timestamp still holds the validated instant). Any
 * other object, including a copy or a spread of a validated bar, is false and
 * must be validated.
 */
export function isValidatedBar(value: unknown): value is MarketDataBar {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const instant = validatedAt.get(value);
  return instant !== undefined && getTime.call((value as MarketDataBar).timestamp) === instant;
}
