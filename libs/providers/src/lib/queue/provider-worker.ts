import type { ProviderJob } from '@mdi/domain';
import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job, type WorkerOptions } from 'bullmq';
import type { ProviderResult } from '../contract/provider-result';
import { ProviderError } from '../errors/provider-error';
import type { ProviderLogger } from '../observability/provider-logger';
import { CircuitOpenError, type ProviderCircuitBreaker } from '../resilience/provider-circuit-breaker';
import {
  BREAKER_MIN_JOB_DELAY_MS,
  DEFAULT_RATE_WINDOW_MS,
  MAX_PAGES_PER_LISTING,
  STORAGE_RECHECK_MS,
  WORKER_LOCK_DURATION_MS,
  WORKER_STALLED_INTERVAL_MS,
} from '../resilience/resilience.constants';
import { retryAfterSessionClose, type RetryLaterPolicy } from '../resilience/retry-later';
import type { CallDefinition } from './call-definitions';
import { connectionErrorListener } from './connection-error-log';
import { FetchedAnswers } from './fetched-answers';
import type { JobHandlerRegistry } from './job-handler.registry';
import { RetryLaterError, type JobOutcome } from './job-results';
import { takeBudgetSlot } from './budget-slot';
import { decidePaging } from './paging-guard';
import { parseCall } from './provider-call';
import type { ProviderQueue } from './provider-queue';
import type { StorageGate } from './storage-gate';

