import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { PolygonIngestorConfig } from '../app/polygon-ingestor.config';
import { BackfillService } from '../backfill/backfill.service';
import { progressView } from '../backfill/progress-view';
import { CorporateActionsService } from '../ingestion/corporate-actions.service';
import { EndOfDayService } from './end-of-day.service';
import { IngestionScheduler } from './ingestion-scheduler.service';

/**
 * Runs a scheduled task now (operators, the CLI, tests). Each only enqueues
 * jobs with deterministic ids, exactly as its schedule does.
 */
@Controller('operations')
export class OperationsController {
  constructor(
    private readonly config: PolygonIngestorConfig,
    private readonly endOfDay: EndOfDayService,
    private readonly backfill: BackfillService,
    private readonly corporateActions: CorporateActionsService,
    private readonly scheduler: IngestionScheduler,
  ) {}

  /** No body: the scheduled tick. `{"date": "YYYY-MM-DD"}`: that one session (400 with the reason when Polygon cannot serve it). */
  @Post('end-of-day')
  @HttpCode(202)
  runEndOfDay(@Body() body: unknown) {
    return this.endOfDay.run(body);
  }

  @Post('gap-repair')
  @HttpCode(202)
  async repairGaps() {
    const run = await this.backfill.repairGaps();
    const budget = { calls: this.config.POLYGON_RATE_LIMIT_PER_MINUTE, windowMs: this.config.POLYGON_RATE_WINDOW_MS };
    return { enabled: this.backfill.enabled, run: run === null ? null : progressView(run, budget) };
  }

  @Post('corporate-actions')
  @HttpCode(202)
  async refreshCorporateActions() {
    return { enqueued: await this.corporateActions.refresh() };
  }

  @Post('reference-sync')
  @HttpCode(202)
  async syncReferences() {
    return { enqueued: await this.scheduler.syncReferences() };
  }
}
