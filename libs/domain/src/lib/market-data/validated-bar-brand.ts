import type { DecimalString } from '../shared/decimal-string';
import type { MarketDataBar, MarketDataSource } from './market-data-bar';

/**
 * Bars produced by validateBar carry a brand that only this module can set:
 * a private class field, so a consumer (the market-data repository) can
 * recognise them cheaply and skip validating them again. A copy, a spread or
 * a look-alike has no brand. The bar and its Date are frozen; a Date's time
 * can still be moved with setTime (freezing does not cover internal slots),
 * so the validated epoch ms is part of the brand and compared.
 *
 * A private field rather than a WeakSet: at batch sizes the weak table's
 * growth and its ephemeron work in the garbage collector cost more than the
 * validation itself (bench/README.md, bulk-upsert).
 * Where the compile target is below ES2022 (the apps' es2021) TypeScript
 * emits the private field as a WeakMap, which is correct, only slower.
 */
class ValidatedBar implements MarketDataBar {
  readonly #instant: number;

  constructor(
    readonly symbol: string,
    readonly timestamp: Date,
    readonly open: DecimalString,
    readonly high: DecimalString,
    readonly low: DecimalString,
    readonly close: DecimalString,
    readonly volume: DecimalString,
    readonly source: MarketDataSource,
  ) {
    this.#instant = getTime.call(timestamp);
    Object.freeze(timestamp);
    Object.freeze(this);
  }

  static isUnchanged(value: object): boolean {
    return #instant in value && getTime.call((value as ValidatedBar).timestamp) === (value as ValidatedBar).#instant;
  }
}

const getTime = Date.prototype.getTime;

/** A bar that has just passed every rule: frozen, and recognised by isValidatedBar. */
export function validatedBar(
  symbol: string,
  timestamp: Date,
  open: DecimalString,
  high: DecimalString,
  low: DecimalString,
  close: DecimalString,
  volume: DecimalString,
  source: MarketDataSource,
): MarketDataBar {
  return new ValidatedBar(symbol, timestamp, open, high, low, close, volume, source);
}

/**
 * True only for an object returned by validateBar and unchanged since (its
 * fields are frozen; its timestamp still holds the validated instant). Any
 * other object, including a copy or a spread of a validated bar, is false and
 * must be validated.
 */
export function isValidatedBar(value: unknown): value is MarketDataBar {
  return typeof value === 'object' && value !== null && ValidatedBar.isUnchanged(value);
}
