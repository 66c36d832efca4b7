import { EXCHANGE_TIME_ZONE, type PolygonJob } from '@mdi/domain';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { BackfillService } from '../backfill/backfill.service';
import { Clock } from '../core/clock';
import { CorporateActionsService } from '../ingestion/corporate-actions.service';
import { SymbolUniverseService } from '../symbols/symbol-universe.service';
import { EndOfDayService } from './end-of-day.service';

/**
 * Start-up work and the schedules, in America/New_York. Every replica runs
 * them; each handler only enqueues jobs with deterministic ids, so the
 * replicas together produce one job per piece of work. The cron expressions
 * come from configuration (EOD_CRON, ...), so the jobs are registered with
 * @nestjs/schedule's SchedulerRegistry at bootstrap rather than declared
 * with @Cron, whose expression is fixed at compile time.
 */
@Injectable()
export class IngestionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly jobNames: string[] = [];

  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly clock: Clock,
    private readonly universe: SymbolUniverseService,
    private readonly backfill: BackfillService,
    private readonly endOfDay: EndOfDayService,
    private readonly corporateActions: CorporateActionsService,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(IngestionScheduler.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.universe.seed({
      initial: this.config.SEED_INITIAL_SYMBOLS,
      extra: this.config.DATA_INGESTION_ACTIVE_SYMBOLS ?? [],
    });
    await this.run('resume', () => this.backfill.resume());
    // Not awaited: planning must not hold back readiness. Replicas starting together plan the same
    // default request (same request_key), so one run is created and only its creator enqueues.
    if (this.config.BACKFILL_ON_START && this.config.GAP_REPAIR_CRON !== 'off')
      void this.run('initial-backfill', () => this.initialBackfill());
    this.schedule('end-of-day', this.config.EOD_CRON, () => this.endOfDay.tick());
    this.schedule('gap-repair', this.config.GAP_REPAIR_CRON, () => this.backfill.repairGaps());
    this.schedule('corporate-actions', this.config.CORPORATE_ACTIONS_CRON, () => this.corporateActions.refresh());
    this.schedule('reference-sync', this.config.REFERENCE_SYNC_CRON, () => this.syncReferences());
  }

  private async initialBackfill(): Promise<void> {
    const run = await this.backfill.repairGaps();
    if (run)
      this.logger.info(
        { run_id: run.id, provider: 'polygon', task: 'initial-backfill' },
        'start-up backfill of the missing coverage is running',
      );
  }

  onApplicationShutdown(): void {
    for (const name of this.jobNames) if (this.scheduler.doesExist('cron', name)) this.scheduler.deleteCronJob(name);
  }

  /**
   * Both ticker listings, once per UTC date (the job window), every page a
   * job: delistings, reactivations, and the name and exchange of universe
   * symbols. A second sync the same day finds them already queued.
   */
  async syncReferences(): Promise<{ listing: 'inactive' | 'active'; jobId: string; status: string }[]> {
    const window = this.clock.now().toISOString().slice(0, 10);
    const enqueued = [];
    for (const active of [false, true]) {
      const { jobId, status } = await this.polygon.queue.enqueue({
        job: { kind: 'reference-tickers', active },
        window,
      });
      enqueued.push({ listing: active ? ('active' as const) : ('inactive' as const), jobId, status });
    }
    return enqueued;
  }

  private schedule(name: string, expression: string, task: () => Promise<unknown>): void {
    if (expression === 'off') return;
    const job = CronJob.from({
      cronTime: expression,
      onTick: () => void this.run(name, task),
      timeZone: EXCHANGE_TIME_ZONE,
    });
    this.scheduler.addCronJob(name, job);
    this.jobNames.push(name);
    job.start();
  }

  /** A failed tick is logged and retried by the next one; it never crashes the process. */
  private async run(name: string, task: () => Promise<unknown>): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.logger.error({ task: name, error: (error as Error).message, success: false }, 'scheduled task failed');
    }
  }
}
