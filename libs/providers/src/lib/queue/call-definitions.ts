import type { JobCodec, ProviderJob } from '@mdi/domain';
import type { ProviderResult } from '../contract/provider-result';
import type { ResultOf } from './job-results';
import type { ProviderCall } from './provider-call';

/**
 * How one provider queue turns a job into exactly one provider call: the
 * whole of what the queue machinery knows about a provider. Each provider
 * has its own (polygon/polygon-calls.ts, alpaca/alpaca-calls.ts).
 */
export interface CallDefinition<J extends ProviderJob> {
  /** Names the provider in logs, metrics, alerts and the circuit breaker. */
  readonly provider: string;
  /** The BullMQ queue, whose limiter is this provider's call budget. */
  readonly queueName: string;
  /** The provider's job kinds, and how they are parsed back from Redis and identified. */
  readonly jobs: JobCodec<J>;
  perform(call: ProviderCall<J>): Promise<ResultOf<J['kind']>>;
  /** The job of the next page of a listing, or null on its last page. */
  nextCall(call: ProviderCall<J>, result: ProviderResult<unknown>): ProviderCall<J> | null;
}

/** The cursor of a result's next page, or null on the last page (or a result that does not page). */
export function nextCursorOf(result: ProviderResult<unknown>): string | null {
  const next = (result as { nextCursor?: unknown }).nextCursor;
  return typeof next === 'string' && next.length > 0 ? next : null;
}
