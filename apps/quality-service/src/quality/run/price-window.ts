import type { QualityFinding } from '@mdi/domain';
import type { PriceWindow } from '@mdi/storage';
import pl from 'nodejs-polars';
import { priceJumpLogClose } from '../checks/price-jump.check';
import { judgeReturn, trailingReference } from '../checks/price-jump.judge';
import { PRICE_JUMP_RULES } from '../checks/price-jump.rules';
import { pricedBar } from '../checks/priced-bar';
import type { CheckContext } from '../checks/quality-check';

/** Bars in a price window: the returns between them are the reference of the next one. */
export const PRICE_WINDOW_BARS = PRICE_JUMP_RULES.volatilityWindow + 1;

/** Priced bars a symbol gained after its window, oldest first. */
export interface GainedBars {
  readonly days: Int32Array;
  readonly closes: Float64Array;
  /** ln(close) of each, as the check computes it. */
  readonly logCloses: Float64Array;
}

/**
 * Per symbol, the priced bars of the loaded frame after `after` (its window's
 * last day): the bars the price-jump check would read next, selected exactly
 * as it selects them (the first bar of a session, a positive finite close).
 */
export function pricedBarsAfter(
  { ordered, symbols }: CheckContext,
  after: ReadonlyMap<string, number>,
): Map<string, GainedBars> {
  const cut = pl.DataFrame({
    symbol: [...after.keys()],
    after: pl.Series('after', [...after.values()], pl.Int32),
  });
  const rows = ordered
    .lazy()
    .filter(pricedBar())
    .select('sid', 'day', 'close', priceJumpLogClose().alias('log_close'))
    .join(symbols.lazy(), { on: 'sid' })
    .join(cut.lazy(), { on: 'symbol' })
    .filter(pl.col('day').gt(pl.col('after')))
    .sort(['symbol', 'day'])
    .collectSync();
  const names = rows.getColumn('symbol').toArray() as string[];
  const days = rows.getColumn('day').toTypedArray() as Int32Array;
  const closes = rows.getColumn('close').toTypedArray() as Float64Array;
  const logCloses = rows.getColumn('log_close').toTypedArray() as Float64Array;
  const bySymbol = new Map<string, GainedBars>();
  let start = 0;
  for (let i = 1; i <= names.length; i++) {
    if (i === names.length || names[i] !== names[start]) {
      bySymbol.set(names[start], {
        days: days.subarray(start, i),
        closes: closes.subarray(start, i),
        logCloses: logCloses.subarray(start, i),
      });
      start = i;
    }
  }
  return bySymbol;
}

export interface WindowExtension {
  /** The symbol's price_jump findings on its new bars, by date. */
  readonly findings: readonly QualityFinding[];
  /** Its last PRICE_WINDOW_BARS priced bars after the new ones. */
  readonly window: PriceWindow;
}

/**
 * Judges the returns of each symbol's new priced bars by its stored window
 * (a full window: PRICE_WINDOW_BARS bars, whose returns are the reference of
 * the first new one) and moves the window on. A return is the difference of
 * two logs the check computed (stored, or computed now by the same
 * expression), and the verdict is the check's own (judgeReturn), so an
 * extension finds what a full run finds, bit for bit. `judge` null: anomaly
 * detection is off, the windows only move.
 */
export function extendPriceWindows(
  windows: ReadonlyMap<string, PriceWindow>,
  gained: ReadonlyMap<string, GainedBars>,
  judge: Pick<CheckContext, 'splits'> | null,
): Map<string, WindowExtension> {
  const window = PRICE_JUMP_RULES.volatilityWindow;
  const extensions = new Map<string, WindowExtension>();
  for (const [symbol, bars] of gained) {
    const old = windows.get(symbol);
    if (old === undefined || old.days.length !== PRICE_WINDOW_BARS) {
      throw new Error(`extendPriceWindows: ${symbol} has no full price window to extend`);
    }
    const days = concat(old.days, bars.days, Int32Array);
    const logs = concat(old.logCloses, bars.logCloses, Float64Array);
    // r[j] is the return from bar j to bar j + 1; the first new bar's is r[window], judged by r[0..window).
    const r = new Float64Array(logs.length - 1);
    for (let j = 0; j < r.length; j++) r[j] = logs[j + 1] - logs[j];
    const findings: QualityFinding[] = [];
    for (let j = window; judge !== null && j < r.length; j++) {
      const jump = {
        symbol,
        day: days[j + 1],
        previousDay: days[j],
        close: bars.closes[j - window],
        previousClose: j === window ? old.lastClose : bars.closes[j - window - 1],
        r: r[j],
      };
      const finding = judgeReturn(jump, trailingReference(r, j), judge.splits);
      if (finding !== null) findings.push(finding);
    }
    const from = days.length - PRICE_WINDOW_BARS;
    extensions.set(symbol, {
      findings,
      window: { days: days.slice(from), logCloses: logs.slice(from), lastClose: bars.closes[bars.closes.length - 1] },
    });
  }
  return extensions;
}

function concat<T extends Int32Array | Float64Array>(a: T, b: T, Kind: { new (length: number): T }): T {
  const joined = new Kind(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
