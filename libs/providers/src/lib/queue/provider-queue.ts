import type { JobCodec, ProviderJob } from '@mdi/domain';
import type { Redis } from 'ioredis';
import { Job, Queue, QueueEvents, type ConnectionOptions, type JobsOptions } from 'bullmq';
import {
  DEFAULT_MAX_RETRIES,
  KEEP_COMPLETED_JOBS_SECONDS,
  KEEP_FAILED_JOBS_SECONDS,
  RETRY_BASE_DELAY_MS,
  RETRY_JITTER,
} from '../resilience/resilience.constants';
import type { ProviderLogger } from '../observability/provider-logger';
import { connectionErrorListener } from './connection-error-log';
import type { JobOutcome } from './job-results';
import { callJobId, toJobData, type ProviderCall } from './provider-call';

export interface ProviderQueueOptions<J extends ProviderJob> {
  readonly connection: ConnectionOptions;
  /** The provider's job codec: names each call's job (its deterministic id). */
  readonly jobs: JobCodec<J>;
  /** Redis key prefix; tests use a unique one. BullMQ's default is "bull". */
  readonly prefix?: string;
  /** DATA_INGESTION_MAX_RETRIES: attempts after the first one. */
  readonly maxRetries?: number;
  readonly retryBaseDelayMs?: number;
  /** Names the queue in connection-error logs. */
  readonly provider?: string;
  readonly logger?: ProviderLogger;
  /** Scrubbed from logged connection errors (Redis password, API keys). */
  readonly secrets?: readonly string[];
  /**
   * The BullMQ queue to produce into: in a Nest app the one @nestjs/bullmq
   * registered (ProvidersModule, getQueueToken(name)), whose connection and
   * prefix are its own. Without it one is made from connection and prefix.
   */
  readonly queue?: Queue;
}

export type EnqueueStatus = 'added' | 'already-queued' | 'retried';

export interface EnqueueResult {
  readonly jobId: string;
  readonly status: EnqueueStatus;
}

/** What the limiter in Redis says about the shared budget right now. */
export interface BudgetState {
  /** Calls started in the current window (or the max while a 429 pause holds the queue). */
  readonly used: number;
  /** Time left in the current window or pause; 0 when no window is open. */
  readonly resetsInMs: number;
}

/** Why the whole queue is not taking jobs right now (a 429 pause), as every replica sees it. */
export interface QueuePause {
  readonly reason: string;
  readonly resumesInMs: number;
}

/**
 * The producer side of one provider queue, usable from any replica. Each
 * job is one provider call; its id is deterministic, so the same work
 * enqueued by several replicas (or twice) exists once. Built on the BullMQ
 * queue it is given (options.queue) or one of its own.
 */
export class ProviderQueue<J extends ProviderJob> {
  /** The BullMQ queue underneath (job lookups, counts, pause state). */
  readonly bullQueue: Queue;
  private events?: QueueEvents;
  private readonly jobOptions: JobsOptions;

  constructor(
    readonly name: string,
    private readonly options: ProviderQueueOptions<J>,
  ) {
    if (options.queue && options.queue.name !== name)
      throw new Error(`queue ${options.queue.name} cannot be used as ${name}`);
    this.bullQueue = options.queue ?? new Queue(name, { connection: options.connection, prefix: options.prefix });
    this.bullQueue.on('error', this.connectionErrors('queue'));
    this.jobOptions = {
      // Every retry is a new pass through the shared limiter (see README).
      attempts: (options.maxRetries ?? DEFAULT_MAX_RETRIES) + 1,
      backoff: { type: 'exponential', delay: options.retryBaseDelayMs ?? RETRY_BASE_DELAY_MS, jitter: RETRY_JITTER },
      // Kept for a while so a deterministic id is not run again the same day.
      removeOnComplete: { age: KEEP_COMPLETED_JOBS_SECONDS },
      removeOnFail: { age: KEEP_FAILED_JOBS_SECONDS },
    };
  }

