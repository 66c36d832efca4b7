import type { AlertLevel, QualityFinding, QualityFindingCode, SymbolMissingShare } from '@mdi/domain';

/** At most this many symbols over the missing threshold are kept in a stored report (the count is always exact). */
export const MISSING_SYMBOLS_KEPT = 100;

/** A quality report as stored in data_quality_logs and served by /reports. */
export interface StoredReport {
  readonly runId: string;
  readonly trigger: RunTrigger;
  /** Start of the schedule slot a scheduled run belongs to (ISO instant). */
  readonly slot?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /**
   * `nothing_checked`: no bar was stored, so nothing could be judged; `reason`
   * says why, `alertLevel` is null and there are no findings.
   */
  readonly outcome: RunOutcome;
  readonly reason?: NothingCheckedReason;
  /** 0 ok, 1 warning, 2 critical; null when nothing was checked. */
  readonly alertLevel: AlertLevel | null;
  readonly counts: Readonly<Record<QualityFindingCode, number>>;
  readonly symbolsChecked: number;
  readonly barsChecked: number;
  readonly expectedBars: number;
  /** How many symbols miss more than MAX_MISSING_DATA_THRESHOLD of their own sessions. */
  readonly symbolsOverMissingThresholdCount: number;
  /** The worst of them (at most MISSING_SYMBOLS_KEPT), largest share first. */
  readonly symbolsOverMissingThreshold: readonly SymbolMissingShare[];
  /**
   * What the run changed in the findings ledger: findings it opened, open
   * ones it saw again, open ones in its scope it no longer saw (resolved).
   * Absent for a run that checked nothing, a run not stored, and reports
   * stored before the ledger existed.
   */
  readonly lifecycle?: FindingLifecycle;
  /**
   * `full`: every symbol's bars were loaded and checked; `incremental`: only
   * the symbols whose bars or splits changed since the baseline, the others'
   * findings carried over (the report is the same either way). Absent in
   * reports stored before incremental runs.
   */
  readonly mode?: RunMode;
  /** Symbols whose every bar this run loaded and checked. */
  readonly symbolsRechecked?: number;
  /** Symbols that only gained newer bars: checked from the bars their newest are compared with. */
  readonly symbolsExtended?: number;
  /** Why a run asked to be incremental checked everything. */
  readonly fullRunReason?: FullRunReason;
  /** Every finding for /reports/latest; only the asked symbol's for /reports?symbol=; absent otherwise. */
  readonly findings?: readonly QualityFinding[];
}

export interface FindingLifecycle {
  readonly new: number;
  readonly persisting: number;
  readonly resolved: number;
}

export type RunTrigger = 'schedule' | 'manual' | 'command';

export type RunOutcome = 'checked' | 'nothing_checked';

export type RunMode = 'full' | 'incremental';

export type FullRunReason = 'no baseline yet' | 'checks, settings or splits coverage changed' | 'full run due';

export type NothingCheckedReason = 'no symbols in the universe' | 'no bars stored yet';

export const ALERT_STATUS = { 0: 'ok', 1: 'warning', 2: 'critical' } as const;

/** The report row's status: the alert level's name, or nothing_checked. */
export function reportStatus(
  report: Pick<StoredReport, 'alertLevel'>,
): 'ok' | 'warning' | 'critical' | 'nothing_checked' {
  return report.alertLevel === null ? 'nothing_checked' : ALERT_STATUS[report.alertLevel];
}
