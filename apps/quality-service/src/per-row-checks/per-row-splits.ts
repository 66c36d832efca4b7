import type { IsoDate, StockSplit } from '@mdi/domain';
import { PER_ROW_COMMON_SPLITS } from './per-row-rules';

/** The splits ledger as plain data: the recorded splits and the ex-dates it is complete for (both inclusive). */
export interface PerRowSplitLedger {
  readonly splits: readonly StockSplit[];
  readonly coverage: { readonly from: IsoDate; readonly through: IsoDate } | null;
}

export const NO_SPLIT_LEDGER: PerRowSplitLedger = { splits: [], coverage: null };

const DAY_MS = 86_400_000;
const dayBefore = (date: IsoDate): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);

/**
 * Whether a split accounts for a close-to-close log return from
 * `previousDate`'s session to `date`'s. Splits with an ex-date in
 * (previousDate, date] must explain it together; without one, a ledger
 * covering the dates excuses nothing, and outside its coverage a move near
 * a common split ratio is presumed a split.
 */
export function excusedBySplit(
  ledger: PerRowSplitLedger,
  symbol: string,
  previousDate: IsoDate,
  date: IsoDate,
  logReturn: number,
  tolerance: number,
): boolean {
  let recorded = false;
  let expected = 0;
  for (const split of ledger.splits) {
    if (split.symbol !== symbol || split.executionDate <= previousDate || split.executionDate > date) continue;
    recorded = true;
    expected += Math.log(split.splitFrom / split.splitTo);
  }
  if (recorded) return Math.abs(logReturn - expected) <= tolerance;
  const { coverage } = ledger;
  if (coverage !== null && previousDate >= dayBefore(coverage.from) && date <= coverage.through) return false;
  return PER_ROW_COMMON_SPLITS.some(
    (ratio) => Math.abs(logReturn - Math.log(ratio)) <= tolerance || Math.abs(logReturn + Math.log(ratio)) <= tolerance,
  );
}
