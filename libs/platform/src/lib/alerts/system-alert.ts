/** Conditions that need a person, across the system (one alert path: AlertChannel). */
export const ALERT_KINDS = [
  'backfill-stalled',
  'job-failed',
  'circuit-open',
  'storage-unreachable',
  'redis-unreachable',
  'quality-report',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface SystemAlert {
  readonly kind: AlertKind;
  readonly severity: 'warning' | 'critical';
  /** One line for a person: what is wrong and since when. Never a secret. */
  readonly summary: string;
  /**
   * What identifies the condition (e.g. `polygon:circuit`, `backfill:run:7`):
   * one key is alerted once per repeat interval, across replicas when the
   * channel has a shared claim.
   */
  readonly key: string;
  /** Structured fields for the log line and the webhook body (provider, run_id, job_id, ...). */
  readonly details?: Readonly<Record<string, unknown>>;
}
