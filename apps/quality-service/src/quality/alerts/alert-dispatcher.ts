import type { AlertChannel, RaisedAlert } from '@mdi/platform';
import type { StoredReport } from '../report/stored-report';
import { alertPayloadOf } from './alert-payload';

/**
 * A report with alert level > 0 becomes an alert on the system's one alert
 * path (AlertChannel: error log line, mdi_alerts_total, the webhook with
 * retries in the background), its body the report summary of AlertPayload.
 * `dispatch` returns at once, so a slow or dead receiver never delays a run.
 */
export class AlertDispatcher {
  constructor(private readonly channel: AlertChannel) {}

  /** Null when there is nothing to alert on (or the key was just alerted); else the raised alert. */
  async dispatch(report: StoredReport): Promise<RaisedAlert | null> {
    // Nothing to alert on: an ok run, or one that had nothing to check (alertLevel null).
    if (report.alertLevel === null || report.alertLevel === 0) return null;
    const payload = alertPayloadOf(report as StoredReport & { alertLevel: 1 | 2 });
    const found = Object.entries(payload.counts)
      .filter(([, n]) => n > 0)
      .map(([check, n]) => `${n} ${check}`);
    return this.channel.raise({
      kind: 'quality-report',
      severity: payload.status,
      key: `quality:run:${payload.runId}`,
      summary: `quality alert level ${payload.alertLevel} (${payload.status}) for run ${payload.runId}: ${found.join(', ') || 'see the report'}`,
      details: { ...payload },
    });
  }

  /** Waits for deliveries under way (shutdown, tests). */
  drain(): Promise<void> {
    return this.channel.drain();
  }
}
