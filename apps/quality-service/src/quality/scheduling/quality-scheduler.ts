import { AdvisoryLockRepository, SymbolRepository } from '@mdi/storage';
import type { SchedulerRegistry } from '@nestjs/schedule';
import type { DataSource } from 'typeorm';
import { QualityReportRepository } from '../report/quality-report.repository';
import { nextSlotStart, slotStartOf } from './run-slot';

export interface SchedulerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface QualitySchedulerOptions {
  readonly dataSource: DataSource;
  /** @nestjs/schedule's registry: the slot timer is kept there, as QUALITY_SLOT_TIMER, while it is armed. */
  readonly registry: SchedulerRegistry;
  readonly intervalSeconds: number;
  /** The run itself; it must store its report marked with `slot`. */
  readonly run: (slot: Date) => Promise<unknown>;
  readonly logger: SchedulerLogger;
  readonly clock?: () => Date;
  /** How soon a slot is tried again while the universe is empty (default 30 s, never past the slot). */
  readonly universeRetryMs?: number;
}

export type SlotOutcome = 'ran' | 'running-elsewhere' | 'already-done' | 'waiting-for-universe';

const UNIVERSE_RETRY_MS = 30_000;

/** The name of the slot timer in the SchedulerRegistry. */
export const QUALITY_SLOT_TIMER = 'quality-slot';

/** First key of our advisory locks ("QS"); the second is the slot number. */
const LOCK_NAMESPACE = 0x5153;

/**
 * Runs checks once per interval across all replicas. Every replica's timer
 * fires at the slot boundaries (multiples of the interval since the epoch);
 * the replica that gets PostgreSQL's advisory lock for the slot runs it,
 * unless a report of that slot is already stored. The lock keeps two
 * replicas from running at once; the stored slot keeps a late replica from
 * running it again. See the README for why not a BullMQ job.
 *
 * While the symbol universe is empty (the ingestor has not seeded it yet) a
 * slot is not run, so no report of a run that saw nothing is stored; the
 * slot is tried again every universeRetryMs until the universe appears.
 *
 * The timer is a timeout in @nestjs/schedule's SchedulerRegistry
 * (QUALITY_SLOT_TIMER), armed again after each firing for the next slot
 * boundary or the universe retry. Not a CronJob: DATA_QUALITY_CHECK_INTERVAL
 * is any number of seconds and slots are multiples of it since the epoch
 * (7200 s, 5400 s, 7 h ...), which a cron expression, reset at each hour and
 * day, cannot say; and the universe retry is a one-off timeout within a slot.
 */
export class QualityScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly clock: () => Date;
  private readonly reports: QualityReportRepository;
  private readonly symbols: SymbolRepository;
  private readonly locks: AdvisoryLockRepository;
  private last: { slot: string; outcome: SlotOutcome } | null = null;

  constructor(private readonly options: QualitySchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.reports = new QualityReportRepository(options.dataSource);
    this.symbols = new SymbolRepository(options.dataSource);
    this.locks = new AdvisoryLockRepository(options.dataSource);
  }

  /** The slot this replica tried last and what came of it (/status). */
  lastAttempt(): { slot: string; outcome: SlotOutcome } | null {
    return this.last;
  }

  /** Starts the timer; the current slot is tried at once. */
  start(): void {
    this.tick();
  }

  /** Disarms the timer and removes it from the registry; a run in progress is awaited. */
  async stop(): Promise<void> {
    this.disarm();
    this.timer = undefined;
    // A run in progress finishes (its report is worth keeping); nothing else waits.
    await this.running?.catch(() => undefined);
  }

  /** Runs the slot containing `at` here, unless another replica runs or ran it. */
  async runSlotOnce(at: Date): Promise<SlotOutcome> {
    const slot = slotStartOf(at, this.options.intervalSeconds);
    if ((await this.symbols.count()) === 0) return 'waiting-for-universe';
    const slotNumber = Math.floor(slot.getTime() / 1000 / this.options.intervalSeconds) % 2 ** 31;
    const attempt = await this.locks.withTryLock(LOCK_NAMESPACE, slotNumber, async (session): Promise<SlotOutcome> => {
      if (await this.reports.hasSlot(slot, session)) return 'already-done';
      await this.options.run(slot);
      return 'ran';
    });
    return attempt.locked ? attempt.value : 'running-elsewhere';
  }

  private tick(): void {
    const now = this.clock();
    const slot = slotStartOf(now, this.options.intervalSeconds).toISOString();
    const nextSlot = nextSlotStart(now, this.options.intervalSeconds).getTime();
    const attempt = this.runSlotOnce(now).then(
      (outcome) => {
        const waitingAlready = this.last?.outcome === 'waiting-for-universe';
        this.last = { slot, outcome };
        if (outcome !== 'waiting-for-universe') {
          this.options.logger.info({ slot, outcome }, 'scheduled quality slot');
        } else {
          if (!waitingAlready)
            this.options.logger.info(
              { slot, outcome },
              'scheduled quality run waits until the ingestor has seeded the symbol universe',
            );
          const retry = this.options.universeRetryMs ?? UNIVERSE_RETRY_MS;
          // Tried again within the slot (unless stopped); the next slot's own tick takes over after it.
          if (this.timer !== undefined && retry < nextSlot - this.clock().getTime()) this.schedule(retry);
        }
      },
      (error: Error) =>
        this.options.logger.warn({ error: error.message, success: false }, 'scheduled quality run failed'),
    );
    this.running = attempt;
    this.schedule(Math.max(0, nextSlot - now.getTime()));
  }

  private schedule(waitMs: number): void {
    this.disarm();
    this.timer = setTimeout(() => this.tick(), waitMs);
    this.timer.unref();
    this.options.registry.addTimeout(QUALITY_SLOT_TIMER, this.timer);
  }

  /** Clears the armed timer (deleteTimeout clears it) and takes it out of the registry. */
  private disarm(): void {
    const { registry } = this.options;
    if (registry.doesExist('timeout', QUALITY_SLOT_TIMER)) registry.deleteTimeout(QUALITY_SLOT_TIMER);
    clearTimeout(this.timer);
  }
}
