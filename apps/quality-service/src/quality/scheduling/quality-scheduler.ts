import type { DataSource } from 'typeorm';
import { QualityReportRepository } from '../report/quality-report.repository';
import { nextSlotStart, slotStartOf } from './run-slot';

export interface SchedulerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface QualitySchedulerOptions {
  readonly dataSource: DataSource;
  readonly intervalSeconds: number;
  /** The run itself; it must store its report marked with `slot`. */
  readonly run: (slot: Date) => Promise<unknown>;
  readonly logger: SchedulerLogger;
  readonly clock?: () => Date;
}

export type SlotOutcome = 'ran' | 'running-elsewhere' | 'already-done';

/** First key of our advisory locks ("QS"); the second is the slot number. */
const LOCK_NAMESPACE = 0x5153;

/**
 * Runs checks once per interval across all replicas. Every replica's timer
 * fires at the slot boundaries (multiples of the interval since the epoch);
 * the replica that gets PostgreSQL's advisory lock for the slot runs it,
 * unless a report of that slot is already stored. The lock keeps two
 * replicas from running at once; the stored slot keeps a late replica from
 * running it again. See the README for why not a BullMQ job.
 */
export class QualityScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly clock: () => Date;
  private readonly reports: QualityReportRepository;

  constructor(private readonly options: QualitySchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.reports = new QualityReportRepository(options.dataSource);
  }

  /** Starts the timer; the current slot is tried at once. */
  start(): void {
    this.tick();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // A run in progress finishes (its report is worth keeping); nothing else waits.
    await this.running?.catch(() => undefined);
  }

  /** Runs the slot containing `at` here, unless another replica runs or ran it. */
  async runSlotOnce(at: Date): Promise<SlotOutcome> {
    const slot = slotStartOf(at, this.options.intervalSeconds);
    const slotNumber = Math.floor(slot.getTime() / 1000 / this.options.intervalSeconds) % 2 ** 31;
    const session = this.options.dataSource.createQueryRunner();
    await session.connect();
    try {
      const [{ locked }] = await session.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [LOCK_NAMESPACE, slotNumber]);
      if (!locked) return 'running-elsewhere';
      try {
        if (await this.reports.hasSlot(slot, session)) return 'already-done';
        await this.options.run(slot);
        return 'ran';
      } finally {
        await session.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, slotNumber]);
      }
    } finally {
      await session.release();
    }
  }

  private tick(): void {
    const now = this.clock();
    const attempt = this.runSlotOnce(now).then(
      (outcome) => this.options.logger.info({ slot: slotStartOf(now, this.options.intervalSeconds).toISOString(), outcome }, 'scheduled quality slot'),
      (error: Error) => this.options.logger.warn({ error: error.message, success: false }, 'scheduled quality run failed'),
    );
    this.running = attempt;
    const wait = Math.max(0, nextSlotStart(now, this.options.intervalSeconds).getTime() - now.getTime());
    this.timer = setTimeout(() => this.tick(), wait);
    this.timer.unref();
  }
}
