import { BAR_VOLUME_COLUMN } from '../market-data/bar-volume';
import type { MarketDataBar } from '../market-data/market-data-bar';
import { decimalSign, isDecimalString, type DecimalString } from '../shared/decimal-string';
import { sessionDateOf } from '../time/new-york-time';
import type { StockSplit } from './corporate-actions';
import { formatRatio, invertRatio, scaleDecimal, type ExactRatio } from './exact-ratio';
import { distinctSplits, factorAfter } from './split-factor';

/** Fraction digits of adjusted prices: the scale of market_data's NUMERIC(18,6). */
export const ADJUSTED_PRICE_SCALE = 6;
/** Fraction digits of adjusted volumes: the scale of market_data.volume's NUMERIC(25,6). */
export const ADJUSTED_VOLUME_SCALE = BAR_VOLUME_COLUMN.scale;

/**
 * A bar on today's share basis, as Polygon's adjusted=true would serve it.
 * `splitFactor` is the exact price factor applied ("1/4", "10", "1" when no
 * split came after the bar), so a reader can tell an adjusted price from a
 * printed one and undo it.
 */
export interface AdjustedBar extends MarketDataBar {
  readonly splitFactor: string;
}

/**
 * Split-adjusts one symbol's unadjusted bars. For every split executed after
 * a bar's session date, prices are multiplied by splitFrom/splitTo and the
 * volume by splitTo/splitFrom, cumulatively; bars on or after the execution
 * date are already on the new basis and keep their printed values.
 *
 * Arithmetic is exact on the decimal strings (BigInt), and each result is
 * rounded once, from the exact product, never step by step:
 * - prices half-even to 6 fraction digits (NUMERIC(18,6)'s scale), so a
 *   3-for-1 split of 100 gives 33.333333. A price that small splits round to
 *   0 is returned as "0"; adjusted prices are not bounded to 12 integer
 *   digits (they are served, not stored);
 * - volumes half-even to 6 fraction digits (NUMERIC(25,6)'s scale): 5
 *   shares after a 1-for-2 reverse split are 2.5, 100 after a 1-for-3
 *   reverse split are 33.333333; fractional volumes are scaled the same way.
 * Rounding is monotonic, so high >= open, close >= low still holds.
 *
 * Splits of other symbols are ignored; bars of several symbols throw.
 * The output keeps the input's order.
 */
export function splitAdjust(bars: readonly MarketDataBar[], splits: readonly StockSplit[]): AdjustedBar[] {
  if (bars.length === 0) {
    return [];
  }
  const symbol = bars[0].symbol;
  const own = distinctSplits(splits.filter((split) => split.symbol === symbol));
  return bars.map((bar, i) => {
    assertAdjustable(bar, i, symbol);
    const factor = factorAfter(sessionDateOf(bar.timestamp), own);
    return adjustBar(bar, factor);
  });
}

function adjustBar(bar: MarketDataBar, factor: ExactRatio): AdjustedBar {
  const price = (value: DecimalString) => scaleDecimal(value, factor, ADJUSTED_PRICE_SCALE);
  const volumeFactor = invertRatio(factor);
  return {
    ...bar,
    open: price(bar.open),
    high: price(bar.high),
    low: price(bar.low),
    close: price(bar.close),
    volume: scaleDecimal(bar.volume, volumeFactor, ADJUSTED_VOLUME_SCALE),
    splitFactor: formatRatio(factor),
  };
}

function assertAdjustable(bar: MarketDataBar, i: number, symbol: string): void {
  if (bar.symbol !== symbol) {
    throw new RangeError(`bars[${i}] is ${bar.symbol}, but bars[0] is ${symbol}: adjust one symbol at a time`);
  }
  if (!(bar.timestamp instanceof Date) || Number.isNaN(bar.timestamp.getTime())) {
    throw new RangeError(`bars[${i}].timestamp must be a valid Date`);
  }
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    if (!isDecimalString(bar[field])) {
      throw new RangeError(`bars[${i}].${field} must be a decimal string, got ${JSON.stringify(bar[field])}`);
    }
  }
  if (!isDecimalString(bar.volume) || decimalSign(bar.volume) < 0) {
    throw new RangeError(`bars[${i}].volume must be a decimal string >= 0, got ${JSON.stringify(bar.volume)}`);
  }
}
