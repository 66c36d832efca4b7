import { QueueName } from '@mdi/domain';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { nextSlotStart, runJobId, slotStartOf } from './run-slot';

export interface SchedulerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface QualitySchedulerOptions {
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly intervalSeconds: number;
  /** The run itself; its result is kept as the job's return value. */
  readonly run: () => Promise<{ runId: string; alertLevel: number }>;
  readonly logger: SchedulerLogger;
  readonly clock?: () => Date;
}

/**
 * Runs checks once per interval across all replicas. Every replica's timer
 * enqueues the current slot's job on the shared quality-checks queue under a
 * deterministic id; BullMQ keeps one job per id, so whichever replica's
 * worker takes it runs it, once. Completed and failed jobs are kept for two
 * intervals so a replica that ticks late cannot enqueue the slot again.
 */
export class QualityScheduler {
  private queue?: Queue;
  private worker?: Worker;
  private timer?: NodeJS.Timeout;
  private readonly clock: () => Date;

  constructor(private readonly options: QualitySchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Starts the worker and the timer; enqueues the current slot at once. */
  start(options: { timer: boolean } = { timer: true }): void {
    const { connection, prefix, logger } = this.options;
    this.queue = new Queue(QueueName.QualityChecks, { connection, prefix });
    this.worker = new Worker(QueueName.QualityChecks, () => this.options.run(), { connection, prefix, concurrency: 1 });
    // Without listeners a Redis outage would surface as unhandled 'error' events.
    this.queue.on('error', (error) => logger.warn({ error: error.message }, 'quality queue error'));
    this.worker.on('error', (error) => logger.warn({ error: error.message }, 'quality worker error'));
    this.worker.on('failed', (job, error) => logger.warn({ job_id: job?.id, error: error.message, success: false }, 'quality run failed'));
    if (options.timer) this.tick();
  }

  /** Adds the run of the slot containing `at`; a second add of the same slot is a no-op. */
  async enqueueSlot(at: Date): Promise<string> {
    if (this.queue === undefined) throw new Error('scheduler not started');
    const slot = slotStartOf(at, this.options.intervalSeconds);
    const keepSeconds = this.options.intervalSeconds * 2;
    const job = await this.queue.add(
      'quality-run',
      { slot: slot.toISOString() },
      {
        jobId: runJobId(slot),
        attempts: 2,
        backoff: { type: 'fixed', delay: 30_000 },
        removeOnComplete: { age: keepSeconds },
        removeOnFail: { age: keepSeconds },
      },
    );
    return job.id as string;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([this.worker?.close(), this.queue?.close()]);
  }

  private tick(): void {
    const now = this.clock();
    this.enqueueSlot(now).catch((error: Error) =>
      this.options.logger.warn({ error: error.message }, 'could not enqueue the scheduled quality run'),
    );
    const wait = Math.max(0, nextSlotStart(now, this.options.intervalSeconds).getTime() - now.getTime());
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }
}
