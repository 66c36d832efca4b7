import type { LedgerCell } from './fill-plan';

/** Seeded PRNG (mulberry32): property tests replay the same graphs every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n distinct valid tickers: A, B, ..., Z, BA, BB, ... (base 26, no leading A). */
export function tickers(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let text = '';
    let k = i;
    do {
      text = String.fromCharCode(65 + (k % 26)) + text;
      k = Math.floor(k / 26);
    } while (k > 0);
    out.push(text);
  }
  return out;
}

export function allCells(symbols: readonly string[], dates: readonly string[]): LedgerCell[] {
  const cells: LedgerCell[] = [];
  for (const symbol of symbols) {
    for (const date of dates) {
      cells.push({ symbol, date });
    }
  }
  return cells;
}

/**
 * Fewest calls by exhaustion, for small ledgers: try every subset of dates as
 * grouped calls, then one range call per symbol with a cell left over.
 */
export function bruteForceMinimumCalls(cells: readonly LedgerCell[]): number {
  const dates = [...new Set(cells.map((c) => c.date))].sort();
  const symbols = [...new Set(cells.map((c) => c.symbol))];
  if (dates.length > 16) {
    throw new RangeError('brute force is for small ledgers only');
  }
  const dateBit = new Map(dates.map((d, i) => [d, 1 << i]));
  const datesOf = new Map(symbols.map((s) => [s, 0]));
  for (const cell of cells) {
    datesOf.set(cell.symbol, (datesOf.get(cell.symbol) as number) | (dateBit.get(cell.date) as number));
  }
  let best = Infinity;
  for (let grouped = 0; grouped < 1 << dates.length; grouped++) {
    let calls = popCount(grouped);
    for (const mask of datesOf.values()) {
      if ((mask & ~grouped) !== 0) {
        calls++;
      }
    }
    best = Math.min(best, calls);
  }
  return best;
}

function popCount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) {
    count++;
  }
  return count;
}
