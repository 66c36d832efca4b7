import { compareBars, compareLedger } from './stored-bars';
import type { FaultSystem } from './system';
import type { BackfillRun } from './backfill';

/**
 * The end of every backfill case: the stored bars and the ledger of the run's
 * symbols are exactly the simulator's series (nothing missing, nothing twice,
 * values equal; every cell `success`).
 */
export async function expectBackfilledExactly(
  system: FaultSystem,
  symbols: readonly string[],
  run: BackfillRun,
): Promise<void> {
  const bars = await compareBars(system, symbols, run.from, run.to);
  expect({ missing: bars.missing, unexpected: bars.unexpected, differing: bars.differing }).toEqual({
    missing: [],
    unexpected: [],
    differing: [],
  });
  expect(bars.stored).toBe(bars.expected);
  expect(bars.expected).toBeGreaterThan(symbols.length * 200);
  const ledger = await compareLedger(system, symbols, run.from, run.to);
  expect({ unsettled: ledger.unsettled, unexpected: ledger.unexpected }).toEqual({ unsettled: [], unexpected: [] });
  expect(ledger.expectedCells).toBe(bars.expected);
}
