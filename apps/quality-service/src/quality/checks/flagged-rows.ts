import { qualityFinding, type QualityFinding, type QualityFindingCode } from '@mdi/domain';
import pl, { type DataFrame } from 'nodejs-polars';
import { isoDateOfDay } from '../loading/bar-frame';

export type FlaggedRow = Record<string, unknown> & { symbol: string; day: number };

/** Built once (an expression is immutable; see price-columns.ts). */
export const BY_SYMBOL_AND_DAY = [pl.col('symbol'), pl.col('day')];

/**
 * Turns the (few) flagged rows of a vectorised check into findings. Only
 * flagged rows cross into JS, so this is cheap however large the input was.
 */
export function findingsFromFlagged(
  flagged: DataFrame,
  code: QualityFindingCode,
  describe: (row: FlaggedRow, date: string) => string,
): QualityFinding[] {
  return (flagged.sort(BY_SYMBOL_AND_DAY).toRecords() as FlaggedRow[]).map((row) => {
    const date = isoDateOfDay(row.day);
    return qualityFinding(code, row.symbol, date, describe(row, date));
  });
}