export interface ProviderWorkerOptions {
  readonly connection: ConnectionOptions;
  readonly prefix?: string;
  /** Calls per window, shared through Redis by every worker of this queue. */
  readonly rateLimit: number;
  readonly rateWindowMs?: number;
  /** Pause after a 429 that carries no Retry-After. */
  readonly defaultRetryAfterMs: number;
  readonly concurrency?: number;
  readonly logger?: ProviderLogger;
  /** When a job whose data is not published yet is tried again (default: 15 min after today's close). */
  readonly retryLater?: RetryLaterPolicy;
  /** Scrubbed from logged connection errors (Redis password, API keys). */
  readonly secrets?: readonly string[];
  /** Lock on a running job (default 30 s); a dead worker's job is free once it expires. */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose lock expired (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** Pages a listing may have before paging is stopped (default MAX_PAGES_PER_LISTING). */
  readonly maxPagesPerListing?: number;
  /** How long the queue pauses at a time while storage is unavailable (default STORAGE_RECHECK_MS). */
  readonly storageRecheckMs?: number;
  /** Another queue whose limiter this queue's calls also spend (one key, two queues; see QueueSettings). */
  readonly sharedBudgetQueue?: string;
}

/**
 * The budget "N calls per window" as BullMQ's limiter: one call per
 * window/N. BullMQ's window is fixed and starts at its first job, so
 * { max: N, duration: window } allows N calls at the end of one window and N
 * more at the start of the next: 2N inside one of the provider's sliding
 * windows. Spacing keeps every window (wherever the provider starts it) at N.
 */
export function spacedLimiter(rateLimit: number, windowMs: number): { max: number; duration: number } {
  if (!Number.isInteger(rateLimit) || rateLimit < 1)
    throw new RangeError(`rate limit must be a whole number >= 1, got ${rateLimit}`);
  return { max: 1, duration: Math.ceil(windowMs / rateLimit) };
}

function positiveMs(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number of ms >= 1, got ${value}`);
  return value;
}

/** The settings a provider worker's BullMQ options come from. */
export type ProviderWorkerSettings = Pick<
  ProviderWorkerOptions,
  'rateLimit' | 'rateWindowMs' | 'concurrency' | 'lockDurationMs' | 'stalledIntervalMs'
>;

/**
 * The BullMQ options of a provider queue's worker, connection and prefix
 * aside (they are the queue's): the spaced limiter that is the call budget
 * of every replica together, the concurrency, the lock on a running job and
 * the stalled-job check. Not autorun: ProviderWorker.start() runs the
 * worker once every job kind has a handler. The same options whether the
 * worker is made here or registered by @nestjs/bullmq (ProvidersModule
 * passes them to @Processor).
 */
export function providerWorkerOptions(
  settings: ProviderWorkerSettings,
): Required<Pick<WorkerOptions, 'concurrency' | 'limiter' | 'lockDuration' | 'stalledInterval' | 'autorun'>> {
  return {
    concurrency: settings.concurrency ?? 1,
    limiter: spacedLimiter(settings.rateLimit, settings.rateWindowMs ?? DEFAULT_RATE_WINDOW_MS),
    lockDuration: positiveMs(settings.lockDurationMs ?? WORKER_LOCK_DURATION_MS, 'lockDurationMs'),
    stalledInterval: positiveMs(settings.stalledIntervalMs ?? WORKER_STALLED_INTERVAL_MS, 'stalledIntervalMs'),
    autorun: false,
  };
}

/**
 * The consumer side of one provider queue. Its BullMQ limiter, kept in
 * Redis, is the provider's call budget for all replicas together; since a
 * job is one call, the limiter counts calls exactly, retries included.
 *
 * Its BullMQ Worker is either attached (attach(): the one @nestjs/bullmq
 * registered for the queue, whose processor is process() and whose
 * 'failed'/'error' events come to onJobFailed()/onWorkerError()) or, for
 * code outside Nest, made by start() with the same options
 * (providerWorkerOptions).
 */
export class ProviderWorker<J extends ProviderJob> {
  private worker?: Worker;
  private running = false;
  private readonly retryLater: RetryLaterPolicy;
  private storage?: StorageGate;
  private readonly fetched: FetchedAnswers;
  /** The storage outage this worker is waiting out (logged once when it starts and once when it ends). */
  private storageOutage: { readonly reason: string; readonly since: number } | null = null;

  constructor(
    private readonly definition: CallDefinition<J>,
    private readonly handlers: JobHandlerRegistry<J>,
    private readonly breaker: ProviderCircuitBreaker,
    /** Where follow-up pages are enqueued. */
    private readonly queue: ProviderQueue<J>,
    private readonly options: ProviderWorkerOptions,
  ) {
    this.retryLater = options.retryLater ?? retryAfterSessionClose();
    this.fetched = new FetchedAnswers(() => queue.redis(), queue.bullQueue.qualifiedName);
    this.onWorkerError = connectionErrorListener(definition.provider, 'worker', options);
  }

  /**
   * Makes the worker storage-aware (set before start): it calls the provider
   * only while storage can take the answer, pauses the queue (every replica)
   * while it cannot, and keeps an answer it could not store for the next
   * attempt. Neither spends one of the job's attempts.
   */
  guardStorage(gate: StorageGate): void {
    this.storage = gate;
  }

  /** The storage outage this worker is waiting out, if any. */
  storageOutageSince(): { readonly reason: string; readonly since: Date } | null {
    return this.storageOutage ? { reason: this.storageOutage.reason, since: new Date(this.storageOutage.since) } : null;
  }

  /** The BullMQ worker underneath, once attached or started. */
  get bullWorker(): Worker | undefined {
    return this.worker;
  }

  /**
   * Takes a BullMQ worker made elsewhere (the one @nestjs/bullmq registered
   * for this queue) instead of making one in start(). It must be this
   * queue's, not running yet (autorun: false), with process() as its
   * processor and its 'failed' and 'error' events sent to onJobFailed() and
   * onWorkerError().
   */
  attach(worker: Worker): void {
    if (worker.name !== this.definition.queueName)
      throw new Error(`worker of queue ${worker.name} cannot serve ${this.definition.queueName}`);
    if (worker.opts.autorun !== false)
      throw new Error(`the worker of ${worker.name} must be created with autorun: false (start() runs it)`);
    if (this.worker && this.worker !== worker) throw new Error(`${worker.name} already has a worker`);
    this.worker = worker;
  }

  /** Fails (before taking any job) when a job kind has no handler; then runs the worker. */
  async start(): Promise<void> {
    this.handlers.assertComplete();
    if (this.running) return;
    const worker = this.worker ?? this.createWorker();
    this.worker = worker;
    this.running = true;
    worker.run().catch((error: Error) => worker.emit('error', error));
    await worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
    this.running = false;
  }

  /** A job attempt failed: logged; a job that failed for good goes to the final-failure listeners. */
  onJobFailed(job: Job | undefined, error: Error): void {
    this.options.logger?.warn(
      {
        provider: this.definition.provider,
        job_id: job?.id,
        attempts: job?.attemptsMade,
        error: error.message,
        success: false,
      },
      'provider job attempt failed',
    );
    // BullMQ sets finishedOn only when the job failed for good (no attempt left, or unrecoverable).
    if (job && typeof job.finishedOn === 'number') void this.announceFinalFailure(job, error);
  }

  /** The worker's Redis connection failed: logged (at most one line per interval, secrets scrubbed), never thrown. */
  readonly onWorkerError: (error: Error) => void;

  /** Outside Nest: the worker this class runs itself. */
  private createWorker(): Worker {
    const worker = new Worker(this.definition.queueName, (job, token) => this.process(job, token), {
      connection: this.options.connection,
      prefix: this.options.prefix,
      ...providerWorkerOptions(this.options),
    });
    worker.on('failed', (job, error) => this.onJobFailed(job, error));
    worker.on('error', this.onWorkerError);
    return worker;
  }

  /** One job, one provider call: the processor of the queue's BullMQ worker. */
  async process(job: Job, token?: string): Promise<JobOutcome> {
    const started = Date.now();
    const parsed = parseCall(job.data, this.definition.jobs);
    if (!parsed.ok) {
      // Retrying cannot repair a payload.
      throw new UnrecoverableError(`job data refused: ${parsed.reasons.join('; ')}`);
    }
    const call = parsed.value;
    const kind: J['kind'] = call.job.kind;
    const handler = this.handlers.get(kind);
    const jobId = job.id ?? '';

    const unavailable = await this.storage?.unavailableReason();
    if (unavailable) throw await this.pauseForStorage(unavailable);
    this.storageRecovered();

    const kept = await this.fetched.find<ProviderResult<unknown>>(jobId);
    let result: ProviderResult<unknown>;
    if (kept !== undefined) {
      result = kept;
    } else {
      await this.takeSharedSlot();
      try {
        result = await this.breaker.execute(() => this.definition.perform(call));
      } catch (error) {
        throw await this.onCallFailure(job, error, token);
      }
    }

    const paging = decidePaging(
      call,
      this.definition.nextCall(call, result),
      result.items.length + result.rejected.length,
      this.options.maxPagesPerListing ?? MAX_PAGES_PER_LISTING,
    );
    if (paging.kind === 'stopped') {
      this.options.logger?.warn(
        { provider: this.definition.provider, job_id: job.id, kind, reason: paging.reason },
        'provider listing paging stopped',
      );
    }
    let outcome: JobOutcome;
    try {
      outcome = await handler(
        (paging.kind === 'stopped' ? { ...result, nextCursor: null } : result) as never,
        call.job as never,
        {
          provider: this.definition.provider,
          jobId: job.id ?? '',
          attempt: job.attemptsMade + 1,
          starts: job.attemptsStarted,
          ...(call.cursor === undefined ? {} : { cursor: call.cursor }),
          ...(paging.kind === 'stopped' ? { pagingStopped: paging.reason } : {}),
        },
      );
    } catch (error) {
      const outage = this.storage?.outageReason(error) ?? null;
      if (outage !== null) {
        // Fetched but not stored: keep the answer so the next attempt writes it without calling again.
        if (kept === undefined) await this.fetched.keep(jobId, result);
        throw await this.pauseForStorage(outage);
      }
      if (kept !== undefined) await this.fetched.forget(jobId);
      if (!(error instanceof RetryLaterError)) throw error;
      this.options.logger?.info(
        { provider: this.definition.provider, job_id: job.id, delay_ms: error.delayMs, reason: error.message },
        'provider job will run again later',
      );
      await job.moveToDelayed(Date.now() + error.delayMs, token);
      throw new DelayedError();
    }
    if (kept !== undefined) await this.fetched.forget(jobId);
    const next = paging.kind === 'next' ? paging.call : null;
    if (next) await this.queue.enqueue(next);

    this.options.logger?.info(
      {
        provider: this.definition.provider,
        job_id: job.id,
        kind,
        data_points: result.items.length,
        rejected: result.rejected.length,
        next_page: next !== null,
        answer: kept === undefined ? 'fetched' : 'kept from before a storage outage',
        duration_seconds: (Date.now() - started) / 1000,
        success: true,
      },
      'provider job done',
    );
    return outcome;
  }

  /**
   * With a shared budget, a call also takes its slot from the other queue's
   * limiter (the key its own BullMQ worker spends the way takeBudgetSlot
   * does), so the calls of both queues together keep one spacing. No slot:
   * this queue waits (every replica) until one frees up, without an attempt.
   */
  private async takeSharedSlot(): Promise<void> {
    const shared = this.options.sharedBudgetQueue;
    if (shared === undefined) return;
    const own = this.queue.bullQueue;
    const key = `${own.qualifiedName.slice(0, -own.name.length)}${shared}:limiter`;
    const limiter = spacedLimiter(this.options.rateLimit, this.options.rateWindowMs ?? DEFAULT_RATE_WINDOW_MS);
    const waitMs = await takeBudgetSlot(await this.queue.redis(), key, limiter);
    if (waitMs <= 0) return;
    await own.rateLimit(waitMs);
    throw Worker.RateLimitError();
  }

  private async announceFinalFailure(job: Job, error: Error): Promise<void> {
    const parsed = parseCall(job.data, this.definition.jobs);
    if (!parsed.ok) return;
    const failure = { jobId: job.id ?? '', reason: error.message, attempts: job.attemptsMade };
    for (const listener of this.handlers.finalFailureListeners) {
      try {
        await listener(parsed.value.job, failure);
      } catch (listenerError) {
        this.options.logger?.error(
          { provider: this.definition.provider, job_id: job.id, error: (listenerError as Error).message },
          'final-failure listener failed',
        );
      }
    }
  }

  /**
   * Storage cannot take answers: pause the whole queue (every replica) for a
   * recheck interval and put the job back without spending an attempt.
   */
  private async pauseForStorage(reason: string): Promise<Error> {
    const pauseMs = this.options.storageRecheckMs ?? STORAGE_RECHECK_MS;
    if (this.storageOutage === null) {
      this.storageOutage = { reason, since: Date.now() };
      this.options.logger?.warn(
        { provider: this.definition.provider, reason, recheck_ms: pauseMs },
        'storage unavailable: provider queue paused, no call is made until it is back',
      );
    }
    await this.queue.bullQueue.rateLimit(pauseMs);
    await this.queue.notePause(`storage unavailable (${reason})`, pauseMs);
    return Worker.RateLimitError();
  }

  private storageRecovered(): void {
    if (this.storageOutage === null) return;
    const seconds = (Date.now() - this.storageOutage.since) / 1000;
    this.storageOutage = null;
    this.options.logger?.info(
      { provider: this.definition.provider, outage_seconds: seconds },
      'storage available again: provider queue resumed',
    );
  }

  /** Decides what a failed call means for the job; returns the error BullMQ must see. */
  private async onCallFailure(job: Job, error: unknown, token: string | undefined): Promise<Error> {
    if (error instanceof CircuitOpenError) {
      // Not the job's fault: park it until the breaker lets a trial through, without spending an attempt.
      const wait =
        Math.max(error.retryInMs, BREAKER_MIN_JOB_DELAY_MS) + Math.floor(Math.random() * BREAKER_MIN_JOB_DELAY_MS);
      await job.moveToDelayed(Date.now() + wait, token);
      return new DelayedError();
    }
    if (error instanceof ProviderError && error.failure === 'rate-limited') {
      // Pause the whole queue (all replicas) and put the job back without spending an attempt.
      const pauseMs = error.retryAfterMs ?? this.options.defaultRetryAfterMs;
      this.options.logger?.warn(
        { provider: this.definition.provider, job_id: job.id, pause_ms: pauseMs },
        'provider rate limit hit: pausing the queue',
      );
      await this.queue.bullQueue.rateLimit(pauseMs);
      await this.queue.notePause(
        `${this.definition.provider} answered 429 (rate limited)${error.retryAfterMs === undefined ? '' : ', Retry-After honoured'}`,
        pauseMs,
      );
      return Worker.RateLimitError();
    }
    if (error instanceof ProviderError && error.failure === 'not-yet-available') {
      // Expected before the data is published: wait for it without spending an attempt, and no warning.
      const waitMs = error.retryAfterMs ?? this.retryLater(new Date());
      this.options.logger?.info(
        { provider: this.definition.provider, job_id: job.id, delay_ms: waitMs, reason: error.message },
        'provider data not yet available: job delayed',
      );
      await job.moveToDelayed(Date.now() + waitMs, token);
      return new DelayedError();
    }
    if (error instanceof ProviderError && !error.retryable) {
      return new UnrecoverableError(error.message);
    }
    return error instanceof Error ? error : new Error(String(error));
  }
}
