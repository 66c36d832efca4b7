import { addDays, daysBetween, distinctSplits, factorAfter, type ExactRatio, type StockSplit } from '@mdi/domain';

/**
 * What exportFrame multiplies an adjusted export's prices by, per symbol with
 * splits: its execution days (days since 1970-01-01, oldest first) and, for
 * each, the factor of a bar before that day and on or after the one before
 * (the domain's factorAfter, exact until it becomes one double here). Bars on
 * or after a symbol's last split, and symbols not listed, take 1. Plain
 * arrays, so the table crosses to the export's worker thread as it is.
 */
export interface SplitFactorTable {
  readonly symbols: readonly string[];
  readonly executionDays: readonly (readonly number[])[];
  readonly factors: readonly (readonly number[])[];
}

export const NO_SPLIT_FACTORS: SplitFactorTable = { symbols: [], executionDays: [], factors: [] };

export function splitFactorTable(splits: readonly StockSplit[]): SplitFactorTable {
  const bySymbol = new Map<string, StockSplit[]>();
  for (const split of splits) bySymbol.set(split.symbol, [...(bySymbol.get(split.symbol) ?? []), split]);
  const symbols: string[] = [];
  const executionDays: number[][] = [];
  const factors: number[][] = [];
  for (const [symbol, own] of bySymbol) {
    const ordered = distinctSplits(own);
    symbols.push(symbol);
    executionDays.push(ordered.map((split) => daysBetween('1970-01-01', split.executionDate)));
    factors.push(ordered.map((split) => toDouble(factorAfter(addDays(split.executionDate, -1), ordered))));
  }
  return { symbols, executionDays, factors };
}

function toDouble(ratio: ExactRatio): number {
  return Number(ratio.numerator) / Number(ratio.denominator);
}
