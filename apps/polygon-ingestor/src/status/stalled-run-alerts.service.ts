import { AlertChannel, registerInterval } from '@mdi/platform';
import { BackfillRunRepository } from '@mdi/storage';
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { progressView } from '../backfill/progress-view';
import { PolygonQueueState } from '../backfill/queue-state';

const TIMER = 'stalled-run-alerts';

/**
 * Alerts a person (the system's AlertChannel) about every running backfill
 * run that is stalled: no call finished for BACKFILL_STALL_AFTER_MS. Looks
 * every quarter of that (at most a minute); one alert per run per repeat
 * interval, across replicas. A look that fails (PostgreSQL down) is logged
 * and skipped: that outage has its own alert.
 */
@Injectable()
export class StalledRunAlerts implements OnApplicationBootstrap, OnApplicationShutdown {
  private disposeTimer?: () => void;

  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly runs: BackfillRunRepository,
    private readonly queue: PolygonQueueState,
    private readonly alerts: AlertChannel,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(StalledRunAlerts.name);
  }

  onApplicationBootstrap(): void {
    this.disposeTimer = registerInterval(
      this.scheduler,
      TIMER,
      Math.min(60_000, Math.max(250, Math.floor(this.config.BACKFILL_STALL_AFTER_MS / 4))),
      () => this.check(),
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.disposeTimer?.();
  }

  /** Raises an alert for each stalled running run; returns their ids. */
  async check(): Promise<number[]> {
    const running = (await this.runs.recent(10)).filter((run) => run.status === 'running');
    if (running.length === 0) return [];
    const queue = await this.queue.read();
    const context = {
      budget: { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS },
      stallAfterMs: this.config.BACKFILL_STALL_AFTER_MS,
    };
    const stalled = [];
    for (const run of running) {
      const view = progressView(run, context, queue);
      if (view.stalled === null) continue;
      stalled.push(run.id);
      await this.alerts.raise({
        kind: 'backfill-stalled',
        severity: 'critical',
        key: `backfill:run:${run.id}:stalled`,
        summary: `backfill run #${run.id} stalled: ${view.stalled}`,
        details: {
          provider: 'polygon',
          run_id: run.id,
          calls_done: view.calls.made,
          calls_planned: view.calls.planned,
          last_progress_at: view.lastProgressAt,
        },
      });
    }
    return stalled;
  }
}
