import type { QualityFinding, TradingCalendar } from '@mdi/domain';
import type { DataFrame } from 'nodejs-polars';

/** What every check reads. Frames are built once per run by the analyzer. */
export interface CheckContext {
  /**
   * Every loaded bar (BAR_FRAME_DTYPES) sorted by symbol, day, id, plus
   * `sid` (Int32, one per symbol, in symbol order), `trading` (the day is a
   * session) and `repeat` (same symbol and day as the row before).
   */
  readonly bars: DataFrame;
  /**
   * One row per symbol with a bar on a session: sid, symbol, first_day,
   * last_day, present (distinct sessions with a bar) and expected (sessions
   * from first_day to last_day).
   */
  readonly ranges: DataFrame;
  /** The calendar's sessions over the loaded days: one column `day`. */
  readonly sessions: DataFrame;
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
