export interface AlertDelivery {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
  readonly maxFindings: number;
}

/** Webhook delivery: attempts and waits between them, in one place. */
export const ALERT_DELIVERY: AlertDelivery = {
  attempts: 4,
  /** Wait before retry n (1-based) is backoffMs * 2^(n-1): 0.5 s, 1 s, 2 s. */
  backoffMs: 500,
  /** Per attempt; a hanging receiver must not pile up requests. */
  timeoutMs: 5_000,
  /** Findings listed in one alert; the counts always cover all of them. */
  maxFindings: 50,
};
