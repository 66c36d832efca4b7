import { type IsoDate, qualityFinding, type QualityFinding } from '@mdi/domain';
import { isoDateOfDay } from '../loading/bar-frame';
import { PRICE_JUMP_RULES as RULES } from './price-jump.rules';
import type { SplitLedger } from './split-ledger';

/** One close-to-close return of a symbol's priced bars (day numbers, log return). */
export interface PricedReturn {
  readonly symbol: string;
  readonly day: number;
  readonly previousDay: number;
  readonly close: number;
  readonly previousClose: number;
  readonly r: number;
}

/**
 * The returns a symbol's return number `k` (0-based, in date order, all of
 * its returns in `returns`) is judged by: the `volatilityWindow` returns just
 * before it, or its first ones while it has fewer before it.
 */
export function referenceOf(returns: Float64Array, k: number): Float64Array {
  const window = RULES.volatilityWindow;
  return k >= window ? trailingReference(returns, k) : returns.subarray(0, Math.min(returns.length, window));
}

/** The `volatilityWindow` returns before `returns[j]`: the reference of any return with a full window before it. */
export function trailingReference(returns: Float64Array, j: number): Float64Array {
  if (j < RULES.volatilityWindow) throw new Error(`trailingReference: return ${j} has no full window before it`);
  return returns.subarray(j - RULES.volatilityWindow, j);
}

/**
 * The verdict on one return, given its reference returns: a jump is at
 * least `minLogMove` and `sigmas` robust sigmas (1.4826 x the MAD of the
 * reference) from the reference's median, and not a split the ledger or a
 * common ratio explains. The full check and an incremental run's extension
 * both decide here, on the same doubles, so they cannot disagree.
 */
export function judgeReturn(jump: PricedReturn, reference: Float64Array, splits: SplitLedger): QualityFinding | null {
  const median = medianOf(scratchCopy(reference, (r) => r));
  const distance = Math.abs(jump.r - median);
  if (distance <= RULES.minLogMove) return null;
  const sigma = medianOf(scratchCopy(reference, (r) => Math.abs(r - median))) * RULES.madToSigma;
  if (distance <= Math.max(sigma * RULES.sigmas, RULES.minLogMove)) return null;
  const date: IsoDate = isoDateOfDay(jump.day);
  const tolerance = Math.max(sigma * RULES.splitSigmas, RULES.splitMinTolerance);
  const explanation = splits.explain(jump.symbol, isoDateOfDay(jump.previousDay), date, jump.r, tolerance);
  if (explanation.excused) return null;
  const move = (jump.close / jump.previousClose - 1) * 100;
  const detail = `close ${jump.previousClose} -> ${jump.close} on ${date} (${move.toFixed(1)}%, ${(distance / sigma).toFixed(1)} sigma; ${explanation.reason})`;
  return qualityFinding('price_jump', jump.symbol, date, detail);
}

/**
 * Room for one reference's values, reused by every verdict: an incremental run
 * judges a return for each of thousands of symbols, and two fresh arrays per
 * verdict would be most of what it allocates. Verdicts never overlap (no await).
 */
let scratch = new Float64Array(RULES.volatilityWindow);

/** f of each value, in the scratch array (valid until the next call). */
function scratchCopy(values: Float64Array, f: (value: number) => number): Float64Array {
  if (scratch.length < values.length) scratch = new Float64Array(values.length);
  const copy = scratch.subarray(0, values.length);
  for (let i = 0; i < values.length; i++) copy[i] = f(values[i]);
  return copy;
}

/** The median of these values (sorted in place: a typed array sorts by value, natively). */
function medianOf(values: Float64Array): number {
  const sorted = values.sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
