import type { ReconcileSettings } from './reconcile-settings';
import type { QualityFinding, TradingCalendar } from '@mdi/domain';
import type { DataFrame } from 'nodejs-polars';
import type { SplitLedger } from './split-ledger';

/** What every check reads. Frames are built once per run by the analyzer. */
export interface CheckContext {
  /**
   * Every loaded bar (BAR_FRAME_DTYPES) in load order, plus `sid` (Int32,
   * one per symbol) and `trading` (the day is a session). For row-by-row rules.
   */
  readonly bars: DataFrame;
  /**
   * The same bars, narrow and sorted by sid, day, id: sid, day, id, close,
   * `session` (Int32: the day's index in `sessions`, null off-session) and
   * `repeat` (same symbol and day as the row before, i.e. not the first bar
   * written for that session). For rules about a row's neighbours.
   */
  readonly ordered: DataFrame;
  /** sid -> symbol, one row per loaded symbol. */
  readonly symbols: DataFrame;
  /**
   * One row per symbol with a bar on a session: sid, symbol, first_day,
   * last_day, first_session, last_session, present (sessions with a bar)
   * and expected (sessions from first_day to last_day).
   */
  readonly ranges: DataFrame;
  /**
   * `id`, `batch` and `source` (BATCH_FRAME_DTYPES) of the bars of the
   * symbols some check asked for with `batchesNeeded`; empty when none did.
   */
  readonly batches: DataFrame;
  /** The calendar's sessions over the loaded days: `session` (Int32, 0..n-1) and `day`. */
  readonly sessions: DataFrame;
  /** Recorded splits and the dates the ledger is complete for. */
  readonly splits: SplitLedger;
  /** How far two sources' bars may be apart (QUALITY_RECONCILE_*). */
  readonly reconcile: ReconcileSettings;
  readonly calendar: TradingCalendar;
  readonly now: Date;
  /** symbols.status = 'active': the ones that must stay fresh. */
  readonly activeSymbols: readonly string[];
}

export interface QualityCheck {
  readonly name: string;
  /** Anomaly checks run only when ANOMALY_DETECTION_ENABLED. */
  readonly anomaly: boolean;
  /**
   * Symbols whose `batches` the check needs (the bulk read leaves them out:
   * most checks never look at them). Called with `batches` still empty.
   */
  batchesNeeded?(context: CheckContext): readonly string[];
  run(context: CheckContext): QualityFinding[];
}