  /**
   * Adds the call unless a job with its id exists. A job that failed for
   * good is retried instead: otherwise its id would block the work until
   * the failed job expires (a wedged queue).
   */
  async enqueue(call: ProviderCall<J>): Promise<EnqueueResult> {
    const jobId = callJobId(call, this.options.jobs);
    const existing = await this.bullQueue.getJob(jobId);
    if (existing) {
      if ((await existing.getState()) === 'failed') {
        await existing.retry('failed');
        return { jobId, status: 'retried' };
      }
      return { jobId, status: 'already-queued' };
    }
    await this.bullQueue.add(call.job.kind, toJobData(call), { ...this.jobOptions, jobId });
    return { jobId, status: 'added' };
  }

  /** Enqueues the call and waits for its handler's outcome (diagnostics, tests, admin endpoints). */
  async callAndWait(call: ProviderCall<J>, timeoutMs = 120_000): Promise<JobOutcome> {
    const events = await this.queueEvents();
    const { jobId } = await this.enqueue(call);
    const job = await Job.fromId(this.bullQueue, jobId);
    if (!job) throw new Error(`job ${jobId} vanished before it could be awaited`);
    return (await job.waitUntilFinished(events, timeoutMs)) as JobOutcome;
  }

  /** The limiter's counter and window in Redis (the same key every replica's worker uses). */
  async budget(): Promise<BudgetState> {
    const client = await this.bullQueue.getBackend().client;
    const [used, ttl] = await Promise.all([
      client.get(this.bullQueue.keys['limiter']),
      this.bullQueue.getRateLimitTtl(1),
    ]);
    return { used: used === null ? 0 : Number(used), resetsInMs: ttl > 0 ? ttl : 0 };
  }

  /**
   * Records why the queue is paused, for as long as the pause lasts, beside
   * BullMQ's limiter key: progress views on any replica can then say
   * "paused: rate limited" instead of estimating from a stopped queue.
   */
  async notePause(reason: string, ms: number): Promise<void> {
    const client = await this.redis();
    await client.set(
      this.pauseKey,
      JSON.stringify({ reason, until: Date.now() + ms }),
      'PX',
      Math.max(1, Math.round(ms)),
    );
  }

  /** The pause in force, or null when the queue takes jobs. */
  async currentPause(): Promise<QueuePause | null> {
    const client = await this.redis();
    const [text, ttl] = await Promise.all([client.get(this.pauseKey), client.pttl(this.pauseKey)]);
    if (text === null || ttl <= 0) return null;
    const reason = (JSON.parse(text) as { reason?: unknown }).reason;
    return { reason: typeof reason === 'string' ? reason : 'paused', resumesInMs: ttl };
  }

  /**
   * A lease on a named piece of periodic work for `ms`, so that one replica
   * does it per period: true for the replica that got it. Kept beside the
   * queue's keys; it simply expires (a replica that dies holding it only
   * delays the next round).
   */
  async tryLease(name: string, ms: number): Promise<boolean> {
    const client = await this.redis();
    return (
      (await client.set(
        `${this.bullQueue.qualifiedName}:lease:${name}`,
        String(process.pid),
        'PX',
        Math.max(1, Math.round(ms)),
        'NX',
      )) === 'OK'
    );
  }

  /** BullMQ's own connection (ioredis), typed by BullMQ as its narrower client interface. */
  async redis(): Promise<Redis> {
    return (await this.bullQueue.getBackend().client) as unknown as Redis;
  }

  private get pauseKey(): string {
    return `${this.bullQueue.keys['limiter']}:pause-reason`;
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.bullQueue.close();
  }

  private connectionErrors(component: 'queue' | 'queue-events'): (error: Error) => void {
    const { provider, logger, secrets } = this.options;
    return connectionErrorListener(provider ?? this.name, component, { logger, secrets });
  }

  private async queueEvents(): Promise<QueueEvents> {
    if (!this.events) {
      // Read from the queue's own options: a registered queue brings its prefix.
      this.events = new QueueEvents(this.name, {
        connection: this.options.connection,
        prefix: this.bullQueue.opts.prefix,
      });
      this.events.on('error', this.connectionErrors('queue-events'));
      await this.events.waitUntilReady();
    }
    return this.events;
  }
}
