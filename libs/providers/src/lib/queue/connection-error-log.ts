import { redactSecrets } from '@mdi/platform';
import type { ProviderLogger } from '../observability/provider-logger';
import { CONNECTION_ERROR_LOG_INTERVAL_MS } from '../resilience/resilience.constants';

export type QueueComponent = 'queue' | 'queue-events' | 'worker';

/**
 * The 'error' listener of a BullMQ Queue, QueueEvents or Worker. Without one,
 * a Redis drop is an unhandled 'error' event and kills the process; ioredis
 * reconnects by itself, so logging is all there is to do. While Redis is down
 * ioredis fails every reconnect, so each component logs its first error, then
 * at most one line per interval with the count of those it swallowed.
 */
export function connectionErrorListener(
  provider: string,
  component: QueueComponent,
  options: { readonly logger?: ProviderLogger; readonly secrets?: readonly string[]; readonly intervalMs?: number },
): (error: Error) => void {
  const intervalMs = options.intervalMs ?? CONNECTION_ERROR_LOG_INTERVAL_MS;
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let swallowed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < intervalMs) {
      swallowed += 1;
      return;
    }
    options.logger?.error(
      {
        provider,
        component,
        error: redactSecrets(error instanceof Error ? error.message : String(error), options.secrets ?? []),
        repeats_since_last_line: swallowed,
        success: false,
      },
      'provider queue connection error',
    );
    lastLoggedAt = now;
    swallowed = 0;
  };
}

/** The credentials in a REDIS_URL, to scrub from connection errors. */
export function redisUrlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [decodeURIComponent(parsed.password), decodeURIComponent(parsed.username)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}
