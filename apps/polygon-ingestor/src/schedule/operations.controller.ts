import { Controller, HttpCode, Post } from '@nestjs/common';
import { BackfillService } from '../backfill/backfill.service';
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
    private readonly endOfDay: EndOfDayService,
    private readonly backfill: BackfillService,
    private readonly corporateActions: CorporateActionsService,
    private readonly scheduler: IngestionScheduler,
  ) {}

  @Post('end-of-day')
  @HttpCode(202)
  runEndOfDay() {
    return this.endOfDay.tick();
  }

  @Post('gap-repair')
  @HttpCode(202)
  async repairGaps() {
    return { enabled: this.backfill.enabled, run: await this.backfill.repairGaps() };
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
