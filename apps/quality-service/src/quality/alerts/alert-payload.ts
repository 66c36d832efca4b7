import type { StoredReport } from '../report/stored-report';
import { ALERT_STATUS } from '../report/stored-report';
import { ALERT_DELIVERY } from './alert-retry.constants';

export interface AlertPayload {
  readonly service: 'quality-service';
  readonly runId: string;
  readonly alertLevel: 1 | 2;
  readonly status: 'warning' | 'critical';
  readonly startedAt: string;
  readonly counts: StoredReport['counts'];
  readonly symbolsChecked: number;
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
    findings: findings.slice(0, ALERT_DELIVERY.maxFindings),
    omittedFindings: Math.max(0, findings.length - ALERT_DELIVERY.maxFindings),
  };
}
