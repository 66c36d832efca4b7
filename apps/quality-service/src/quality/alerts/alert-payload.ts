import type { StoredReport } from '../report/stored-report';
import { ALERT_STATUS } from '../report/stored-report';

/** Findings listed in one alert; the counts always cover all of them. */
export const MAX_ALERT_FINDINGS = 50;

export interface AlertPayload {
  readonly service: 'quality-service';
  readonly runId: string;
  readonly alertLevel: 1 | 2;
  readonly status: 'warning' | 'critical';
  readonly startedAt: string;
  readonly counts: StoredReport['counts'];
  readonly symbolsChecked: number;
  /** Symbols missing more than MAX_MISSING_DATA_THRESHOLD of their own sessions: how many, and the worst. */
  readonly symbolsOverMissingThresholdCount: number;
  readonly symbolsOverMissingThreshold: StoredReport['symbolsOverMissingThreshold'];
  readonly findings: NonNullable<StoredReport['findings']>;
  /** How many findings were left out of `findings`. */
  readonly omittedFindings: number;
}

export function alertPayloadOf(report: StoredReport & { alertLevel: 1 | 2 }): AlertPayload {
  const findings = report.findings ?? [];
  return {
    service: 'quality-service',
    runId: report.runId,
    alertLevel: report.alertLevel,
    status: ALERT_STATUS[report.alertLevel],
    startedAt: report.startedAt,
    counts: report.counts,
    symbolsChecked: report.symbolsChecked,
    symbolsOverMissingThresholdCount: report.symbolsOverMissingThresholdCount,
    symbolsOverMissingThreshold: report.symbolsOverMissingThreshold.slice(0, MAX_ALERT_FINDINGS),
    findings: findings.slice(0, MAX_ALERT_FINDINGS),
    omittedFindings: Math.max(0, findings.length - MAX_ALERT_FINDINGS),
  };
}
