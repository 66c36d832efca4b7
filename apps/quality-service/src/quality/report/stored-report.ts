import type { AlertLevel, QualityFinding, QualityFindingCode } from '@mdi/domain';

/** A quality report as stored in data_quality_logs and served by /reports. */
export interface StoredReport {
  readonly runId: string;
  readonly trigger: RunTrigger;
  /** Start of the schedule slot a scheduled run belongs to (ISO instant). */
  readonly slot?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly alertLevel: AlertLevel;
  readonly counts: Readonly<Record<QualityFindingCode, number>>;
  readonly symbolsChecked: number;
  readonly barsChecked: number;
  readonly expectedBars: number;
  /** Every finding for /reports/latest; only the asked symbol's for /reports?symbol=; absent otherwise. */
  readonly findings?: readonly QualityFinding[];
}

export type RunTrigger = 'schedule' | 'manual' | 'command';

export const ALERT_STATUS = { 0: 'ok', 1: 'warning', 2: 'critical' } as const;
