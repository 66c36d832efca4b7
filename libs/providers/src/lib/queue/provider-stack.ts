import type { ProviderJob } from '@mdi/domain';
import type { Queue } from 'bullmq';
import type { ProviderLogger } from '../observability/provider-logger';
import type { ProviderMetrics } from '../observability/provider-metrics';
import { ProviderCircuitBreaker } from '../resilience/provider-circuit-breaker';
import type { RetryLaterPolicy } from '../resilience/retry-later';
import type { CallDefinition } from './call-definitions';
import { redisUrlSecrets } from './connection-error-log';
import { JobHandlerRegistry } from './job-handler.registry';
import { ProviderQueue } from './provider-queue';
import { ProviderWorker } from './provider-worker';
import { redisConnection } from './redis-connection';
import type { StorageGate } from './storage-gate';

export interface QueueSettings {
  readonly redisUrl: string;
  /** Redis key prefix; unique per test run. */
  readonly prefix?: string;
  /** Calls per window for all replicas together. */
  readonly rateLimit: number;
  readonly rateWindowMs: number;
  /** DATA_INGESTION_MAX_RETRIES. */
  readonly maxRetries: number;
  readonly retryBaseDelayMs?: number;
  /** Pause after a 429 without Retry-After. */
  readonly defaultRetryAfterMs: number;
  readonly breaker?: { readonly consecutiveFailures?: number; readonly halfOpenAfterMs?: number };
  readonly concurrency?: number;
  /** When a job whose data is not published yet is tried again (default: 15 min after today's close). */
  readonly retryLater?: RetryLaterPolicy;
  /** The provider's credentials, scrubbed from logged connection errors with the Redis password. */
  readonly secrets?: readonly string[];
  /** Worker lock on a running job and stalled-job check interval (defaults 30 s each). */
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  /** Pages a listing may have before paging is stopped as endless (default MAX_PAGES_PER_LISTING). */
  readonly maxPagesPerListing?: number;
  /**
   * Another queue (same prefix) whose limiter is this queue's budget too: one API key served by two
   * queues (Alpaca's trading calls and its market data). Every call then also takes a slot there.
   */
  readonly sharedBudgetQueue?: string;
  /**
   * The queue's BullMQ Queue when something else registered it (ProvidersModule: @nestjs/bullmq's
   * BullModule.registerQueueAsync); otherwise the stack makes its own from redisUrl and prefix.
   */
  readonly queue?: Queue;
}

/**
 * Everything one provider queue needs, wired once: the producer (any
 * replica can enqueue), the handler registry the app fills, the breaker and
 * the worker. Creating it starts nothing; startWorker() checks the handlers.
 * In a Nest app the BullMQ Queue and Worker underneath are the ones
 * @nestjs/bullmq registered (settings.queue, worker.attach()); outside Nest
 * (scripts, test processes, benches) the stack makes its own.
 */
export class ProviderStack<J extends ProviderJob> {
  readonly queue: ProviderQueue<J>;
  readonly handlers: JobHandlerRegistry<J>;
  readonly breaker: ProviderCircuitBreaker;
  readonly worker: ProviderWorker<J>;

  constructor(
    readonly definition: CallDefinition<J>,
    settings: QueueSettings,
    observability: { readonly metrics?: ProviderMetrics; readonly logger?: ProviderLogger } = {},
  ) {
    const connection = redisConnection(settings.redisUrl);
    const secrets = [...redisUrlSecrets(settings.redisUrl), ...(settings.secrets ?? [])];
    this.queue = new ProviderQueue<J>(definition.queueName, {
      connection,
      jobs: definition.jobs,
      prefix: settings.prefix,
      maxRetries: settings.maxRetries,
      retryBaseDelayMs: settings.retryBaseDelayMs,
      provider: definition.provider,
      logger: observability.logger,
      secrets,
      queue: settings.queue,
    });
    this.handlers = new JobHandlerRegistry<J>(definition.queueName, definition.jobs.kinds);
    this.breaker = new ProviderCircuitBreaker(definition.provider, { ...settings.breaker, ...observability });
    this.worker = new ProviderWorker<J>(definition, this.handlers, this.breaker, this.queue, {
      connection,
      prefix: settings.prefix,
      rateLimit: settings.rateLimit,
      rateWindowMs: settings.rateWindowMs,
      defaultRetryAfterMs: settings.defaultRetryAfterMs,
      concurrency: settings.concurrency,
      logger: observability.logger,
      retryLater: settings.retryLater,
      secrets,
      lockDurationMs: settings.lockDurationMs,
      stalledIntervalMs: settings.stalledIntervalMs,
      maxPagesPerListing: settings.maxPagesPerListing,
      sharedBudgetQueue: settings.sharedBudgetQueue,
    });
  }

  /** Calls the provider only while storage can take the answers (see ProviderWorker.guardStorage). */
  guardStorage(gate: StorageGate): void {
    this.worker.guardStorage(gate);
  }

  startWorker(): Promise<void> {
    return this.worker.start();
  }

  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
  }
}
