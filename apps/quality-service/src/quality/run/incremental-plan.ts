import type { ChangesSince, QualityBaseline, QualitySymbolState } from '@mdi/storage';
import { dayNumberOf } from '../loading/bar-frame';

/** What an incremental run loads: whole histories, and the symbols that only gained newer bars. */
export interface IncrementalWork {
  /** Symbols whose every bar is loaded and checked again. */
  readonly reload: readonly string[];
  /** The baseline states of symbols checked from their last session on (only newer bars changed). */
  readonly extend: readonly QualitySymbolState[];
}

/**
 * Sorts the changed symbols. A symbol is only extended when every change
 * since the baseline lies after its last bar (appended sessions: nothing it
 * had was touched), its splits did not change, and its state holds a full
 * price-jump window (until a symbol has one, a new return changes the
 * judgement of its first ones). Anything else, including a change whose start is unknown, is
 * loaded whole: never cheaper at the price of a different report.
 */
export function incrementalWork(baseline: QualityBaseline, changes: ChangesSince): IncrementalWork {
  const firstChanged = new Map<string, string | null>();
  for (const { symbol, firstChangedDay } of changes.symbols) {
    const known = firstChanged.get(symbol);
    firstChanged.set(
      symbol,
      firstChangedDay === null || known === null
        ? null
        : known === undefined || firstChangedDay < known
          ? firstChangedDay
          : known,
    );
  }
  const splits = new Set(changes.splitSymbols);
  const states = new Map(baseline.symbols.map((state) => [state.symbol, state]));
  const reload = new Set(splits);
  const extend: QualitySymbolState[] = [];
  for (const [symbol, from] of firstChanged) {
    const state = states.get(symbol);
    const appended =
      state !== undefined &&
      state.priceWindow !== null &&
      !splits.has(symbol) &&
      from !== null &&
      from > state.lastBarDay;
    if (appended) extend.push(state);
    else reload.add(symbol);
  }
  return {
    reload: [...reload].sort(),
    extend: extend.sort(
      (a, b) => compare(a.lastSessionDay ?? '', b.lastSessionDay ?? '') || compare(a.symbol, b.symbol),
    ),
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** How far apart (calendar days) the last sessions of one load may be: the load starts at the earliest. */
export const LOAD_START_SPREAD_DAYS = 7;

/**
 * Extended symbols (in last-session order) cut into loads of at most `size`
 * symbols whose last sessions lie within LOAD_START_SPREAD_DAYS of the
 * load's first: a load reads every symbol from the earliest of them, so a
 * symbol whose last session is months older (one that resumed trading) gets
 * a load of its own instead of making every other symbol's longer. After an
 * end-of-day update the last sessions are the same day: one load.
 */
export function loadBatches(states: readonly QualitySymbolState[], size: number): QualitySymbolState[][] {
  const batches: QualitySymbolState[][] = [];
  let current: QualitySymbolState[] = [];
  for (const state of states) {
    const first = current[0];
    const tooFar =
      first !== undefined &&
      dayNumberOf(state.lastSessionDay as string) - dayNumberOf(first.lastSessionDay as string) >
        LOAD_START_SPREAD_DAYS;
    if (current.length === size || tooFar) {
      batches.push(current);
      current = [];
    }
    current.push(state);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
