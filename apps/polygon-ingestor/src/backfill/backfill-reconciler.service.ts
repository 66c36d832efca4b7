import type { PolygonJob } from '@mdi/domain';
import { registerInterval } from '@mdi/platform';
import { POLYGON_STACK, type ProviderStack } from '@mdi/providers';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { BackfillService } from './backfill.service';

const TIMER = 'backfill-reconciler';

/**
 * Work the run records say is pending but no queue holds (Redis restarted
 * empty, a job lost) is enqueued again within BACKFILL_RECONCILE_INTERVAL_MS,
 * by one replica per interval (a lease in Redis). A round that fails
 * (Redis or PostgreSQL down) is logged and the next one tries again.
 */
@Injectable()
export class BackfillReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private running = false;
  private disposeTimer?: () => void;

  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly backfill: BackfillService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(POLYGON_STACK) private readonly polygon: ProviderStack<PolygonJob>,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(BackfillReconciler.name);
  }

  onApplicationBootstrap(): void {
    this.disposeTimer = registerInterval(
      this.scheduler,
      TIMER,
      this.config.BACKFILL_RECONCILE_INTERVAL_MS,
      () => this.round(),
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.disposeTimer?.();
  }

  /** One reconciliation, if this replica holds this interval's lease; never throws. */
  async round(): Promise<{ requeued: number; closed: number } | null> {
    if (this.running) return null;
    this.running = true;
    try {
      const interval = this.config.BACKFILL_RECONCILE_INTERVAL_MS;
      if (!(await this.polygon.queue.tryLease('backfill-reconcile', Math.floor(interval * 0.9)))) return null;
      const outcome = await this.backfill.resume('reconcile');
      if (outcome.requeued > 0) {
        this.logger.warn(
          { provider: 'polygon', requeued: outcome.requeued, run_ids: outcome.runs },
          'reconciler enqueued again planned calls that no queue held (lost from Redis)',
        );
      }
      return outcome;
    } catch (error) {
      this.logger.warn(
        { provider: 'polygon', error: (error as Error).message },
        'backfill reconciliation failed; the next round tries again',
      );
      return null;
    } finally {
      this.running = false;
    }
  }
}
