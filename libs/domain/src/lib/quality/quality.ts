export const QUALITY_CHECK_TYPES = ['validation', 'missing_data', 'anomaly', 'stale_data', 'quality_report'] as const;
export type QualityCheckType = (typeof QUALITY_CHECK_TYPES)[number];

/** `nothing_checked`: a quality run that found no bar to check (its report says why). */
export const QUALITY_STATUSES = ['ok', 'warning', 'critical', 'rejected', 'nothing_checked'] as const;
export type QualityStatus = (typeof QUALITY_STATUSES)[number];

/** One row of data_quality_logs. `details` is structured context (JSONB). */
export interface QualityLogEntry {
  readonly symbol: string | null;
  readonly checkType: QualityCheckType;
  readonly status: QualityStatus;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** 0 ok, 1 warning, 2 critical. */
export type AlertLevel = 0 | 1 | 2;
