import type { QualityFinding, TradingCalendar } from '@mdi/domain';
import type { DataFrame } from 'nodejs-polars';

/** What every check reads. Frames are built once per run by the analyzer. */
export interface CheckContext {
  /** Every loaded bar (BAR_FRAME_DTYPES), sorted by symbol, day, id, plus `trading` (Bool). */
  readonly bars: DataFrame;
  /** (symbol, day) cells that should hold a bar: the sessions from each symbol's first to its last bar. */
  readonly expected: DataFrame;
  readonly calendar: TradingCalendar;
  readonly now: Date;
  /** symbols.status = 'active': the ones that must stay fresh. */
  readonly activeSymbols: readonly string[];
}

export interface QualityCheck {
  readonly name: string;
  /** Anomaly checks run only when ANOMALY_DETECTION_ENABLED. */
  readonly anomaly: boolean;
  run(context: CheckContext): QualityFinding[];
}
