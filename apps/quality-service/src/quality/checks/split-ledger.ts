import { addDays, type IsoDate, type StockSplit } from '@mdi/domain';
import { SPLIT_LOG_RATIOS } from './split-ratios';

/** The ex-dates the splits ledger has been fetched for, both inclusive. */
export interface SplitCoverage {
  readonly from: IsoDate;
  readonly through: IsoDate;
}

export interface JumpExplanation {
  /** True when a split accounts for the move, so it is not bad data. */
  readonly excused: boolean;
  readonly reason: string;
}

const describe = (split: StockSplit) => `${split.splitTo}-for-${split.splitFrom} split on ${split.executionDate}`;

/**
 * The polygon-ingestor's splits ledger as the price-jump rule reads it.
 * Where the ledger is complete (inside its coverage) it is the truth: a
 * recorded split excuses a move of its ratio between the two sessions, and a
 * move that only looks like a split is reported. Outside the coverage, or
 * before the ledger was ever fetched, a move near a common split ratio is
 * presumed to be a split.
 */
export class SplitLedger {
  static readonly EMPTY = new SplitLedger([], null);

  private readonly bySymbol = new Map<string, StockSplit[]>();

  constructor(
    splits: readonly StockSplit[],
    private readonly coverage: SplitCoverage | null,
  ) {
    for (const split of splits) {
      const list = this.bySymbol.get(split.symbol) ?? [];
      list.push(split);
      this.bySymbol.set(split.symbol, list);
    }
  }

  /**
   * Explains a close-to-close log return from `previousDate`'s session to
   * `date`'s: a split takes effect on its ex-date, so one with
   * previousDate < ex-date <= date lies between them (gaps included).
   * `tolerance` is in log-return units.
   */
  explain(symbol: string, previousDate: IsoDate, date: IsoDate, logReturn: number, tolerance: number): JumpExplanation {
    const recorded = (this.bySymbol.get(symbol) ?? []).filter(
      (s) => s.executionDate > previousDate && s.executionDate <= date,
    );
    if (recorded.length > 0) {
      const expected = recorded.reduce((sum, s) => sum + Math.log(s.splitFrom / s.splitTo), 0);
      const names = recorded.map(describe).join(' and ');
      return Math.abs(logReturn - expected) <= tolerance
        ? { excused: true, reason: `recorded ${names}` }
        : { excused: false, reason: `the recorded ${names} does not explain it` };
    }
    const nearSplitRatio = Math.min(...SPLIT_LOG_RATIOS.map((ratio) => Math.abs(logReturn - ratio))) <= tolerance;
    if (this.covers(previousDate, date)) {
      return {
        excused: false,
        reason: nearSplitRatio ? 'looks like a split, but the splits ledger records none' : 'no split recorded',
      };
    }
    return nearSplitRatio
      ? { excused: true, reason: 'presumed split (ledger does not cover these dates)' }
      : { excused: false, reason: 'no split ratio fits' };
  }

  /** The coverage in words, for what a run's results depend on (a baseline's fingerprint). */
  describeCoverage(): string {
    return this.coverage === null ? 'none' : `${this.coverage.from}..${this.coverage.through}`;
  }

  private covers(previousDate: IsoDate, date: IsoDate): boolean {
    return this.coverage !== null && addDays(this.coverage.from, -1) <= previousDate && date <= this.coverage.through;
  }
}
