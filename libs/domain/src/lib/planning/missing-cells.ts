import type { IngestionStatus } from '../symbols/ingestion-status';
import { expectedCells, type ExpectedCellsInput } from './expected-cells';
import type { LedgerCell } from './fill-plan';

/** A coverage-ledger row as the planner needs it (symbol_data_status for one source). */
export interface LedgerEntry {
  readonly symbol: string;
  readonly date: string;
  readonly status: IngestionStatus;
}

export interface MissingCellsInput extends ExpectedCellsInput {
  /** The ledger rows of one source over (at least) the window; other rows are ignored. */
  readonly ledger: readonly LedgerEntry[];
}

/**
 * The expected cells that are still missing: no ledger row, `failed` or
 * `not_available`.
 * `success` and `no_data` rows are settled and never fetched again, which is
 * what makes a restarted backfill resume instead of starting over. Agrees
 * with classifyCell(...).state === 'missing' cell by cell; this is the bulk
 * form that feeds planFill.
 */
export function missingCells(input: MissingCellsInput): LedgerCell[] {
  const settled = new Set<string>();
  input.ledger.forEach((entry, i) => {
    if (entry.status === 'success' || entry.status === 'no_data') {
      settled.add(`${entry.symbol}|${entry.date}`);
    } else if (entry.status !== 'failed' && entry.status !== 'not_available') {
      throw new RangeError(
        `ledger[${i}].status must be success, failed, no_data or not_available, got ${JSON.stringify(entry.status)}`,
      );
    }
  });
  return expectedCells(input).filter((cell) => !settled.has(`${cell.symbol}|${cell.date}`));
}
