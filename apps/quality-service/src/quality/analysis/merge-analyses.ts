import type { QualityFinding } from '@mdi/domain';
import type { AnalysisResult } from './quality-analyzer';

/**
 * One run's result from the results of its symbol batches, as if the run had
 * been one batch: every check here works per symbol, so a batch's findings
 * are exactly the whole run's findings for its symbols. Batches hold disjoint
 * symbols, in code-unit order, and each check lists its findings by symbol,
 * so concatenating one check's findings batch after batch keeps that order;
 * the checks keep their own order. Counts add up.
 */
export function mergeAnalyses(parts: readonly AnalysisResult[]): AnalysisResult {
  const checks = Math.max(0, ...parts.map((part) => part.findingsByCheck.length));
  const findingsByCheck: QualityFinding[][] = Array.from({ length: checks }, (_, check) =>
    parts.flatMap((part) => part.findingsByCheck[check] ?? []),
  );
  const sum = (count: (part: AnalysisResult) => number) => parts.reduce((total, part) => total + count(part), 0);
  return {
    findings: findingsByCheck.flat(),
    findingsByCheck,
    expectedBars: sum((part) => part.expectedBars),
    missingBySymbol: parts.flatMap((part) => part.missingBySymbol),
    symbolsChecked: sum((part) => part.symbolsChecked),
    barsChecked: sum((part) => part.barsChecked),
    symbols: parts.flatMap((part) => part.symbols),
  };
}
