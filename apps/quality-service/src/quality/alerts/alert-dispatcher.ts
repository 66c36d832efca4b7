import type { StoredReport } from '../report/stored-report';
import { alertPayloadOf, type AlertPayload } from './alert-payload';
import { ALERT_DELIVERY, type AlertDelivery } from './alert-retry.constants';

export interface AlertLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface AlertDispatcherOptions {
  /** QUALITY_ALERT_WEBHOOK_URL; alerts go to the log when absent. */
  readonly webhookUrl?: string;
  readonly logger: AlertLogger;
  readonly delivery?: Partial<AlertDelivery>;
}

export type DeliveryOutcome = { delivered: true; attempts: number } | { delivered: false; attempts: number; reason: string };

/**
 * Sends a report with alert level > 0 to the webhook, retrying with backoff,
 * in the background: `dispatch` returns at once, so a slow or dead receiver
 * never delays a quality run. Without a webhook the alert is a log line.
 */
export class AlertDispatcher {
  private readonly inFlight = new Set<Promise<DeliveryOutcome>>();
  private readonly delivery: AlertDelivery;

  constructor(private readonly options: AlertDispatcherOptions) {
    this.delivery = { ...ALERT_DELIVERY, ...options.delivery };
  }

  /** Fire and forget; returns the delivery promise for whoever wants to watch it. */
  dispatch(report: StoredReport): Promise<DeliveryOutcome> | null {
    // Nothing to alert on: an ok run, or one that had nothing to check (alertLevel null).
    if (report.alertLevel === null || report.alertLevel === 0) return null;
    const payload = alertPayloadOf(report as StoredReport & { alertLevel: 1 | 2 });
    if (this.options.webhookUrl === undefined) {
      this.options.logger.warn(`quality alert level ${payload.alertLevel} (${payload.status}) for run ${payload.runId}`, {
        alert: payload,
      });
      return null;
    }
    const delivery = this.deliver(this.options.webhookUrl, payload);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
    return delivery;
  }

  /** Waits for deliveries under way (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private async deliver(url: string, payload: AlertPayload): Promise<DeliveryOutcome> {
    let reason = '';
    for (let attempt = 1; attempt <= this.delivery.attempts; attempt++) {
      if (attempt > 1) await sleep(this.delivery.backoffMs * 2 ** (attempt - 2));
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(this.delivery.timeoutMs),
        });
        await response.arrayBuffer();
        if (response.ok) return { delivered: true, attempts: attempt };
        reason = `HTTP ${response.status}`;
      } catch (error) {
        reason = (error as Error).message;
      }
    }
    this.options.logger.error(`quality alert for run ${payload.runId} not delivered after ${this.delivery.attempts} attempts: ${reason}`, {
      alert: payload,
    });
    return { delivered: false, attempts: this.delivery.attempts, reason };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
