import type { PolygonJob } from '@mdi/domain';
import { withTimeout } from '@mdi/platform';
import { POLYGON_STACK, type ProviderStack, type QueuePause } from '@mdi/providers';
import { Inject, Injectable } from '@nestjs/common';

/** Redis answers for progress views must not hold them up while Redis is down. */
const REDIS_TIMEOUT_MS = 500;

/** What the Polygon queue is doing, as a progress view needs it to explain a wait. */
export interface QueueState {
  /** A whole-queue pause (a 429), with its reason and time left. */
  readonly pause: QueuePause | null;
  /** Calls waiting for a later time (data not available yet, open circuit, retry backoff). */
  readonly delayed: number;
  /** Calls ready to run or running. */
  readonly ready: number;
}

@Injectable()
export class PolygonQueueState {
  constructor(@Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>) {}

  /** Null when Redis does not answer quickly: the view then shows progress without the queue. */
  async read(): Promise<QueueState | null> {
    try {
      const [pause, counts] = await withTimeout(
        Promise.all([
          this.polygon.queue.currentPause(),
          this.polygon.queue.bullQueue.getJobCounts('waiting', 'delayed', 'active', 'prioritized'),
        ]),
        REDIS_TIMEOUT_MS,
        'Redis',
      );
      return {
        pause,
        delayed: counts['delayed'] ?? 0,
        ready: (counts['waiting'] ?? 0) + (counts['active'] ?? 0) + (counts['prioritized'] ?? 0),
      };
    } catch {
      return null;
    }
  }
}
