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
  let mostGained = 0;
  for (const bars of gained.values()) mostGained = Math.max(mostGained, bars.days.length);
  // The joined window and its returns are worked on in room reused for every symbol; the moved windows are views
  // into one array per column for all symbols: a run extends thousands of them, two allocations in all.
  const days = new Int32Array(PRICE_WINDOW_BARS + mostGained);
  const logs = new Float64Array(PRICE_WINDOW_BARS + mostGained);
  const r = new Float64Array(PRICE_WINDOW_BARS + mostGained - 1);
  const movedDays = new Int32Array(gained.size * PRICE_WINDOW_BARS);
  const movedLogs = new Float64Array(gained.size * PRICE_WINDOW_BARS);
  const extensions = new Map<string, WindowExtension>();
  let at = 0;
  for (const [symbol, bars] of gained) {
    const old = windows.get(symbol);
    if (old === undefined || old.days.length !== PRICE_WINDOW_BARS) {
      throw new Error(`extendPriceWindows: ${symbol} has no full price window to extend`);
    }
    const length = PRICE_WINDOW_BARS + bars.days.length;
    days.set(old.days);
    days.set(bars.days, PRICE_WINDOW_BARS);
    logs.set(old.logCloses);
    logs.set(bars.logCloses, PRICE_WINDOW_BARS);
    // r[j] is the return from bar j to bar j + 1; the first new bar's is r[window], judged by r[0..window).
    for (let j = 0; j < length - 1; j++) r[j] = logs[j + 1] - logs[j];
    const findings: QualityFinding[] = [];
    for (let j = window; judge !== null && j < length - 1; j++) {
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
    const from = length - PRICE_WINDOW_BARS;
    const movedWindow = {
      days: movedDays.subarray(at, at + PRICE_WINDOW_BARS),
      logCloses: movedLogs.subarray(at, at + PRICE_WINDOW_BARS),
      lastClose: bars.closes[bars.closes.length - 1],
    };
    movedWindow.days.set(days.subarray(from, length));
    movedWindow.logCloses.set(logs.subarray(from, length));
    at += PRICE_WINDOW_BARS;
    extensions.set(symbol, { findings, window: movedWindow });
  }
  return extensions;
}
