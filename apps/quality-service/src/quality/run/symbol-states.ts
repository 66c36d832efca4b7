import {
  qualityFinding,
  type QualityFinding,
  type QualityFindingCode,
  type SymbolMissing,
  type TradingCalendar,
} from '@mdi/domain';
import type { QualitySymbolState } from '@mdi/storage';
import type { AnalysisResult } from '../analysis/quality-analyzer';
import type { SymbolSummary } from '../analysis/symbol-summaries';
import type { QualityCheck } from '../checks/quality-check';
import { staleDataCheck, staleFindings } from '../checks/stale-data.check';
import { dayNumberOf } from '../loading/bar-frame';

/**
 * Each checked symbol's state from an analysis that ran every check but
 * `stale`: its counts and its findings, kept in check order (each check's by
 * date), so that a report rebuilt from states lists them exactly as the
 * analysis did.
 */
export function statesOf(result: AnalysisResult): QualitySymbolState[] {
  const findings = new Map<string, QualityFinding[]>();
  for (const finding of result.findings) {
    if (finding.code === 'stale') throw new Error('statesOf: stale findings are not kept per symbol');
    if (finding.symbol === null) throw new Error(`statesOf: a market-wide ${finding.code} finding has no symbol`);
    const list = findings.get(finding.symbol) ?? [];
    list.push(finding);
    findings.set(finding.symbol, list);
  }
  return result.symbols.map((summary) => ({
    ...summary,
    findings: (findings.get(summary.symbol) ?? []).map(({ checkType, code, date, detail }) => ({
      checkType,
      code,
      date,
      detail,
    })),
  }));
}

export interface RebuildInput {
  /** The run's checks, in report order; `stale` among them is computed here. */
  readonly checks: readonly QualityCheck[];
  readonly activeSymbols: readonly string[];
  readonly calendar: TradingCalendar;
  readonly now: Date;
}

/**
 * A whole run's result from every symbol's state, `stale` computed from their
 * last sessions: what a run of every check over all bars at once would have
 * found, as long as each state is what its symbol's bars give today (the
 * checks work per symbol; the clock enters through `stale` only).
 * `states` must be in code-unit order of the symbol.
 */
export function resultFromStates(states: readonly QualitySymbolState[], input: RebuildInput): AnalysisResult {
  const newestDay = new Map<string, number>();
  for (const state of states) {
    if (state.lastSessionDay !== null) newestDay.set(state.symbol, dayNumberOf(state.lastSessionDay));
  }
  // One pass over the states, each finding put in its check's list: in state order, each state's in its order.
  const kept = new Map<string, QualityFinding[]>(input.checks.map((check) => [check.name, []]));
  for (const state of states) {
    for (const f of state.findings) {
      kept.get(f.code)?.push(qualityFinding(f.code as QualityFindingCode, state.symbol, f.date, f.detail));
    }
  }
  const findingsByCheck = input.checks.map((check) =>
    check.name === staleDataCheck.name
      ? staleFindings(newestDay, input.activeSymbols, input.calendar, input.now)
      : (kept.get(check.name) as QualityFinding[]),
  );
  const missingBySymbol: SymbolMissing[] = states
    .filter((state) => state.missing > 0)
    .map((state) => ({ symbol: state.symbol, missing: state.missing, expected: state.expected }));
  const symbols = new Set([...newestDay.keys(), ...input.activeSymbols]);
  return {
    findings: findingsByCheck.flat(),
    findingsByCheck,
    expectedBars: states.reduce((total, state) => total + state.expected, 0),
    missingBySymbol,
    symbolsChecked: symbols.size,
    barsChecked: states.reduce((total, state) => total + state.bars, 0),
    symbols: states.map(summaryOf),
  };
}

/** A state without its findings. */
function summaryOf(state: QualitySymbolState): SymbolSummary {
  const { findings, ...summary } = state;
  return summary;
}
