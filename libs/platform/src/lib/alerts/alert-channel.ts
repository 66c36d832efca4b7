import type { MetricsService } from '../metrics/metrics.service';
import type { SystemAlert } from './system-alert';
import { deliverJson, WEBHOOK_DELIVERY, type DeliveryOutcome, type WebhookDelivery } from './webhook-delivery';

export interface AlertLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export interface AlertChannelOptions {
  readonly serviceName: string;
  /** ALERT_WEBHOOK_URL; without it an alert is the log line and the metric. */
  readonly webhookUrl?: string;
  /** The same key is alerted again only after this long (default 30 min). */
  readonly repeatAfterMs?: number;
  readonly delivery?: Partial<WebhookDelivery>;
  /** Milliseconds since the epoch; the repeat rule's clock (tests pass their own). */
  readonly clock?: () => number;
}

/** Claims an alert key for `ms` across replicas: true for the one replica that should send it. */
export type AlertClaim = (key: string, ms: number) => Promise<boolean>;

export const ALERT_REPEAT_AFTER_MS = 30 * 60_000;

export interface RaisedAlert {
  readonly delivery: Promise<DeliveryOutcome> | null;
}

/**
 * The system's one alert path: every condition that needs a person becomes
 * an error-level log line with structured fields (`alert_kind`, `severity`,
 * `success: false` and the alert's own fields), a count in
 * `mdi_alerts_total{kind,severity}`, and a JSON POST to the webhook with
 * retries, in the background. A key repeats at most once per repeatAfterMs,
 * per process, and across replicas once a shared claim is set (Redis).
 */
export class AlertChannel {
  private readonly lastRaised = new Map<string, number>();
  private readonly inFlight = new Set<Promise<DeliveryOutcome>>();
  private claim: AlertClaim | null = null;

  constructor(
    private readonly options: AlertChannelOptions,
    private readonly log: AlertLog,
    private readonly metrics: MetricsService,
  ) {}

  /** Shares "this key was just alerted" across replicas (a Redis SET NX PX). */
  useClaim(claim: AlertClaim): void {
    this.claim = claim;
  }

  get webhookConfigured(): boolean {
    return this.options.webhookUrl !== undefined;
  }

  /**
   * Raises the alert unless its key was raised within the repeat interval.
   * Null when it was not raised; else `delivery`, the webhook delivery under
   * way in the background (null without a webhook), wrapped so that awaiting
   * raise() never waits for the receiver.
   */
  async raise(alert: SystemAlert): Promise<RaisedAlert | null> {
    const repeatAfterMs = this.options.repeatAfterMs ?? ALERT_REPEAT_AFTER_MS;
    const now = (this.options.clock ?? Date.now)();
    this.forgetExpired(now, repeatAfterMs);
    const last = this.lastRaised.get(alert.key);
    if (last !== undefined && now - last < repeatAfterMs) return null;
    this.lastRaised.set(alert.key, now);
    if (this.claim && !(await this.claimed(alert.key, repeatAfterMs))) return null;

    const raisedAt = new Date().toISOString();
    this.log.error(
      { alert_kind: alert.kind, severity: alert.severity, alert_key: alert.key, success: false, ...alert.details },
      `ALERT ${alert.kind}: ${alert.summary}`,
    );
    this.metrics.alerts.inc({ kind: alert.kind, severity: alert.severity });
    if (this.options.webhookUrl === undefined) return { delivery: null };
    const body = {
      service: this.options.serviceName,
      kind: alert.kind,
      severity: alert.severity,
      summary: alert.summary,
      key: alert.key,
      raisedAt,
      ...alert.details,
    };
    const delivery = deliverJson(this.options.webhookUrl, body, { ...WEBHOOK_DELIVERY, ...this.options.delivery }).then(
      (outcome) => {
        if (!outcome.delivered) {
          this.log.error(
            {
              alert_kind: alert.kind,
              alert_key: alert.key,
              attempts: outcome.attempts,
              error: outcome.reason,
              success: false,
            },
            `alert not delivered to the webhook after ${outcome.attempts} attempts: ${outcome.reason}`,
          );
        }
        return outcome;
      },
    );
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
    return { delivery };
  }

  /** Keys remembered for the repeat rule: only those raised within the repeat interval, so the count stays bounded. */
  get rememberedKeys(): number {
    return this.lastRaised.size;
  }

  /** Per-run keys (`backfill:run:<id>:stalled`) would otherwise accumulate for the life of the process. */
  private forgetExpired(now: number, repeatAfterMs: number): void {
    for (const [key, at] of this.lastRaised) {
      if (now - at >= repeatAfterMs) this.lastRaised.delete(key);
    }
  }

  /** Waits for webhook deliveries under way (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** A claim that cannot be asked (Redis down) raises here: a duplicate beats a lost alert. */
  private async claimed(key: string, ms: number): Promise<boolean> {
    try {
      return await (this.claim as AlertClaim)(key, ms);
    } catch {
      return true;
    }
  }
}
