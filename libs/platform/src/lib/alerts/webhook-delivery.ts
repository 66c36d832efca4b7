export interface WebhookDelivery {
  readonly attempts: number;
  /** Wait before retry n (1-based) is backoffMs * 2^(n-1). */
  readonly backoffMs: number;
  /** Per attempt; a hanging receiver must not pile up requests. */
  readonly timeoutMs: number;
}

/** 4 attempts, 0.5 s, 1 s and 2 s apart, 5 s each. */
export const WEBHOOK_DELIVERY: WebhookDelivery = { attempts: 4, backoffMs: 500, timeoutMs: 5_000 };

export type DeliveryOutcome =
  { delivered: true; attempts: number } | { delivered: false; attempts: number; reason: string };

/** POSTs `payload` as JSON until a 2xx answer or the attempts are spent; never throws. */
export async function deliverJson(
  url: string,
  payload: unknown,
  delivery: WebhookDelivery = WEBHOOK_DELIVERY,
): Promise<DeliveryOutcome> {
  let reason = '';
  for (let attempt = 1; attempt <= delivery.attempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, delivery.backoffMs * 2 ** (attempt - 2)));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(delivery.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) return { delivered: true, attempts: attempt };
      reason = `HTTP ${response.status}`;
    } catch (error) {
      reason = (error as Error).message;
    }
  }
  return { delivered: false, attempts: delivery.attempts, reason };
}
